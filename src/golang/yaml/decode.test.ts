import { describe, expect, it } from "vitest";
import { MAX_OBJECT_DEPTH, NestingTooDeepError, yamlToJson } from "./decode.js";

const HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n";
const items = (k: number) => Array(k).fill(1).join(",");
const keys = (k: number) => Array.from({ length: k }, (_, j) => `k${j}: v`).join(", ");
const lines = (m: number, f: (j: number) => string) => Array.from({ length: m }, (_, j) => f(j)).join("");

// Each shape at the alias count where the real kubectl v1.32 starts refusing it (found by
// bisection against kubectl create --dry-run=client): the count below passes, this one fails.
const SHAPES: [string, number, (m: number) => string][] = [
  ["a sequence of aliases", 127, (m) => `l: &a [${items(500)}]\nm: [${Array(m).fill("*a").join(",")}]\n`],
  ["merge keys", 198, (m) => `b: &b {${keys(500)}}\n${lines(m, (j) => `x${j}: {<<: *b, z: 1}\n`)}`],
  ["alias keys", 481, (m) => `s: &s key\nb: &b [${items(500)}]\n${lines(m, (j) => `x${j}: {*s : *b}\n`)}`],
  [
    "merges of sequences",
    247,
    (m) => `b: &b {${keys(500)}}\n${lines(m, (j) => `x${j}: {<<: [*b, {q: 1}]}\n`)}`,
  ],
];

describe("go-yaml's alias expansion limit", () => {
  it.each(SHAPES)("refuses %s from the same count as kubectl", (_, flips, doc) => {
    expect(() => yamlToJson(HEAD + doc(flips - 1))).not.toThrow();
    expect(() => yamlToJson(HEAD + doc(flips))).toThrow("yaml: document contains excessive aliasing");
  });

  it("stops a billion laughs at once", () => {
    const levels = "abcdefghi";
    let doc = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
    for (let i = 1; i < levels.length; i++) {
      const prev = `*${levels[i - 1]}`;
      doc += `${levels[i]}: &${levels[i]} [${Array(9).fill(prev).join(",")}]\n`;
    }
    const t = Date.now();
    expect(() => yamlToJson(doc)).toThrow("yaml: document contains excessive aliasing");
    expect(Date.now() - t).toBeLessThan(1000);
  });
});

describe("nesting depth", () => {
  const flow = (n: number) => `a: ${"[".repeat(n)}${"]".repeat(n)}\n`;
  const block = (n: number) => `a:\n  ${"- ".repeat(n)}x\n`;

  it("stops at go-yaml's 10000 levels with its message, flow or block", () => {
    expect(() => yamlToJson(flow(30000))).toThrow(/^yaml: exceeded max depth of 10000$/);
    expect(() => yamlToJson(block(30000))).toThrow(/^yaml: line 2: exceeded max depth of 10000$/);
  });

  it("decodes up to kubesim's own limit and refuses beyond it with its own message", () => {
    expect(yamlToJson(flow(MAX_OBJECT_DEPTH - 1))).toBeTruthy();
    expect(() => yamlToJson(flow(MAX_OBJECT_DEPTH))).toThrow(NestingTooDeepError);
    expect(() => yamlToJson(block(9999))).toThrow(NestingTooDeepError);
  });

  it("counts depth reached through aliases", () => {
    const half = (inner: string) => `${"[".repeat(600)}${inner}${"]".repeat(600)}`;
    expect(() => yamlToJson(`a: &a ${half("")}\n`)).not.toThrow();
    expect(() => yamlToJson(`a: &a ${half("")}\nb: ${half("*a")}\n`)).toThrow(NestingTooDeepError);
  });
});
