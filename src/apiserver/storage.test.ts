// The pod summary must carry every field `get pods` prints: the table from a summary and
// from the full pod are the same, for every pod shape the describe fixtures hold.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { KObject } from "../api/types.js";
import { printTable } from "../printers/table/print.js";
import { NODES, PODS } from "./resources.js";
import { nodeSummary, podSummary } from "./storage.js";

const here = __dirname;
const testdata = path.join(here, "..", "printers", "describe", "testdata");

function objects(kind: string): KObject[] {
  const out: KObject[] = [];
  for (const f of ["example-objects.json", "variants.json"]) {
    const data = JSON.parse(fs.readFileSync(path.join(testdata, f), "utf8"));
    const items: KObject[] = Array.isArray(data) ? data : data.items;
    out.push(...items.filter((o) => o.kind === kind));
  }
  return out;
}

describe("pod summaries", () => {
  const all = objects("Pod");
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

describe("node summaries", () => {
  const printers = path.join(here, "..", "printers", "testdata");
  const listed = JSON.parse(fs.readFileSync(path.join(printers, "list-nodes.json"), "utf8"))
    .items as KObject[];
  // A cordoned, tainted, not-ready node beside kind's own.
  const odd = {
    ...listed[0],
    metadata: { ...listed[0].metadata, name: "odd", deletionTimestamp: "2026-11-27T11:00:00Z" },
    spec: { unschedulable: true, taints: [{ key: "k", effect: "NoSchedule" }] },
    status: {
      ...(listed[0] as unknown as { status: object }).status,
      conditions: [{ type: "Ready", status: "Unknown" }],
    },
  } as KObject;
  const all = [...objects("Node"), ...listed, odd];

  it("cover kind's nodes and odd ones", () => {
    expect(all.length).toBeGreaterThan(3);
  });

  for (const wide of [false, true]) {
    it(`print the same ${wide ? "wide " : ""}table as full nodes`, () => {
      const opts = {
        nowMs: Date.parse("2026-11-27T12:00:00Z"),
        wide,
        allNamespaces: false,
        namespaced: false,
        showLabels: true,
        labelColumns: ["kubernetes.io/hostname"],
        noHeaders: false,
      };
      expect(printTable(NODES, all.map(nodeSummary), opts)).toBe(printTable(NODES, all, opts));
    });
  }

  it("are several times smaller than the nodes", () => {
    const full = JSON.stringify(listed).length;
    const summary = JSON.stringify(listed.map(nodeSummary)).length;
    expect(summary * 2).toBeLessThan(full);
  });
});
