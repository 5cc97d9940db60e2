// The leases a kind cluster has from its first minute: each node's lease in
// kube-node-lease (created by its kubelet, owned by the Node, held by the node's name, 40 s)
// and the leader-election leases of kube-controller-manager and kube-scheduler in
// kube-system (held by `kind-control-plane_<uuid>`, 15 s). Reads show them renewed
// (apiserver/leases.ts); here they get their first renewal, the moment they were taken.
import type { Node } from "../api/types.js";
import { microTime } from "../apiserver/leases.js";
import type { ApiServer } from "../apiserver/server.js";
import { Rng } from "../util/rng.js";

/**
 * A random source of the leases' own (FNV-1a of `key`), so adding them does not move the
 * names and addresses the cluster's sequence gives everything after them.
 */
function rngFor(key: string): Rng {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return new Rng({ rng: h });
}

export function addLeases(api: ApiServer, nodes: Node[], now: number): void {
  const at = microTime(Math.floor(now / 1000) * 1000);
  for (const n of nodes) {
    const name = n.metadata.name ?? "";
    api.insert(
      {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: {
          name,
          namespace: "kube-node-lease",
          ownerReferences: [{ apiVersion: "v1", kind: "Node", name, uid: n.metadata.uid ?? "" }],
        },
        spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: at },
      },
      rngFor(`lease/kube-node-lease/${name}`),
    );
  }
  const cp = nodes[0]?.metadata.name ?? "";
  for (const component of ["kube-controller-manager", "kube-scheduler"]) {
    const rng = rngFor(`lease/kube-system/${component}`);
    api.insert(
      {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name: component, namespace: "kube-system" },
        spec: {
          acquireTime: at,
          holderIdentity: `${cp}_${rng.uuid()}`,
          leaseDurationSeconds: 15,
          leaseTransitions: 0,
          renewTime: at,
        },
      },
      rng,
    );
  }
}
