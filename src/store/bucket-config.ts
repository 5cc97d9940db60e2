// What a bucket of the object store is told (its config, from apiserver/storage.ts) and what
// the persisted catalog records of it (objects.ts keeps both in step).
import type { KObject } from "../api/types.js";

export interface BucketConfig {
  /**
   * Shard files a new bucket starts with (a power of two); objects go to
   * fnv32a(shardKey(key)) % (the catalog's shard count), which doubles as the bucket grows.
   */
  shards: number;
  /** Which part of the key decides the shard (events: the object they are about). */
  shardKey?: (key: string) => string;
  /** A projection of each object kept in one summary file, for scans that need only it. */
  project?: (o: KObject) => KObject;
  /** Its entries are kubesim's own records, not API objects (no metadata to check on reading). */
  records?: boolean;
  /**
   * How many objects a shard averages before the bucket splits (OBJECTS_PER_SHARD unless
   * set): buckets of small entries (index records, events) take more, so a large cluster
   * has fewer files to write and fsync, each of about the same size.
   */
  perShard?: number;
  /**
   * For objects stored with a lease (events): the moment, in ms, each one expires. The
   * catalog then keeps each shard's earliest and latest expiry, so expired objects are
   * dropped a shard at a time without scanning the bucket, and a shard whose objects have
   * all expired is dropped without being read.
   */
  expiresAt?: (o: KObject) => number;
}

/**
 * What the persisted catalog records per resource type: current file per shard, by the
 * tag of the commit that wrote it (catalog-codec.ts; "" = empty).
 */
export interface BucketCatalog {
  /** Its length is the bucket's shard count, a power of two. */
  shards: string[];
  /** Per shard, the file of its objects' summaries (types with a projection only). */
  summaries?: string[];
  /** Per shard, how many objects it holds (absent in catalogs written before shards split). */
  counts?: number[];
  /**
   * Buckets with expiring objects: per shard, the earliest and the latest expiry of its
   * objects in ms (0: the shard is empty; -1: not known yet, in a catalog from before).
   */
  firstExpiry?: number[];
  lastExpiry?: number[];
}

export type Catalog = Record<string, BucketCatalog>;
