// The scheduler's VolumeBinding plugin, reduced to kind's storage: a pod's claims must
// exist; a bound claim's volume pins the pod to the nodes its node affinity allows; an
// unbound claim of a WaitForFirstConsumer class is provisioned on the node chosen for the
// pod (the selected-node annotation), and the pod is bound once its claims are.

import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from "../api/types.js";
import { PVCS, PVS, STORAGECLASSES } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";
import { SELECTED_NODE } from "./volumes.js";

export const VOLUME_NODE_CONFLICT = "node(s) had volume node affinity conflict";

export type VolumeVerdict =
  /** PreFilter rejects the pod on every node (UnschedulableAndUnresolvable). */
  | { kind: "unresolvable"; message: string }
  /** A claim waits for its volume on the node already chosen: the pod waits, quietly. */
  | { kind: "wait" }
  | { kind: "ok"; volumes: PersistentVolume[]; delayed: PersistentVolumeClaim[] };

export function checkVolumes(c: ControllerContext, pod: Pod): VolumeVerdict {
  const names = (pod.spec.volumes ?? []).flatMap((v) => v.persistentVolumeClaim?.claimName ?? []);
  const volumes: PersistentVolume[] = [];
  const delayed: PersistentVolumeClaim[] = [];
  for (const name of names) {
    const claim = c.api.get(PVCS, pod.metadata.namespace, name);
    if (!claim) return { kind: "unresolvable", message: `persistentvolumeclaim "${name}" not found` };
    if (claim.metadata.deletionTimestamp)
      return { kind: "unresolvable", message: `persistentvolumeclaim "${name}" is being deleted` };
    if (claim.spec.volumeName) {
      const pv = c.api.get(PVS, undefined, claim.spec.volumeName);
      if (!pv || claim.status?.phase !== "Bound") return { kind: "wait" };
      volumes.push(pv);
      continue;
    }
    const cls = claim.spec.storageClassName;
    const sc = cls ? c.api.get(STORAGECLASSES, undefined, cls) : undefined;
    if (sc?.volumeBindingMode !== "WaitForFirstConsumer")
      return { kind: "unresolvable", message: "pod has unbound immediate PersistentVolumeClaims" };
    if (claim.metadata.annotations?.[SELECTED_NODE]) return { kind: "wait" };
    delayed.push(claim);
  }
  return { kind: "ok", volumes, delayed };
}

/** The Filter step: every bound volume's node affinity must allow the node. */
export function volumeNodeReason(volumes: PersistentVolume[], node: Node): string | undefined {
  for (const pv of volumes) {
    const terms = pv.spec.nodeAffinity?.required?.nodeSelectorTerms;
    if (!terms?.length) continue;
    const ok = terms.some((t) =>
      (t.matchExpressions ?? []).every((e) => {
        const v = node.metadata.labels?.[e.key];
        switch (e.operator) {
          case "In":
            return v !== undefined && (e.values ?? []).includes(v);
          case "NotIn":
            return v === undefined || !(e.values ?? []).includes(v);
          case "Exists":
            return v !== undefined;
          case "DoesNotExist":
            return v === undefined;
        }
        return false;
      }),
    );
    if (!ok) return VOLUME_NODE_CONFLICT;
  }
  return undefined;
}

/** PreBind: the claims waiting for a consumer learn their node; the provisioner takes it from there. */
export function selectNode(c: ControllerContext, claims: PersistentVolumeClaim[], node: string): void {
  for (const claim of claims) {
    claim.metadata.annotations = { ...claim.metadata.annotations, [SELECTED_NODE]: node };
    c.api.put(claim);
  }
}
