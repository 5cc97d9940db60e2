// The objects of one cluster, kept per resource type in shard files that are read only
// when a command touches them: `get pods` on a 5,000-pod cluster reads the pods' summary
// file, `describe pod x` one shard of pods and one of events. Writes mark shards dirty;
// commit() hands the changed files to the store, which makes them current atomically.
import type { KObject } from "../api/types.js";
import { shardFile } from "./files.js";
import type { Shard } from "./shape.js";

export interface BucketConfig {
  /** Number of shard files; objects go to fnv32a(shardKey(key)) % shards. */
  shards: number;
  /** Which part of the key decides the shard (events: the object they are about). */
  shardKey?: (key: string) => string;
  /** A projection of each object kept in one summary file, for scans that need only it. */
  project?: (o: KObject) => KObject;
  /** Its entries are kubesim's own records, not API objects (no metadata to check on reading). */
  records?: boolean;
}

/** What the persisted catalog records per resource type: current file per shard ("" = empty). */
export interface BucketCatalog {
  shards: string[];
  /** Per shard, the file of its objects' summaries (types with a projection only). */
  summaries?: string[];
}

export type Catalog = Record<string, BucketCatalog>;

export interface FileIO {
  /** A shard file's objects; the store checks the file's shape and reports a bad one. */
  read(file: string): Shard;
}

export interface PendingFile {
  name: string;
  data: unknown;
}

function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

class Bucket {
  private readonly shards: (Shard | undefined)[];
  private readonly summaries: (Shard | undefined)[];
  private readonly dirty = new Set<number>();

  constructor(
    readonly plural: string,
    private readonly cfg: BucketConfig,
    private readonly catalog: BucketCatalog,
    private readonly io: FileIO,
  ) {
    this.shards = new Array(cfg.shards).fill(undefined);
    this.summaries = new Array(cfg.shards).fill(undefined);
    if (cfg.project && !catalog.summaries) catalog.summaries = new Array(cfg.shards).fill("");
  }

  shardOf(key: string): number {
    return fnv32a(this.cfg.shardKey ? this.cfg.shardKey(key) : key) % this.cfg.shards;
  }

  private shard(i: number): Shard {
    let s = this.shards[i];
    if (!s) {
      const file = this.catalog.shards[i];
      s = file ? this.io.read(file) : {};
      this.shards[i] = s;
    }
    return s;
  }

  private summaryShard(i: number): Shard {
    let s = this.summaries[i];
    if (!s) {
      const file = this.catalog.summaries?.[i];
      s = file ? this.io.read(file) : {};
      this.summaries[i] = s;
    }
    return s;
  }

  get(key: string): KObject | undefined {
    return this.shard(this.shardOf(key))[key];
  }

  all(): KObject[] {
    const out: KObject[] = [];
    for (let i = 0; i < this.cfg.shards; i++) {
      for (const o of Object.values(this.shard(i))) out.push(o);
    }
    return out;
  }

  /** The objects in the shard that `key` would live in. */
  shardList(key: string): KObject[] {
    return Object.values(this.shard(this.shardOf(key)));
  }

  /** Projected objects when the type has a projection, else the objects themselves. */
  summaryList(): KObject[] {
    if (!this.cfg.project) return this.all();
    const out: KObject[] = [];
    for (let i = 0; i < this.cfg.shards; i++) {
      for (const o of Object.values(this.summaryShard(i))) out.push(o);
    }
    return out;
  }

  summary(key: string): KObject | undefined {
    return this.cfg.project ? this.summaryShard(this.shardOf(key))[key] : this.get(key);
  }

  set(key: string, o: KObject): void {
    const i = this.shardOf(key);
    this.shard(i)[key] = o;
    this.dirty.add(i);
    if (this.cfg.project) this.summaryShard(i)[key] = this.cfg.project(o);
  }

  delete(key: string): void {
    const i = this.shardOf(key);
    if (!(key in this.shard(i))) return;
    delete this.shard(i)[key];
    this.dirty.add(i);
    if (this.cfg.project) delete this.summaryShard(i)[key];
  }

  isDirty(): boolean {
    return this.dirty.size > 0;
  }

  /** Files to write for what changed, updating the catalog to name them; returns superseded names. */
  commit(tag: string, out: PendingFile[]): string[] {
    const superseded: string[] = [];
    const write = (list: string[], i: number, name: string, data: Shard) => {
      if (list[i]) superseded.push(list[i]);
      if (Object.keys(data).length) {
        out.push({ name, data });
        list[i] = name;
      } else {
        list[i] = "";
      }
    };
    // A dirty shard was read (or created) by the write that dirtied it, so shard() and
    // summaryShard() return it without reading; the constructor gave a projecting bucket its
    // summaries list.
    const summaries = this.cfg.project ? this.catalog.summaries : undefined;
    for (const i of [...this.dirty].sort((a, b) => a - b)) {
      write(this.catalog.shards, i, shardFile(this.plural, i, tag, false), this.shard(i));
      if (summaries) write(summaries, i, shardFile(this.plural, i, tag, true), this.summaryShard(i));
    }
    this.dirty.clear();
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

  bucket(plural: string): Bucket {
    let b = this.buckets.get(plural);
    if (!b) {
      const cfg = this.configs[plural] ?? { shards: 1 };
      let cat = this.catalog[plural];
      if (!cat) {
        cat = { shards: new Array(cfg.shards).fill("") };
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
