import { describe, expect, it } from "vitest";
import { Recorder, Reprinted } from "./reprinted.js";

describe("Reprinted", () => {
  it("skips the lines a first run printed and prints the rest", () => {
    const r = new Reprinted('pod "web" deleted\n');
    expect(r.filter('pod "web" deleted\n')).toBe("");
    expect(r.filter("next\n")).toBe("next\n");
    expect(r.flush()).toBe("");
  });
  it("holds a partial line until it can tell, across writes", () => {
    const r = new Reprinted("a\nb\n");
    expect(r.filter("a")).toBe("");
    expect(r.filter("\nb")).toBe("");
    expect(r.filter("\nc\n")).toBe("c\n");
  });
  it("prints everything from the first line that differs, whole", () => {
    const r = new Reprinted("Waiting 1 of 3\nWaiting 2 of 3\n");
    expect(r.filter("Waiting 1 of 3\nWaiting 3 of 3\ndone\n")).toBe("Waiting 3 of 3\ndone\n");
    expect(r.filter("more\n")).toBe("more\n");
  });
  it("passes everything through when nothing was printed, and flushes an unmatched tail", () => {
    expect(new Reprinted("").filter("x")).toBe("x");
    const r = new Reprinted("a\n");
    expect(r.filter("a\npartial")).toBe("partial");
    const q = new Reprinted("a\nb");
    expect(q.filter("a\nc")).toBe("");
    expect(q.flush()).toBe("c");
  });
});

describe("Recorder", () => {
  it("keeps what was written until it would pass the limit", () => {
    const rec = new Recorder();
    rec.add("abc");
    expect(rec.text).toBe("abc");
    rec.add("x".repeat(1 << 20));
    expect(rec.overflow).toBe(true);
    expect(rec.text).toBe("");
  });
});
