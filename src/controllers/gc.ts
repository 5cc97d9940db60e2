// The garbage collector: dependents whose owners are all gone are deleted in the
// background, as after `kubectl delete deployment` (pods through their grace period).

import type { KObject } from "../api/types.js";
import { allResources, PODS } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";
import { deletePodGracefully } from "./podfactory.js";

export function syncGarbageCollector(c: ControllerContext): boolean {
  const uids = new Set<string>();
  const dependents: KObject[] = [];
  for (const r of allResources()) {
    // Events own nothing and are owned by nothing; pods are scanned through their summaries.
    if (r.kind === "Event") continue;
    for (const o of c.api.summaries(r)) {
      // Stored objects all have a uid (the apiserver sets it on insert).
      if (o.metadata.uid) uids.add(o.metadata.uid);
      if (o.metadata.ownerReferences?.length) dependents.push(o);
    }
  }
  let changed = false;
  for (const o of dependents) {
    if (o.metadata.ownerReferences?.some((ref) => uids.has(ref.uid))) continue;
    if (o.kind === "Pod") {
      if (o.metadata.deletionTimestamp) continue;
      // A summary is never written back: delete through the full pod, there since this pass read it.
      const pod = c.api.get(PODS, o.metadata.namespace, o.metadata.name ?? "");
      if (pod) deletePodGracefully(c, pod);
    } else {
      c.api.remove(o);
    }
    changed = true;
  }
  return changed;
}
