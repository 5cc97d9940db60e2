// The slice of kube-apiserver v1.32's bootstrap RBAC policy (plugin/pkg/auth/authorizer/rbac/
// bootstrappolicy/policy.go) that labs meet: cluster-admin, the aggregated admin/edit/view
// with the system:aggregate-to-* roles that feed them, the roles every authenticated user
// holds, and the bindings that grant them. The RBAC post-start hook stores them with these
// labels and annotations; kubeadm adds kubeadm:cluster-admins for its admin.conf user and
// system:coredns for its CoreDNS addon.

import type { AggregationRule, PolicyRule, Subject } from "kubernetes-types/rbac/v1";

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
const RW = [...READ, ...WRITE];

/** PolicyRuleBuilder.RuleOrDie sorts every list. */
function rule(verbs: string[], groups: string[], resources: string[]): PolicyRule {
  return { apiGroups: [...groups].sort(), resources: [...resources].sort(), verbs: [...verbs].sort() };
}
const urls = (verbs: string[], paths: string[]): PolicyRule => ({
  nonResourceURLs: [...paths].sort(),
  verbs: [...verbs].sort(),
});

const AGG = "rbac.authorization.k8s.io/aggregate-to-";

export interface BootstrapRole {
  name: string;
  labels?: Record<string, string>;
  rules?: PolicyRule[];
  aggregationRule?: AggregationRule;
  /** kubeadm's own, as its manifest writes it: none of the RBAC defaults' labels and annotations. */
  kubeadm?: boolean;
}

const aggregated = (to: string): AggregationRule => ({
  clusterRoleSelectors: [{ matchLabels: { [`${AGG}${to}`]: "true" } }],
});

