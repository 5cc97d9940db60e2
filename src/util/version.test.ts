import { describe, expect, it } from "vitest";
import { versionBefore } from "./version.js";

describe("versionBefore", () => {
  it("compares releases part by part", () => {
    expect(versionBefore("1.28.4", "1.29")).toBe(true);
    expect(versionBefore("1.36.1", "1.36")).toBe(false);
    expect(versionBefore("1.9.0", "1.10")).toBe(true);
    expect(versionBefore("1.30", "1.30.0")).toBe(false);
  });
});
