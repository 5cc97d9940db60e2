import { describe, expect, it } from "vitest";
import type { KObject } from "../api/types.js";
import { packBucket, unpackBucket } from "./catalog-codec.js";
import { lazyCatalog, packCatalog } from "./lazy-catalog.js";
import { type Catalog, OBJECTS_PER_SHARD, ObjectStore } from "./objects.js";
import { bucketProblem } from "./shape.js";
import { Shard } from "./shard.js";

const obj = (name: string): KObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name } });
const project = (o: KObject): KObject => ({ ...o, metadata: { name: o.metadata.name } });

/** An object store over files kept in a map, committing into it; reads are counted. */
function disk() {
  const files = new Map<string, string>();
  let reads = 0;
  let gen = 0;
  const open = (catalog: Catalog, configs = { things: { shards: 1, project } }) =>
    new ObjectStore(configs, catalog, {
      read: (f) => {
        reads++;
        const s = files.get(f);
        if (s === undefined) throw new Error(`no file ${f}`);
        return Shard.lines(s) ?? Shard.of(JSON.parse(s));
      },
    });
  const commit = (store: ObjectStore) => {
    const { files: out, superseded } = store.commit(`${++gen}.1`);
    for (const f of out) files.set(f.name, Buffer.concat(f.data()).toString());
    for (const f of superseded) files.delete(f);
  };
  return { files, open, commit, reads: () => reads };
}

describe("a bucket's shards", () => {
  it("give a type that gains a projection its summaries from the stored objects, and write them", () => {
    const d = disk();
    const catalog: Catalog = {};
    const plain = d.open(catalog, { things: { shards: 1 } } as never);
    for (let i = 0; i < 3; i++)
      plain.bucket("things").set(`k${i}`, { ...obj(`k${i}`), data: { x: "y" } } as never);
    d.commit(plain);
    expect(catalog.things?.summaries).toBeUndefined();
    const bare = (o: KObject): KObject => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata });
    const withProjection = { things: { shards: 1, project: bare } };
    const projected = d.open(catalog, withProjection).bucket("things");
    expect(projected.summaryList().map((o) => o.metadata.name)).toEqual(["k0", "k1", "k2"]);
    expect(projected.summary("k1")).toEqual(obj("k1"));
    // The next commit writes them, so later commands read the summary file alone.
    const store = d.open(catalog, withProjection);
    store.bucket("things").summaryList();
    d.commit(store);
    expect(catalog.things?.summaries?.[0]).toMatch(/^\d+\.\d+$/);
    expect([...d.files.keys()].some((f) => f.startsWith("things.summary.0."))).toBe(true);
    const before = d.reads();
    expect(d.open(catalog, withProjection).bucket("things").summaryList()).toHaveLength(3);
    expect(d.reads() - before).toBe(1);
  });

  it("double as the bucket grows, and every object is found in the new layout", () => {
    const d = disk();
    const catalog: Catalog = {};
    const s = d.open(catalog);
    for (let i = 0; i < 3 * OBJECTS_PER_SHARD; i++) s.bucket("things").set(`k${i}`, obj(`k${i}`));
    d.commit(s);
    expect(catalog.things?.shards.length).toBe(4);
    expect(catalog.things?.summaries?.length).toBe(4);
    expect(catalog.things?.counts?.reduce((a, b) => a + b)).toBe(3 * OBJECTS_PER_SHARD);
    expect(d.files.size).toBe(8);
    const again = d.open(catalog).bucket("things");
    for (let i = 0; i < 3 * OBJECTS_PER_SHARD; i++) {
      expect(again.get(`k${i}`)?.metadata.name).toBe(`k${i}`);
      expect(again.summary(`k${i}`)?.metadata.name).toBe(`k${i}`);
    }
    expect(again.all()).toHaveLength(3 * OBJECTS_PER_SHARD);
  });

  it("split in the process once a shard holds four times its share; commit drops the old files", () => {
    const d = disk();
    const catalog: Catalog = {};
    const first = d.open(catalog);
    first.bucket("things").set("a", obj("a"));
    d.commit(first);
    const old = [...d.files.keys()];
    const store = d.open(catalog);
    const things = store.bucket("things");
    for (let i = 0; i < 4 * OBJECTS_PER_SHARD - 1; i++) things.set(`k${i}`, obj(`k${i}`));
    expect(things.shardCount).toBe(1);
    things.set(`k${4 * OBJECTS_PER_SHARD - 1}`, obj(`k${4 * OBJECTS_PER_SHARD - 1}`));
    expect(things.shardCount).toBe(8);
    expect(things.get("a")?.metadata.name).toBe("a");
    expect(things.summary("k7")?.metadata.name).toBe("k7");
    d.commit(store);
    for (const f of old) expect(d.files.has(f)).toBe(false);
    const again = d.open(catalog).bucket("things");
    expect(again.all()).toHaveLength(4 * OBJECTS_PER_SHARD + 1);
    expect(again.summaryList()).toHaveLength(4 * OBJECTS_PER_SHARD + 1);
  });

  it("keep a one-object change to one shard file once split", () => {
    const d = disk();
    const catalog: Catalog = {};
    const s = d.open(catalog);
    for (let i = 0; i < 20 * OBJECTS_PER_SHARD; i++) s.bucket("things").set(`k${i}`, obj(`k${i}`));
    d.commit(s);
    const n = catalog.things?.shards.length ?? 0;
    expect(n).toBe(32);
    const before = d.reads();
    const next = d.open(catalog);
    next.bucket("things").set("k7", obj("k7"));
    const { files } = next.commit("99.1");
    // the object's shard and its summary: two reads, two files, whatever the bucket's size
    expect(d.reads() - before).toBe(2);
    expect(files).toHaveLength(2);
  });

  it("are counted once, by the first write, when an older catalog has no counts", () => {
    const d = disk();
    const catalog: Catalog = {};
    const s = d.open(catalog);
    for (let i = 0; i < 100; i++) s.bucket("things").set(`k${i}`, obj(`k${i}`));
    d.commit(s);
    delete catalog.things?.counts;
    const next = d.open(catalog);
    next.bucket("things").set("new", obj("new"));
    d.commit(next);
    expect(catalog.things?.counts).toEqual([101]);
  });
});

