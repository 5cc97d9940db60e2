// strconv.Quote as kubectl (file names, label values), the apiserver (field errors) and
// text/template (%q) print it; the expectations are Go's own output.
import { describe, expect, it } from "vitest";
import { isPrint, quote, runeU } from "./strconv.js";

describe("quote", () => {
  it("escapes quotes, backslashes and named controls", () => {
    expect(quote('a"b\\c\n\t\x07\b\f\r\v')).toBe('"a\\"b\\\\c\\n\\t\\a\\b\\f\\r\\v"');
  });

  it("writes other C0 controls and DEL as \\x, C1 controls as \\u", () => {
    expect(quote("\x00\x1b\x7f\u0085")).toBe('"\\x00\\x1b\\x7f\\u0085"');
  });

  it("keeps printable runes, escapes format, separator, private and unassigned ones", () => {
    expect(quote("é 😀 ✓")).toBe('"é 😀 ✓"');
    expect(quote("\u200b\u2028\u00a0\ue000\u0378")).toBe('"\\u200b\\u2028\\u00a0\\ue000\\u0378"');
    expect(quote("\u{e0001}")).toBe('"\\U000e0001"');
  });

  it("quotes a rune with single quotes, leaving double quotes alone", () => {
    expect(quote("'", { quote: "'" })).toBe("'\\''");
    expect(quote('"', { quote: "'" })).toBe("'\"'");
  });

  it("keeps U+FFFD unless asked to escape it", () => {
    expect(quote("\ufffd")).toBe('"\ufffd"');
    expect(quote("\ufffd", { escapeReplacement: true })).toBe('"\\ufffd"');
  });
});

describe("isPrint and %#U", () => {
  it("counts the ASCII space but no other space as printable", () => {
    expect(isPrint(" ")).toBe(true);
    expect(isPrint("\u00a0")).toBe(false);
  });

  it("answers ASCII as the Unicode classes do", () => {
    const classes = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
    for (let c = 0; c < 0x80; c++)
      expect(isPrint(String.fromCharCode(c))).toBe(classes.test(String.fromCharCode(c)));
    expect(isPrint("é")).toBe(true);
    expect(isPrint("\u200b")).toBe(false);
  });

  it("shows the rune only when it is printable", () => {
    expect(runeU("}")).toBe("U+007D '}'");
    expect(runeU("\x01")).toBe("U+0001");
  });
});
