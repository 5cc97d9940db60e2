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
