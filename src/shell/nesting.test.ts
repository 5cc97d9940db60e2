// Deep nesting fails with a message instead of overflowing the JavaScript stack.
import { describe, expect, it } from "vitest";
import { MAX_NESTING } from "./lexer.js";
import { testShell } from "./testkit.js";

const nest = (open: string, inner: string, close: string, n: number) =>
  open.repeat(n) + inner + close.repeat(n);

describe("nesting", () => {
  const shapes: [string, (n: number) => string][] = [
    ["subshells", (n) => nest("( ", "echo ok", " )", n)],
    ["groups", (n) => nest("{ ", "echo ok", "; }", n)],
    ["ifs", (n) => nest("if true; then ", "echo ok", "; fi", n)],
    ["command substitutions", (n) => `echo ${nest("$(echo ", "ok", ")", n)}`],
    ["parameter defaults", (n) => `echo ${nest("${x:-", "ok", "}", n)}`],
  ];

  it.each(shapes)("runs %s nested up to the limit", async (_, make) => {
    const { script } = testShell();
    expect(await script(make(MAX_NESTING - 1))).toEqual({ out: "ok\n", err: "", status: 0 });
  });

  it.each(shapes)("refuses %s nested 30,000 deep as a syntax error", async (_, make) => {
    const { script } = testShell();
    expect(await script(make(30000))).toEqual({
      out: "",
      err: `bash: line 1: syntax error: nested deeper than ${MAX_NESTING} levels, more than kubesim supports\n`,
      status: 2,
    });
  });

  it("stops arithmetic at bash's recursion level, parentheses or long chains", async () => {
    const { run } = testShell();
    expect((await run(`echo $((${nest("(", "1", ")", 1000)}))`)).out).toBe("1\n");
    const deep = await run(`echo $((${nest("(", "1", ")", 30000)}))`);
    expect(deep.err).toMatch(/: expression recursion level exceeded \(error token is "/);
    expect(deep.status).toBe(1);
    const chain = await run(`echo $((${Array(5000).fill(1).join("+")}))`);
    expect(chain.err).toMatch(/: expression recursion level exceeded/);
  });
});
