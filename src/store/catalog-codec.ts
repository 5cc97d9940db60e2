// How the catalog names files: each shard file by its commit tag ("41.17233") rather than
// its whole name ("pods.655.41.17233.json"), which the bucket and the shard's place in the
// list already say. meta.json is read and rewritten by every command, and at 100,000 pods
// the catalog lists some 10,000 files: whole names made it 270 KB of the file. The catalog
// keeps entries in memory as meta.json holds them, and a whole name is built only for a
// file a command reads, writes or removes: building all 10,000 on every read cost 17 ms of
// a 450 ms `delete` at that size. A name that is not in the canonical form (older files
// without a pid, or a schema-1 catalog of whole names) is kept whole until its shard is
// next written. Schema version 2 is this form.
//
// From schema 3 meta.json holds each bucket's catalog packed in one string (packBucket):
// JSON.parse copies a string without looking inside, where the same lists as JSON arrays
// were some 20,000 values to build at 100,000 pods, and a command unpacks only the
// buckets it uses (lazy-catalog.ts).
import type { BucketCatalog } from "./bucket-config.js";
import { shardFile } from "./files.js";
import type { Catalog } from "./objects.js";

/** A tag: the commit generation and the writing process. */
const TAG = /^\d+\.\d+$/;

/** Whether a catalog entry is a tag, not a whole name. */
export function isTag(entry: string): boolean {
  return TAG.test(entry);
}

/** The whole file name of entry i of a bucket's list ("" stays ""). */
export function fileOf(plural: string, i: number, entry: string, summary: boolean): string {
  return entry && TAG.test(entry) ? shardFile(plural, i, entry, summary) : entry;
}

/** The sections of a packed bucket: its key, and whether it lists names or numbers. */
const SECTIONS = [
  ["s", "shards", false],
  ["u", "summaries", false],
  ["c", "counts", true],
  ["f", "firstExpiry", true],
  ["l", "lastExpiry", true],
] as const;

/**
 * A bucket's catalog as one string: its lists, each joined by commas after a letter and
 * "=", joined by "|" (`s=41.1733,,42.1790|c=12,0,9`). Names never hold "," or "|" (files.ts).
 */
export function packBucket(b: BucketCatalog): string {
  const parts: string[] = [];
  for (const [letter, field, numbers] of SECTIONS) {
    const list = b[field] as readonly (string | number)[] | undefined;
    // JSON writes a list of numbers in half the time join() takes (2,048 expiry times).
    if (list) parts.push(`${letter}=${numbers ? JSON.stringify(list).slice(1, -1) : list.join(",")}`);
  }
  return parts.join("|");
}

/** Counts (whole numbers from 0) and times (whole or fractional, from -1), as packed. */
const COUNTS = /^(?:0|[1-9]\d*)(?:,(?:0|[1-9]\d*))*$/;
const TIMES = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:,-?(?:0|[1-9]\d*)(?:\.\d+)?)*$/;

/**
 * The lists a packed bucket holds, or undefined when the text is not one: shape.ts's
 * bucketProblem checks them and what they name, as it does a catalog of the older layout. A list
 * of numbers that passed its pattern is JSON, and parsed as such (a tenth of the time
 * converting each item takes).
 */
export function unpackBucket(text: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const part of text.split("|")) {
    const section = SECTIONS.find(([letter]) => part.startsWith(`${letter}=`));
    if (!section || section[1] in out) return undefined;
    const body = part.slice(2);
    if (!section[2]) {
      out[section[1]] = body.split(",");
      continue;
    }
    // A list that does not match is kept as its text: bucketProblem then names the field.
    out[section[1]] = (section[1] === "counts" ? COUNTS : TIMES).test(body) ? JSON.parse(`[${body}]`) : body;
  }
  return out;
}

/** A bucket's entry as meta.json may hold it: packed, or an object (before schema 3). */
function opened(entry: unknown): BucketCatalog | undefined {
  const b = typeof entry === "string" ? unpackBucket(entry) : entry;
  return b && typeof b === "object" && Array.isArray((b as BucketCatalog).shards)
    ? (b as BucketCatalog)
    : undefined;
}

/** Every file a catalog names, by whole name (what a sweep for leftovers keeps). */
export function catalogFiles(meta: { catalog: unknown }): string[] {
  return Object.entries(meta.catalog as Record<string, unknown>).flatMap(([plural, entry]) => {
    const b = opened(entry);
    if (!b) return [];
    return [
      ...b.shards.map((f, i) => fileOf(plural, i, f, false)).filter(Boolean),
      ...(b.summaries ?? []).map((f, i) => fileOf(plural, i, f, true)).filter(Boolean),
    ];
  });
}

/** The whole names of one bucket's shard files (not its summaries), for tools and tests. */
export function bucketFiles(catalog: Catalog | Record<string, unknown>, plural: string): string[] {
  return (opened(catalog[plural])?.shards ?? []).map((f, i) => fileOf(plural, i, f, false)).filter(Boolean);
}
