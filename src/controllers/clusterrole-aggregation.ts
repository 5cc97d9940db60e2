// The clusterrole-aggregation controller of kube-controller-manager: keeps the rules of each
// ClusterRole with an aggregationRule equal to the union of the roles its selectors match,
// so a ClusterRole labelled aggregate-to-view adds its rules to view (and through view's
// own label, to edit and admin).

import { aggregatedRules } from "../apiserver/rbac/aggregate.js";
import { CLUSTERROLES } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";

export function syncClusterRoleAggregation(c: ControllerContext): boolean {
  let changed = false;
  // An aggregated role can feed another (view feeds edit, edit feeds admin): repeat until still.
  for (let pass = 0; pass < 8; pass++) {
    let moved = false;
    const all = c.api.all(CLUSTERROLES);
    for (const role of all) {
      const rules = aggregatedRules(role, all);
      if (rules === undefined) continue;
      // Semantic equality: an empty union leaves an unset rules list as it is.
      if (JSON.stringify(rules) === JSON.stringify(role.rules ?? [])) continue;
      const next = structuredClone(role);
      next.rules = rules;
      c.api.put(next);
      moved = true;
    }
    if (!moved) break;
    changed = true;
  }
  return changed;
}
