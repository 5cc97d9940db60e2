import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { goQuote } from "../golang/fmt.js";
import {
  findJsonPathResults,
  goNumber,
  goSyntax,
  goValue,
  JsonPathError,
  parseJsonPath,
  printJsonPath,
} from "./jsonpath.js";
import { type CapturedCase, capturedCases } from "./testdata/captured.js";

// cases.json was captured from the real kubectl v1.32 (`kubectl get ... -o jsonpath=...`
// through /work/shared/tools/kubectl-oracle.mjs) by testdata/jsonpath/capture.mjs; each
// case's input is kubectl's own `-o json` of the same query (input-TARGET.json).
const DIR = join(__dirname, "testdata", "jsonpath");

type Case = CapturedCase;
const { cases, input } = capturedCases(DIR);

/** What `kubectl get` does with these printers: stdout, then "error: ..." on stderr and exit 1. */
function runLikeKubectl(c: Case): { stdout: string; stderr: string; code: number } {
  const data = input(c.target);
  const allowMissingKeys = !c.flags.includes("--allow-missing-template-keys=false");
  try {
    const [format, template] = c.output.split(/=(.*)/s);
    const stdout = printJsonPath(template, data, { allowMissingKeys, asJson: format === "jsonpath-as-json" });
    return { stdout, stderr: "", code: 0 };
  } catch (e) {
    if (!(e instanceof JsonPathError)) throw e;
    let msg = e.message.startsWith("error: ") ? e.message : `error: ${e.message}`;
    if (!msg.endsWith("\n")) msg += "\n";
    return { stdout: "", stderr: msg, code: 1 };
  }
}

// Go walks maps in random order, so `..` over several maps gives the same words in any order.
const unordered = (c: Case) => c.output.includes("..name");
const words = (s: string) => s.split(/[ \n]+/).sort();

describe("jsonpath matches kubectl v1.32", () => {
  const jp = cases.filter((c) => c.output.startsWith("jsonpath"));
  it("has captured cases", () => expect(jp.length).toBeGreaterThan(100));
  it.each(jp.map((c) => [`${c.target}: ${c.output} ${c.flags.join(" ")}`, c] as const))("%s", (_, c) => {
    const got = runLikeKubectl(c);
    if (unordered(c)) {
      expect(words(got.stdout)).toEqual(words(c.stdout));
      expect({ ...got, stdout: "" }).toEqual({ stdout: "", stderr: c.stderr, code: c.code });
    } else expect(got).toEqual({ stdout: c.stdout, stderr: c.stderr, code: c.code });
  });
});

describe("parseJsonPath", () => {
  it("splits text and actions", () => {
    expect(parseJsonPath("a{.b}c").nodes.map((n) => n.kind)).toEqual(["text", "list", "text"]);
  });
  it.each([
    ["{.a", "unclosed action"],
    ["{.a\n}", "unclosed action"],
    ["{[1}", "unterminated array"],
    ["{.a[?(@.x}", "unterminated filter"],
    ["{'x}", "unterminated quoted string"],
    ["{-}", "cannot parse number -"],
    ["{.a[1:-]}", "array index - is not a number"],
    ["{.a[a,b]}", "invalid array index a"],
    ["{%}", "unrecognized character in action: U+0025 '%'"],
    ["{\u0001}", "unrecognized character in action: U+0001"],
    ['{"\\z"}', 'unquote string "\\z" error invalid syntax'],
    ['{"\\\'"}', 'unquote string "\\\'" error invalid syntax'],
  ])("%j fails with %j", (tpl, reason) => {
    expect(() => parseJsonPath(tpl)).toThrow(new JsonPathError(reason));
  });
});

describe("jsonpath evaluation details", () => {
  const run = (tpl: string, data: unknown, allowMissingKeys = true) =>
    findJsonPathResults(parseJsonPath(tpl), data, { allowMissingKeys });

  it("reads [] as [0], and stops at the first empty slice", () => {
    expect(run("{.a[]}", { a: [1, 2] })).toEqual([[1]]);
    expect(run("{.a[*][1:1]}", { a: [[1], [2, 3]] })).toEqual([[]]);
  });
  it("treats 2.0 in a template as a float, which cannot be compared with an integer", () => {
    expect(() => run("{.a[?(@>2.0)]}", { a: [3] })).toThrow("incompatible types for comparison");
    expect(run("{.a[?(@>2.0)]}", { a: [3.5, 1.5] })).toEqual([[3.5]]);
  });
  it("compares strings byte-wise and rejects ordering of booleans", () => {
    expect(run('{.a[?(@<"b")]}', { a: ["a", "B", "é", "c"] })).toEqual([["a", "B"]]);
    expect(() => run("{.a[?(@<true)]}", { a: [false] })).toThrow("invalid type for comparison");
    expect(run("{.a[?(@==true)]}", { a: [false, true] })).toEqual([[true]]);
  });
  it("keeps an item whose existence test fails on an index out of range (client-go returns its input)", () => {
    expect(run("{.a[?(@.x[5])].n}", { a: [{ n: 1, x: [1] }, { n: 2 }] })).toEqual([[1]]);
  });
  it("prints a range over null items as <no value>", () => {
    expect(printJsonPath("{range .a[*]}{@};{end}", { a: [null, 1] })).toBe("<no value>;1;");
  });
  it("prints literals, including floats, the way Go does", () => {
    expect(printJsonPath("{2.0} {+7} {1.} {true}", {})).toBe("2 7 1 true");
  });
  it("rejects an empty template like kubectl's flag layer", () => {
    expect(() => printJsonPath("", {})).toThrow("template format specified but no template given");
  });
  it("returns a string's bytes for * and ..", () => {
    expect(run("{.s.*}", { s: "é" })).toEqual([[0xc3, 0xa9]]);
  });
});

describe("Go formatting", () => {
  it.each([
    [0, "0"],
    [-3, "-3"],
    [1.5, "1.5"],
    [123456.5, "123456.5"],
    [1234567.5, "1.2345675e+06"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1e21, "1e+21"],
    [2 ** 53, "9007199254740992"],
    [1e100, "1e+100"],
  ])("goNumber(%d) = %s", (n, s) => expect(goNumber(n)).toBe(s));

  it("quotes like strconv.Quote", () => {
    expect(goQuote('a"b\\c\n\t\x00\x7fé\u2028😀')).toBe('"a\\"b\\\\c\\n\\t\\x00\\x7fé\\u2028😀"');
  });
  it("formats %v and %#v of decoded JSON", () => {
    const v = { b: [1, "x", null], a: { z: true }, c: 1.5 };
    expect(goValue(v)).toBe("map[a:map[z:true] b:[1 x <nil>] c:1.5]");
    expect(goSyntax(v)).toBe(
      'map[string]interface {}{"a":map[string]interface {}{"z":true}, "b":[]interface {}{1, "x", interface {}(nil)}, "c":1.5}',
    );
  });
});
