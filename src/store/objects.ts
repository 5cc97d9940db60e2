// The objects of one cluster, kept per resource type in shard files that are read only
// when a command touches them: `get pods` on a 5,000-pod cluster reads the pods' summary
// files, `describe pod x` one shard of pods and one of events. Writes mark shards dirty;
// commit() hands the changed files to the store, which makes them current atomically.
// A bucket's shard count doubles as it grows (about 128 objects a shard at most), so a
// command that touches one object reads and rewrites a file of the same size whether the
// cluster holds a thousand pods or a hundred thousand: the cost of a single-object command
// does not grow with the cluster. The count lives in the catalog (its list of files).
import type { KObject } from "../api/types.js";
import type { BucketCatalog, BucketConfig, Catalog } from "./bucket-config.js";
import { fileOf } from "./catalog-codec.js";
import { shardFile } from "./files.js";
import { fnv32a } from "./fnv.js";
import { Shard } from "./shard.js";

export type { BucketCatalog, BucketConfig, Catalog } from "./bucket-config.js";

/** A shard is split (the bucket's count doubled) when the bucket averages more than this. */
export const OBJECTS_PER_SHARD = 128;
/** A shard this many times its bucket's share splits the bucket at once (Bucket.grow). */
const GROW_AT = 4;

export interface FileIO {
  /**
   * A shard file's objects; the store checks the file's shape and reports a bad one.
   * `count`: how many the catalog says it holds, where it knows.
   */
  read(file: string, count?: number): Shard;
}

export interface PendingFile {
  name: string;
  /**
   * The file's bytes (shard.ts's one-entry-a-line layout), made when it is written: a
   * commit that builds a cluster writes a gigabyte, which must not all be held at once.
   */
  data: () => Buffer[];
}

class Bucket {
  private shards: (Shard | undefined)[];
  private summaries: (Shard | undefined)[];
  private readonly dirty = new Set<number>();
  /**
   * Expiring objects: bounds on each changed shard's expiries, widened by writes (a removal
   * leaves them wide, which is safe), so commit and a write's pruning need not parse the shard.
   */
  private readonly bounds = new Map<number, [number, number]>();
  /** Files a split in this process superseded, for commit to hand on. */
  private readonly splitAway: string[] = [];

  constructor(
    readonly plural: string,
    private readonly cfg: BucketConfig,
    private readonly catalog: BucketCatalog,
    private readonly io: FileIO,
  ) {
    const n = catalog.shards.length;
    this.shards = new Array(n).fill(undefined);
    this.summaries = new Array(n).fill(undefined);
    if (cfg.project && !catalog.summaries) catalog.summaries = new Array(n).fill("");
    if (cfg.expiresAt && (catalog.firstExpiry?.length !== n || catalog.lastExpiry?.length !== n)) {
      catalog.firstExpiry = catalog.shards.map((f) => (f ? -1 : 0));
      catalog.lastExpiry = catalog.shards.map((f) => (f ? -1 : 0));
    }
  }

  /** How many shards the bucket has now: the catalog's, not the config's starting count. */
  get shardCount(): number {
    return this.catalog.shards.length;
  }

  shardOf(key: string): number {
    return fnv32a(this.cfg.shardKey ? this.cfg.shardKey(key) : key) % this.shardCount;
  }

  private shard(i: number): Shard {
    let s = this.shards[i];
    if (!s) {
      const file = this.catalog.shards[i];
      const counts = this.catalog.counts;
      const count = counts?.length === this.shardCount ? counts[i] : undefined;
      s = file ? this.io.read(fileOf(this.plural, i, file, false), count) : new Shard();
      this.shards[i] = s;
      // A shard from a catalog that did not know its expiry learns it when read anyway.
      if (this.catalog.firstExpiry?.[i] === -1 && this.catalog.lastExpiry) {
        [this.catalog.firstExpiry[i], this.catalog.lastExpiry[i]] = this.expiryOf(i);
      }
    }
    return s;
  }

