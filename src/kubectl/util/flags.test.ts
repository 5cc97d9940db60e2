import { describe, expect, it } from "vitest";
import { pflagBools } from "./flags.js";

describe("pflagBools", () => {
  it("gives back a word a [bool] option swallowed, in front, and leaves the flag on", () => {
    const flags: Record<string, unknown> = { current: "lab1" };
    expect(pflagBools(flags, ["current"], ["x"])).toEqual(["lab1", "x"]);
    expect(flags.current).toBe(true);
  });

  it("reads pflag's bool literals as the flag's value", () => {
    const flags: Record<string, unknown> = { a: "false", b: "T", c: "0", d: true };
    expect(pflagBools(flags, ["a", "b", "c", "d", "e"], [])).toEqual([]);
    expect(flags).toEqual({ a: false, b: true, c: false, d: true });
  });
});
