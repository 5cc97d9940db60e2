import { describe, expect, it } from "vitest";
import { compareKeys, goSort } from "./sort.js";

describe("compareKeys", () => {
  it("orders keys by code point, not UTF-16 unit", () => {
    expect(["\u{1F600}", "\uffff", "a"].sort(compareKeys)).toEqual(["a", "\uffff", "\u{1F600}"]);
  });
});

describe("goSort", () => {
  it("orders by less, as Go's sort.Slice does", () => {
    const xs = Array.from({ length: 20 }, (_, i) => ({ k: i % 3, i }));
    const sorted = goSort([...xs], (a, b) => a.k < b.k);
    expect(sorted.map((x) => x.k)).toEqual([...xs].map((x) => x.k).sort());
  });
});
