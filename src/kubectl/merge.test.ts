import { describe, expect, it } from "vitest";
import { threeWayMerge } from "./merge.js";

describe("apply's three-way merge", () => {
  it("merges webhooks by name, keeping what others set in them (certgen's caBundle)", () => {
    const rules = [{ operations: ["CREATE"], resources: ["pods"], scope: "*" }];
    const live = {
      webhooks: [{ name: "a.b.c", rules, clientConfig: { caBundle: "Q0E=" }, timeoutSeconds: 10 }],
    };
    const config = { webhooks: [{ name: "a.b.c", rules, clientConfig: {} }] };
    expect(threeWayMerge(config, config, live)).toEqual(live);
  });
  it("replaces an atomic list that differs from the live one, even one only the server defaulted", () => {
    // Strategic merge diffs the configuration against the live object: a RoleBinding whose
    // subjects omit apiGroup is patched on every apply ("configured"), as rancher/rancher#35047
    // reports of the real kubectl; the server then defaults apiGroup again.
    const subjects = [{ kind: "User", name: "jane" }];
    const live = { subjects: [{ ...subjects[0], apiGroup: "rbac.authorization.k8s.io" }] };
    expect(threeWayMerge({ subjects }, { subjects }, live)).toEqual({ subjects });
  });
  it("replaces an atomic list the configuration changed", () => {
    const live = { args: ["a", "b"] };
    expect(threeWayMerge({ args: ["a", "b"] }, { args: ["c"] }, live)).toEqual({ args: ["c"] });
  });
});
