// How the catalog names files: each shard file by its commit tag ("41.17233") rather than
// its whole name ("pods.655.41.17233.json"), which the bucket and the shard's place in the
// list already say. meta.json is read and rewritten by every command, and at 100,000 pods
// the catalog lists some 10,000 files: whole names made it 270 KB of the file. The catalog
// keeps entries in memory as meta.json holds them, and a whole name is built only for a
// file a command reads, writes or removes: building all 10,000 on every read cost 17 ms of
// a 450 ms `delete` at that size. A name that is not in the canonical form (older files
// without a pid, or a schema-1 catalog of whole names) is kept whole until its shard is
// next written. Schema version 2 is this form.
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

/** Every file a catalog names, by whole name (what a sweep for leftovers keeps). */
export function catalogFiles(meta: { catalog: unknown }): string[] {
  return Object.entries(meta.catalog as Catalog).flatMap(([plural, b]) => [
    ...b.shards.map((f, i) => fileOf(plural, i, f, false)).filter(Boolean),
    ...(b.summaries ?? []).map((f, i) => fileOf(plural, i, f, true)).filter(Boolean),
  ]);
}

/** The whole names of one bucket's shard files (not its summaries), for tools and tests. */
export function bucketFiles(catalog: Catalog, plural: string): string[] {
  return (catalog[plural]?.shards ?? []).map((f, i) => fileOf(plural, i, f, false)).filter(Boolean);
}
