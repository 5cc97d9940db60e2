import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { generateJobSelector } from "./strategy.js";
import { admit } from "./testutil.js";
import { formatFieldError } from "./validation/errors.js";
import { validate } from "./validation/index.js";

const messages = (o: KObject, old?: KObject) => validate(o, old).map(formatFieldError);
const job = (spec: object, podSpec: object = { restartPolicy: "Never" }) =>
  admit({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "pi" },
    spec: { template: { spec: { containers: [{ name: "c", image: "busybox" }], ...podSpec } }, ...spec },
  } as KObject);

describe("jobs", () => {
  it("SetDefaults_Job: one pod, six retries, NonIndexed, not suspended", () => {
    const j = job({});
    expect(j.spec).toMatchObject({
      backoffLimit: 6,
      completionMode: "NonIndexed",
      completions: 1,
      parallelism: 1,
      podReplacementPolicy: "TerminatingOrFailed",
      suspend: false,
    });
    expect(job({ parallelism: 3 }).spec.completions).toBeUndefined();
    expect(job({ completions: 5 }).spec.parallelism).toBe(1);
    expect(messages(j)).toEqual([]);
  });

  it("restartPolicy must be OnFailure or Never; counts must not be negative", () => {
    expect(messages(job({ backoffLimit: -1, activeDeadlineSeconds: 0 }, {}))).toEqual([
      "spec.activeDeadlineSeconds: Invalid value: 0: must be greater than 0",
      "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0",
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });

  it("the generated selector and labels follow the job's uid", () => {
    const j = job({});
    j.metadata.uid = "1234";
    generateJobSelector(j);
    const labels = {
      "batch.kubernetes.io/controller-uid": "1234",
      "batch.kubernetes.io/job-name": "pi",
      "controller-uid": "1234",
      "job-name": "pi",
    };
    expect(j.spec.selector).toEqual({ matchLabels: { "batch.kubernetes.io/controller-uid": "1234" } });
    expect(j.spec.manualSelector).toBe(false);
    expect(j.spec.template.metadata.labels).toEqual(labels);
    expect(j.metadata.labels).toEqual(labels);
    expect(messages(j)).toEqual([]);
  });

  it("a manual selector must match the template", () => {
    const j = job({ manualSelector: true, selector: { matchLabels: { app: "x" } } });
    expect(messages(j)).toEqual([
      "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`",
    ]);
  });
});

const cronJob = (spec: object, name = "hello") =>
  admit({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name },
    spec: {
      schedule: "* * * * *",
      jobTemplate: {
        spec: {
          template: { spec: { containers: [{ name: "c", image: "busybox" }], restartPolicy: "OnFailure" } },
        },
      },
      ...spec,
    },
  } as KObject);

describe("cronjobs", () => {
  it("SetDefaults_CronJob: Allow, not suspended, 3 successful and 1 failed job kept", () => {
    const cj = cronJob({});
    expect(cj.spec).toMatchObject({
      concurrencyPolicy: "Allow",
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    // The job template's JobSpec gets no defaults; its pod spec does.
    expect(cj.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(cj.spec.jobTemplate.spec.template.spec.dnsPolicy).toBe("ClusterFirst");
    expect(messages(cj)).toEqual([]);
  });

  it("validates the schedule with robfig/cron's errors and the time zone against the tz database", () => {
    expect(messages(cronJob({ schedule: "* * *" }))).toEqual([
      'spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]',
    ]);
    expect(messages(cronJob({ schedule: "CRON_TZ=UTC * * * * *" }))).toEqual([
      'spec.schedule: Invalid value: "CRON_TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    expect(messages(cronJob({ timeZone: "Europe/Atlantis" }))).toEqual([
      'spec.timeZone: Invalid value: "Europe/Atlantis": unknown time zone Europe/Atlantis',
    ]);
    expect(messages(cronJob({ timeZone: "Etc/GMT+5" }))).toEqual([]);
    expect(messages(cronJob({ timeZone: "America/Argentina/Buenos_Aires" }))).toEqual([]);
    expect(messages(cronJob({ schedule: "@every 90s", timeZone: "UTC" }))).toEqual([]);
    expect(messages(cronJob({}, "n".repeat(53)))).toEqual([
      `metadata.name: Invalid value: "${"n".repeat(53)}": must be no more than 52 characters`,
    ]);
    expect(messages(cronJob({ startingDeadlineSeconds: -1, concurrencyPolicy: "Never" }))).toEqual([
      "spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
      'spec.concurrencyPolicy: Unsupported value: "Never": supported values: "Allow", "Forbid", "Replace"',
    ]);
  });

  it("keeps a TZ schedule on update only if it was there before", () => {
    const old = cronJob({});
    (old.spec as { schedule: string }).schedule = "TZ=UTC * * * * *";
    const next = structuredClone(old);
    expect(messages(next, old)).toEqual([]);
    (next.spec as { timeZone?: string }).timeZone = "UTC";
    expect(messages(next, old)).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC * * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
    ]);
  });
});