describe("the catalog's shape", () => {
  const problem = (things: unknown) => bucketProblem("things", things);

  it("refuses a shard count that is not a power of two, or lists that disagree", () => {
    expect(problem({ shards: ["", "", ""] })).toBe(
      'field "catalog.things" does not list a power of two of shard files',
    );
    expect(problem({ shards: [] })).toBe(
      'field "catalog.things" does not list a power of two of shard files',
    );
    expect(problem({ shards: ["", ""], summaries: [""] })).toBe(
      'field "catalog.things" does not list a power of two of shard files',
    );
    expect(problem({ shards: ["", ""], counts: [1] })).toBe(
      'field "catalog.things.counts" is not a count per shard',
    );
    expect(problem({ shards: ["", ""], counts: [1, 2] })).toBeUndefined();
  });

  it("is packed in one string a bucket, and unpacked to the same lists", () => {
    const b = {
      shards: ["41.1733", "", "things.2.7.json"],
      summaries: ["41.1733", "", ""],
      counts: [12, 0, 9],
      firstExpiry: [1796692089448, 0, -1],
      lastExpiry: [1796692099448, 0, -1],
    };
    expect(packBucket(b)).toBe(
      "s=41.1733,,things.2.7.json|u=41.1733,,|c=12,0,9|f=1796692089448,0,-1|l=1796692099448,0,-1",
    );
    expect(unpackBucket(packBucket(b))).toEqual(b);
    expect(unpackBucket("s=")).toEqual({ shards: [""] });
    // Not a packed bucket: a section twice, an unknown one, nothing.
    for (const bad of ["s=1.2|s=1.2", "x=1", ""]) expect(unpackBucket(bad)).toBeUndefined();
    // A list of numbers that is not one is named by the check.
    for (const [bad, field] of [
      ["s=1.2|c=", "counts"],
      ["s=1.2|c=1,,2", "counts"],
      ["s=1.2|c=1e3", "counts"],
      ["s=1.2|c=01", "counts"],
      ["s=1.2|c=-1", "counts"],
      ["s=1.2|f=1,x", "firstExpiry"],
    ])
      expect(bucketProblem("things", unpackBucket(bad as string), true)).toMatch(
        `"catalog.things.${field}" is not a`,
      );
  });

  it("is checked a bucket at a time, as a command first uses it, and kept as read where it is not", () => {
    const good = packBucket({ shards: ["3.14", ""], counts: [1, 0] });
    const fails: string[] = [];
    const catalog = lazyCatalog({ good, bad: "s=../../etc/passwd", old: { shards: ["3.14"] } }, (why) => {
      fails.push(why);
      throw new Error(why);
    });
    expect("bad" in catalog).toBe(true);
    expect("constructor" in catalog).toBe(false);
    expect(catalog.good).toEqual({ shards: ["3.14", ""], counts: [1, 0] });
    expect(fails).toEqual([]);
    expect(() => catalog.bad).toThrow('it names "../../etc/passwd", which is not a kubesim shard file');
    // What was not opened goes back as it came: the bad entry, and the older layout's object.
    (catalog.good as { counts: number[] }).counts[1] = 5;
    expect(packCatalog(catalog)).toEqual({
      good: "s=3.14,|c=1,5",
      bad: "s=../../etc/passwd",
      old: { shards: ["3.14"] },
    });
    expect(() => Object.keys(catalog).map((k) => catalog[k])).toThrow();
  });
});

