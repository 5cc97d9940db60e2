// batch/v1: Job and CronJob.
import { bool, i32, i64, list, named, str, struct, time, uid } from "./dsl.js";
import { labelSelector, objectMeta, objectReference, typeMetaFields } from "./meta.js";
import { podTemplateSpec } from "./pod.js";

// batch/v1 Job: podFailurePolicy and successPolicy are decoded but not acted on.
const jobSpec = struct("JobSpec", {
  parallelism: i32,
  completions: i32,
  activeDeadlineSeconds: i64,
  podFailurePolicy: struct("PodFailurePolicy", {
    rules: list(
      struct("PodFailurePolicyRule", {
        action: named("PodFailurePolicyAction"),
        onExitCodes: struct("PodFailurePolicyOnExitCodesRequirement", {
          containerName: str,
          operator: named("PodFailurePolicyOnExitCodesOperator"),
          values: list(i32),
        }),
        onPodConditions: list(
          struct("PodFailurePolicyOnPodConditionsPattern", {
            type: named("PodConditionType"),
            status: named("ConditionStatus"),
          }),
        ),
      }),
    ),
  }),
  successPolicy: struct("SuccessPolicy", {
    rules: list(struct("SuccessPolicyRule", { succeededIndexes: str, succeededCount: i32 })),
  }),
  backoffLimit: i32,
  backoffLimitPerIndex: i32,
  maxFailedIndexes: i32,
  selector: labelSelector,
  manualSelector: bool,
  template: podTemplateSpec,
  ttlSecondsAfterFinished: i32,
  completionMode: named("CompletionMode"),
  suspend: bool,
  podReplacementPolicy: named("PodReplacementPolicy"),
  managedBy: str,
});

export const job = struct("Job", {
  ...typeMetaFields,
  spec: jobSpec,
  status: struct("JobStatus", {
    conditions: list(
      struct("JobCondition", {
        type: named("JobConditionType"),
        status: named("ConditionStatus"),
        lastProbeTime: time,
        lastTransitionTime: time,
        reason: str,
        message: str,
      }),
    ),
    startTime: time,
    completionTime: time,
    active: i32,
    succeeded: i32,
    failed: i32,
    terminating: i32,
    completedIndexes: str,
    failedIndexes: str,
    uncountedTerminatedPods: struct("UncountedTerminatedPods", { succeeded: list(uid), failed: list(uid) }),
    ready: i32,
  }),
});

export const cronJob = struct("CronJob", {
  ...typeMetaFields,
  spec: struct("CronJobSpec", {
    schedule: str,
    timeZone: str,
    startingDeadlineSeconds: i64,
    concurrencyPolicy: named("ConcurrencyPolicy"),
    suspend: bool,
    jobTemplate: struct("JobTemplateSpec", { metadata: objectMeta, spec: jobSpec }),
    successfulJobsHistoryLimit: i32,
    failedJobsHistoryLimit: i32,
  }),
  status: struct("CronJobStatus", {
    active: list(objectReference),
    lastScheduleTime: time,
    lastSuccessfulTime: time,
  }),
});
