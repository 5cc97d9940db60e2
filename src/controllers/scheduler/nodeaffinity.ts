// The NodeAffinity plugin: nodeSelector and required node affinity as a filter (every
// operator: In, NotIn, Exists, DoesNotExist, Gt, Lt; matchFields on metadata.name), the
// preferred terms' weights as a score.
import type { NodeSelectorRequirement, NodeSelectorTerm } from "kubernetes-types/core/v1";
import type { Node, Pod } from "../../api/types.js";

/** nodeaffinity's requirement match on a label (or field) value, absent when undefined. */
export function requirementMatches(e: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = e.values ?? [];
  switch (e.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      // Both sides must parse as integers; a label that does not never matches.
      if (value === undefined || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0] ?? "")) return false;
      const [a, b] = [BigInt(value), BigInt(values[0])];
      return e.operator === "Gt" ? a > b : a < b;
    }
  }
  return false;
}

/** A term matches when all its expressions and fields do; an empty term matches nothing. */
export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  return (
    exprs.every((e) => requirementMatches(e, node.metadata.labels?.[e.key])) &&
    fields.every((f) => requirementMatches(f, f.key === "metadata.name" ? node.metadata.name : undefined))
  );
}

/** The Filter: the nodeSelector's labels and any one of the required terms. */
export function nodeAffinityAllows(pod: Pod, node: Node): boolean {
  const sel = pod.spec.nodeSelector ?? {};
  if (Object.entries(sel).some(([k, v]) => node.metadata.labels?.[k] !== v)) return false;
  const terms =
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return !terms?.length || terms.some((t) => termMatches(t, node));
}

/** The Score before normalizing: the weights of the preferred terms the node matches. */
export function nodeAffinityScore(pod: Pod, node: Node): number {
  let s = 0;
  for (const p of pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
    if (termMatches(p.preference, node)) s += p.weight;
  return s;
}

export const NODE_AFFINITY_REASON = "node(s) didn't match Pod's node affinity/selector";

/**
 * NodeAffinity's PreFilter: when every required term names nodes (matchFields metadata.name
 * In, as a DaemonSet's pods do), only those nodes are filtered; the others are reported as
 * not satisfying the plugin. Undefined means all nodes.
 */
export function preFilterNodeNames(pod: Pod): Set<string> | undefined {
  const terms =
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return undefined;
  const names = new Set<string>();
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== "metadata.name" || r.operator !== "In") continue;
      const s = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    // A term without a node name lets every node through: the terms are ORed.
    if (!termNames) return undefined;
    for (const n of termNames) names.add(n);
  }
  return names;
}

export const PREFILTER_REASON = "node(s) didn't satisfy plugin(s) [NodeAffinity]";
