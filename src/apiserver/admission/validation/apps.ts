// Deployment, ReplicaSet and DaemonSet validation (pkg/apis/apps/validation, v1.32 texts).
import { GoRepr, goIntOrString } from "../gofmt.js";
import type { Obj } from "../raw.js";
import { child, type FieldError, forbidden, invalid, notSupported, required } from "./errors.js";
import {
  arr,
  immutable,
  isObj,
  labelSelectorAsSelector,
  nonNegative,
  selectorValue,
  str,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { isValidPercent, nameIsDNSSubdomain } from "./names.js";
import { validatePodTemplateSpec } from "./podspec.js";

const labelsValue = (labels: unknown) => (isObj(labels) ? labels : new GoRepr("map[string]string(nil)"));

/** ValidatePodTemplateSpecForReplicaSet (also used for Deployments). */
function validateTemplateForReplicaSet(path: string, spec: Obj, owner: string): FieldError[] {
  const template = isObj(spec.template) ? spec.template : {};
  const labels = template.metadata?.labels;
  const errs: FieldError[] = [];
  const selector = labelSelectorAsSelector(spec.selector);
  if (!selector) return [invalid("spec.selector", selectorValue(spec.selector), "invalid label selector")];
  if (!selector.empty && !selector.matches(isObj(labels) ? labels : undefined)) {
    errs.push(
      invalid(
        child(path, "metadata", "labels"),
        labelsValue(labels),
        "`selector` does not match template `labels`",
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(path, template));
  const podSpec = isObj(template.spec) ? template.spec : {};
  if (str(podSpec.restartPolicy) !== "Always") {
    errs.push(notSupported(child(path, "spec", "restartPolicy"), str(podSpec.restartPolicy), ["Always"]));
  }
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(
      invalid(
        child(path, "spec", "activeDeadlineSeconds"),
        podSpec.activeDeadlineSeconds,
        `activeDeadlineSeconds in ${owner} is not Supported`,
      ),
    );
  }
  return errs;
}

function validateSelectorRequired(spec: Obj, what: string): FieldError[] {
  if (spec.selector === undefined || spec.selector === null) return [required("spec.selector")];
  const errs = validateLabelSelector("spec.selector", spec.selector);
  const sel = isObj(spec.selector) ? spec.selector : {};
  if (
    Object.keys(isObj(sel.matchLabels) ? sel.matchLabels : {}).length + arr(sel.matchExpressions).length ===
    0
  ) {
    errs.push(
      invalid("spec.selector", selectorValue(spec.selector), `empty selector is invalid for ${what}`),
    );
  }
  return errs;
}

const intOrPercentValue = (v: unknown): number => {
  if (typeof v === "string") return isValidPercent(v).length === 0 ? Number.parseInt(v, 10) : 0;
  return typeof v === "number" ? v : 0;
};

function validatePositiveIntOrPercent(path: string, v: unknown): FieldError[] {
  if (typeof v === "string")
    return isValidPercent(v).map((m) => invalid(path, new GoRepr(goIntOrString(v)), m));
  return nonNegative(path, typeof v === "number" ? v : 0);
}

function notMoreThan100Percent(path: string, v: unknown): FieldError[] {
  if (typeof v !== "string" || isValidPercent(v).length > 0 || intOrPercentValue(v) <= 100) return [];
  return [invalid(path, new GoRepr(goIntOrString(v)), "must not be greater than 100%")];
}

function validateDeploymentStrategy(strategy: unknown): FieldError[] {
  const s = isObj(strategy) ? strategy : {};
  const ru = s.rollingUpdate;
  const p = "spec.strategy";
  switch (s.type) {
    case "Recreate":
      return isObj(ru)
        ? [forbidden(child(p, "rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")]
        : [];
    case "RollingUpdate": {
      if (!isObj(ru))
        return [required(child(p, "rollingUpdate"), "this should be defaulted and never be nil")];
      const rp = child(p, "rollingUpdate");
      const errs = [
        ...validatePositiveIntOrPercent(child(rp, "maxUnavailable"), ru.maxUnavailable),
        ...validatePositiveIntOrPercent(child(rp, "maxSurge"), ru.maxSurge),
      ];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(
          invalid(
            child(rp, "maxUnavailable"),
            new GoRepr(goIntOrString(ru.maxUnavailable)),
            "may not be 0 when `maxSurge` is 0",
          ),
        );
      }
      return [...errs, ...notMoreThan100Percent(child(rp, "maxUnavailable"), ru.maxUnavailable)];
    }
    default: {
      const ruText = isObj(ru)
        ? "(*apps.RollingUpdateDeployment)(0xc000000000)"
        : "(*apps.RollingUpdateDeployment)(nil)";
      const value = new GoRepr(`apps.DeploymentStrategy{Type:"${str(s.type)}", RollingUpdate:${ruText}}`);
      return [notSupported(p, value, ["Recreate", "RollingUpdate"])];
    }
  }
}

export function validateDeployment(d: Obj): FieldError[] {
  const spec: Obj = isObj(d.spec) ? d.spec : {};
  const errs = validateObjectMeta(d.metadata, true, nameIsDNSSubdomain);
  errs.push(...nonNegative("spec.replicas", spec.replicas));
  errs.push(...validateSelectorRequired(spec, "deployment"));
  errs.push(...validateTemplateForReplicaSet("spec.template", spec, "ReplicaSet"));
  errs.push(...validateDeploymentStrategy(spec.strategy));
  errs.push(...nonNegative("spec.minReadySeconds", spec.minReadySeconds));
  errs.push(...nonNegative("spec.revisionHistoryLimit", spec.revisionHistoryLimit));
  const pds = spec.progressDeadlineSeconds;
  if (typeof pds === "number") {
    errs.push(...nonNegative("spec.progressDeadlineSeconds", pds));
    if (pds <= Number(spec.minReadySeconds ?? 0)) {
      errs.push(invalid("spec.progressDeadlineSeconds", pds, "must be greater than minReadySeconds"));
    }
  }
  return errs;
}

export function validateReplicaSet(rs: Obj): FieldError[] {
  const spec: Obj = isObj(rs.spec) ? rs.spec : {};
  const errs = validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain);
  errs.push(...nonNegative("spec.replicas", spec.replicas));
  errs.push(...nonNegative("spec.minReadySeconds", spec.minReadySeconds));
  // ReplicaSet validation reuses the Deployment wording.
  errs.push(...validateSelectorRequired(spec, "deployment"));
  errs.push(...validateTemplateForReplicaSet("spec.template", spec, "ReplicaSet"));
  return errs;
}

function validateDaemonSetUpdateStrategy(strategy: unknown): FieldError[] {
  const s = isObj(strategy) ? strategy : {};
  const p = "spec.updateStrategy";
  if (s.type === "OnDelete") return [];
  if (s.type !== "RollingUpdate") {
    const ruText = isObj(s.rollingUpdate)
      ? "(*apps.RollingUpdateDaemonSet)(0xc000000000)"
      : "(*apps.RollingUpdateDaemonSet)(nil)";
    const value = new GoRepr(`apps.DaemonSetUpdateStrategy{Type:"${str(s.type)}", RollingUpdate:${ruText}}`);
    return [notSupported(p, value, ["RollingUpdate", "OnDelete"])];
  }
  if (!isObj(s.rollingUpdate)) return [required(child(p, "rollingUpdate"))];
  const ru = s.rollingUpdate;
  const rp = child(p, "rollingUpdate");
  const errs = [
    ...validatePositiveIntOrPercent(child(rp, "maxUnavailable"), ru.maxUnavailable),
    ...validatePositiveIntOrPercent(child(rp, "maxSurge"), ru.maxSurge),
    ...notMoreThan100Percent(child(rp, "maxUnavailable"), ru.maxUnavailable),
    ...notMoreThan100Percent(child(rp, "maxSurge"), ru.maxSurge),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    errs.push(
      invalid(
        child(rp, "maxSurge"),
        new GoRepr(goIntOrString(ru.maxSurge)),
        "may not be set when maxUnavailable is non-zero",
      ),
    );
  } else if (!hasUnavailable && !hasSurge) {
    errs.push(required(child(rp, "maxUnavailable"), "cannot be 0 when maxSurge is 0"));
  }
  return errs;
}

export function validateDaemonSet(ds: Obj): FieldError[] {
  const spec: Obj = isObj(ds.spec) ? ds.spec : {};
  const errs = validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateLabelSelector("spec.selector", spec.selector));
  const template = isObj(spec.template) ? spec.template : {};
  const labels = template.metadata?.labels;
  const selector = labelSelectorAsSelector(spec.selector);
  if (selector && !selector.matches(isObj(labels) ? labels : undefined)) {
    errs.push(
      invalid(
        "spec.template.metadata.labels",
        labelsValue(labels),
        "`selector` does not match template `labels`",
      ),
    );
  }
  const sel = spec.selector;
  if (
    isObj(sel) &&
    Object.keys(isObj(sel.matchLabels) ? sel.matchLabels : {}).length + arr(sel.matchExpressions).length === 0
  ) {
    errs.push(invalid("spec.selector", selectorValue(sel), "empty selector is invalid for daemonset"));
  }
  errs.push(...validatePodTemplateSpec("spec.template", template));
  const podSpec = isObj(template.spec) ? template.spec : {};
  if (str(podSpec.restartPolicy) !== "Always") {
    errs.push(notSupported("spec.template.spec.restartPolicy", str(podSpec.restartPolicy), ["Always"]));
  }
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(
      invalid(
        "spec.template.spec.activeDeadlineSeconds",
        podSpec.activeDeadlineSeconds,
        "activeDeadlineSeconds in DaemonSet is not Supported",
      ),
    );
  }
  errs.push(...nonNegative("spec.minReadySeconds", spec.minReadySeconds));
  errs.push(...validateDaemonSetUpdateStrategy(spec.updateStrategy));
  errs.push(...nonNegative("spec.revisionHistoryLimit", spec.revisionHistoryLimit));
  return errs;
}

const VALIDATE = {
  Deployment: validateDeployment,
  ReplicaSet: validateReplicaSet,
  DaemonSet: validateDaemonSet,
};

/** Update: the spec is re-validated, then (for apps/v1) the selector must not change. */
export function validateWorkloadUpdate(kind: keyof typeof VALIDATE, obj: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  const full = VALIDATE[kind](obj).filter((e) => !e.field.startsWith("metadata."));
  errs.push(...full);
  errs.push(
    ...immutable("spec.selector", obj.spec?.selector, old.spec?.selector, selectorValue(obj.spec?.selector)),
  );
  return errs;
}
