// ValidatePodSpec and ValidatePodCreate (pkg/apis/core/validation, v1.32 texts).

import type { Obj } from "../raw.js";
import {
  checkHostPortConflicts,
  validateContainerCommon,
  validateProbesAndLifecycle,
  validateResources,
} from "./container.js";
import {
  child,
  duplicate,
  type FieldError,
  forbidden,
  index,
  invalid,
  notSupported,
  required,
  sortedList,
} from "./errors.js";
import { arr, isObj, str, validateAnnotations, validateLabels } from "./meta.js";
import {
  inclusiveRangeError,
  nameIsDNSSubdomain,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateIP,
  validateQualifiedName,
} from "./names.js";
import {
  validateAffinity,
  validateDNSConfig,
  validatePodSecurityContext,
  validateTolerations,
  validateTopologySpread,
} from "./scheduling.js";
import { validateVolumes } from "./volumes.js";

const MAX_INT32 = 2147483647;

function validateContainers(path: string, spec: Obj, vols: Map<string, Obj>, grace?: number): FieldError[] {
  const containers = arr(spec.containers);
  if (containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((raw, i) => {
    const c = isObj(raw) ? raw : {};
    const ip = index(path, i);
    errs.push(...validateContainerCommon(ip, c, vols));
    if (names.has(str(c.name))) errs.push(duplicate(child(ip, "name"), str(c.name)));
    else names.add(str(c.name));
    errs.push(...validateProbesAndLifecycle(ip, c, grace));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      errs.push(forbidden(child(ip, "restartPolicy"), "may not be set for non-init containers"));
    }
  });
  errs.push(...checkHostPortConflicts(path, containers));
  return errs;
}

function validateInitContainers(
  path: string,
  spec: Obj,
  vols: Map<string, Obj>,
  grace?: number,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(arr(spec.containers).map((c) => str((c as Obj)?.name)));
  arr(spec.initContainers).forEach((raw, i) => {
    const c = isObj(raw) ? raw : {};
    const ip = index(path, i);
    errs.push(...validateContainerCommon(ip, c, vols));
    let restartAlways = false;
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      if (c.restartPolicy !== "Always")
        errs.push(notSupported(child(ip, "restartPolicy"), str(c.restartPolicy), ["Always"]));
      restartAlways = c.restartPolicy === "Always";
    }
    if (names.has(str(c.name))) errs.push(duplicate(child(ip, "name"), str(c.name)));
    else if (str(c.name)) names.add(str(c.name));
    errs.push(...checkHostPortConflicts(path, [c]));
    if (restartAlways) errs.push(...validateProbesAndLifecycle(ip, c, grace));
    else {
      for (const f of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"]) {
        if (c[f] !== undefined && c[f] !== null) {
          errs.push(
            forbidden(child(ip, f), "may not be set for init containers without restartPolicy=Always"),
          );
        }
      }
    }
  });
  return errs;
}

const nameErrs = (field: string, v: unknown) =>
  str(v) ? nameIsDNSSubdomain(str(v), false).map((m) => invalid(field, str(v), m)) : [];