  private summaryShard(i: number): Shard {
    let s = this.summaries[i];
    if (!s) {
      const file = this.catalog.summaries?.[i];
      if (file) s = this.io.read(fileOf(this.plural, i, file, true));
      else if (this.catalog.shards[i] && this.cfg.project) s = this.derivedSummary(i, this.cfg.project);
      else s = new Shard();
      this.summaries[i] = s;
    }
    return s;
  }

  /**
   * The summaries of a shard stored without them: a type given its projection after the
   * cluster was made (nodes were). Made from the objects once and written with the next
   * commit, which the shard is marked dirty for.
   */
  private derivedSummary(i: number, project: (o: KObject) => KObject): Shard {
    const s = new Shard();
    for (const [k, o] of this.shard(i).entries()) s.set(k, project(o));
    this.dirty.add(i);
    return s;
  }

  get(key: string): KObject | undefined {
    return this.shard(this.shardOf(key)).get(key);
  }

  all(): KObject[] {
    const out: KObject[] = [];
    for (let i = 0; i < this.shardCount; i++) {
      for (const o of this.shard(i).values()) out.push(o);
    }
    return out;
  }

  /**
   * Every stored key, shard by shard, none of the objects parsed: a bucket's names cost its
   * files' bytes, not a parse of each object (the nodes a command picks one of).
   */
  keys(): string[] {
    const out: string[] = [];
    // A projected type's summary files are a third of its objects' bytes, with the same keys.
    const shard = (i: number) => (this.cfg.project ? this.summaryShard(i) : this.shard(i));
    for (let i = 0; i < this.shardCount; i++) for (const k of shard(i).keys()) out.push(k);
    return out;
  }

  /**
   * The stored keys among `keys`, in the order all() would meet them (shard by shard, each
   * in its own order), reading only their shards: a pass over a few objects visits them as
   * a pass over all of them would, so what it draws from the random source is the same.
   */
  inStoreOrder(keys: Iterable<string>): string[] {
    const byShard = new Map<number, Set<string>>();
    for (const k of keys) {
      const i = this.shardOf(k);
      const set = byShard.get(i) ?? new Set<string>();
      set.add(k);
      byShard.set(i, set);
    }
    const out: string[] = [];
    for (const i of [...byShard.keys()].sort((a, b) => a - b)) {
      const wanted = byShard.get(i) as Set<string>;
      const shard = this.shard(i);
      if (wanted.size === 1) {
        for (const k of wanted) if (shard.has(k)) out.push(k);
        continue;
      }
      for (const k of shard.keys()) if (wanted.has(k)) out.push(k);
    }
    return out;
  }

  /** Every key and object, shard by shard (records that do not hold their key). */
  entries(): [string, KObject][] {
    const out: [string, KObject][] = [];
    for (let i = 0; i < this.shardCount; i++) out.push(...this.shard(i).entries());
    return out;
  }

  /** The objects in the shard that `key` would live in. */
  shardList(key: string): KObject[] {
    return this.shard(this.shardOf(key)).values();
  }

  /**
   * The keys beginning with `prefix` in the shard that `key` would live in, none of its
   * objects parsed; `containing`: only those whose stored line holds it (shard.ts).
   */
  shardKeysWithPrefix(key: string, prefix: string, containing?: string): string[] {
    return this.shard(this.shardOf(key)).keysWithPrefix(prefix, containing);
  }

  /** The keys in the shard that `key` would live in, none of its objects parsed. */
  shardKeys(key: string): string[] {
    return this.shard(this.shardOf(key)).keys();
  }

  /** The keys and objects in the shard that `key` would live in (records that do not hold their key). */
  shardEntries(key: string): [string, KObject][] {
    return this.shard(this.shardOf(key)).entries();
  }

