import { describe, expect, it } from "vitest";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "../../api/types.js";
import { aggregatedRules } from "./aggregate.js";
import { authorize, type RbacObjects, ruleAllows, rulesFor } from "./authorizer.js";
import { impersonated } from "./objects.js";

const meta = (name: string, namespace?: string) => ({ name, uid: name, ...(namespace ? { namespace } : {}) });
const G = "rbac.authorization.k8s.io";

function objects(
  crs: ClusterRole[],
  crbs: ClusterRoleBinding[],
  roles: Role[] = [],
  rbs: RoleBinding[] = [],
): RbacObjects {
  return {
    clusterRoleBindings: () => crbs,
    roleBindings: (ns) => rbs.filter((b) => b.metadata.namespace === ns),
    clusterRole: (n) => crs.find((r) => r.metadata.name === n),
    role: (ns, n) => roles.find((r) => r.metadata.namespace === ns && r.metadata.name === n),
  };
}

const podReader: Role = {
  apiVersion: `${G}/v1`,
  kind: "Role",
  metadata: meta("pod-reader", "default"),
  rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }],
};
const saBinding: RoleBinding = {
  apiVersion: `${G}/v1`,
  kind: "RoleBinding",
  metadata: meta("read-pods", "default"),
  roleRef: { apiGroup: G, kind: "Role", name: "pod-reader" },
  subjects: [{ kind: "ServiceAccount", name: "sa" }],
};
const admin: ClusterRole = {
  apiVersion: `${G}/v1`,
  kind: "ClusterRole",
  metadata: meta("cluster-admin"),
  rules: [
    { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
    { nonResourceURLs: ["*"], verbs: ["*"] },
  ],
};
const adminBinding: ClusterRoleBinding = {
  apiVersion: `${G}/v1`,
  kind: "ClusterRoleBinding",
  metadata: meta("kubeadm:cluster-admins"),
  roleRef: { apiGroup: G, kind: "ClusterRole", name: "cluster-admin" },
  subjects: [{ apiGroup: G, kind: "Group", name: "kubeadm:cluster-admins" }],
};

describe("RBAC authorizer", () => {
  const objs = objects([admin], [adminBinding], [podReader], [saBinding]);
  const sa = impersonated("system:serviceaccount:default:sa", []);

  it("allows a service account through a RoleBinding of its namespace, naming the binding", () => {
    const d = authorize(objs, {
      user: sa,
      verb: "list",
      namespace: "default",
      apiGroup: "",
      resource: "pods",
    });
    expect(d).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to ServiceAccount "sa/default"',
    });
  });

  it("denies other verbs, namespaces, subresources and the cluster scope", () => {
    const base = { user: sa, apiGroup: "", resource: "pods" };
    expect(authorize(objs, { ...base, verb: "delete", namespace: "default" }).allowed).toBe(false);
    expect(authorize(objs, { ...base, verb: "list", namespace: "kube-system" }).allowed).toBe(false);
    expect(authorize(objs, { ...base, verb: "get", namespace: "default", subresource: "log" }).allowed).toBe(
      false,
    );
    expect(authorize(objs, { ...base, verb: "list", namespace: "" }).allowed).toBe(false);
  });

  it("allows the admin group everything, resources and URLs", () => {
    const user = { name: "kubernetes-admin", groups: ["kubeadm:cluster-admins", "system:authenticated"] };
    const d = authorize(objs, { user, verb: "delete", resource: "nodes", apiGroup: "", name: "x" });
    expect(d.reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
    );
    expect(authorize(objs, { user, verb: "get", path: "/healthz" }).allowed).toBe(true);
  });

  it("reports a binding whose role is missing", () => {
    const broken = { ...saBinding, roleRef: { apiGroup: G, kind: "Role", name: "gone" } };
    const d = authorize(objects([], [], [], [broken]), {
      user: sa,
      verb: "get",
      namespace: "default",
      resource: "pods",
    });
    expect(d).toEqual({ allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found' });
  });

  it("matches resource names, */subresource and URL prefixes as RuleAllows does", () => {
    const named = { apiGroups: [""], resources: ["configmaps"], resourceNames: ["a"], verbs: ["get"] };
    expect(ruleAllows({ verb: "get", apiGroup: "", resource: "configmaps", name: "a" }, named)).toBe(true);
    expect(ruleAllows({ verb: "get", apiGroup: "", resource: "configmaps", name: "b" }, named)).toBe(false);
    const anyStatus = { apiGroups: ["*"], resources: ["*/status"], verbs: ["get"] };
    expect(
      ruleAllows(
        { verb: "get", apiGroup: "apps", resource: "deployments", subresource: "status" },
        anyStatus,
      ),
    ).toBe(true);
    const prefix = { nonResourceURLs: ["/apis/*"], verbs: ["get"] };
    expect(ruleAllows({ verb: "get", path: "/apis/apps" }, prefix)).toBe(true);
    expect(ruleAllows({ verb: "get", path: "/api" }, prefix)).toBe(false);
  });

  it("lists the rules that apply, cluster bindings first", () => {
    expect(rulesFor(objs, sa, "default")).toEqual(podReader.rules);
  });

  it("gives impersonated service accounts their groups", () => {
    expect(sa.groups).toEqual([
      "system:serviceaccounts",
      "system:serviceaccounts:default",
      "system:authenticated",
    ]);
    expect(impersonated("bob", ["devs"]).groups).toEqual(["devs", "system:authenticated"]);
  });
});

describe("clusterrole aggregation", () => {
  it("unions the matching roles' rules in name order, each once", () => {
    const view: ClusterRole = {
      apiVersion: `${G}/v1`,
      kind: "ClusterRole",
      metadata: meta("view"),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: "view" } }] },
    };
    const rule = { apiGroups: [""], resources: ["pods"], verbs: ["get"] };
    const b: ClusterRole = { ...view, metadata: { ...meta("b"), labels: { agg: "view" } }, rules: [rule] };
    const a: ClusterRole = {
      ...view,
      metadata: { ...meta("a"), labels: { agg: "view" } },
      aggregationRule: undefined,
      rules: [{ ...rule, verbs: ["list"] }, rule],
    };
    expect(aggregatedRules(view, [view, b, a])).toEqual([{ ...rule, verbs: ["list"] }, rule]);
  });
});