/** ValidatePodSpec. `isPod` is PodValidationOptions.ResourceIsPod. */
export function validatePodSpec(path: string, specRaw: unknown, isPod: boolean): FieldError[] {
  const spec = isObj(specRaw) ? specRaw : {};
  const errs: FieldError[] = [];
  const grace =
    typeof spec.terminationGracePeriodSeconds === "number" ? spec.terminationGracePeriodSeconds : undefined;
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    errs.push(required(child(path, "terminationGracePeriodSeconds")));
  }
  const vols = validateVolumes(child(path, "volumes"), spec.volumes);
  errs.push(...vols.errs);
  errs.push(...validateContainers(child(path, "containers"), spec, vols.valid, grace));
  errs.push(...validateInitContainers(child(path, "initContainers"), spec, vols.valid, grace));
  if (spec.hostNetwork === true) {
    arr(spec.containers).forEach((c, i) => {
      arr((c as Obj)?.ports).forEach((raw, j) => {
        const p = isObj(raw) ? raw : {};
        const hp = Number(p.hostPort ?? 0);
        if ((isPod || hp !== 0) && hp !== Number(p.containerPort ?? 0)) {
          const fp = child(index(child(index(child(path, "containers"), i), "ports"), j), "hostPort");
          errs.push(invalid(fp, hp, "must match `containerPort` when `hostNetwork` is true"));
        }
      });
    });
  }
  const rp = str(spec.restartPolicy);
  if (!rp) errs.push(required(child(path, "restartPolicy")));
  else if (!["Always", "OnFailure", "Never"].includes(rp)) {
    errs.push(notSupported(child(path, "restartPolicy"), rp, ["Always", "OnFailure", "Never"]));
  }
  const dp = str(spec.dnsPolicy);
  const dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
  if (!dp) errs.push(required(child(path, "dnsPolicy")));
  else if (!dnsPolicies.includes(dp)) errs.push(notSupported(child(path, "dnsPolicy"), dp, dnsPolicies));
  errs.push(...validateLabels(child(path, "nodeSelector"), spec.nodeSelector));
  errs.push(...validatePodSecurityContext(child(path, "securityContext"), spec.securityContext));
  errs.push(...validateAffinity(child(path, "affinity"), spec.affinity));
  errs.push(...validateDNSConfig(child(path, "dnsConfig"), spec.dnsConfig, dp));
  arr(spec.readinessGates).forEach((g, i) => {
    errs.push(
      ...validateQualifiedName(
        child(index(child(path, "readinessGates"), i), "conditionType"),
        str((g as Obj)?.conditionType),
      ),
    );
  });
  const gates = new Set<string>();
  arr(spec.schedulingGates).forEach((g, i) => {
    const name = str((g as Obj)?.name);
    errs.push(...validateQualifiedName(index(child(path, "schedulingGates"), i), name));
    if (gates.has(name)) errs.push(duplicate(index(child(path, "schedulingGates"), i), name));
    gates.add(name);
  });
  errs.push(
    ...validateTopologySpread(child(path, "topologySpreadConstraints"), spec.topologySpreadConstraints),
  );
  errs.push(...nameErrs(child(path, "serviceAccountName"), spec.serviceAccountName));
  errs.push(...nameErrs(child(path, "nodeName"), spec.nodeName));
  const ads = spec.activeDeadlineSeconds;
  if (typeof ads === "number" && (ads < 1 || ads > MAX_INT32)) {
    errs.push(invalid(child(path, "activeDeadlineSeconds"), ads, inclusiveRangeError(1, MAX_INT32)));
  }
  if (str(spec.hostname)) errs.push(...validateDNS1123Label(child(path, "hostname"), str(spec.hostname)));
  if (str(spec.subdomain)) errs.push(...validateDNS1123Label(child(path, "subdomain"), str(spec.subdomain)));
  errs.push(...validateTolerations(child(path, "tolerations"), spec.tolerations));
  arr(spec.hostAliases).forEach((raw, i) => {
    const ha = isObj(raw) ? raw : {};
    const hp = index(child(path, "hostAliases"), i);
    errs.push(...validateIP(child(hp, "ip"), str(ha.ip)));
    arr(ha.hostnames).forEach((h, j) => {
      errs.push(...validateDNS1123Subdomain(index(child(hp, "hostnames"), j), str(h)));
    });
  });
  errs.push(...nameErrs(child(path, "priorityClassName"), spec.priorityClassName));
  if (typeof spec.runtimeClassName === "string") {
    errs.push(
      ...nameIsDNSSubdomain(spec.runtimeClassName, false).map((m) =>
        invalid(child(path, "runtimeClassName"), spec.runtimeClassName, m),
      ),
    );
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) {
    const pp = str(spec.preemptionPolicy);
    if (!pp) errs.push(required(child(path, "preemptionPolicy")));
    else if (!["PreemptLowerPriority", "Never"].includes(pp)) {
      errs.push(notSupported(child(path, "preemptionPolicy"), pp, ["PreemptLowerPriority", "Never"]));
    }
  }
  if (isObj(spec.overhead))
    errs.push(...validateResources(child(path, "overhead"), { limits: spec.overhead }));
  if (isObj(spec.os)) {
    const os = str(spec.os.name);
    if (!os) errs.push(required(child(path, "os", "name"), "cannot be empty"));
    else if (!["linux", "windows"].includes(os))
      errs.push(notSupported(child(path, "os"), os, sortedList(["linux", "windows"])));
  }
  return errs;
}

/** ValidatePodTemplateSpec: labels, annotations and the spec of a workload's template. */
export function validatePodTemplateSpec(path: string, tpl: unknown): FieldError[] {
  const t = isObj(tpl) ? tpl : {};
  const meta = isObj(t.metadata) ? t.metadata : {};
  const errs = validateLabels(child(path, "labels"), meta.labels);
  errs.push(...validateAnnotations(child(path, "annotations"), meta.annotations));
  errs.push(...validatePodSpec(child(path, "spec"), t.spec, false));
  if (arr(t.spec?.ephemeralContainers).length > 0) {
    errs.push(
      forbidden(
        child(path, "spec", "ephemeralContainers"),
        "ephemeral containers not allowed in pod template",
      ),
    );
  }
  return errs;
}

/** validateContainersOnlyForPod: checks a Pod gets that a pod template does not. */
export function validateContainersOnlyForPod(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ["containers", "initContainers"]) {
    arr(spec[list]).forEach((c, i) => {
      const image = str((c as Obj)?.image);
      if (image.length !== image.trim().length) {
        errs.push(
          invalid(
            child(index(child("spec", list), i), "image"),
            image,
            "must not have leading or trailing whitespace",
          ),
        );
      }
    });
  }
  return errs;
}

/** The checks ValidatePodCreate adds on top of validatePodMetadataAndSpec. */
export function validatePodCreateOnly(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (arr(spec.ephemeralContainers).length > 0)
    errs.push(forbidden("spec.ephemeralContainers", "cannot be set on create"));
  if (str(spec.nodeName) && arr(spec.schedulingGates).length > 0) {
    errs.push(forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
  }
  return errs;
}
