// The InterPodAffinity plugin: required pod affinity and anti-affinity (the incoming pod's
// and the existing pods') as a filter, the preferred terms' weights as a score, over the
// topology domains that topologyKey names (kubernetes.io/hostname, topology.kubernetes.io/zone).
import type { PodAffinityTerm } from "kubernetes-types/core/v1";
import type { Node, Pod } from "../../api/types.js";
import { fromLabelSelector, matches } from "../../apiserver/labels.js";
import type { Placed, Snapshot } from "./snapshot.js";

export const AFFINITY_REASON = "node(s) didn't match pod affinity rules";
export const ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
export const EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";

/** Whether `target` is one of the pods the term (written on `owner`) selects. */
function termSelects(term: PodAffinityTerm, owner: Pod, target: Pod, snap: Snapshot): boolean {
  const ns = target.metadata.namespace ?? "default";
  const names = term.namespaces ?? [];
  const nsSel = term.namespaceSelector;
  let inNs: boolean;
  if (!names.length && !nsSel) inNs = ns === (owner.metadata.namespace ?? "default");
  else
    inNs = names.includes(ns) || (!!nsSel && matches(fromLabelSelector(nsSel), snap.nsLabels.get(ns) ?? {}));
  return inNs && matches(fromLabelSelector(term.labelSelector ?? undefined), target.metadata.labels);
}

/** Same topology domain: both nodes carry the key with the same value. */
function sameDomain(key: string, a: Node, b: Node): boolean {
  const v = a.metadata.labels?.[key];
  return v !== undefined && v === b.metadata.labels?.[key];
}

function othersOf(pod: Pod, snap: Snapshot): Placed[] {
  return snap.placed.filter((p) => p.pod.metadata.uid !== pod.metadata.uid);
}

/** The Filter's verdict for one node, in the plugin's order: affinity, anti-affinity, existing pods' anti-affinity. */
export function interPodReason(pod: Pod, node: Node, snap: Snapshot): string | undefined {
  // Most pods have no terms and meet no anti-affine pod: nothing to scan.
  if (!pod.spec.affinity?.podAffinity && !pod.spec.affinity?.podAntiAffinity && !snap.antiAffine.length)
    return undefined;
  const others = othersOf(pod, snap);
  const affinity = pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (affinity.length) {
    // The counts take only pods that match every term, and the node needs every topology key.
    if (affinity.some((t) => node.metadata.labels?.[t.topologyKey] === undefined)) return AFFINITY_REASON;
    const matchesAll = (o: Placed) => affinity.every((t) => termSelects(t, pod, o.pod, snap));
    const ok = affinity.every((t) =>
      others.some((o) => sameDomain(t.topologyKey, node, o.node) && matchesAll(o)),
    );
    // The first pod of a group that selects itself may go anywhere the keys exist, when no
    // pod matches the terms yet (so a Deployment with affinity to its own pods can start).
    const first = !others.some(matchesAll) && affinity.every((t) => termSelects(t, pod, pod, snap));
    if (!ok && !first) return AFFINITY_REASON;
  }
  const anti = pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (
    anti.some((t) =>
      others.some((o) => sameDomain(t.topologyKey, node, o.node) && termSelects(t, pod, o.pod, snap)),
    )
  )
    return ANTI_AFFINITY_REASON;
  for (const o of snap.antiAffine) {
    if (o.pod.metadata.uid === pod.metadata.uid) continue;
    const terms = o.pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    if (terms.some((t) => sameDomain(t.topologyKey, node, o.node) && termSelects(t, o.pod, pod, snap)))
      return EXISTING_ANTI_AFFINITY_REASON;
  }
  return undefined;
}

/** The Score before normalizing: preferred affinity weights count for, anti-affinity against. */
export function interPodScore(pod: Pod, node: Node, snap: Snapshot): number {
  let s = 0;
  const aff = pod.spec.affinity;
  if (!aff?.podAffinity && !aff?.podAntiAffinity && !snap.antiAffine.length) return 0;
  for (const o of othersOf(pod, snap)) {
    for (const w of aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      if (
        sameDomain(w.podAffinityTerm.topologyKey, node, o.node) &&
        termSelects(w.podAffinityTerm, pod, o.pod, snap)
      )
        s += w.weight;
    for (const w of aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      if (
        sameDomain(w.podAffinityTerm.topologyKey, node, o.node) &&
        termSelects(w.podAffinityTerm, pod, o.pod, snap)
      )
        s -= w.weight;
    // Existing pods' preferred anti-affinity repels the incoming pod too.
    for (const w of o.pod.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ??
      [])
      if (
        sameDomain(w.podAffinityTerm.topologyKey, node, o.node) &&
        termSelects(w.podAffinityTerm, o.pod, pod, snap)
      )
        s -= w.weight;
  }
  return s;
}
