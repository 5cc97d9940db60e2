// The node lifecycle controller's NoSchedule tainting pass, for what kubesim's nodes can show:
// a cordoned node (spec.unschedulable) gets the node.kubernetes.io/unschedulable:NoSchedule
// taint, stamped with timeAdded as SwapNodeControllerTaint does, and loses it on uncordon.
import { NODES } from "../apiserver/resources.js";
import { rfc3339 } from "../golang/time.js";
import type { ControllerContext } from "./context.js";

const UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

export function syncNodeLifecycle(c: ControllerContext): boolean {
  let changed = false;
  for (const node of c.api.list(NODES)) {
    const taints = node.spec?.taints ?? [];
    const has = taints.some((t) => t.key === UNSCHEDULABLE && t.effect === "NoSchedule");
    const want = node.spec?.unschedulable === true;
    if (has === want) continue;
    const next = want
      ? [...taints, { effect: "NoSchedule" as const, key: UNSCHEDULABLE, timeAdded: rfc3339(c.clock.now()) }]
      : taints.filter((t) => !(t.key === UNSCHEDULABLE && t.effect === "NoSchedule"));
    node.spec = { ...node.spec, taints: next };
    if (!next.length) delete node.spec.taints;
    c.api.put(node);
    changed = true;
  }
  return changed;
}
