// Which pods the kubelet looks at in a pass: those written since its last pass (bound to a
// node, being deleted, given an ephemeral container) and those with a plan. A loaded
// cluster is settled, so no other pod can have something to do, and a large cluster's
// other pods are not read.
import type { KubeletContext } from "./context.js";
import type { PodSim } from "./timeline.js";

/** "namespace/name" of the pods written since change-log position `from`, and of those with a plan. */
export function podsWithNews(c: KubeletContext, from: number, sims: Record<string, PodSim>): Set<string> {
  const out = new Set<string>();
  const log = c.api.changeLog;
  for (let i = from; i < log.length; i++) if (log[i].startsWith("pods/")) out.add(log[i].slice(5));
  for (const sim of Object.values(sims)) out.add(`${sim.ns}/${sim.name}`);
  return out;
}