export const BOOTSTRAP_CLUSTER_ROLES: BootstrapRole[] = [
  { name: "admin", aggregationRule: aggregated("admin") },
  { name: "cluster-admin", rules: [rule(["*"], ["*"], ["*"]), urls(["*"], ["*"])] },
  { name: "edit", labels: { [`${AGG}admin`]: "true" }, aggregationRule: aggregated("edit") },
  {
    name: "system:aggregate-to-admin",
    labels: { [`${AGG}admin`]: "true" },
    rules: [
      rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
      rule(RW, ["rbac.authorization.k8s.io"], ["roles", "rolebindings"]),
    ],
  },
  {
    name: "system:aggregate-to-edit",
    labels: { [`${AGG}edit`]: "true" },
    rules: [
      rule(
        READ,
        [""],
        ["pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets", "services/proxy"],
      ),
      rule(["impersonate"], [""], ["serviceaccounts"]),
      rule(WRITE, [""], ["pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"]),
      rule(["create"], [""], ["pods/eviction"]),
      rule(
        WRITE,
        [""],
        [
          "replicationcontrollers",
          "replicationcontrollers/scale",
          "serviceaccounts",
          "services",
          "services/proxy",
          "persistentvolumeclaims",
          "configmaps",
          "secrets",
          "events",
        ],
      ),
      rule(["create"], [""], ["serviceaccounts/token"]),
      rule(
        WRITE,
        ["apps"],
        [
          "statefulsets",
          "statefulsets/scale",
          "daemonsets",
          "deployments",
          "deployments/scale",
          "deployments/rollback",
          "replicasets",
          "replicasets/scale",
        ],
      ),
      rule(WRITE, ["autoscaling"], ["horizontalpodautoscalers"]),
      rule(WRITE, ["batch"], ["jobs", "cronjobs"]),
      rule(
        WRITE,
        ["extensions"],
        [
          "daemonsets",
          "deployments",
          "deployments/scale",
          "deployments/rollback",
          "ingresses",
          "replicasets",
          "replicasets/scale",
          "replicationcontrollers/scale",
          "networkpolicies",
        ],
      ),
      rule(WRITE, ["policy"], ["poddisruptionbudgets"]),
      rule(WRITE, ["networking.k8s.io"], ["networkpolicies", "ingresses"]),
      rule(RW, ["coordination.k8s.io"], ["leases"]),
    ],
  },
  {
    name: "system:aggregate-to-view",
    labels: { [`${AGG}view`]: "true" },
    rules: [
      rule(
        READ,
        [""],
        [
          "pods",
          "replicationcontrollers",
          "replicationcontrollers/scale",
          "serviceaccounts",
          "services",
          "services/status",
          "endpoints",
          "persistentvolumeclaims",
          "persistentvolumeclaims/status",
          "configmaps",
        ],
      ),
      rule(
        READ,
        [""],
        [
          "limitranges",
          "resourcequotas",
          "bindings",
          "events",
          "pods/status",
          "resourcequotas/status",
          "namespaces/status",
          "replicationcontrollers/status",
          "pods/log",
        ],
      ),
      rule(READ, [""], ["namespaces"]),
      rule(READ, ["discovery.k8s.io"], ["endpointslices"]),
      rule(
        READ,
        ["apps"],
        [
          "controllerrevisions",
          "statefulsets",
          "statefulsets/status",
          "statefulsets/scale",
          "daemonsets",
          "daemonsets/status",
          "deployments",
          "deployments/status",
          "deployments/scale",
          "replicasets",
          "replicasets/status",
          "replicasets/scale",
        ],
      ),
      rule(READ, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
      rule(READ, ["batch"], ["jobs", "cronjobs", "cronjobs/status", "jobs/status"]),
      rule(
        READ,
        ["extensions"],
        [
          "daemonsets",
          "daemonsets/status",
          "deployments",
          "deployments/scale",
          "deployments/status",
          "ingresses",
          "ingresses/status",
          "replicasets",
          "replicasets/scale",
          "replicasets/status",
          "replicationcontrollers/scale",
          "networkpolicies",
        ],
      ),
      rule(READ, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
      rule(READ, ["networking.k8s.io"], ["networkpolicies", "ingresses", "ingresses/status"]),
    ],
  },
  {
    name: "system:basic-user",
    rules: [
      rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
      rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
    ],
  },
  {
    name: "system:discovery",
    rules: [
      urls(
        ["get"],
        [
          "/livez",
          "/readyz",
          "/healthz",
          "/version",
          "/version/",
          "/openapi",
          "/openapi/*",
          "/api",
          "/api/*",
          "/apis",
          "/apis/*",
        ],
      ),
    ],
  },
  {
    name: "system:public-info-viewer",
    rules: [urls(["get"], ["/livez", "/readyz", "/healthz", "/version", "/version/"])],
  },
  { name: "view", labels: { [`${AGG}edit`]: "true" }, aggregationRule: aggregated("view") },
  // kubeadm's CoreDNS addon (cmd/kubeadm/app/phases/addons/dns/manifests.go), rules as written there.
  {
    name: "system:coredns",
    kubeadm: true,
    rules: [
      {
        apiGroups: [""],
        resources: ["endpoints", "services", "pods", "namespaces"],
        verbs: ["list", "watch"],
      },
      { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
    ],
  },
];

const group = (name: string): Subject => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name });

export interface BootstrapBinding {
  name: string;
  role: string;
  subjects: Subject[];
  /** kubeadm's own binding carries none of the RBAC defaults' labels and annotations. */
  kubeadm?: boolean;
}

export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: BootstrapBinding[] = [
  { name: "cluster-admin", role: "cluster-admin", subjects: [group("system:masters")] },
  {
    name: "kubeadm:cluster-admins",
    role: "cluster-admin",
    subjects: [group("kubeadm:cluster-admins")],
    kubeadm: true,
  },
  {
    name: "system:coredns",
    role: "system:coredns",
    subjects: [{ kind: "ServiceAccount", name: "coredns", namespace: "kube-system" }],
    kubeadm: true,
  },
  { name: "system:basic-user", role: "system:basic-user", subjects: [group("system:authenticated")] },
  { name: "system:discovery", role: "system:discovery", subjects: [group("system:authenticated")] },
  {
    name: "system:public-info-viewer",
    role: "system:public-info-viewer",
    subjects: [group("system:authenticated"), group("system:unauthenticated")],
  },
];
