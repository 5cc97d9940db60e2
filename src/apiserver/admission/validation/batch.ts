// Job validation (pkg/apis/batch/validation, v1.32 texts), for the fields kubesim acts on.
import { GoRepr } from "../gofmt.js";
import type { Obj } from "../raw.js";
import { child, type FieldError, invalid, notSupported, required } from "./errors.js";
import {
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
import { nameIsDNSSubdomain } from "./names.js";
import { validatePodTemplateSpec } from "./podspec.js";

function positive(field: string, v: unknown): FieldError[] {
  return typeof v === "number" && v <= 0 ? [invalid(field, v, "must be greater than 0")] : [];
}

/** ValidateJob: the selector is generated at insert unless manualSelector is true. */
export function validateJob(j: Obj): FieldError[] {
  const spec: Obj = isObj(j.spec) ? j.spec : {};
  const errs = validateObjectMeta(j.metadata, true, nameIsDNSSubdomain);
  errs.push(...nonNegative("spec.parallelism", spec.parallelism));
  errs.push(...nonNegative("spec.completions", spec.completions));
  errs.push(...positive("spec.activeDeadlineSeconds", spec.activeDeadlineSeconds));
  errs.push(...nonNegative("spec.backoffLimit", spec.backoffLimit));
  errs.push(...nonNegative("spec.ttlSecondsAfterFinished", spec.ttlSecondsAfterFinished));
  const template = isObj(spec.template) ? spec.template : {};
  if (spec.manualSelector === true || spec.selector !== undefined) {
    if (spec.selector === undefined || spec.selector === null) errs.push(required("spec.selector"));
    else {
      errs.push(...validateLabelSelector("spec.selector", spec.selector));
      const selector = labelSelectorAsSelector(spec.selector);
      const labels = template.metadata?.labels;
      if (selector && !selector.matches(isObj(labels) ? labels : undefined)) {
        errs.push(
          invalid(
            "spec.template.metadata.labels",
            isObj(labels) ? labels : new GoRepr("map[string]string(nil)"),
            "`selector` does not match template `labels`",
          ),
        );
      }
    }
  }
  errs.push(...validatePodTemplateSpec("spec.template", template));
  const podSpec = isObj(template.spec) ? template.spec : {};
  const policy = str(podSpec.restartPolicy);
  if (policy !== "OnFailure" && policy !== "Never") {
    errs.push(notSupported(child("spec.template", "spec", "restartPolicy"), policy, ["OnFailure", "Never"]));
  }
  return errs;
}

/** ValidateJobUpdate: the selector and (outside suspension) the template do not change. */
export function validateJobUpdate(j: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(j.metadata, old.metadata);
  errs.push(...validateJob(j).filter((e) => !e.field.startsWith("metadata.")));
  errs.push(
    ...immutable("spec.selector", j.spec?.selector, old.spec?.selector, selectorValue(j.spec?.selector)),
  );
  errs.push(
    ...immutable("spec.completions", j.spec?.completions, old.spec?.completions, j.spec?.completions),
  );
  return errs;
}
