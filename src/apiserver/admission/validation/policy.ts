// LimitRange and ResourceQuota validation (ValidateLimitRange, ValidateResourceQuota in
// pkg/apis/core/validation, v1.32). Go ranges over the resource maps in random order;
// kubesim walks them in byte order so a refusal reads the same every time.

import {
  compareQuantity,
  formatQuantity,
  isNegative,
  parseQuantity,
  type Quantity,
  quantityMilliValue,
} from "../../../golang/quantity.js";
import { quote } from "../../../golang/strconv.js";
import { GoRepr } from "../gofmt.js";
import type { Obj } from "../raw.js";
import { STANDARD_RESOURCES, validateContainerResourceName } from "./container.js";
import { child, duplicate, type FieldError, forbidden, index, invalid, key, sortedList } from "./errors.js";
import { isObj, validateObjectMeta } from "./meta.js";
import { isQualifiedName, nameIsDNSSubdomain } from "./names.js";

const LIMIT_TYPES = ["Container", "Pod", "PersistentVolumeClaim"];

const q = (v: unknown): Quantity | undefined => {
  const p = parseQuantity(String(v));
  return typeof p === "string" ? undefined : p;
};

/**
 * %#v of a resource.Quantity as the validator holds it: the int64Amount ParseQuantity
 * made (decimal digits and scale, or the value times 2^exponent for binary suffixes), and
 * the input text cached in `s` when it was already canonical.
 */
export function goQuantity(text: string): GoRepr {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(text.trim()) ?? ["", "", "0", "", ""];
  const [, sign, num, denom = "", suffix] = m;
  const bin: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
  const dec: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
  let value: bigint;
  let scale: number;
  let cached = false;
  const neg = sign === "-";
  if (suffix in bin) {
    scale = -denom.length;
    value = BigInt(num + denom) * (1n << BigInt(bin[suffix]));
    const digits = BigInt(num + denom);
    cached = denom.length === 0 && (digits & 7n) !== 0n;
  } else {
    const exp = suffix in dec ? dec[suffix] : Number(suffix.replace(/^[eE]/, "")) || 0;
    scale = exp - denom.length;
    value = BigInt(num + denom);
    const raw = num + denom;
    cached = scale % 3 === 0 && !raw.endsWith("000") && raw[0] !== "0";
  }
  const format = suffix in bin ? "BinarySI" : /^[eE]/.test(suffix) ? "DecimalExponent" : "DecimalSI";
  const s = cached ? text.trim() : "";
  return new GoRepr(
    `resource.Quantity{i:resource.int64Amount{value:${neg ? -value : value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${quote(s)}, Format:${quote(format)}}`,
  );
}

function validateLimitRangeResourceName(type: string, name: string, path: string): FieldError[] {
  if (type === "Pod" || type === "Container") return validateContainerResourceName(path, name);
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (!errs.length && !name.includes("/") && !STANDARD_RESOURCES.has(name) && name !== "storage")
    errs.push(invalid(path, name, "must be a standard resource type or fully qualified"));
  return errs;
}

export function validateLimitRange(lr: Obj): FieldError[] {
  const errs = validateObjectMeta(lr.metadata, true, nameIsDNSSubdomain);
  const limits = isObj(lr.spec) && Array.isArray(lr.spec.limits) ? lr.spec.limits : [];
  const seen = new Set<string>();
  limits.forEach((raw: unknown, i: number) => {
    const item: Obj = isObj(raw) ? raw : {};
    const path = index("spec.limits", i);
    const type = String(item.type ?? "");
    const typePath = child(path, "type");
    const typeErrs = isQualifiedName(type).map((m) => invalid(typePath, type, m));
    if (!typeErrs.length && !type.includes("/") && !LIMIT_TYPES.includes(type))
      typeErrs.push(invalid(typePath, type, "must be a standard limit type or fully qualified"));
    errs.push(...typeErrs);
    if (seen.has(type)) errs.push(duplicate(typePath, type));
    seen.add(type);
    const lists: Record<string, Obj> = {};
    const names = new Set<string>();
    const take = (f: string) => {
      lists[f] = isObj(item[f]) ? item[f] : {};
      for (const k of sortedList(Object.keys(lists[f]))) {
        errs.push(...validateLimitRangeResourceName(type, k, key(child(path, f), k)));
        names.add(k);
      }
    };
    take("max");
    take("min");
    if (type === "Pod") {
      const has = (f: string) => isObj(item[f]) && Object.keys(item[f]).length > 0;
      if (has("default"))
        errs.push(forbidden(child(path, "default"), "may not be specified when `type` is 'Pod'"));
      if (has("defaultRequest"))
        errs.push(forbidden(child(path, "defaultRequest"), "may not be specified when `type` is 'Pod'"));
      lists.default = {};
      lists.defaultRequest = {};
    } else {
      take("default");
      take("defaultRequest");
    }
    take("maxLimitRequestRatio");
    for (const k of sortedList(names)) {
      const get = (f: string) => (k in lists[f] ? q(lists[f][k]) : undefined);
      const text = (f: string) => String(lists[f][k]);
      const [min, max, def, defReq, ratio] = [
        "min",
        "max",
        "default",
        "defaultRequest",
        "maxLimitRequestRatio",
      ].map(get);
      const fmt = formatQuantity;
      const at = (f: string) => key(child(path, f), k);
      if (min && max && compareQuantity(min, max) > 0)
        errs.push(
          invalid(
            at("min"),
            goQuantity(text("min")),
            `min value ${fmt(min)} is greater than max value ${fmt(max)}`,
          ),
        );
      if (defReq && min && compareQuantity(min, defReq) > 0)
        errs.push(
          invalid(
            at("defaultRequest"),
            goQuantity(text("defaultRequest")),
            `min value ${fmt(min)} is greater than default request value ${fmt(defReq)}`,
          ),
        );
      if (defReq && max && compareQuantity(defReq, max) > 0)
        errs.push(
          invalid(
            at("defaultRequest"),
            goQuantity(text("defaultRequest")),
            `default request value ${fmt(defReq)} is greater than max value ${fmt(max)}`,
          ),
        );
      if (defReq && def && compareQuantity(defReq, def) > 0)
        errs.push(
          invalid(
            at("defaultRequest"),
            goQuantity(text("defaultRequest")),
            `default request value ${fmt(defReq)} is greater than default limit value ${fmt(def)}`,
          ),
        );
      if (def && min && compareQuantity(min, def) > 0)
        errs.push(
          invalid(
            at("default"),
            goQuantity(text("min")),
            `min value ${fmt(min)} is greater than default value ${fmt(def)}`,
          ),
        );
      if (def && max && compareQuantity(def, max) > 0)
        errs.push(
          invalid(
            at("default"),
            goQuantity(text("max")),
            `default value ${fmt(def)} is greater than max value ${fmt(max)}`,
          ),
        );
      const one = q("1");
      if (ratio && one && compareQuantity(ratio, one) < 0)
        errs.push(
          invalid(
            at("maxLimitRequestRatio"),
            goQuantity(text("maxLimitRequestRatio")),
            `ratio ${fmt(ratio)} is less than 1`,
          ),
        );
      if (ratio && min && max) {
        const limit = Number(quantityMilliValue(max)) / Number(quantityMilliValue(min));
        if (Number(quantityMilliValue(ratio)) / 1000 > limit)
          errs.push(
            invalid(
              at("maxLimitRequestRatio"),
              goQuantity(text("maxLimitRequestRatio")),
              `ratio ${fmt(ratio)} is greater than max/min = ${limit.toFixed(6)}`,
            ),
          );
      }
    }
  });
  return errs;
}