  /** Projected objects when the type has a projection, else the objects themselves. */
  summaryList(): KObject[] {
    if (!this.cfg.project) return this.all();
    const out: KObject[] = [];
    for (let i = 0; i < this.shardCount; i++) {
      for (const o of this.summaryShard(i).values()) out.push(o);
    }
    return out;
  }

  summary(key: string): KObject | undefined {
    return this.cfg.project ? this.summaryShard(this.shardOf(key)).get(key) : this.get(key);
  }

  set(key: string, o: KObject): void {
    const i = this.shardOf(key);
    const s = this.shard(i);
    s.set(key, o);
    this.dirty.add(i);
    if (this.cfg.expiresAt) this.widen(i, this.cfg.expiresAt(o));
    if (this.cfg.project) this.summaryShard(i).set(key, this.cfg.project(o));
    if (s.size > GROW_AT * this.perShard) this.grow();
  }

  private get perShard(): number {
    return this.cfg.perShard ?? OBJECTS_PER_SHARD;
  }

  /** The shard count the bucket's objects call for (commit splits to it). */
  private wantedShards(): number {
    const total = this.countsNow().reduce((a, b) => a + b, 0);
    let n = this.shardCount;
    while (total > n * this.perShard) n *= 2;
    return n;
  }

  /**
   * Splits now rather than at commit (which would anyway): building 100,000 pods otherwise
   * held them in tables of 100,000 keys, where a lookup is 3-4 times slower than in 1,000.
   */
  private grow(): void {
    const n = this.wantedShards();
    if (n > this.shardCount) this.splitAway.push(...this.split(n));
  }

  delete(key: string): void {
    const i = this.shardOf(key);
    if (!this.shard(i).delete(key)) return;
    this.dirty.add(i);
    if (this.cfg.project) this.summaryShard(i).delete(key);
  }

  isDirty(): boolean {
    return this.dirty.size > 0;
  }

  /**
   * A name for what the bucket holds as stored: its files' tags, which every commit that
   * changes a shard renews. Undefined once this process has changed it, since nothing
   * stored describes that content yet. A cache derived from the bucket keeps it to know
   * whether it is still good without reading the bucket.
   */
  revision(): string | undefined {
    if (this.dirty.size) return undefined;
    return `${this.catalog.shards.join(",")}|${(this.catalog.summaries ?? []).join(",")}`;
  }

  /**
   * Drops the objects of the shard `key` lives in that expired by `now` (read once: the
   * shard a write is about to change anyway); returns the keys dropped and the earliest
   * expiry left in the shard (0: none).
   */
  expireShardOf(key: string, now: number): { gone: string[]; next: number } {
    const i = this.shardOf(key);
    // Nothing in the shard expires before its earliest bound: no object need be parsed.
    const first = this.knownBounds(i)?.[0];
    if (first !== undefined && (first === 0 || first > now)) return { gone: [], next: first };
    return { gone: this.expireShard(i, now), next: this.expiryOf(i)[0] };
  }

  private expireShard(i: number, now: number): string[] {
    const at = this.cfg.expiresAt;
    if (!at) return [];
    const s = this.shard(i);
    const gone = s.keys().filter((k) => at(s.get(k) as KObject) <= now);
    for (const k of gone) s.delete(k);
    if (gone.length) this.dirty.add(i);
    // Every object was just parsed: the bounds are exact again.
    this.bounds.set(i, this.expiryOf(i));
    return gone;
  }

  /** The shard's expiry bounds: this process's, else the catalog's; undefined if not known. */
  private knownBounds(i: number): [number, number] | undefined {
    const mine = this.bounds.get(i);
    if (mine) return mine;
    const lo = this.catalog.firstExpiry?.[i];
    const hi = this.catalog.lastExpiry?.[i];
    if (lo === undefined || hi === undefined || lo === -1 || hi === -1) return undefined;
    // An empty shard in the catalog may hold objects: read from a file it did not know about,
    // or moved there by a split in this process.
    if (lo === 0 && (this.catalog.shards[i] || this.shards[i]?.size)) return undefined;
    return [lo, hi];
  }

