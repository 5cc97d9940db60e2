// The shape a state file must have before kubesim uses it. Valid JSON is not enough: a
// shard that holds `[]` or `null` would read as empty, and the next commit would replace it
// and collect the old file, losing whatever it held. So each file is checked when it is
// read, and a file of the wrong shape is reported like an unreadable one and left alone.
import type { KObject } from "../apiserver/types.js";
import { isShardFile } from "./files.js";

/** What a value is, in a learner's words: `an array`, `null`, `a string`. */
function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

type Check = (v: unknown) => boolean;
const num: Check = (v) => typeof v === "number" && Number.isFinite(v);
const str: Check = (v) => typeof v === "string";
const bool: Check = (v) => typeof v === "boolean";
const record: Check = isRecord;
const fileList: Check = (v) => Array.isArray(v) && v.every((f) => f === "" || (str(f) && isShardFile(f)));

const REQUIRED: Record<string, [Check, string]> = {
  name: [str, "a string"],
  seed: [num, "a number"],
  rng: [num, "a number"],
  createdAt: [num, "a number"],
  clock: [(v) => isRecord(v) && num(v.offsetMs), "an object with offsetMs"],
  settings: [
    (v) => isRecord(v) && num(v.nodes) && num(v.timeScale) && bool(v.loadBalancer),
    "an object with nodes, timeScale and loadBalancer",
  ],
  resourceVersion: [num, "a number"],
  catalog: [
    (v) =>
      isRecord(v) &&
      Object.values(v).every(
        (b) => isRecord(b) && fileList(b.shards) && (b.summaries === undefined || fileList(b.summaries)),
      ),
    "an object listing each resource type's shard files",
  ],
  generation: [(v) => Number.isInteger(v) && (v as number) >= 1, "a whole number from 1"],
  garbage: [
    (v) =>
      Array.isArray(v) &&
      v.every((g) => isRecord(g) && str(g.file) && isShardFile(g.file as string) && num(g.at)),
    "a list of files and times",
  ],
  ipam: [record, "an object"],
  images: [record, "an object"],
  runtime: [record, "an object"],
  pods: [record, "an object"],
  nextWake: [(v) => v === null || num(v), "a number or null"],
};

const OPTIONAL = ["podIPs", "formerPodIPs", "lbPending", "controllerTimers", "serviceSeq", "affinity"];

/** A name in the catalog or garbage list that is not a kubesim shard file (it could point anywhere). */
function strangeFile(v: Record<string, unknown>): string | undefined {
  const names: unknown[] = [];
  if (isRecord(v.catalog)) {
    for (const b of Object.values(v.catalog)) {
      if (isRecord(b))
        for (const list of [b.shards, b.summaries]) if (Array.isArray(list)) names.push(...list);
    }
  }
  if (Array.isArray(v.garbage)) for (const g of v.garbage) if (isRecord(g)) names.push(g.file);
  const bad = names.find((n) => typeof n === "string" && n !== "" && !isShardFile(n));
  return bad === undefined ? undefined : `it names ${JSON.stringify(bad)}, which is not a kubesim shard file`;
}

/** Why a parsed meta.json is not a kubesim state (schemaVersion aside), or undefined if it is one. */
export function stateProblem(v: Record<string, unknown>): string | undefined {
  const strange = strangeFile(v);
  if (strange) return strange;
  for (const [field, [ok, want]] of Object.entries(REQUIRED)) {
    if (!(field in v)) return `it has no "${field}" field`;
    if (!ok(v[field])) return `its "${field}" is ${kind(v[field])}, not ${want}`;
  }
  for (const field of OPTIONAL) {
    if (v[field] !== undefined && !isRecord(v[field]))
      return `its "${field}" is ${kind(v[field])}, not an object`;
  }
  return undefined;
}

/** Why a parsed meta.json cannot even be asked its schema version, or undefined. */
export function documentProblem(v: unknown): string | undefined {
  if (!isRecord(v)) return `it holds ${kind(v)}, not a kubesim cluster state`;
  if (!("schemaVersion" in v)) return "it has no schemaVersion field, so it is not a kubesim cluster state";
  if (!Number.isInteger(v.schemaVersion))
    return `its schemaVersion is ${kind(v.schemaVersion)}, not a whole number`;
  return undefined;
}

export type Shard = Record<string, KObject>;

/** Why a parsed shard file is not a map of object keys to API objects, or undefined. */
export function shardProblem(v: unknown): string | undefined {
  if (!isRecord(v)) return `it holds ${kind(v)}, not kubesim's objects`;
  for (const [key, o] of Object.entries(v)) {
    if (!isRecord(o)) return `its entry "${key}" is ${kind(o)}, not an object`;
    if (!isRecord(o.metadata) || !str(o.metadata.name))
      return `its entry "${key}" has no metadata.name, so it is not a Kubernetes object`;
  }
  return undefined;
}
