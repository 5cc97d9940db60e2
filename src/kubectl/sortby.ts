// get --sort-by: which lists kubectl sorts, and its errors as a CliError.
import type { KObject } from "../api/types.js";
import { SortByError, type SortMode, sortByField } from "../printers/sortby.js";
import { CliError } from "./io.js";

/**
 * Sorts the groups' objects in place. Tables: each resource type's list is its own table
 * and is sorted alone; objects fetched by name come back one table each, so kubectl only
 * checks that each has the field and keeps them in the order typed. Other outputs: one
 * List across every type, left alone when a single object was asked for by name.
 */
export function sortGetResult(
  groups: { objs: KObject[] }[],
  sortBy: string,
  mode: SortMode,
  byName: boolean,
  nowMs: number,
): void {
  const klog = { nowMs, pid: process.pid };
  try {
    if (mode === "list") {
      if (!byName) for (const g of groups) sortByField(g.objs, sortBy, mode, klog);
      return;
    }
    for (const g of groups) {
      if (byName) for (const obj of g.objs) sortByField([obj], sortBy, mode, klog);
      else sortByField(g.objs, sortBy, mode, klog);
    }
  } catch (e) {
    if (e instanceof SortByError) throw new CliError(e.message);
    throw e;
  }
}
