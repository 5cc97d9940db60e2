// POSIX regular expressions on RE2: GNU grep's and bash's results (checked against GNU grep
// 3.8 and bash 5.2), in time linear in the input.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BackReferenceError, compileBashRegex, compileRegex, posixToRe2 } from "./regex.js";
import { testShell } from "./testkit.js";

describe("posixToRe2", () => {
  it.each([
    ["a\\{2\\}", false, "a{2}"],
    ["a{2}", false, "a\\{2\\}"],
    ["\\(a\\)\\|b", false, "(a)|b"],
    ["(a)", false, "\\(a\\)"],
    ["x\\+y", false, "x+y"],
    ["*a", false, "\\*a"],
    ["*a", true, "a"],
    ["a|*b", true, "a|b"],
    ["[[:digit:]]+", true, "[0-9]+"],
    ["[]a]", true, "[\\]a]"],
    ["\\<foo\\>", false, "\\bfoo\\b"],
    ["a.b\\.c", true, "a.b\\.c"],
  ])("%s (ERE %s) is %s", (posix, extended, re2) => {
    expect(posixToRe2(posix, extended)).toBe(re2);
  });

  it("refuses back-references, which no linear-time matcher can do", () => {
    expect(() => posixToRe2("\\(ab\\)\\1", false)).toThrow(BackReferenceError);
    expect(() => compileBashRegex([{ text: "(ab)\\1", quoted: false }])).toThrow(
      "kubesim: back-references such as \\1 are not supported: matching them can take exponential time",
    );
  });
});

describe("compileRegex", () => {
  it("matches leftmost-longest, as POSIX (and GNU grep -o) does", () => {
    expect(compileRegex("a|ab", { extended: true }).matches("abcd ab")).toEqual(["ab", "ab"]);
  });

  it("finds whole words for -w, a separator serving two words", () => {
    expect(compileRegex("foo", { extended: false, word: true }).matches("foo foo xfoo")).toEqual([
      "foo",
      "foo",
    ]);
    expect(compileRegex("foo", { extended: false, word: true }).test("xfoo foox")).toBe(false);
  });

  it("takes -F literally and -i without case", () => {
    expect(compileRegex("a.b", { extended: false, fixed: true }).test("axb")).toBe(false);
    expect(compileRegex("abc", { extended: false, ignoreCase: true, line: true }).test("AbC")).toBe(true);
  });

  it("answers catastrophic patterns in linear time", () => {
    const t = Date.now();
    const re = compileRegex("^(a+)+$", { extended: true });
    expect(re.test(`${"a".repeat(100000)}b`)).toBe(false);
    expect(re.test("a".repeat(100000))).toBe(true);
    expect(Date.now() - t).toBeLessThan(1000);
  });
});

describe("grep and [[ =~ ]] in the shell", () => {
  it("answer ^(a+)+$ on 30 a's and a b at once", async () => {
    const { run } = testShell();
    const a = "a".repeat(30);
    const t = Date.now();
    const r = await run(
      `x=${a}; [[ $x =~ ^(a+)+$ ]] && echo m; x=${a}b; [[ $x =~ ^(a+)+$ ]] || echo nm; ` +
        `echo ${a}b | grep -E '^(a+)+$'; echo rc=$?; echo ${a} | grep '^\\(a\\+\\)\\+$'`,
    );
    expect(r.out).toBe(`m\nnm\nrc=1\n${a}\n`);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it("refuse a back-reference with a message that says why", async () => {
    const { run } = testShell();
    const r = await run("echo abab | grep -E '(ab)\\1'; echo rc=$?");
    expect(r).toEqual({
      out: "rc=2\n",
      err: "grep: kubesim: back-references such as \\1 are not supported: matching them can take exponential time\n",
      status: 0,
    });
    // In [[ ]] a backslash quotes the 1: bash matches a literal "(ab)1", no back-reference.
    expect((await run("x=abab; [[ $x =~ (ab)\\1 ]]; echo rc=$?")).out).toBe("rc=1\n");
    const t = await run("x=abab; re='(ab)\\1'; [[ $x =~ $re ]]; echo rc=$?");
    expect(t).toEqual({
      out: "rc=2\n",
      err: "bash: kubesim: back-references such as \\1 are not supported: matching them can take exponential time\n",
      status: 0,
    });
  });

  it("reads quoted parts of an =~ pattern literally", async () => {
    const { run } = testShell();
    expect((await run('x=a.b; [[ $x =~ "a.b" ]] && echo y; x=axb; [[ $x =~ "a.b" ]] || echo n')).out).toBe(
      "y\nn\n",
    );
  });
});

describe("the shell's sources", () => {
  it("build no JavaScript RegExp at run time: user patterns go through regex.ts or pattern.ts", () => {
    const files = [
      ...readdirSync(__dirname).map((f) => join(__dirname, f)),
      ...readdirSync(join(__dirname, "builtins")).map((f) => join(__dirname, "builtins", f)),
    ].filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) expect(readFileSync(f, "utf8"), f).not.toMatch(/new RegExp\(|\bRegExp\(/);
  });

  it("split a long line of blanks for read in linear time", async () => {
    const { run } = testShell();
    const t = Date.now();
    const r = await run(`x=$(printf '%200000s' x); read a b <<< "$x"; echo "[$a][$b]"`);
    expect(r.out).toBe("[x][]\n");
    expect(Date.now() - t).toBeLessThan(2000);
  });
});
