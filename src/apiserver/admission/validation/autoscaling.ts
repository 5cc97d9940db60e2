// ValidateHorizontalPodAutoscaler (pkg/apis/autoscaling/validation, v1.32): the replica
// bounds, the scale target reference, each metric's source and target, and the behavior's
// scaling rules, with the apiserver's texts.
import type { Obj } from "../raw.js";
import { validateContainerResourceName } from "./container.js";
import { type FieldError, forbidden, invalid, notSupported, required } from "./errors.js";
import { arr, isObj, str, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import { nameIsDNSSubdomain } from "./names.js";
import { rbacName } from "./rbac.js";

const METRIC_SOURCE_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"];
const MEMBER: Record<string, string> = {
  ContainerResource: "containerResource",
  External: "external",
  Object: "object",
  Pods: "pods",
  Resource: "resource",
};
/** MaxPeriodSeconds and MaxStabilizationWindowSeconds. */
const MAX_PERIOD = 1800;
const MAX_WINDOW = 3600;

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** ValidateCrossVersionObjectReference: kind and name are path segments. */
function validateReference(ref: unknown, path: string): FieldError[] {
  const r = isObj(ref) ? ref : {};
  const errs: FieldError[] = [];
  for (const f of ["kind", "name"]) {
    const v = str(r[f]);
    if (!v) errs.push(required(`${path}.${f}`));
    else for (const msg of rbacName(v, false)) errs.push(invalid(`${path}.${f}`, v, msg));
  }
  return errs;
}

function validateTarget(t: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(t.type);
  if (!type) errs.push(required(`${path}.type`, "must specify a metric target type"));
  if (type !== "Utilization" && type !== "Value" && type !== "AverageValue")
    errs.push(invalid(`${path}.type`, type, "must be either Utilization, Value, or AverageValue"));
  const u = num(t.averageUtilization);
  if (u !== undefined && u < 1) errs.push(invalid(`${path}.averageUtilization`, u, "must be greater than 0"));
  return errs;
}

/** validateResourceSource / validateContainerResourceSource. */
function validateResourceSource(src: Obj, path: string, container: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(src.name);
  if (!name) errs.push(required(`${path}.name`, "must specify a resource name"));
  else errs.push(...validateContainerResourceName(`${path}.name`, name));
  if (container && !str(src.container)) errs.push(required(`${path}.container`, "must specify a container"));
  const t = isObj(src.target) ? src.target : {};
  errs.push(...validateTarget(t, `${path}.target`));
  if (t.averageUtilization === undefined && t.averageValue === undefined)
    errs.push(
      required(
        `${path}.target.averageUtilization`,
        "must set either a target raw value or a target utilization",
      ),
    );
  if (t.averageUtilization !== undefined && t.averageValue !== undefined)
    errs.push(
      invalid(
        `${path}.target.averageValue`,
        t.averageValue,
        "may not set both a target raw value and a target utilization",
      ),
    );
  return errs;
}

function validateMetric(m: unknown, path: string): FieldError[] {
  const spec = isObj(m) ? m : {};
  const errs: FieldError[] = [];
  const type = str(spec.type);
  if (!type) errs.push(required(`${path}.type`, "must specify a metric source type"));
  if (!METRIC_SOURCE_TYPES.includes(type)) errs.push(notSupported(`${path}.type`, type, METRIC_SOURCE_TYPES));
  const present = Object.values(MEMBER).filter((k) => isObj(spec[k]));
  if (present.length !== 1)
    errs.push(forbidden(path, "must populate information for exactly one metric source"));
  const member = MEMBER[type];
  if (member && !isObj(spec[member]))
    errs.push(required(`${path}.${member}`, "must populate information for the given metric source"));
  if (member && !present.includes(member) && present.length === 1)
    errs.push(
      invalid(`${path}.type`, type, `must match the type of the given metric source (${present[0]})`),
    );
  if (type === "Resource" && isObj(spec.resource))
    errs.push(...validateResourceSource(spec.resource, `${path}.resource`, false));
  if (type === "ContainerResource" && isObj(spec.containerResource))
    errs.push(...validateResourceSource(spec.containerResource, `${path}.containerResource`, true));
  return errs;
}

function validateRules(rules: unknown, path: string): FieldError[] {
  if (!isObj(rules)) return [];
  const errs: FieldError[] = [];
  const w = num(rules.stabilizationWindowSeconds);
  if (w !== undefined && w < 0)
    errs.push(invalid(`${path}.stabilizationWindowSeconds`, w, "must be greater than or equal to zero"));
  if (w !== undefined && w > MAX_WINDOW)
    errs.push(
      invalid(`${path}.stabilizationWindowSeconds`, w, `must be less than or equal to ${MAX_WINDOW}`),
    );
  const select = str(rules.selectPolicy);
  if (select && !["Disabled", "Max", "Min"].includes(select))
    errs.push(notSupported(`${path}.selectPolicy`, select, ["Disabled", "Max", "Min"]));
  const policies = arr(rules.policies);
  if (policies.length === 0) errs.push(required(`${path}.policies`, "must specify at least one Policy"));
  policies.forEach((p, i) => {
    const pp = isObj(p) ? p : {};
    const ip = `${path}.policies[${i}]`;
    const type = str(pp.type);
    if (type !== "Pods" && type !== "Percent")
      errs.push(notSupported(`${ip}.type`, type, ["Percent", "Pods"]));
    const value = num(pp.value) ?? 0;
    if (value <= 0) errs.push(invalid(`${ip}.value`, value, "must be greater than zero"));
    const period = num(pp.periodSeconds) ?? 0;
    if (period <= 0) errs.push(invalid(`${ip}.periodSeconds`, period, "must be greater than zero"));
    if (period > MAX_PERIOD)
      errs.push(invalid(`${ip}.periodSeconds`, period, `must be less than or equal to ${MAX_PERIOD}`));
  });
  return errs;
}

function validateSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const min = num(spec.minReplicas);
  const max = num(spec.maxReplicas) ?? 0;
  // MinReplicasLowerBound is 1 while the HPAScaleToZero feature gate is off (its default).
  if (min !== undefined && min < 1)
    errs.push(invalid("spec.minReplicas", min, "must be greater than or equal to 1"));
  if (max < 1) errs.push(invalid("spec.maxReplicas", max, "must be greater than 0"));
  if (min !== undefined && max < min)
    errs.push(invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`"));
  errs.push(...validateReference(spec.scaleTargetRef, "spec.scaleTargetRef"));
  arr(spec.metrics).forEach((m, i) => {
    errs.push(...validateMetric(m, `spec.metrics[${i}]`));
  });
  if (isObj(spec.behavior)) {
    errs.push(...validateRules(spec.behavior.scaleUp, "spec.behavior.scaleUp"));
    errs.push(...validateRules(spec.behavior.scaleDown, "spec.behavior.scaleDown"));
  }
  return errs;
}

export function validateHpa(o: Obj): FieldError[] {
  return [
    ...validateObjectMeta(o.metadata, true, nameIsDNSSubdomain),
    ...validateSpec(isObj(o.spec) ? o.spec : {}),
  ];
}

export function validateHpaUpdate(o: Obj, old: Obj): FieldError[] {
  return [
    ...validateObjectMetaUpdate(o.metadata, old.metadata),
    ...validateSpec(isObj(o.spec) ? o.spec : {}),
  ];
}
