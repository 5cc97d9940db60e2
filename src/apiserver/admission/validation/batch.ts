// Job validation (pkg/apis/batch/validation, v1.32 texts), for the fields kubesim acts on.
import { CronError, loadLocation, parseStandard } from "../../../golang/cron.js";
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

/** validateJobSpec: the counts, the pod template and its restart policy, under `at` ("spec"). */
function jobSpecErrors(at: string, spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...nonNegative(`${at}.parallelism`, spec.parallelism));
  errs.push(...nonNegative(`${at}.completions`, spec.completions));
  errs.push(...positive(`${at}.activeDeadlineSeconds`, spec.activeDeadlineSeconds));
  errs.push(...nonNegative(`${at}.backoffLimit`, spec.backoffLimit));
  errs.push(...nonNegative(`${at}.ttlSecondsAfterFinished`, spec.ttlSecondsAfterFinished));
  return errs;
}

function templateErrors(at: string, spec: Obj): FieldError[] {
  const template = isObj(spec.template) ? spec.template : {};
  const errs = validatePodTemplateSpec(`${at}.template`, template);
  const podSpec = isObj(template.spec) ? template.spec : {};
  const policy = str(podSpec.restartPolicy);
  if (policy !== "OnFailure" && policy !== "Never") {
    errs.push(notSupported(child(`${at}.template`, "spec", "restartPolicy"), policy, ["OnFailure", "Never"]));
  }
  return errs;
}

/** ValidateJob: the selector is generated at insert unless manualSelector is true. */
export function validateJob(j: Obj): FieldError[] {
  const spec: Obj = isObj(j.spec) ? j.spec : {};
  const errs = validateObjectMeta(j.metadata, true, nameIsDNSSubdomain);
  errs.push(...jobSpecErrors("spec", spec));
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
  errs.push(...templateErrors("spec", spec));
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

/** validateScheduleFormat: robfig's parse error, and TZ in the schedule (allowed only if it was there). */
function scheduleErrors(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const schedule = str(spec.schedule);
  if (schedule === "") return [required("spec.schedule")];
  const errs: FieldError[] = [];
  try {
    parseStandard(schedule);
  } catch (e) {
    if (!(e instanceof CronError)) throw e;
    errs.push(invalid("spec.schedule", schedule, e.message));
  }
  const allowTZ = oldSpec !== undefined && str(oldSpec.schedule).includes("TZ");
  if (allowTZ && schedule.includes("TZ") && spec.timeZone !== undefined && spec.timeZone !== null)
    errs.push(
      invalid("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"),
    );
  else if (!allowTZ && schedule.includes("TZ"))
    errs.push(
      invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"),
    );
  return errs;
}

/** validateTimeZone: a name of the tz database (the apiserver embeds it), never "Local". */
function timeZoneErrors(tz: unknown): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const name = str(tz);
  if (name === "") return [invalid("spec.timeZone", name, "timeZone must be nil or non-empty string")];
  for (const part of name.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part))
      return [invalid("spec.timeZone", name, `unknown time zone ${name}`)];
  }
  const errs: FieldError[] = [];
  if (name.toLowerCase() === "local")
    errs.push(
      invalid(
        "spec.timeZone",
        name,
        "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
      ),
    );
  try {
    loadLocation(name);
  } catch (e) {
    if (!(e instanceof CronError)) throw e;
    errs.push(invalid("spec.timeZone", name, e.message));
  }
  return errs;
}

/** validateCronJobSpec (oldSpec on update). */
function cronJobSpecErrors(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs = scheduleErrors(spec, oldSpec);
  errs.push(...nonNegative("spec.startingDeadlineSeconds", spec.startingDeadlineSeconds));
  if (oldSpec === undefined || oldSpec.timeZone !== spec.timeZone)
    errs.push(...timeZoneErrors(spec.timeZone));
  const policy = str(spec.concurrencyPolicy);
  if (policy === "") errs.push(required("spec.concurrencyPolicy"));
  else if (!["Allow", "Forbid", "Replace"].includes(policy))
    errs.push(notSupported("spec.concurrencyPolicy", policy, ["Allow", "Forbid", "Replace"]));
  // ValidateJobTemplateSpec: the job spec's rules; the selector is always generated.
  const jt: Obj = isObj(spec.jobTemplate) ? spec.jobTemplate : {};
  const jobSpec: Obj = isObj(jt.spec) ? jt.spec : {};
  errs.push(...jobSpecErrors("spec.jobTemplate.spec", jobSpec));
  errs.push(...templateErrors("spec.jobTemplate.spec", jobSpec));
  if (jobSpec.selector !== undefined && jobSpec.selector !== null)
    errs.push(
      invalid(
        "spec.jobTemplate.spec.selector",
        selectorValue(jobSpec.selector),
        "`selector` will be auto-generated",
      ),
    );
  if (jobSpec.manualSelector === true)
    errs.push(notSupported("spec.jobTemplate.spec.manualSelector", true, ["nil", "false"]));
  errs.push(...nonNegative("spec.successfulJobsHistoryLimit", spec.successfulJobsHistoryLimit));
  errs.push(...nonNegative("spec.failedJobsHistoryLimit", spec.failedJobsHistoryLimit));
  return errs;
}

/** ValidateCronJobCreate: a job's name is the cronjob's plus 11 characters, so at most 52. */
export function validateCronJob(cj: Obj): FieldError[] {
  const errs = validateObjectMeta(cj.metadata, true, nameIsDNSSubdomain);
  errs.push(...cronJobSpecErrors(isObj(cj.spec) ? cj.spec : {}, undefined));
  const name = str(cj.metadata?.name);
  if (name.length > 52) errs.push(invalid("metadata.name", name, "must be no more than 52 characters"));
  return errs;
}

/** ValidateCronJobUpdate: no name-length rule, so older long names can still be changed. */
export function validateCronJobUpdate(cj: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(cj.metadata, old.metadata);
  errs.push(...cronJobSpecErrors(isObj(cj.spec) ? cj.spec : {}, isObj(old.spec) ? old.spec : {}));
  return errs;
}
