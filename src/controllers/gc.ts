// The garbage collector: dependents whose owners are all gone are deleted in the
// background, as after `kubectl delete deployment` (pods through their grace period).
import { RESOURCES } from "../apiserver/resources.js";
import type { KObject } from "../apiserver/types.js";
import type { Cluster } from "../cluster/cluster.js";
import { deletePodGracefully } from "./podfactory.js";

export function syncGarbageCollector(c: Cluster): boolean {
  const uids = new Set<string>();
  const dependents: KObject[] = [];
  for (const r of RESOURCES) {
    for (const o of c.api.all(r)) {
      uids.add(o.metadata.uid!);
      if (o.metadata.ownerReferences?.length) dependents.push(o);
    }
  }
  let changed = false;
  for (const o of dependents) {
    if (o.metadata.ownerReferences!.some((ref) => uids.has(ref.uid))) continue;
    if (o.kind === "Pod") {
      if (o.metadata.deletionTimestamp) continue;
      deletePodGracefully(c, o);
    } else {
      c.api.remove(o);
    }
    changed = true;
  }
  return changed;
}
