import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { CliError } from "../io.js";
import { jsonPathHolds, parseJsonPathWait } from "./wait-jsonpath.js";

const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { containers: [{ name: "a" }, { name: "b" }] },
  status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }], readyReplicas: 3 },
} as unknown as KObject;

const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  }
  return undefined;
};

describe("wait --for=jsonpath", () => {
  it("splits on single '=' only, so filters with '==' keep their value", () => {
    const w = parseJsonPathWait('{.status.conditions[?(@.type=="Ready")].status}=True');
    expect(w.value).toBe("True");
    expect(jsonPathHolds(w, pod)).toBe(true);
  });

  it("relaxes the expression and trims quotes from the value, as kubectl does", () => {
    expect(jsonPathHolds(parseJsonPathWait(".status.phase='Running'"), pod)).toBe(true);
    expect(jsonPathHolds(parseJsonPathWait("{.status.readyReplicas}=3"), pod)).toBe(true);
    expect(jsonPathHolds(parseJsonPathWait("{.status.readyReplicas}=2"), pod)).toBe(false);
  });

  it("the value-less form holds once anything is found", () => {
    expect(jsonPathHolds(parseJsonPathWait("{.status.phase}"), pod)).toBe(true);
    expect(jsonPathHolds(parseJsonPathWait("{.status.podIP}"), pod)).toBe(false);
  });

  it("refuses bad input with kubectl's words", () => {
    expect(message(() => parseJsonPathWait(""))).toBe("error: jsonpath expression cannot be empty");
    expect(message(() => parseJsonPathWait("{.a}=b=c"))).toMatch(/^error: jsonpath wait format must be/);
    expect(message(() => parseJsonPathWait("{.a}="))).toMatch(/^error: jsonpath wait has to have a value/);
    expect(message(() => parseJsonPathWait("{.a"))).toMatch(/^error: unexpected path string/);
    expect(message(() => jsonPathHolds(parseJsonPathWait("{.spec.containers[*].name}=a"), pod))).toBe(
      "error: given jsonpath expression matches more than one value",
    );
    expect(message(() => jsonPathHolds(parseJsonPathWait("{.spec.containers}=x"), pod))).toBe(
      "error: jsonpath leads to a nested object or list which is not supported",
    );
  });
});
