// The shape a state file must have before kubesim uses it. Valid JSON is not enough: a
// meta.json edited by hand, written by another tool or cut short would otherwise fail deep
// in a controller with a JavaScript TypeError, and a shard that holds `[]` or `null` would
// read as empty, so the next commit would replace it and collect the old file, losing
// whatever it held. So every file is checked as the store reads it, and one of the wrong
// shape is reported like an unreadable one, with the field at fault, and left alone.
import { isTag } from "./catalog-codec.js";
import { isShardFile, shardFile } from "./files.js";
import { namesIn } from "./garbage.js";

type Kind = "number" | "string" | "boolean" | "object" | "array" | "number|null";

const WHAT: Record<Kind, string> = {
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  "number|null": "a number or null",
};

/** The fields every command may read, and what each must be. */
const REQUIRED: [string, Kind][] = [
  ["name", "string"],
  ["seed", "number"],
  ["rng", "number"],
  ["createdAt", "number"],
  ["clock", "object"],
  ["clock.offsetMs", "number"],
  ["settings", "object"],
  ["settings.nodes", "number"],
  ["settings.timeScale", "number"],
  ["settings.loadBalancer", "boolean"],
  ["resourceVersion", "number"],
  ["catalog", "object"],
  ["generation", "number"],
  ["garbage", "array"],
  ["ipam", "object"],
  ["images", "object"],
  ["runtime", "object"],
  ["pods", "object"],
  ["nextWake", "number|null"],
];

/** The fields every state has, for tests that take one away. */
export const REQUIRED_FIELDS = REQUIRED.map(([field]) => field);

/** Fields older states may lack; when present they must be objects. */
const OPTIONAL = [
  "podIPs",
  "formerPodIPs",
  "lbPending",
  "controllerTimers",
  "taintEvictions",
  "noExecuteTaints",
  "podGcOrphans",
  "serviceSeq",
  "affinity",
  "conntrack",
  "metallb",
  "namespaceCleanup",
];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function is(v: unknown, kind: Kind): boolean {
  if (kind === "array") return Array.isArray(v);
  if (kind === "object") return isRecord(v);
  if (kind === "number|null") return v === null || (typeof v === "number" && Number.isFinite(v));
  if (kind === "number") return typeof v === "number" && Number.isFinite(v);
  return typeof v === kind;
}

function at(state: unknown, dotted: string): unknown {
  let v = state;
  for (const k of dotted.split(".")) v = isRecord(v) ? v[k] : undefined;
  return v;
}

/** What a value is, in a learner's words: `a list`, `null`, `a string`. */
function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

/** Why a parsed meta.json cannot even be asked its schema version, or undefined. */
export function documentProblem(v: unknown): string | undefined {
  if (!isRecord(v)) return `it holds ${kind(v)}, not a kubesim cluster state`;
  if (v.schemaVersion === undefined)
    return `field "schemaVersion" is missing, so it is not a kubesim cluster state`;
  if (!Number.isInteger(v.schemaVersion)) return `field "schemaVersion" is not a whole number`;
  return undefined;
}

/** A catalog list, joined with commas, of tags and empty entries only (catalog-codec.ts). */
const ALL_TAGS = /^(?:\d+\.\d+)?(?:,(?:\d+\.\d+)?)*$/;

const fileList = (v: unknown) => Array.isArray(v) && v.every((f) => typeof f === "string");

/**
 * What is wrong with one bucket's catalog (lists of names, each one of kubesim's own), or
 * undefined. Asked as a command first uses the bucket (lazy-catalog.ts): a catalog of some
 * 50 buckets and 10,000 files at 100,000 pods is not checked whole by every command.
 */
