// How meta.json writes the catalog: each shard file by its commit tag ("41.17233") rather
// than its whole name ("pods.655.41.17233.json"), which the bucket and the shard's place in
// the list already say. meta.json is read and rewritten by every command, and at 100,000
// pods the catalog lists some 7,000 files: whole names made it 270 KB of the file. A name
// that is not in the canonical form (older files without a pid) is kept whole. Schema
// version 2 is this form; version 1 catalogs hold whole names only and read as they are.
import { shardFile } from "./files.js";
import type { Catalog } from "./objects.js";

/** A tag: the commit generation and the writing process. */
const TAG = /^\d+\.\d+$/;

/**
 * The tags of the names decoded or encoded so far in this process, by place and name (a
 * name is its place's only where the place implies it): a commit re-encodes a catalog of
 * some 12,000 names at 100,000 pods, of which it changed a few dozen.
 */
const known = new Map<string, string>();

function tagOf(file: string, plural: string, i: number, summary: boolean): string {
  if (!file) return file;
  const at = `${i}:${file}`;
  const seen = known.get(at);
  if (seen !== undefined) return seen;
  const tag = parseTag(file, plural, i, summary);
  known.set(at, tag);
  return tag;
}

function parseTag(file: string, plural: string, i: number, summary: boolean): string {
  const prefix = `${plural}.${summary ? "summary." : ""}${i}.`;
  if (!file.startsWith(prefix) || !file.endsWith(".json")) return file;
  const tag = file.slice(prefix.length, -".json".length);
  return TAG.test(tag) ? tag : file;
}

/** The catalog as meta.json holds it: tags where a file has the name its place implies. */
export function encodeCatalog(catalog: Catalog): Catalog {
  const out: Catalog = {};
  for (const [plural, b] of Object.entries(catalog)) {
    out[plural] = {
      ...b,
      shards: b.shards.map((f, i) => tagOf(f, plural, i, false)),
      ...(b.summaries ? { summaries: b.summaries.map((f, i) => tagOf(f, plural, i, true)) } : {}),
    };
  }
  return out;
}

/**
 * Gives the tags of a catalog read from meta.json their whole names again, in place.
 * Anything not shaped like a catalog is left for the state's shape check to name.
 */
export function decodeCatalog(catalog: unknown): void {
  if (typeof catalog !== "object" || catalog === null) return;
  for (const [plural, b] of Object.entries(catalog as Record<string, unknown>)) {
    if (typeof b !== "object" || b === null) continue;
    const bucket = b as { shards?: unknown; summaries?: unknown };
    const expand = (list: unknown, summary: boolean) => {
      if (!Array.isArray(list)) return;
      for (let i = 0; i < list.length; i++) {
        const f = list[i];
        if (typeof f !== "string" || !TAG.test(f)) continue;
        const file = shardFile(plural, i, f, summary);
        list[i] = file;
        known.set(`${i}:${file}`, f);
      }
    };
    expand(bucket.shards, false);
    expand(bucket.summaries, true);
  }
}

/** Every file a meta.json's catalog names, by whole name (tests and tools reading the file). */
export function catalogFiles(meta: { catalog: unknown }): string[] {
  decodeCatalog(meta.catalog);
  return Object.values(meta.catalog as Catalog).flatMap((b) =>
    [...b.shards, ...(b.summaries ?? [])].filter(Boolean),
  );
}
