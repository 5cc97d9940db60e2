// Hostile templates: deep nesting fails with an error instead of overflowing the JS stack,
// and long templates run in linear time.
import { describe, expect, it } from "vitest";
import { printGoTemplate, TemplateError } from "./gotemplate.js";
import { MAX_TEMPLATE_NESTING } from "./gotemplate-parse.js";
import { printJsonPath } from "./jsonpath.js";
import { MAX_RANGE_NESTING } from "./jsonpath-parse.js";

const go = (t: string, data: unknown = { a: [1] }) => printGoTemplate(t, data, { allowMissingKeys: true });
const nest = (open: string, inner: string, close: string, n: number) =>
  open.repeat(n) + inner + close.repeat(n);

describe("go-template nesting", () => {
  const shapes: [string, (n: number) => string, string][] = [
    ["parentheses", (n) => `{{${nest("(", "1", ")", n)}}}`, "1"],
    ["function calls", (n) => `{{${nest("print (", "1", ")", n)}}}`, "1"],
    ["if", (n) => nest("{{if 1}}", "x", "{{end}}", n), "x"],
    ["range", (n) => nest("{{range $.a}}", "x", "{{end}}", n), "x"],
    ["with", (n) => nest("{{with .}}", "x", "{{end}}", n), "x"],
    ["else if chains", (n) => `{{if 0}}${"{{else if 0}}".repeat(n)}{{else}}x{{end}}`, "x"],
  ];

  it.each(shapes)("runs %s up to the limit", (_, make, out) => {
    expect(go(make(MAX_TEMPLATE_NESTING - 1))).toBe(out);
  });

  it.each(shapes)("refuses %s 30,000 deep with Go's words", (_, make) => {
    const t = Date.now();
    expect(() => go(make(30000))).toThrow(TemplateError);
    expect(() => go(make(30000))).toThrow(/template: output:1: max expression depth exceeded$/);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it("lexes a template of 100,000 actions without recursion", () => {
    expect(go("{{1}}".repeat(100000))).toBe("1".repeat(100000));
  });
});

describe("jsonpath range nesting", () => {
  const ranges = (n: number) => nest("{range .a[*]}", "x", "{end}", n);

  it("runs nested ranges up to the limit in linear time", () => {
    expect(printJsonPath(ranges(2), { a: [{ a: [1] }] })).toBe("x");
    const t = Date.now();
    expect(printJsonPath(ranges(MAX_RANGE_NESTING), { a: [1] })).toBe("");
    expect(Date.now() - t).toBeLessThan(1000);
  });

  it("refuses a 30,000-deep range before running it", () => {
    const t = ranges(30000);
    expect(() => printJsonPath(t, {})).toThrow(
      `error parsing jsonpath ${t}, kubesim: {range} nested deeper than ${MAX_RANGE_NESTING} levels\n`,
    );
  });
});
