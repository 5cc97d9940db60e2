// The scheduler's view of each node's load (pod count, requests, host ports), kept between
// commands as its NodeInfo cache is kept between cycles. A node's entry holds the keys of
// the pods it was computed from; it is good while the API server's index lists the same
// pods as holding that node (indexes.ts: their requests and ports cannot change), and is
// brought up to date otherwise: the pods that joined are read and added, those that left
// are taken off by what the entry remembers they held. So placing a pod on a large cluster
// reads one index record per node and the pods that changed, not every pod of a node.
import type { Node, Pod } from "../../api/types.js";
import { holdingValue, POD_NODE } from "../../apiserver/indexes.js";
import { PODS } from "../../apiserver/resources.js";
import type { ControllerContext } from "../context.js";
import {
  addToLoad,
  copyLoad,
  emptyLoad,
  type HostPort,
  hostPortsOf,
  type NodeLoad,
  podRequests,
} from "./resources.js";

/** The records bucket of the cache (storage.ts registers it). */
export const NODE_LOADS = "scheduler-nodeloads";
/**
 * The pods each entry was computed from, in a bucket of their own: a scheduling cycle
 * reads every node's load, but a node's pod keys (4 KB at 100 pods) only for a node whose
 * pods changed. Kept inside the entries, they made placing one pod on a 1,000-node
 * cluster read 3.6 MB.
 */
export const NODE_LOAD_KEYS = "scheduler-nodekeys";

/**
 * Every node's load and the stamp it is good for, in one record: a pass reads it once
 * rather than some 420 entries, which cost 6 ms of placing a pod on a 1,001-node cluster.
 * An entry's pods and what they hold stay in NODE_LOADS, read only for a node whose pods
 * changed.
 */
export const NODE_LOAD_TABLE = "scheduler-loadtable";

/** A node's row: its stamp, pods, requested cpu (milli) and memory, and host ports. */
type Row = [number, number, number, number, HostPort[]];

interface Table {
  rows: Record<string, Row>;
}

/** The table as stored (the bucket holds it parsed after the first read), or a new one. */
function table(c: ControllerContext): Table {
  const kept = c.api.objects.bucket(NODE_LOAD_TABLE).get("loads") as unknown as Partial<Table> | undefined;
  // A record of another shape is started again; its rows come back as nodes are asked.
  return kept?.rows && typeof kept.rows === "object" ? (kept as Table) : { rows: {} };
}

/** Records a node's load and stamp in the table. */
function tabulate(c: ControllerContext, name: string, stamp: number, load: NodeLoad): void {
  const t = table(c);
  const ports = load.ports.map((p) => ({ ip: p.ip, protocol: p.protocol, port: p.port }));
  const row: Row = [stamp, load.pods, load.requested.cpu, load.requested.memory, ports];
  const was = t.rows[name];
  if (was && JSON.stringify(was) === JSON.stringify(row)) return;
  t.rows[name] = row;
  c.api.objects.bucket(NODE_LOAD_TABLE).set("loads", t as never);
  c.api.markChanged();
}

interface KeysRecord {
  keys: string[];
}

interface Entry {
  /** The pods the load was computed from; kept in NODE_LOAD_KEYS (inline in entries written before it). */
  keys?: string[];
  /** The index's stamp for the node's holding pods when the entry was made (0: unknown). */
  stamp?: number;
  load: NodeLoad;
  /**
   * What each pod holding anything adds to the load (requests, host ports), so one that
   * leaves is taken off without reading it; a pod not listed adds one to the count only.
   * Absent in entries from before it was kept: those are computed again in full.
   */
  held?: Record<string, { cpu: number; memory: number; ports: HostPort[] }>;
}

/** A pod's share of its node's load, recorded in the entry when it is more than its count. */
function hold(entry: Entry, key: string, p: Pod): void {
  addToLoad(entry.load, p);
  const r = podRequests(p);
  const ports = hostPortsOf(p);
  if (!r.cpu && !r.memory && !ports.length) return;
  entry.held ??= {};
  entry.held[key] = { cpu: r.cpu, memory: r.memory, ports };
}

