import { describe, expect, it } from "vitest";
import { StatusError } from "../apiserver/errors.js";
import { internalErrorText, isInternalError } from "./internal-error.js";
import { CliError } from "./io.js";

describe("internal errors", () => {
  it("are JavaScript's own errors and non-errors, not kubesim's", () => {
    expect(isInternalError(new TypeError("x"))).toBe(true);
    expect(isInternalError(new RangeError("x"))).toBe(true);
    expect(isInternalError(new SyntaxError("x"))).toBe(true);
    expect(isInternalError("a string")).toBe(true);
    expect(isInternalError(new CliError("error: x"))).toBe(false);
    expect(isInternalError(new StatusError("NotFound", "x", 404))).toBe(false);
    // A plain Error carries kubesim's or Node's own words (KUBESIM_NOW, EACCES): those stay.
    expect(isInternalError(new Error("KUBESIM_NOW: cannot parse time"))).toBe(false);
  });

  it("say what kind of failure it was without quoting JavaScript", () => {
    const cases: [unknown, string][] = [
      [
        new RangeError("Maximum call stack size exceeded"),
        "it ran out of stack, most likely on input nested too deeply",
      ],
      [new RangeError("Invalid string length"), "a text or list grew larger than it can hold"],
      [
        new TypeError("Cannot read properties of undefined (reading 'pods')"),
        "it met data of a shape it did not expect",
      ],
      [new SyntaxError("Unexpected token"), "an internal SyntaxError"],
      [42, "something that is not an error was thrown"],
    ];
    for (const [e, kind] of cases) {
      const text = internalErrorText(e, false);
      expect(text).toBe(
        `error: kubesim failed unexpectedly (${kind}). This is a bug in kubesim, not a message from kubectl: ` +
          "please report it with the command that caused it. Run it again with KUBESIM_DEBUG=1 to see the details.\n",
      );
      if (e instanceof Error) expect(text).not.toContain(e.message);
    }
  });

  it("show the stack first with KUBESIM_DEBUG", () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'pods')");
    const text = internalErrorText(e, true);
    expect(text.startsWith(`${e.stack}\n`)).toBe(true);
    expect(text).not.toContain("KUBESIM_DEBUG=1 to see");
  });
});