export function bucketProblem(plural: string, b: unknown, unpacked = false): string | undefined {
  // Lists unpacked from a packed string (catalog-codec.ts) are strings and numbers already,
  // the numbers matched against their pattern: checking each item again, thousands of them
  // in code run once, cost a write at 100,000 pods 2 ms.
  const strings = (v: unknown) => (unpacked ? Array.isArray(v) : fileList(v));
  const numbers = (v: unknown, each: (x: unknown) => boolean) =>
    Array.isArray(v) && (unpacked || v.every(each));
  if (!isRecord(b) || !strings(b.shards) || (b.summaries !== undefined && !strings(b.summaries)))
    return `field "catalog.${plural}" is not a list of shard files`;
  // Objects are found by hash modulo the shard count: a count that is not a power of two,
  // or lists of different lengths, would look for them in the wrong file.
  const n = (b.shards as string[]).length;
  if (n < 1 || (n & (n - 1)) !== 0 || (b.summaries !== undefined && (b.summaries as string[]).length !== n))
    return `field "catalog.${plural}" does not list a power of two of shard files`;
  const counts = b.counts;
  if (
    counts !== undefined &&
    !(
      Array.isArray(counts) &&
      counts.length === n &&
      numbers(counts, (c) => Number.isInteger(c) && (c as number) >= 0)
    )
  )
    return `field "catalog.${plural}.counts" is not a count per shard`;
  // Expiry times are only ever compared with the clock: a bad list is rebuilt, not trusted.
  for (const f of ["firstExpiry", "lastExpiry"]) {
    const t = b[f];
    if (t !== undefined && !numbers(t, (x) => typeof x === "number" && Number.isFinite(x)))
      return `field "catalog.${plural}.${f}" is not a time per shard`;
  }
  // A tag names the bucket's own file if the bucket's name makes a shard file name; a
  // whole name (kept from an older state) is checked as it is.
  const own =
    isShardFile(shardFile(plural, 0, "1.1", false)) && isShardFile(shardFile(plural, 0, "1.1", true));
  const names: string[] = [];
  for (const [summary, list] of [
    [false, b.shards as string[]],
    [true, (b.summaries as string[] | undefined) ?? []],
  ] as const) {
    // One match over the joined list where every entry is a tag or empty (some 2,000
    // entries in a bucket at 100,000 pods).
    if (own && ALL_TAGS.test(list.join(","))) continue;
    for (let i = 0; i < list.length; i++) {
      const f = list[i] as string;
      if (f && isTag(f)) {
        if (!own) names.push(shardFile(plural, i, f, summary));
      } else names.push(f);
    }
  }
  return namesProblem(names);
}

/** A name is joined to the cluster directory and read or removed: it must be kubesim's own. */
function namesProblem(names: string[]): string | undefined {
  const bad = names.find((n) => n !== "" && !isShardFile(n));
  return bad === undefined ? undefined : `it names ${JSON.stringify(bad)}, which is not a kubesim shard file`;
}

/**
 * The catalog holds a bucket's entry as a packed string (catalog-codec.ts) or, written
 * before schema 3, as an object: either is checked when first used (bucketProblem). The
 * garbage list is checked now: a commit may remove what it names.
 */
function filesProblem(state: Record<string, unknown>): string | undefined {
  for (const [plural, b] of Object.entries(state.catalog as Record<string, unknown>)) {
    if (typeof b !== "string" && !isRecord(b))
      return `field "catalog.${plural}" is not a list of shard files`;
  }
  for (const g of state.garbage as unknown[]) {
    const names = isRecord(g) && is(g.at, "number") ? namesIn(g) : undefined;
    if (!names) return `field "garbage" is not a list of files and times`;
    const problem = namesProblem(names);
    if (problem) return problem;
  }
  return undefined;
}

/** What is wrong with a parsed state (its schema version aside), or undefined when it has every field the simulation reads. */
export function stateProblem(state: unknown): string | undefined {
  for (const [field, k] of REQUIRED) {
    const v = at(state, field);
    if (v === undefined) return `field "${field}" is missing`;
    if (!is(v, k)) return `field "${field}" is not ${WHAT[k]}`;
  }
  for (const field of OPTIONAL) {
    const v = at(state, field);
    if (v !== undefined && !is(v, "object")) return `field "${field}" is not an object`;
  }
  const gen = at(state, "generation") as number;
  if (!Number.isInteger(gen) || gen < 1) return `field "generation" is not a whole number from 1`;
  return filesProblem(state as Record<string, unknown>);
}

/** Why one entry of a shard is not an API object (or, for `records`, an object), or undefined. */
export function entryProblem(key: string, o: unknown, records = false): string | undefined {
  if (!isRecord(o)) return `its entry "${key}" is ${kind(o)}, not an object`;
  if (!records && (!isRecord(o.metadata) || typeof o.metadata.name !== "string"))
    return `its entry "${key}" has no metadata.name, so it is not a Kubernetes object`;
  return undefined;
}

/**
 * Why a parsed shard file is not a map of keys to API objects (or, for a bucket of
 * kubesim's own `records`, to objects), or undefined.
 */
export function shardProblem(v: unknown, records = false): string | undefined {
  if (!isRecord(v)) return `it holds ${kind(v)}, not kubesim's objects`;
  for (const [key, o] of Object.entries(v)) {
    const problem = entryProblem(key, o, records);
    if (problem) return problem;
  }
  return undefined;
}
