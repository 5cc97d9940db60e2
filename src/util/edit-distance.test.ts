import { describe, expect, it } from "vitest";
import { levenshtein, typoDistance } from "./edit-distance.js";

describe("edit distances", () => {
  it("counts a swap of neighbours as one typo, two Levenshtein edits", () => {
    expect(typoDistance("ngnix", "nginx")).toBe(1);
    expect(levenshtein("ngnix", "nginx")).toBe(2);
  });

  it("counts insertions, deletions and substitutions", () => {
    expect(levenshtein("", "get")).toBe(3);
    expect(levenshtein("gte", "get")).toBe(2);
    expect(levenshtein("delte", "delete")).toBe(1);
    expect(typoDistance("kitten", "sitting")).toBe(3);
  });
});
