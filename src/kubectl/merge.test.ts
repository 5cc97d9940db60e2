import { describe, expect, it } from "vitest";
import { threeWayMerge } from "./merge.js";

describe("apply's three-way merge", () => {
  it("keeps a live atomic list the configuration did not change (with what the server defaulted)", () => {
    const rules = [{ operations: ["CREATE"], resources: ["pods"] }];
    const live = { webhooks: [{ name: "a.b.c", rules: [{ ...rules[0], scope: "*" }], timeoutSeconds: 10 }] };
    const config = { webhooks: [{ name: "a.b.c", rules }] };
    expect(threeWayMerge(config, config, live)).toEqual(live);
  });
  it("replaces an atomic list the configuration changed", () => {
    const live = { args: ["a", "b"] };
    expect(threeWayMerge({ args: ["a", "b"] }, { args: ["c"] }, live)).toEqual({ args: ["c"] });
  });
});
