// --sort-by against orders the real kubectl v1.32 printed (through the kubectl oracle) for
// generated pods: ties and missing fields land where Go's unstable sort puts them.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SortByError, sortByField } from "./sortby.js";

const KLOG = { nowMs: Date.UTC(2026, 10, 27, 10), pid: 4242 };

/** 300 pods with random labels k (digits), s (words and quantities) and spec.priority, some missing. */
function generated(): Record<string, any>[] {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const items: Record<string, any>[] = [];
  for (let i = 0; i < 300; i++) {
    const labels: Record<string, string> = {};
    if (rnd() < 0.8) labels.k = String(Math.floor(rnd() * 10));
    if (rnd() < 0.7) labels.s = ["a", "b", "c10", "c9", "1Gi", "500Mi"][Math.floor(rnd() * 6)];
    const priority = rnd() < 0.5 ? Math.floor(rnd() * 5) : undefined;
    const spec: Record<string, unknown> = { containers: [{ name: "c", image: "x" }] };
    if (priority !== undefined) spec.priority = priority;
    items.push({ metadata: { name: `p${String(i).padStart(3, "0")}`, labels }, spec });
  }
  return items;
}

const names = (objs: Record<string, any>[]) => objs.map((o) => o.metadata.name);

describe("sortByField", () => {
  const expected = fs
    .readFileSync(path.join(__dirname, "testdata", "sortby", "kubectl-order.txt"), "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(" ").map((n) => `p${n}`));

  it.each([
    [".metadata.labels.k", 0],
    ["{.metadata.labels.s}", 1],
    ["spec.priority", 2],
  ])("orders 300 pods by %s exactly as kubectl does", (field, row) => {
    const objs = generated();
    sortByField(objs, field, "list", KLOG);
    expect(names(objs)).toEqual(expected[row]);
  });

  it("compares strings byte by byte, and as quantities when both are", () => {
    const vals = ["x-7", "x-10", "x-9b", "7da", "10fa", "a2b", "a10b", "1e3", "500m", "2"];
    const objs = vals.map((v) => ({ metadata: { name: v } }));
    sortByField(objs, ".metadata.name", "list", KLOG);
    expect(names(objs)).toEqual(["10fa", "500m", "2", "1e3", "7da", "a10b", "a2b", "x-10", "x-7", "x-9b"]);
  });

  it("reports kubectl's errors", () => {
    const objs = () => [{ metadata: { name: "a", labels: {} } }, { metadata: { name: "b", labels: {} } }];
    const err = (field: string, mode: "table" | "list") => {
      try {
        sortByField(objs(), field, mode, KLOG);
      } catch (e) {
        expect(e).toBeInstanceOf(SortByError);
        return (e as Error).message;
      }
      return "";
    };
    expect(err(".spec.foo", "list")).toBe(
      `error: couldn't find any field with path "{.spec.foo}" in the list of objects`,
    );
    expect(err("{.metadata.name", "list")).toBe(
      "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
    expect(err("{.metadata.name", "table")).toBe("error: sorting error: unclosed action");
    expect(err(".metadata.name[", "list")).toBe("error: unterminated array");
    expect(err(".metadata.labels", "list")).toBe(
      "F1127 10:00:00.000000    4242 sorter.go:329] Field {.metadata.labels} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: map[string]interface {}",
    );
  });
});