/** The quota names helper.IsStandardQuotaResourceName accepts. */
const QUOTA_RESOURCES = new Set([
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.storage",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "persistentvolumeclaims",
  "configmaps",
  "secrets",
  "services.nodeports",
  "services.loadbalancers",
]);
const OBJECT_COUNTS = [
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "services.nodeports",
  "services.loadbalancers",
];
const isInteger = (r: string) =>
  OBJECT_COUNTS.includes(r) ||
  r.startsWith("count/") ||
  (r.includes("/") && !r.includes("kubernetes.io/") && !r.startsWith("requests."));
const SCOPES = [
  "Terminating",
  "NotTerminating",
  "BestEffort",
  "NotBestEffort",
  "PriorityClass",
  "CrossNamespacePodAffinity",
];
const COMPUTE = ["pods", "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

const isQuotaResource = (r: string) =>
  QUOTA_RESOURCES.has(r) || r.startsWith("hugepages-") || r.startsWith("requests.hugepages-");

function validateQuotaList(m: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = isObj(m) ? m : {};
  for (const k of sortedList(Object.keys(list))) {
    const p = key(path, k);
    const nameErrs = isQualifiedName(k).map((msg) => invalid(p, k, msg));
    if (!nameErrs.length && !k.includes("/")) {
      if (!STANDARD_RESOURCES.has(k) && !isQuotaResource(k) && k !== "storage")
        nameErrs.push(invalid(p, k, "must be a standard resource type or fully qualified"));
      if (!isQuotaResource(k)) nameErrs.push(invalid(p, k, "must be a standard resource for quota"));
    }
    errs.push(...nameErrs);
    const v = q(list[k]);
    if (!v) continue;
    if (isNegative(v)) errs.push(invalid(p, formatQuantity(v), "must be greater than or equal to 0"));
    else if (isInteger(k) && quantityMilliValue(v) % 1000n !== 0n)
      errs.push(invalid(p, formatQuantity(v), "must be an integer"));
  }
  return errs;
}

export function validateResourceQuota(rq: Obj): FieldError[] {
  const errs = validateObjectMeta(rq.metadata, true, nameIsDNSSubdomain);
  const spec: Obj = isObj(rq.spec) ? rq.spec : {};
  errs.push(...validateQuotaList(spec.hard, "spec.hard"));
  const scopes: string[] = Array.isArray(spec.scopes) ? spec.scopes.map(String) : [];
  if (scopes.length) {
    const shown = new GoRepr(`[]core.ResourceQuotaScope{${scopes.map((s) => quote(s)).join(", ")}}`);
    const hard = sortedList(Object.keys(isObj(spec.hard) ? spec.hard : {}));
    for (const s of scopes) {
      if (!SCOPES.includes(s)) errs.push(invalid("spec.scopes", shown, "unsupported scope"));
      for (const k of hard) {
        const ok = s === "BestEffort" ? k === "pods" : SCOPES.includes(s) ? COMPUTE.includes(k) : true;
        if (isQuotaResource(k) && !ok)
          errs.push(invalid("spec.scopes", shown, "unsupported scope applied to resource"));
      }
    }
    for (const [a, b] of [
      ["BestEffort", "NotBestEffort"],
      ["Terminating", "NotTerminating"],
    ])
      if (scopes.includes(a) && scopes.includes(b))
        errs.push(invalid("spec.scopes", shown, "conflicting scopes"));
  }
  const status: Obj = isObj(rq.status) ? rq.status : {};
  errs.push(...validateQuotaList(status.hard, "status.hard"));
  errs.push(...validateQuotaList(status.used, "status.used"));
  return errs;
}
