// The stamps of a stamped index (indexes.ts): per value, a count of the changes to its
// members, so a reader that caches what it derived from a value's members (the scheduler's
// node loads) checks one number instead of the members. All of an index's stamps are one
// record: a scheduling pass asks some 420 of them, and looking each up as a record of its
// own (as earlier kubesim kept them) cost 5 ms of placing one pod on a 1,001-node cluster.
import type { ObjectStore } from "../store/objects.js";

/** The key of a stamps bucket's one record; no value is one (a node's name cannot begin with "-"). */
const TABLE = "-stamps";

interface StampTable {
  n: Record<string, number>;
}

/** A value's stamp in the table; its own field only (a node may be called "constructor"). */
function stampIn(t: StampTable, value: string): number {
  const n = Object.hasOwn(t.n, value) ? t.n[value] : 0;
  return typeof n === "number" ? n : 0;
}

/**
 * The table of a stamps bucket. Records of the older layout, one a value, are taken into
 * it once, so no stamp starts again at a number a cache may hold.
 */
function table(objects: ObjectStore, bucket: string): StampTable {
  const b = objects.bucket(bucket);
  const kept = b.get(TABLE) as unknown as Partial<StampTable> | undefined;
  if (kept?.n && typeof kept.n === "object" && !Array.isArray(kept.n)) return kept as StampTable;
  const t: StampTable = { n: Object.create(null) };
  for (const value of b.keys()) {
    if (value === TABLE) continue;
    const n = (b.get(value) as { n?: unknown } | undefined)?.n;
    if (typeof n === "number") t.n[value] = n;
    b.delete(value);
  }
  b.set(TABLE, t as never);
  return t;
}

/** The stamp of `value` in a stamps bucket. */
export function stampOf(objects: ObjectStore, bucket: string, value: string): number {
  return stampIn(table(objects, bucket), value);
}

/** Moves the stamp of `value` on: its members changed. */
export function bumpStamp(objects: ObjectStore, bucket: string, value: string): void {
  const t = table(objects, bucket);
  t.n[value] = stampIn(t, value) + 1;
  objects.bucket(bucket).set(TABLE, t as never);
}
