// The namespace controller: a namespace being deleted empties itself (pods gracefully)
// and disappears once nothing is left in it.
import { allResources, NAMESPACES as NS, PODS } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";
import { deletePodGracefully } from "./podfactory.js";

export function syncNamespaces(c: ControllerContext): boolean {
  let changed = false;
  for (const ns of c.api.all(NS)) {
    if (!ns.metadata.deletionTimestamp) continue;
    const name = ns.metadata.name;
    let left = 0;
    for (const r of allResources()) {
      if (!r.namespaced) continue;
      for (const o of c.api.summaries(r)) {
        if (o.metadata.namespace !== name) continue;
        // Everything but pods goes at once; the namespace stays while pods terminate.
        if (o.kind === "Pod") left++;
        if (o.kind === "Pod") {
          if (!o.metadata.deletionTimestamp) {
            // Summaries are never written back: delete through the full pod.
            const pod = c.api.get(PODS, name, o.metadata.name ?? "");
            if (pod) deletePodGracefully(c, pod);
            changed = true;
          }
        } else {
          c.api.remove(o);
          changed = true;
        }
      }
    }
    if (left === 0) {
      c.api.remove(ns);
      changed = true;
    }
  }
  return changed;
}
