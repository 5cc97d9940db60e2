import { describe, expect, it } from "vitest";
import { formatLabelSelector, formatLabels, fromLabelSelector, matches, parseSelector } from "./labels.js";

describe("label selectors", () => {
  const labels = { app: "web", tier: "front", env: "prod" };
  it.each([
    ["app=web", true],
    ["app==web", true],
    ["app!=web", false],
    ["app=db", false],
    ["app=web,tier=front", true],
    ["app=web,tier=back", false],
    ["env in (prod, staging)", true],
    ["env notin (prod)", false],
    ["tier", true],
    ["!tier", false],
    ["!missing", true],
    ["missing!=x", true],
    ["app in (web),!legacy", true],
  ])("%s matches: %s", (sel, want) => {
    expect(matches(parseSelector(sel), labels)).toBe(want);
  });

  it("rejects malformed selectors", () => {
    expect(() => parseSelector("app in web")).toThrow();
    expect(() => parseSelector("env in (a")).toThrow();
  });

  it("formats labels sorted by key, <none> when empty", () => {
    expect(formatLabels({ b: "2", a: "1" })).toBe("a=1,b=2");
    expect(formatLabels({})).toBe("<none>");
    expect(
      formatLabelSelector({ matchLabels: { name: "deployment", "pod-template-hash": "5d9c7b8f64" } }),
    ).toBe("name=deployment,pod-template-hash=5d9c7b8f64");
    expect(
      formatLabelSelector({ matchExpressions: [{ key: "env", operator: "In", values: ["b", "a"] }] }),
    ).toBe("env in (a,b)");
  });

  it("evaluates LabelSelector objects", () => {
    const sel = fromLabelSelector({
      matchLabels: { app: "web" },
      matchExpressions: [{ key: "env", operator: "Exists" }],
    });
    expect(matches(sel, labels)).toBe(true);
    expect(matches(sel, { app: "web" })).toBe(false);
  });
});
