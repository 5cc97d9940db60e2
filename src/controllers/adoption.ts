// The deployment controller's ClaimReplicaSets, the adoption half: a ReplicaSet without a
// controller that a Deployment's selector matches becomes that Deployment's.
import { fromLabelSelector, matches } from "../apiserver/labels.js";
import { DEPLOYMENTS, REPLICASETS } from "../apiserver/resources.js";
import { ApiServer, controllerOf } from "../apiserver/server.js";
import type { ControllerContext } from "./context.js";
import { isTerminating } from "./podfactory.js";

/**
 * ClaimReplicaSets' adoption: a ReplicaSet without a controller whose labels the
 * Deployment selects becomes its own (one left behind by a delete with --cascade=orphan).
 */
export function adoptOrphans(c: ControllerContext): void {
  const deployments = c.api.all(DEPLOYMENTS).filter((d) => !isTerminating(d));
  for (const rs of c.api.all(REPLICASETS)) {
    if (controllerOf(rs) || isTerminating(rs)) continue;
    const d = deployments.find(
      (x) =>
        x.metadata.namespace === rs.metadata.namespace &&
        matches(fromLabelSelector(x.spec.selector), rs.metadata.labels),
    );
    if (!d) continue;
    const next = structuredClone(rs);
    next.metadata.ownerReferences = [...(rs.metadata.ownerReferences ?? []), ApiServer.controllerRef(d)];
    c.api.put(next);
  }
}