/** Takes a pod that left off the load, by what it held. */
function release(entry: Entry, key: string): void {
  const h = entry.held?.[key];
  entry.load.pods--;
  if (!h || !entry.held) return;
  entry.load.requested.cpu -= h.cpu;
  entry.load.requested.memory -= h.memory;
  for (const port of h.ports) {
    const i = entry.load.ports.findIndex((q) => JSON.stringify(q) === JSON.stringify(port));
    if (i >= 0) entry.load.ports.splice(i, 1);
  }
  delete entry.held[key];
}

/** The entry brought up to the pods holding the node now, or undefined if it cannot be. */
function updated(c: ControllerContext, cached: Entry, was: string[], keys: string[]): Entry | undefined {
  if (!cached.held) return undefined;
  const entry: Entry = structuredClone(cached);
  const now = new Set(keys);
  const before = new Set(was);
  for (const k of was) if (!now.has(k)) release(entry, k);
  const pods = c.api.objects.bucket(PODS.plural);
  for (const k of keys) {
    if (before.has(k)) continue;
    const p = pods.summary(k) as Pod | undefined;
    if (!p) return undefined;
    hold(entry, k, p);
  }
  return entry;
}

/** Records the entry, its keys apart. */
function store(c: ControllerContext, name: string, entry: Entry, keys: string[]): void {
  const { keys: _inline, ...rest } = entry;
  c.api.objects.bucket(NODE_LOADS).set(name, rest as never);
  c.api.objects.bucket(NODE_LOAD_KEYS).set(name, { keys } as never);
  c.api.markChanged();
}

/** Each node's load, from the cache where it is still good. */
export function nodeLoads(c: ControllerContext, nodes: Node[]): Map<string, NodeLoad> {
  return new Map(nodes.map((n) => [n.metadata.name, nodeLoad(c, n)]));
}

/**
 * A node's load, from the cache where it is still good. Asked per node as a scheduling pass
 * reaches it: a pass filters some 420 of 1,001 nodes, and reading every node's entry and
 * index stamp cost a third of placing one pod.
 */
export function nodeLoad(c: ControllerContext, n: Node): NodeLoad {
  const name = n.metadata.name;
  // The stamp says whether the node's pods changed without reading their keys.
  const stamp = c.api.indexStamp(POD_NODE, holdingValue(name));
  const row = table(c).rows[name];
  if (stamp && Array.isArray(row) && row[0] === stamp && row.length === 5) {
    const [, pods, cpu, memory, ports] = row;
    return copyLoad({ pods, requested: { cpu, memory }, ports });
  }
  const load = entryLoad(c, name, stamp);
  if (stamp) tabulate(c, name, stamp, load);
  return copyLoad(load);
}

/** The node's load from its entry, brought up to date (and kept) where it is stale. */
function entryLoad(c: ControllerContext, name: string, stamp: number): NodeLoad {
  const b = c.api.objects.bucket(NODE_LOADS);
  const cached = b.get(name) as Entry | undefined;
  if (cached && stamp && cached.stamp === stamp) {
    // An entry from before the keys were kept apart moves them out the first time it is read.
    if (cached.keys) store(c, name, cached, cached.keys);
    return cached.load;
  }
  const keys = c.api.indexKeys(POD_NODE, holdingValue(name));
  const was = cached
    ? (cached.keys ??
      (c.api.objects.bucket(NODE_LOAD_KEYS).get(name) as unknown as KeysRecord | undefined)?.keys)
    : undefined;
  if (cached && was && was.length === keys.length && was.every((k, i) => k === keys[i])) {
    if (cached.stamp !== stamp || cached.keys) store(c, name, { ...cached, stamp }, keys);
    return cached.load;
  }
  let entry = cached && was && updated(c, cached, was, keys);
  if (!entry) {
    entry = { load: emptyLoad(), held: {} };
    for (const k of keys) {
      const p = c.api.objects.bucket(PODS.plural).summary(k) as Pod | undefined;
      if (p) hold(entry, k, p);
    }
  }
  entry.stamp = stamp;
  store(c, name, entry, keys);
  return entry.load;
}
