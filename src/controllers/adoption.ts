// The deployment controller's ClaimReplicaSets, the adoption half: a ReplicaSet without a
// controller that a Deployment's selector matches becomes that Deployment's.

import type { Deployment } from "../api/types.js";
import { orphanValue, RS_OWNER } from "../apiserver/indexes.js";
import { fromLabelSelector, matches } from "../apiserver/labels.js";
import { REPLICASETS } from "../apiserver/resources.js";
import { ApiServer, controllerOf } from "../apiserver/server.js";
import type { ControllerContext } from "./context.js";
import { isTerminating } from "./podfactory.js";

/**
 * ClaimReplicaSets' adoption: a ReplicaSet without a controller whose labels one of the
 * Deployments selects becomes its own (one left behind by a delete with --cascade=orphan).
 * Orphans are found through the API server's by-controller index, per namespace.
 */
export function adoptOrphans(c: ControllerContext, deployments: Deployment[]): void {
  const live = deployments.filter((d) => !isTerminating(d));
  for (const ns of new Set(live.map((d) => d.metadata.namespace ?? ""))) {
    for (const rs of c.api.indexed(REPLICASETS, RS_OWNER, orphanValue(ns), true)) {
      if (controllerOf(rs) || isTerminating(rs)) continue;
      const d = live.find(
        (x) => x.metadata.namespace === ns && matches(fromLabelSelector(x.spec.selector), rs.metadata.labels),
      );
      if (!d) continue;
      const next = structuredClone(rs);
      next.metadata.ownerReferences = [...(rs.metadata.ownerReferences ?? []), ApiServer.controllerRef(d)];
      c.api.put(next);
    }
  }
}
