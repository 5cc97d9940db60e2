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
 * Each list decoded in this process, with what it held as read (tags) and as decoded
 * (names): a commit re-encodes a catalog of some 12,000 names at 100,000 pods, of which it
 * changed a few dozen, so an entry still holding the name it was decoded to is written as
 * the tag it was read as, by a comparison, not a parse.
 */
const decoded = new WeakMap<unknown[], { tags: unknown[]; names: unknown[] }>();

function tagOf(file: string, plural: string, i: number, summary: boolean): string {
  if (!file) return file;
  return parseTag(file, plural, i, summary);
}

function encodeList(list: string[], plural: string, summary: boolean): string[] {
  const was = decoded.get(list);
  // Only an entry read as a tag is taken back as it was; a whole name read from an older
  // state is given its tag here.
  return list.map((f, i) =>
    was && was.names[i] === f && was.tags[i] !== f ? (was.tags[i] as string) : tagOf(f, plural, i, summary),
  );
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
      shards: encodeList(b.shards, plural, false),
      ...(b.summaries ? { summaries: encodeList(b.summaries, plural, true) } : {}),
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
      const tags = list.slice();
      for (let i = 0; i < list.length; i++) {
        const f = list[i];
        if (typeof f === "string" && TAG.test(f)) list[i] = shardFile(plural, i, f, summary);
      }
      decoded.set(list, { tags, names: list.slice() });
    };
    expand(bucket.shards, false);
    expand(bucket.summaries, true);
  }
}

/**
 * Whether entry i of a catalog list still holds the name decodeCatalog built from a tag: such
 * a name is one of kubesim's own whenever its bucket's name is, so the shape check need
 * not test each of some 12,000 names at 100,000 pods against the shard-file pattern.
 */
export function builtFromTag(list: unknown[], i: number): boolean {
  const d = decoded.get(list);
  return !!d && d.names[i] === list[i] && d.tags[i] !== list[i];
}

/** Every file a meta.json's catalog names, by whole name (tests and tools reading the file). */
export function catalogFiles(meta: { catalog: unknown }): string[] {
  decodeCatalog(meta.catalog);
  return Object.values(meta.catalog as Catalog).flatMap((b) =>
    [...b.shards, ...(b.summaries ?? [])].filter(Boolean),
  );
}
