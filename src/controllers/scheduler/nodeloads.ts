// The scheduler's view of each node's load (pod count, requests, host ports), kept between
// commands as its NodeInfo cache is kept between cycles. A node's entry holds the keys of
// the pods it was computed from; it is good while the API server's index lists the same
// pods as holding that node (indexes.ts: their requests and ports cannot change), and is
// computed again from those pods' summaries otherwise. So placing a pod on a large cluster
// reads one index record per node and the pods of the nodes that changed, not every pod.
import type { Node, Pod } from "../../api/types.js";
import { holdingValue, POD_NODE } from "../../apiserver/indexes.js";
import { PODS } from "../../apiserver/resources.js";
import type { ControllerContext } from "../context.js";
import { addToLoad, emptyLoad, type NodeLoad } from "./resources.js";

/** The records bucket of the cache (storage.ts registers it). */
export const NODE_LOADS = "scheduler-nodeloads";

interface Entry {
  keys: string[];
  load: NodeLoad;
}

/** Each node's load, from the cache where it is still good. */
export function nodeLoads(c: ControllerContext, nodes: Node[]): Map<string, NodeLoad> {
  const b = c.api.objects.bucket(NODE_LOADS);
  const out = new Map<string, NodeLoad>();
  for (const n of nodes) {
    const name = n.metadata.name;
    const keys = c.api.indexKeys(POD_NODE, holdingValue(name));
    const cached = b.get(name) as Entry | undefined;
    if (cached && cached.keys.length === keys.length && cached.keys.every((k, i) => k === keys[i])) {
      out.set(name, structuredClone(cached.load));
      continue;
    }
    const load = emptyLoad();
    for (const p of c.api.indexed<Pod>(PODS, POD_NODE, holdingValue(name))) addToLoad(load, p);
    b.set(name, { keys, load } as never);
    c.api.markChanged();
    out.set(name, structuredClone(load));
  }
  return out;
}
