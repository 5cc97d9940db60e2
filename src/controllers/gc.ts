// The garbage collector: dependents whose owners are all gone are deleted in the
// background, as after `kubectl delete deployment` (pods through their grace period).
import { byKind, RESOURCES } from "../apiserver/resources.js";
import type { KObject } from "../apiserver/types.js";
import type { Cluster } from "../cluster/cluster.js";
import { deletePodGracefully } from "./podfactory.js";

export function syncGarbageCollector(c: Cluster): boolean {
  const uids = new Set<string>();
  const dependents: KObject[] = [];
  for (const r of RESOURCES) {
    // Events own nothing and are owned by nothing; pods are scanned through their summaries.
    if (r.kind === "Event") continue;
    for (const o of c.api.summaries(r)) {
      uids.add(o.metadata.uid!);
      if (o.metadata.ownerReferences?.length) dependents.push(o);
    }
  }
  let changed = false;
  for (const o of dependents) {
    if (o.metadata.ownerReferences!.some((ref) => uids.has(ref.uid))) continue;
    if (o.kind === "Pod") {
      if (o.metadata.deletionTimestamp) continue;
      deletePodGracefully(c, c.api.get(byKind("Pod"), o.metadata.namespace, o.metadata.name!)!);
    } else {
      c.api.remove(o);
    }
    changed = true;
  }
  return changed;
}
