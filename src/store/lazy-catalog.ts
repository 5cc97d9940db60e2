// The catalog a command reads: each bucket's entry is unpacked and checked the first time the
// command uses the bucket, and the ones it never used are written back as the strings they
// were read as. A `get pod` on a 100,000-pod cluster touches 3 of some 50 buckets; decoding
// and checking all of them (10,000 file names and as many counts) was most of reading
// meta.json.
import type { BucketCatalog, Catalog } from "./bucket-config.js";
import { packBucket, unpackBucket } from "./catalog-codec.js";
import { bucketProblem } from "./shape.js";

interface Lazy {
  /** Entries as read (packed strings, or objects before schema 3), replaced by each opened one. */
  raw: Record<string, unknown>;
  /** Buckets opened, checked, or made by this command. */
  open: Set<string>;
}

const lazies = new WeakMap<object, Lazy>();

/**
 * A catalog over meta.json's entries. `fail` reports a bucket that cannot be used (it
 * throws): the command stops before anything is written, as it does for a damaged shard.
 */
export function lazyCatalog(entries: Record<string, unknown>, fail: (why: string) => never): Catalog {
  // No prototype: a bucket is only ever an own field, whatever its name.
  const raw: Record<string, unknown> = Object.assign(Object.create(null), entries);
  const open = new Set<string>();
  const get = (plural: string): BucketCatalog | undefined => {
    if (!(plural in raw)) return undefined;
    if (open.has(plural)) return raw[plural] as BucketCatalog;
    const entry = raw[plural];
    const packed = typeof entry === "string";
    const b = packed ? unpackBucket(entry) : entry;
    const problem = b
      ? bucketProblem(plural, b, packed)
      : `field "catalog.${plural}" is not a list of shard files`;
    if (problem) fail(problem);
    raw[plural] = b;
    open.add(plural);
    return b as BucketCatalog;
  };
  const catalog = new Proxy(raw, {
    get: (_t, k) => (typeof k === "string" ? get(k) : undefined),
    set: (_t, k, v) => {
      if (typeof k !== "string") return false;
      raw[k] = v;
      open.add(k);
      return true;
    },
    has: (_t, k) => typeof k === "string" && k in raw,
    deleteProperty: (_t, k) => {
      if (typeof k !== "string") return false;
      delete raw[k];
      open.delete(k);
      return true;
    },
    ownKeys: () => Object.keys(raw),
    getOwnPropertyDescriptor: (_t, k) => {
      if (typeof k !== "string" || !(k in raw)) return undefined;
      return { value: get(k), writable: true, enumerable: true, configurable: true };
    },
  }) as unknown as Catalog;
  lazies.set(catalog, { raw, open });
  return catalog;
}

/**
 * The catalog as meta.json holds it: every bucket packed, those a command never opened as
 * they were read (an object of an older layout stays one until its bucket is used).
 */
export function packCatalog(catalog: Catalog): Record<string, unknown> {
  const lazy = lazies.get(catalog);
  const out: Record<string, unknown> = {};
  if (!lazy) {
    for (const [plural, b] of Object.entries(catalog)) out[plural] = packBucket(b);
    return out;
  }
  for (const plural of Object.keys(lazy.raw)) {
    const entry = lazy.raw[plural];
    out[plural] = lazy.open.has(plural) ? packBucket(entry as BucketCatalog) : entry;
  }
  return out;
}
