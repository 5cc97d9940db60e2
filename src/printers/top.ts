// kubectl top's tables (pkg/cmd/top metricsprinter.go, v1.32): CPU as millicores, memory as
// whole Mi, the share of what the node can allocate, every cell tab-terminated (so the last
// column is padded too), sorted by name or by --sort-by cpu|memory, largest first.
import type { Usage } from "../controllers/metrics/usage.js";
import { tabwrite } from "./tabwriter.js";

export interface NodeRow {
  name: string;
  /** undefined: the API had no metrics for the node (`<unknown>`). */
  usage?: Usage;
  /** Allocatable (or capacity) CPU in millicores and memory in bytes. */
  available?: Usage;
}

export interface PodRow {
  namespace: string;
  name: string;
  containers: { name: string; usage: Usage }[];
}

const cpu = (m: number) => `${m}m`;
const mem = (b: number) => `${Math.trunc(b / (1024 * 1024))}Mi`;
const MI = 1024 * 1024;

/** Quantity.MilliValue() of a byte count, as the percentage is computed from. */
const pct = (used: number, avail: number) => `${Math.trunc((used / avail) * 100)}%`;

function byUsage(sortBy: string | undefined): ((a: Usage, b: Usage) => number) | undefined {
  if (sortBy === "cpu") return (a, b) => b.cpu - a.cpu;
  if (sortBy === "memory") return (a, b) => b.memory - a.memory;
  return undefined;
}

const sum = (us: Usage[]): Usage =>
  us.reduce((s, u) => ({ cpu: s.cpu + u.cpu, memory: s.memory + u.memory }), { cpu: 0, memory: 0 });

/** Tab-terminated cells: the empty last cell pads the real last one, as Go's tabwriter does. */
const write = (rows: string[][]) => tabwrite(rows.map((r) => [...r, ""]));

export function printNodeMetrics(rows: NodeRow[], noHeaders: boolean, sortBy?: string): string {
  const measured = rows.filter((r) => r.usage);
  if (!measured.length) return "";
  const by = byUsage(sortBy);
  measured.sort((a, b) =>
    by ? by(a.usage as Usage, b.usage as Usage) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const out: string[][] = noHeaders ? [] : [["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]];
  for (const r of measured) {
    const u = r.usage as Usage;
    const cells = [r.name, cpu(u.cpu)];
    if (r.available) cells.push(pct(u.cpu, r.available.cpu));
    cells.push(mem(u.memory));
    if (r.available) cells.push(pct(u.memory / MI, r.available.memory / MI));
    out.push(cells);
  }
  for (const r of rows) if (!r.usage) out.push([r.name, "<unknown>", "<unknown>", "<unknown>", "<unknown>"]);
  return write(out);
}

export function printPodMetrics(
  rows: PodRow[],
  opts: { containers: boolean; withNamespace: boolean; noHeaders: boolean; sortBy?: string; sum: boolean },
): string {
  if (!rows.length) return "";
  const out: string[][] = [];
  if (!opts.noHeaders) {
    const head: string[] = [];
    if (opts.withNamespace) head.push("NAMESPACE");
    if (opts.containers) head.push("POD");
    out.push([...head, "NAME", "CPU(cores)", "MEMORY(bytes)"]);
  }
  const by = byUsage(opts.sortBy);
  const sorted = [...rows].sort((a, b) => {
    if (by) return by(sum(a.containers.map((c) => c.usage)), sum(b.containers.map((c) => c.usage)));
    const ka = opts.withNamespace ? `${a.namespace}/${a.name}` : a.name;
    const kb = opts.withNamespace ? `${b.namespace}/${b.name}` : b.name;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  for (const p of sorted) {
    const ns = opts.withNamespace ? [p.namespace] : [];
    if (opts.containers) {
      const cs = [...p.containers];
      if (by) cs.sort((a, b) => by(a.usage, b.usage));
      for (const c of cs) out.push([...ns, p.name, c.name, cpu(c.usage.cpu), mem(c.usage.memory)]);
    } else {
      const u = sum(p.containers.map((c) => c.usage));
      out.push([...ns, p.name, cpu(u.cpu), mem(u.memory)]);
    }
  }
  if (opts.sum) {
    const width = 3 + (opts.withNamespace ? 1 : 0) + (opts.containers ? 1 : 0);
    const pad = Array<string>(width - 2).fill("");
    const total = sum(rows.flatMap((p) => p.containers.map((c) => c.usage)));
    out.push([...pad, "________", "________"]);
    out.push([...pad, cpu(total.cpu), mem(total.memory)]);
  }
  return write(out);
}