  private widen(i: number, t: number): void {
    let b = this.bounds.get(i);
    if (!b) {
      const known = this.knownBounds(i);
      if (!known) return;
      b = [known[0], known[1]];
      this.bounds.set(i, b);
    }
    b[0] = b[0] ? Math.min(b[0], t) : t;
    b[1] = Math.max(b[1], t);
  }

  /**
   * Drops what expired by `now` without scanning the bucket: every shard whose objects
   * have all expired goes whole, unread (its file is superseded), and up to `budget`
   * shards holding some expired objects are read and pruned, the longest expired first.
   * Returns how many shards changed.
   */
  expire(now: number, budget: number): number {
    const first = this.catalog.firstExpiry;
    const last = this.catalog.lastExpiry;
    if (!this.cfg.expiresAt || !first || !last) return 0;
    let changed = 0;
    const partial: number[] = [];
    for (let i = 0; i < this.shardCount; i++) {
      if (this.dirty.has(i)) continue;
      if (last[i] > 0 && last[i] <= now) {
        this.shards[i] = new Shard();
        if (this.cfg.project) this.summaries[i] = new Shard();
        this.dirty.add(i);
        changed++;
      } else if (first[i] !== 0 && first[i] <= now) partial.push(i);
    }
    // The longest expired first; shards of an older catalog, not known yet, after them.
    const order = (i: number) => (first[i] === -1 ? Number.MAX_SAFE_INTEGER : first[i]);
    partial.sort((a, b) => order(a) - order(b));
    for (const i of partial.slice(0, budget)) {
      this.expireShard(i, now);
      // A shard from an older catalog read now learns its expiry even when nothing expired.
      this.dirty.add(i);
      changed++;
    }
    return changed;
  }

  /** The earliest and latest expiry of a loaded shard's objects (0, 0: empty). */
  private expiryOf(i: number): [number, number] {
    const at = this.cfg.expiresAt;
    let lo = 0;
    let hi = 0;
    if (!at) return [lo, hi];
    for (const o of this.shard(i).values()) {
      const t = at(o);
      if (!lo || t < lo) lo = t;
      if (t > hi) hi = t;
    }
    return [lo, hi];
  }

  /** Files to write for what changed, updating the catalog to name them; returns superseded names. */
  commit(tag: string, out: PendingFile[]): string[] {
    if (!this.dirty.size) return [];
    const n = this.wantedShards();
    const superseded = this.splitAway.splice(0);
    if (n > this.shardCount) superseded.push(...this.split(n));
    const write = (list: string[], i: number, summary: boolean, data: Shard) => {
      const was = fileOf(this.plural, i, list[i] ?? "", summary);
      if (was) superseded.push(was);
      if (data.size) {
        out.push({ name: shardFile(this.plural, i, tag, summary), data: () => data.chunks() });
        list[i] = tag;
      } else {
        list[i] = "";
      }
    };
    // A dirty shard was read (or created) by the write that dirtied it, so shard() and
    // summaryShard() return it without reading; the constructor gave a projecting bucket its
    // summaries list.
    const summaries = this.cfg.project ? this.catalog.summaries : undefined;
    for (const i of [...this.dirty].sort((a, b) => a - b)) {
      write(this.catalog.shards, i, false, this.shard(i));
      if (summaries) write(summaries, i, true, this.summaryShard(i));
      if (this.catalog.firstExpiry && this.catalog.lastExpiry) {
        const size = this.shard(i).size;
        const b = size ? (this.bounds.get(i) ?? this.knownBounds(i)) : ([0, 0] as [number, number]);
        [this.catalog.firstExpiry[i], this.catalog.lastExpiry[i]] =
          b && (b[0] || !size) ? b : this.expiryOf(i);
      }
    }
    this.dirty.clear();
    this.bounds.clear();
    return superseded;
  }

