// kube-apiserver's RBAC post-start hook and kubeadm's admin binding: the default ClusterRoles
// and ClusterRoleBindings (apiserver/rbac/bootstrap-policy.ts) stored as a kind cluster has
// them, then aggregated once as kube-controller-manager would at start. Their uids come
// from a random source of their own, so the names and addresses drawn after bootstrap stay
// those of a cluster without them.
import type { KObject } from "../api/types.js";
import {
  BOOTSTRAP_CLUSTER_ROLE_BINDINGS,
  BOOTSTRAP_CLUSTER_ROLES,
} from "../apiserver/rbac/bootstrap-policy.js";
import type { ApiServer } from "../apiserver/server.js";
import { Rng } from "../util/rng.js";

const GROUP = "rbac.authorization.k8s.io";
const DEFAULTS_META = {
  annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" },
  labels: { "kubernetes.io/bootstrapping": "rbac-defaults" },
};

export function addBootstrapPolicy(api: ApiServer, admit: (o: KObject) => KObject, seed: number): void {
  const rng = new Rng({ rng: (seed ^ 0x72626163) >>> 0 });
  for (const r of BOOTSTRAP_CLUSTER_ROLES) {
    const role: Record<string, unknown> = {
      apiVersion: `${GROUP}/v1`,
      kind: "ClusterRole",
      metadata: r.kubeadm
        ? { name: r.name }
        : {
            name: r.name,
            annotations: { ...DEFAULTS_META.annotations },
            labels: { ...DEFAULTS_META.labels, ...r.labels },
          },
    };
    if (r.aggregationRule) role.aggregationRule = structuredClone(r.aggregationRule);
    if (r.rules) role.rules = structuredClone(r.rules);
    api.insert(admit(role as unknown as KObject), rng);
  }
  for (const b of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) {
    const binding = {
      apiVersion: `${GROUP}/v1`,
      kind: "ClusterRoleBinding",
      metadata: b.kubeadm
        ? { name: b.name }
        : {
            name: b.name,
            annotations: { ...DEFAULTS_META.annotations },
            labels: { ...DEFAULTS_META.labels },
          },
      roleRef: { apiGroup: GROUP, kind: "ClusterRole", name: b.role },
      subjects: structuredClone(b.subjects),
    };
    api.insert(admit(binding as unknown as KObject), rng);
  }
}
