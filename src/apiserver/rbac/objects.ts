// The authorizer's view of a running apiserver's RBAC objects, and who the learner is: the
// kubernetes-admin client certificate kind writes into its kubeconfig (organization
// kubeadm:cluster-admins since kubeadm v1.29, bound to cluster-admin).
import { CLUSTERROLEBINDINGS, CLUSTERROLES, ROLEBINDINGS, ROLES } from "../resources.js";
import type { ApiServer } from "../server.js";
import type { RbacObjects, UserInfo } from "./authorizer.js";

export const ADMIN_USER: UserInfo = {
  name: "kubernetes-admin",
  groups: ["kubeadm:cluster-admins", "system:authenticated"],
};

export function rbacObjectsOf(api: ApiServer): RbacObjects {
  return {
    clusterRoleBindings: () => api.all(CLUSTERROLEBINDINGS),
    roleBindings: (ns) => api.list(ROLEBINDINGS, ns),
    clusterRole: (name) => api.get(CLUSTERROLES, undefined, name),
    role: (ns, name) => api.get(ROLES, ns, name),
  };
}

/**
 * The user an impersonation request names (the apiserver's impersonation filter): a service
 * account's username brings its groups, and every non-anonymous user is authenticated.
 */
export function impersonated(name: string, groups: readonly string[]): UserInfo {
  const out = [...groups];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  if (sa && out.length === 0) out.push("system:serviceaccounts", `system:serviceaccounts:${sa[1]}`);
  if (name === "system:anonymous") {
    if (!out.includes("system:unauthenticated")) out.push("system:unauthenticated");
  } else if (!out.includes("system:authenticated")) out.push("system:authenticated");
  return { name, groups: out };
}
