import { describe, expect, it } from "vitest";
import {
  addQuantity,
  canonicalQuantity,
  compareQuantity,
  ERR_FORMAT_WRONG,
  formatQuantity,
  parseQuantity,
  quantityMilliValue,
  quantityOrZero,
  quantityString,
  quantityValue,
} from "./quantity.js";

describe("quantities", () => {
  it("canonicalize as the apiserver stores them", () => {
    const cases: Array<[string, string]> = [
      ["0.5", "500m"],
      ["1000m", "1"],
      ["1024Mi", "1Gi"],
      ["1.5Gi", "1536Mi"],
      ["2000", "2k"],
      ["0.5Ki", "512"],
      ["1e3", "1e3"],
      ["128974848", "128974848"],
    ];
    for (const [input, out] of cases) {
      const q = parseQuantity(input);
      expect(typeof q === "string" ? q : formatQuantity(q)).toBe(out);
    }
    expect(canonicalQuantity("0.0001", true)).toBe("1m");
    expect(canonicalQuantity(2)).toBe("2");
  });
});

describe("quantityString (Quantity.String() as describe shows it)", () => {
  it.each([
    ["0", "0"],
    ["1000m", "1"],
    ["1.5", "1500m"],
    ["0.1", "100m"],
    ["2k", "2k"],
    ["100M", "100M"],
    ["0.5Gi", "512Mi"],
    ["1024Ki", "1Mi"],
    ["1100Ki", "1100Ki"],
    ["102626232Ki", "102626232Ki"],
    ["512", "512"],
  ])("%s -> %s", (input, text) => {
    expect(quantityString(input)).toBe(text);
  });
});

describe("describe's arithmetic", () => {
  it("adds, keeping the first non-zero format", () => {
    const sum = addQuantity(quantityOrZero("512Mi"), quantityOrZero("0.5Gi"));
    expect(formatQuantity(sum)).toBe("1Gi");
    expect(formatQuantity(addQuantity(quantityOrZero("0"), quantityOrZero("1Ki")))).toBe("1Ki");
    expect(formatQuantity(addQuantity(quantityOrZero("100m"), quantityOrZero("-300m")))).toBe("-200m");
  });

  it("scales with rounding up", () => {
    expect(quantityValue(quantityOrZero("1500m"))).toBe(2n);
    expect(quantityValue(quantityOrZero("-1500m"))).toBe(-1n);
    expect(quantityMilliValue(quantityOrZero("0.5"))).toBe(500n);
    expect(quantityMilliValue(quantityOrZero("1n"))).toBe(1n);
  });

  it("reads numbers as their text and the unparseable as zero", () => {
    expect(quantityString(2.5)).toBe("2500m");
    expect(quantityString("bogus")).toBe("0");
    expect(quantityString(undefined)).toBe("0");
    expect(compareQuantity(quantityOrZero("1Gi"), quantityOrZero("1G"))).toBe(1);
  });

  it("parses without trimming when asked, as ParseQuantity does", () => {
    expect(parseQuantity(" 5", { trim: false })).toBe(ERR_FORMAT_WRONG);
    expect(formatQuantity(parseQuantity(" 5") as never)).toBe("5");
  });
});