  /**
   * The object count of every shard, the dirty ones recounted. A catalog from before shards
   * split has no counts: its shards are each read once, by the first write to the bucket.
   */
  private countsNow(): number[] {
    const n = this.shardCount;
    let counts = this.catalog.counts;
    if (!counts || counts.length !== n) {
      counts = this.catalog.shards.map((f, i) => (f || this.shards[i] ? this.shard(i).size : 0));
      this.catalog.counts = counts;
    }
    for (const i of this.dirty) counts[i] = this.shard(i).size;
    return counts;
  }

  /**
   * Redistributes the bucket over `n` shards (a multiple of the old count, so each object
   * moves from shard i to one of i, i + old, i + 2*old...): every shard is read, every new
   * one written, every old file superseded. Doubling keeps this rare: a bucket that grows to
   * N objects has been split log2(N / 128) times.
   */
  private split(n: number): string[] {
    const old = this.shardCount;
    const names = (list: string[], summary: boolean) =>
      list.map((f, i) => fileOf(this.plural, i, f, summary));
    const superseded = [
      ...names(this.catalog.shards, false),
      ...names(this.catalog.summaries ?? [], true),
    ].filter((f) => f);
    // Every entry is parsed (and so checked) on the way: a split is rare enough not to
    // keep entries as text through it.
    const objects: [string, KObject][] = [];
    const projected = new Map<string, KObject>();
    for (let i = 0; i < old; i++) {
      objects.push(...this.shard(i).entries());
      if (this.cfg.project) for (const [k, o] of this.summaryShard(i).entries()) projected.set(k, o);
    }
    this.catalog.shards = new Array(n).fill("");
    if (this.catalog.summaries) this.catalog.summaries = new Array(n).fill("");
    this.shards = Array.from({ length: n }, () => new Shard());
    this.summaries = Array.from({ length: n }, () => new Shard());
    const counts = new Array(n).fill(0);
    this.dirty.clear();
    for (const [k, o] of objects) {
      const i = this.shardOf(k);
      (this.shards[i] as Shard).set(k, o);
      counts[i]++;
      this.dirty.add(i);
      const p = projected.get(k) ?? (this.cfg.project ? this.cfg.project(o) : undefined);
      if (p) (this.summaries[i] as Shard).set(k, p);
    }
    this.catalog.counts = counts;
    this.bounds.clear();
    if (this.cfg.expiresAt) {
      this.catalog.firstExpiry = new Array(n).fill(0);
      this.catalog.lastExpiry = new Array(n).fill(0);
    }
    return superseded;
  }
}

export class ObjectStore {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly configs: Record<string, BucketConfig>,
    readonly catalog: Catalog,
    private readonly io: FileIO,
  ) {}

  /** Whether the catalog has the bucket (a cluster stored before it existed has not). */
  has(plural: string): boolean {
    return plural in this.catalog;
  }

  bucket(plural: string): Bucket {
    let b = this.buckets.get(plural);
    if (!b) {
      const cfg = this.configs[plural] ?? { shards: 1 };
      let cat = this.catalog[plural];
      if (!cat) {
        cat = { shards: new Array(cfg.shards).fill(""), counts: new Array(cfg.shards).fill(0) };
        this.catalog[plural] = cat;
      }
      b = new Bucket(plural, cfg, cat, this.io);
      this.buckets.set(plural, b);
    }
    return b;
  }

  isDirty(): boolean {
    for (const b of this.buckets.values()) if (b.isDirty()) return true;
    return false;
  }

  /** The files to write, named with the commit's tag (files.ts), and the files they supersede. */
  commit(tag: string): { files: PendingFile[]; superseded: string[] } {
    const files: PendingFile[] = [];
    const superseded: string[] = [];
    for (const b of this.buckets.values()) superseded.push(...b.commit(tag, files));
    return { files, superseded };
  }
}
