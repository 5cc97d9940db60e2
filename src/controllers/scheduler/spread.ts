// The PodTopologySpread plugin for the pod's own topologySpreadConstraints: DoNotSchedule
// ones filter (maxSkew against the least populated domain, minDomains), ScheduleAnyway ones
// score. Domains come from the nodes that pass the pod's nodeSelector and required node
// affinity (nodeAffinityPolicy Honor); taints are ignored (nodeTaintsPolicy Ignore), so a
// tainted control plane still counts as a domain, as on a real cluster.
import type { TopologySpreadConstraint } from "kubernetes-types/core/v1";
import type { Node, Pod } from "../../api/types.js";
import { fromLabelSelector, matches } from "../../apiserver/labels.js";
import { nodeAffinityAllows } from "./nodeaffinity.js";
import type { Snapshot } from "./snapshot.js";

export const SPREAD_REASON = "node(s) didn't match pod topology spread constraints";
export const SPREAD_LABEL_REASON =
  "node(s) didn't match pod topology spread constraints (missing required label)";

function selects(c: TopologySpreadConstraint, pod: Pod, target: Pod): boolean {
  if (target.metadata.namespace !== pod.metadata.namespace) return false;
  // matchLabelKeys add the incoming pod's values for those keys to the selector.
  const sel = fromLabelSelector(c.labelSelector ?? undefined);
  for (const k of c.matchLabelKeys ?? []) {
    const v = pod.metadata.labels?.[k];
    if (v !== undefined) sel.push({ key: k, op: "=", values: [v] });
  }
  return !!c.labelSelector && matches(sel, target.metadata.labels);
}

/** Matching pods per domain value, over the eligible nodes' domains. */
function counts(c: TopologySpreadConstraint, pod: Pod, snap: Snapshot): Map<string, number> {
  const out = new Map<string, number>();
  const eligible = snap.nodes.filter((n) => nodeAffinityAllows(pod, n));
  for (const n of eligible) {
    const v = n.metadata.labels?.[c.topologyKey];
    if (v !== undefined && !out.has(v)) out.set(v, 0);
  }
  for (const p of snap.placed) {
    const v = p.node.metadata.labels?.[c.topologyKey];
    if (v === undefined || !out.has(v) || p.pod.metadata.deletionTimestamp) continue;
    if (p.pod.metadata.uid !== pod.metadata.uid && selects(c, pod, p.pod)) out.set(v, (out.get(v) ?? 0) + 1);
  }
  return out;
}

export function spreadReason(pod: Pod, node: Node, snap: Snapshot): string | undefined {
  const hard = (pod.spec.topologySpreadConstraints ?? []).filter(
    (c) => c.whenUnsatisfiable === "DoNotSchedule",
  );
  if (hard.some((c) => node.metadata.labels?.[c.topologyKey] === undefined)) return SPREAD_LABEL_REASON;
  for (const c of hard) {
    const per = counts(c, pod, snap);
    let min = per.size ? Math.min(...per.values()) : 0;
    if (c.minDomains && per.size < c.minDomains) min = 0;
    const self = selects(c, pod, pod) ? 1 : 0;
    const here = per.get(node.metadata.labels?.[c.topologyKey] ?? "") ?? 0;
    if (here + self - min > c.maxSkew) return SPREAD_REASON;
  }
  return undefined;
}

/** The Score before normalizing: matching pods in the node's domains (fewer is better). */
export function spreadCount(pod: Pod, node: Node, snap: Snapshot): number {
  let s = 0;
  for (const c of pod.spec.topologySpreadConstraints ?? []) {
    if (c.whenUnsatisfiable !== "ScheduleAnyway") continue;
    s += counts(c, pod, snap).get(node.metadata.labels?.[c.topologyKey] ?? "") ?? 0;
  }
  return s;
}