describe("a bucket of expiring objects", () => {
  const at = (o: KObject) => Number(o.metadata.annotations?.expires);
  const thing = (name: string, expires: number): KObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, annotations: { expires: String(expires) } },
  });
  const configs = { things: { shards: 4, expiresAt: at } };

  it("drops a shard whose objects all expired without reading it, and prunes the others on write", () => {
    const d = disk();
    const catalog: Catalog = {};
    const s = d.open(catalog, configs as never);
    for (let i = 0; i < 40; i++) s.bucket("things").set(`k${i}`, thing(`k${i}`, i < 20 ? 100 : 200 + i));
    d.commit(s);
    const b = catalog.things;
    expect(b?.firstExpiry?.every((t) => t === 100)).toBe(true);
    const before = d.reads();
    // at 150 every shard holds something expired and something not: a budget of 1 prunes one
    const next = d.open(catalog, configs as never);
    expect(next.bucket("things").expire(150, 1)).toBe(1);
    d.commit(next);
    expect(d.reads() - before).toBe(1);
    // past every expiry each shard goes unread
    const later = d.open(catalog, configs as never);
    const reads = d.reads();
    expect(later.bucket("things").expire(1000, 0)).toBe(4);
    d.commit(later);
    expect(d.reads()).toBe(reads);
    expect(catalog.things?.shards).toEqual(["", "", "", ""]);
    expect(d.files.size).toBe(0);
  });

  it("drops the expired objects of a shard a write reads anyway", () => {
    const d = disk();
    const catalog: Catalog = {};
    const s = d.open(catalog, configs as never);
    s.bucket("things").set("old", thing("old", 100));
    s.bucket("things").set("new", thing("new", 300));
    d.commit(s);
    const next = d.open(catalog, configs as never);
    const b = next.bucket("things");
    expect(b.expireShardOf("old", 200).gone).toEqual(["old"]);
    expect(b.get("old")).toBeUndefined();
    expect(b.get("new")?.metadata.name).toBe("new");
    d.commit(next);
    const i = b.shardOf("new");
    expect(catalog.things?.firstExpiry?.[i]).toBe(300);
  });

  it("finds nothing to prune and records a write's expiry without parsing the shard's objects", () => {
    const d = disk();
    const catalog: Catalog = {};
    const one = { things: { shards: 1, expiresAt: at } };
    const s = d.open(catalog, one as never);
    for (let i = 0; i < 10; i++) s.bucket("things").set(`k${i}`, thing(`k${i}`, 500 + i));
    d.commit(s);
    // A store whose reads count the entries parsed (the check runs on each parse).
    let parsed = 0;
    const counting = new ObjectStore(one as never, catalog, {
      read: (f) =>
        Shard.lines(d.files.get(f) ?? "", () => {
          parsed++;
          return undefined;
        }) as Shard,
    });
    const b = counting.bucket("things");
    expect(b.expireShardOf("k0", 400)).toEqual({ gone: [], next: 500 });
    b.set("late", thing("late", 900));
    b.set("early", thing("early", 450));
    const { files } = counting.commit("2.1");
    for (const f of files) Buffer.concat(f.data()).toString();
    expect(parsed).toBe(0);
    expect([catalog.things?.firstExpiry?.[0], catalog.things?.lastExpiry?.[0]]).toEqual([450, 900]);
    // Once something is due, the shard is read and its bounds are exact again.
    for (const f of files) d.files.set(f.name, Buffer.concat(f.data()).toString());
    const again = d.open(catalog, one as never).bucket("things");
    expect(again.expireShardOf("k0", 502)).toEqual({ gone: ["k0", "k1", "k2", "early"], next: 503 });
  });
});
