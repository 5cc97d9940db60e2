// The pod summary must carry every field `get pods` prints: the table from a summary and
// from the full pod are the same, for every pod shape the describe fixtures hold.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { KObject } from "../api/types.js";
import { printTable } from "../printers/table/print.js";
import { PODS } from "./resources.js";
import { podSummary } from "./storage.js";

const here = __dirname;
const testdata = path.join(here, "..", "printers", "describe", "testdata");

function pods(): KObject[] {
  const out: KObject[] = [];
  for (const f of ["example-objects.json", "variants.json"]) {
    const data = JSON.parse(fs.readFileSync(path.join(testdata, f), "utf8"));
    const items: KObject[] = Array.isArray(data) ? data : data.items;
    out.push(...items.filter((o) => o.kind === "Pod"));
  }
  return out;
}

describe("pod summaries", () => {
  const all = pods();
  it("cover a variety of pod shapes", () => {
    expect(all.length).toBeGreaterThan(5);
  });

  for (const wide of [false, true]) {
    it(`print the same ${wide ? "wide " : ""}table as full pods`, () => {
      const opts = {
        nowMs: Date.parse("2026-11-27T12:00:00Z"),
        wide,
        allNamespaces: true,
        namespaced: true,
        showLabels: true,
        labelColumns: ["app"],
        noHeaders: false,
      };
      expect(printTable(PODS, all.map(podSummary), opts)).toBe(printTable(PODS, all, opts));
    });
  }

  it("are several times smaller than the pods", () => {
    const full = JSON.stringify(all).length;
    const summary = JSON.stringify(all.map(podSummary)).length;
    expect(summary * 2).toBeLessThan(full);
  });
});
