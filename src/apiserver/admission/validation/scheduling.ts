// Scheduling-related PodSpec checks: tolerations, affinity, DNS config, topology spread
// constraints and the pod security context.

import type { Obj } from "../raw.js";
import {
  child,
  duplicate,
  type FieldError,
  forbidden,
  index,
  invalid,
  notSupported,
  required,
} from "./errors.js";
import { arr, isObj, str, validateLabelName, validateLabelSelector } from "./meta.js";
import {
  inclusiveRangeError,
  isValidLabelValue,
  nameIsDNSLabel,
  validateDNS1123Subdomain,
  validateIP,
} from "./names.js";

const MAX_INT32 = 2147483647;

export function validateTolerations(path: string, tolerations: unknown): FieldError[] {
  const errs: FieldError[] = [];
  arr(tolerations).forEach((raw, i) => {
    const t = isObj(raw) ? raw : {};
    const ip = index(path, i);
    const k = str(t.key);
    const op = str(t.operator);
    const effect = str(t.effect);
    if (k) errs.push(...validateLabelName(child(ip, "key"), k));
    if (!k && op !== "Exists") {
      errs.push(
        invalid(
          child(ip, "operator"),
          op,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== "NoExecute") {
      errs.push(
        invalid(child(ip, "effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    }
    const value = str(t.value);
    if (op === "Equal" || op === "") {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(invalid(child(ip, "operator"), value, msgs.join(";")));
    } else if (op === "Exists") {
      if (value)
        errs.push(invalid(child(ip, "operator"), value, "value must be empty when `operator` is 'Exists'"));
    } else errs.push(notSupported(child(ip, "operator"), op, ["Equal", "Exists"]));
    if (effect && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(effect)) {
      errs.push(notSupported(child(ip, "effect"), effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"]));
    }
  });
  return errs;
}

function nodeSelectorRequirement(path: string, raw: unknown): FieldError[] {
  const r = isObj(raw) ? raw : {};
  const errs: FieldError[] = [];
  const values = arr(r.values).map(str);
  const op = str(r.operator);
  if (op === "In" || op === "NotIn") {
    if (values.length === 0)
      errs.push(required(child(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (op === "Exists" || op === "DoesNotExist") {
    if (values.length > 0) {
      errs.push(
        forbidden(
          child(path, "values"),
          "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        ),
      );
    }
  } else if (op === "Gt" || op === "Lt") {
    if (values.length !== 1) {
      errs.push(
        required(child(path, "values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"),
      );
    }
  } else errs.push(invalid(child(path, "operator"), op, "not a valid selector operator"));
  errs.push(...validateLabelName(child(path, "key"), str(r.key)));
  values.forEach((v, i) => {
    for (const m of isValidLabelValue(v)) errs.push(invalid(index(child(path, "values"), i), v, m));
  });
  return errs;
}

function nodeSelectorTerm(path: string, raw: unknown): FieldError[] {
  const t = isObj(raw) ? raw : {};
  return arr(t.matchExpressions).flatMap((r, j) =>
    nodeSelectorRequirement(index(child(path, "matchExpressions"), j), r),
  );
}

function podAffinityTerm(path: string, raw: unknown): FieldError[] {
  const t = isObj(raw) ? raw : {};
  const errs = [
    ...validateLabelSelector(child(path, "labelSelector"), t.labelSelector),
    ...validateLabelSelector(child(path, "namespaceSelector"), t.namespaceSelector),
  ];
  for (const ns of arr(t.namespaces).map(str)) {
    for (const m of nameIsDNSLabel(ns, false)) errs.push(invalid(child(path, "namespace"), ns, m));
  }
  if (!str(t.topologyKey)) errs.push(required(child(path, "topologyKey"), "can not be empty"));
  errs.push(...validateLabelName(child(path, "topologyKey"), str(t.topologyKey)));
  return errs;
}

export function validateAffinity(path: string, a: unknown): FieldError[] {
  if (!isObj(a)) return [];
  const errs: FieldError[] = [];
  const na = a.nodeAffinity;
  if (isObj(na)) {
    const np = child(path, "nodeAffinity");
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (isObj(req)) {
      const tp = child(np, "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms");
      const terms = arr(req.nodeSelectorTerms);
      if (terms.length === 0) errs.push(required(tp, "must have at least one node selector term"));
      terms.forEach((t, i) => {
        errs.push(...nodeSelectorTerm(index(tp, i), t));
      });
    }
    arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((raw, i) => {
      const t = isObj(raw) ? raw : {};
      const tp = index(child(np, "preferredDuringSchedulingIgnoredDuringExecution"), i);
      const w = Number(t.weight ?? 0);
      if (w <= 0 || w > 100) errs.push(invalid(child(tp, "weight"), w, "must be in the range 1-100"));
      errs.push(...nodeSelectorTerm(child(tp, "preference"), t.preference));
    });
  }
  for (const which of ["podAffinity", "podAntiAffinity"]) {
    const pa = a[which];
    if (!isObj(pa)) continue;
    const pp = child(path, which);
    arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      errs.push(...podAffinityTerm(index(child(pp, "requiredDuringSchedulingIgnoredDuringExecution"), i), t));
    });
    arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((raw, i) => {
      const t = isObj(raw) ? raw : {};
      const tp = index(child(pp, "preferredDuringSchedulingIgnoredDuringExecution"), i);
      const w = Number(t.weight ?? 0);
      if (w <= 0 || w > 100) errs.push(invalid(child(tp, "weight"), w, "must be in the range 1-100"));
      errs.push(...podAffinityTerm(child(tp, "podAffinityTerm"), t.podAffinityTerm));
    });
  }
  return errs;
}

export function validateDNSConfig(path: string, cfg: unknown, policy: string): FieldError[] {
  if (policy === "None") {
    if (!isObj(cfg)) return [required(path, "must provide `dnsConfig` when `dnsPolicy` is None")];
    if (arr(cfg.nameservers).length === 0) {
      return [
        required(
          child(path, "nameservers"),
          "must provide at least one DNS nameserver when `dnsPolicy` is None",
        ),
      ];
    }
  }
  if (!isObj(cfg)) return [];
  const errs: FieldError[] = [];
  const ns = arr(cfg.nameservers).map(str);
  if (ns.length > 3)
    errs.push(invalid(child(path, "nameservers"), ns, "must not have more than 3 nameservers"));
  ns.forEach((ip, i) => {
    errs.push(...validateIP(index(child(path, "nameservers"), i), ip));
  });
  const searches = arr(cfg.searches).map(str);
  if (searches.length > 32)
    errs.push(invalid(child(path, "searches"), searches, "must not have more than 32 search paths"));
  if (searches.join(" ").length > 2048) {
    errs.push(
      invalid(
        child(path, "searches"),
        searches,
        "must not have more than 2048 characters (including spaces) in the search list",
      ),
    );
  }
  searches.forEach((s, i) => {
    errs.push(...validateDNS1123Subdomain(index(child(path, "searches"), i), s.replace(/\.$/, "")));
  });
  arr(cfg.options).forEach((o, i) => {
    if (!str((o as Obj)?.name)) errs.push(required(index(child(path, "options"), i), "must not be empty"));
  });
  return errs;
}

export function validateTopologySpread(path: string, list: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const items = arr(list).map((x) => (isObj(x) ? x : {}));
  items.forEach((c, i) => {
    const ip = index(path, i);
    const skew = Number(c.maxSkew ?? 0);
    if (skew <= 0) errs.push(invalid(child(ip, "maxSkew"), skew, "must be greater than zero"));
    if (!str(c.topologyKey)) errs.push(required(child(ip, "topologyKey"), "can not be empty"));
    const wu = str(c.whenUnsatisfiable);
    if (!["DoNotSchedule", "ScheduleAnyway"].includes(wu)) {
      errs.push(notSupported(child(ip, "whenUnsatisfiable"), wu, ["DoNotSchedule", "ScheduleAnyway"]));
    }
    const dup = items
      .slice(i + 1)
      .find((o) => str(o.topologyKey) === str(c.topologyKey) && str(o.whenUnsatisfiable) === wu);
    if (dup)
      errs.push(duplicate(child(ip, "{topologyKey, whenUnsatisfiable}"), `{${str(c.topologyKey)}, ${wu}}`));
    errs.push(...validateLabelSelector(child(ip, "labelSelector"), c.labelSelector));
  });
  return errs;
}

export function validatePodSecurityContext(path: string, sc: unknown): FieldError[] {
  if (!isObj(sc)) return [];
  const errs: FieldError[] = [];
  for (const f of ["fsGroup", "runAsUser", "runAsGroup"]) {
    const v = sc[f];
    if (typeof v === "number" && (v < 0 || v > MAX_INT32))
      errs.push(invalid(child(path, f), v, inclusiveRangeError(0, MAX_INT32)));
  }
  arr(sc.supplementalGroups).forEach((g, i) => {
    if (typeof g === "number" && (g < 0 || g > MAX_INT32)) {
      errs.push(invalid(index(child(path, "supplementalGroups"), i), g, inclusiveRangeError(0, MAX_INT32)));
    }
  });
  if (
    sc.fsGroupChangePolicy !== undefined &&
    !["Always", "OnRootMismatch"].includes(str(sc.fsGroupChangePolicy))
  ) {
    errs.push(
      notSupported(child(path, "fsGroupChangePolicy"), str(sc.fsGroupChangePolicy), [
        "Always",
        "OnRootMismatch",
      ]),
    );
  }
  return errs;
}
