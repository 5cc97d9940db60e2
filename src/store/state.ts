// The store's own part of a persisted cluster state: its schema version, the files that
// make up the cluster and the bookkeeping of commits. The components' sections are
// declared beside each component and put together in src/cluster/state.ts; the store
// keeps the whole document without knowing them.
import type { GarbageEntry } from "./garbage.js";
import type { Catalog } from "./objects.js";

/**
 * Bumped whenever the layout changes incompatibly, so that an older kubesim refuses a newer
 * state with a clear message. 2: the catalog names files by their tags (catalog-codec.ts).
 * 3: the garbage list holds one entry per commit (garbage.ts), and the catalog one packed
 * string per bucket (catalog-codec.ts).
 */
export const SCHEMA_VERSION = 3;

/** The oldest layout this kubesim still reads (and writes back in the current one). */
export const OLDEST_SCHEMA_VERSION: number = 1;

export interface StoreState {
  schemaVersion: number;
  name: string;
  /** The object files that make up this state, per resource type (see objects.ts). */
  catalog: Catalog;
  /** Counts commits; new files carry it in their names. */
  generation: number;
  /** Files superseded by a commit, removed once no reader can still be using them. */
  garbage: GarbageEntry[];
}
