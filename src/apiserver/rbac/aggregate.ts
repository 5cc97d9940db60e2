// What the clusterrole-aggregation controller computes (pkg/controller/clusterroleaggregation,
// v1.32): an aggregated ClusterRole's rules are those of every other ClusterRole its
// selectors match, taken in name order, each rule once.

import type { PolicyRule } from "kubernetes-types/rbac/v1";
import type { ClusterRole } from "../../api/types.js";
import { fromLabelSelector, matches } from "../labels.js";

function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  const eq = (x: string[] | undefined, y: string[] | undefined) =>
    JSON.stringify(x ?? []) === JSON.stringify(y ?? []);
  return (
    eq(a.verbs, b.verbs) &&
    eq(a.apiGroups, b.apiGroups) &&
    eq(a.resources, b.resources) &&
    eq(a.resourceNames, b.resourceNames) &&
    eq(a.nonResourceURLs, b.nonResourceURLs)
  );
}

/** The rules `role` aggregates from `all`, or undefined when it has no aggregationRule. */
export function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] | undefined {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!selectors) return undefined;
  const out: PolicyRule[] = [];
  const byName = [...all].sort((a, b) =>
    a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
  );
  for (const sel of selectors) {
    const s = fromLabelSelector(sel);
    for (const other of byName) {
      if (other.metadata.name === role.metadata.name || !matches(s, other.metadata.labels)) continue;
      for (const r of other.rules ?? []) if (!out.some((x) => sameRule(x, r))) out.push(r);
    }
  }
  return out;
}
