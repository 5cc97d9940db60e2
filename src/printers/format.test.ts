import { describe, expect, it } from "vitest";
import { humanDuration } from "./age.js";
import { tabwrite } from "./tabwriter.js";

describe("humanDuration", () => {
  it.each([
    [0, "0s"],
    [-1500, "0s"],
    [-2500, "<invalid>"],
    [45_000, "45s"],
    [119_000, "119s"],
    [120_000, "2m"],
    [200_000, "3m20s"],
    [599_000, "9m59s"],
    [600_000, "10m"],
    [179 * 60_000, "179m"],
    [3 * 3600_000, "3h"],
    [5 * 3600_000 + 12 * 60_000, "5h12m"],
    [47 * 3600_000, "47h"],
    [51 * 3600_000, "2d3h"],
    [400 * 86400_000, "400d"],
    [(3 * 365 + 45) * 86400_000, "3y45d"],
    [9 * 365 * 86400_000, "9y"],
  ])("%d ms is %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe("tabwrite", () => {
  it("pads to the widest cell + 3, minimum 6, and leaves the last column unpadded", () => {
    expect(
      tabwrite([
        ["NAME", "READY", "AGE"],
        ["a", "1/1", "5s"],
        ["longer-name", "0/2", "10m"],
      ]),
    ).toBe("NAME          READY   AGE\na             1/1     5s\nlonger-name   0/2     10m\n");
  });
});
