// The store's own part of a persisted cluster state: its schema version, the files that
// make up the cluster and the bookkeeping of commits. The components' sections are
// declared beside each component and put together in src/cluster/state.ts; the store
// keeps the whole document without knowing them.
import type { Catalog } from "./objects.js";

/** Bumped whenever the layout changes incompatibly; an older state is refused with a clear message. */
export const SCHEMA_VERSION = 1;

export interface StoreState {
  schemaVersion: number;
  name: string;
  /** The object files that make up this state, per resource type (see objects.ts). */
  catalog: Catalog;
  /** Counts commits; new files carry it in their names. */
  generation: number;
  /** Files superseded by a commit, removed once no reader can still be using them. */
  garbage: { file: string; at: number }[];
}
