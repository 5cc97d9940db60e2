import { describe, expect, it } from "vitest";
import { formatFieldError } from "../admission/validation/errors.js";
import { compareVersions } from "./served.js";
import { fillDefaults, pruneAndDefault, type Schema, validateAgainst } from "./structural.js";

// The CronTab schema of the Kubernetes docs (custom-resource-definitions task), with the
// validation the docs add, plus the extensions a learner meets.
const cronTab: Schema = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      required: ["cronSpec"],
      properties: {
        cronSpec: { type: "string", pattern: "^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$" },
        image: { type: "string", minLength: 2, maxLength: 10 },
        replicas: { type: "integer", minimum: 1, maximum: 10 },
        ratio: { type: "number", minimum: 0, exclusiveMinimum: true },
        policy: { type: "string", enum: ["Allow", "Forbid"] },
        port: { "x-kubernetes-int-or-string": true },
        paused: { type: "boolean", default: false },
        tags: { type: "array", minItems: 1, items: { type: "string" } },
        labels: { type: "object", additionalProperties: { type: "string" } },
        free: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      },
    },
  },
};

const texts = (o: Record<string, unknown>) => validateAgainst(o, cronTab).map(formatFieldError);
const ct = (spec: Record<string, unknown>) => ({
  apiVersion: "stable.example.com/v1",
  kind: "CronTab",
  metadata: { name: "x" },
  spec: { cronSpec: "* * * * */5", ...spec },
});

describe("structural validation", () => {
  it("accepts a valid object", () => {
    expect(texts(ct({ image: "nginx", replicas: 3, ratio: 0.5, port: "http", tags: ["a"] }))).toEqual([]);
    expect(texts(ct({ port: 8080, labels: { a: "b" }, free: { any: [1, { x: 2 }] } }))).toEqual([]);
  });

  it("reports a type mismatch with the JSON type found", () => {
    expect(texts(ct({ replicas: "3" }))).toEqual([
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    ]);
    expect(texts(ct({ replicas: 1.5 }))).toEqual([
      'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
    ]);
    expect(texts(ct({ paused: "yes" }))).toEqual([
      'spec.paused: Invalid value: "string": spec.paused in body must be of type boolean: "string"',
    ]);
    expect(texts(ct({ port: true }))).toEqual([
      'spec.port: Invalid value: "boolean": spec.port in body must be of type int-or-string: "boolean"',
    ]);
    expect(texts(ct({ labels: { a: 1 } }))).toEqual([
      'spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"',
    ]);
    expect(texts(ct({ tags: [1] }))).toEqual([
      'spec.tags[0]: Invalid value: "integer": spec.tags[0] in body must be of type string: "integer"',
    ]);
  });

  it("reports required fields, enums, bounds, patterns and lengths", () => {
    expect(texts({ apiVersion: "v", kind: "K", metadata: {}, spec: {} })).toEqual([
      "spec.cronSpec: Required value",
    ]);
    expect(texts(ct({ policy: "Maybe" }))).toEqual([
      'spec.policy: Unsupported value: "Maybe": supported values: "Allow", "Forbid"',
    ]);
    expect(texts(ct({ replicas: 0 }))).toEqual([
      "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1",
    ]);
    expect(texts(ct({ replicas: 15 }))).toEqual([
      "spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10",
    ]);
    expect(texts(ct({ ratio: 0 }))).toEqual([
      "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0",
    ]);
    expect(texts(ct({ cronSpec: "* * * *" }))).toEqual([
      `spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'`,
    ]);
    expect(texts(ct({ image: "a" }))).toEqual([
      'spec.image: Invalid value: "a": spec.image in body should be at least 2 chars long',
    ]);
    expect(texts(ct({ image: "a-very-long-image" }))).toEqual([
      "spec.image: Too long: may not be more than 10 bytes",
    ]);
    expect(texts(ct({ tags: [] }))).toEqual([
      "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items",
    ]);
  });

  it("collects unknown fields in document order and prunes them", () => {
    const o = ct({ imagePullPolicy: "Always", tags: ["a"], free: { kept: 1 } }) as Record<string, unknown>;
    (o.spec as Record<string, unknown>).extra = { deep: 1 };
    o.status = { phase: "x" };
    expect(pruneAndDefault(o, cronTab)).toEqual(["spec.imagePullPolicy", "spec.extra", "status"]);
    expect(o.spec).toEqual({ cronSpec: "* * * * */5", tags: ["a"], free: { kept: 1 }, paused: false });
    expect(o.metadata).toEqual({ name: "x" });
  });

  it("drops nulls of non-nullable fields and fills defaults", () => {
    const o = ct({ replicas: null }) as Record<string, unknown>;
    expect(pruneAndDefault(o, cronTab)).toEqual([]);
    expect(o.spec).toEqual({ cronSpec: "* * * * */5", paused: false });
  });

  it("fills only defaults when asked, keeping unknown fields", () => {
    const o = ct({ other: 1 }) as Record<string, unknown>;
    fillDefaults(o, cronTab);
    expect(o.spec).toEqual({ cronSpec: "* * * * */5", other: 1, paused: false });
  });
});

describe("version priority", () => {
  it("orders GA before beta before alpha, higher first, others last", () => {
    const vs = ["v1alpha1", "foo", "v2", "v1beta2", "v1", "v1beta1", "v10", "bar"];
    expect(vs.sort(compareVersions)).toEqual([
      "v10",
      "v2",
      "v1",
      "v1beta2",
      "v1beta1",
      "v1alpha1",
      "bar",
      "foo",
    ]);
  });
});
