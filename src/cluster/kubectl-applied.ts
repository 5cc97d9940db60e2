// What `kubectl apply` leaves on the objects it creates, for the ones kind applies when it
// makes a cluster (its default storage manifest): the last-applied-configuration annotation.
import type { KObject } from "../api/types.js";
import { goMarshal } from "../golang/json.js";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * An object as `kubectl apply` creates it from a manifest: annotated with the manifest's own
 * object (compact, keys sorted, `annotations: {}` where it had none, a cluster-scoped object's
 * namespace dropped).
 */
export function kubectlApplied(manifest: KObject, clusterScoped = false): KObject {
  const recorded = structuredClone(manifest);
  if (clusterScoped) delete recorded.metadata.namespace;
  recorded.metadata.annotations = { ...recorded.metadata.annotations };
  const applied = structuredClone(recorded);
  applied.metadata.annotations = {
    ...applied.metadata.annotations,
    [LAST_APPLIED]: `${goMarshal(recorded)}\n`,
  };
  return applied;
}
