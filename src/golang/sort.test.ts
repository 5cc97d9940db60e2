import { describe, expect, it } from "vitest";
import { compareKeys, goSort } from "./sort.js";

describe("compareKeys", () => {
  it("orders keys by code point, not UTF-16 unit", () => {
    expect(["\u{1F600}", "\uffff", "a"].sort(compareKeys)).toEqual(["a", "\uffff", "\u{1F600}"]);
  });

  it("agrees with a comparison of the strings' UTF-8 bytes, surrogates and prefixes included", () => {
    const words = [
      "",
      "a",
      "ab",
      "a-b",
      "a.b",
      "A",
      "é",
      "\ud7ff",
      "\ue000",
      "\uffff",
      "\u{10000}",
      "\u{1F600}x",
      "\u{1F601}",
      "z\u{1F600}",
      "z\uffff",
    ];
    for (const a of words)
      for (const b of words) {
        const bytes = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
        expect(Math.sign(compareKeys(a, b)), `${a} vs ${b}`).toBe(bytes);
      }
  });
});

describe("goSort", () => {
  it("orders by less, as Go's sort.Slice does", () => {
    const xs = Array.from({ length: 20 }, (_, i) => ({ k: i % 3, i }));
    const sorted = goSort([...xs], (a, b) => a.k < b.k);
    expect(sorted.map((x) => x.k)).toEqual([...xs].map((x) => x.k).sort());
  });
});
