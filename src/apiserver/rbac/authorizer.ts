// The RBAC authorizer (plugin/pkg/auth/authorizer/rbac in kube-apiserver v1.32), as a pure
// function over the RBAC objects: who asks, what for, and which binding allowed it. The
// visit order is the real one (ClusterRoleBindings, then the namespace's RoleBindings), so
// the reason names the same binding a real apiserver names.

import type { PolicyRule, Subject } from "kubernetes-types/rbac/v1";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "../../api/types.js";

export interface UserInfo {
  name: string;
  groups: string[];
  /** --as-uid: recorded where the apiserver records who asked (a CSR's spec.uid), never authorized. */
  uid?: string;
}

/** authorizer.Attributes: a resource request when `resource` is set, else a non-resource path. */
export interface Attributes {
  user: UserInfo;
  verb: string;
  namespace?: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  path?: string;
}

/** The RBAC objects the authorizer reads, as the informers' listers would hand them over. */
export interface RbacObjects {
  clusterRoleBindings(): readonly ClusterRoleBinding[];
  roleBindings(namespace: string): readonly RoleBinding[];
  clusterRole(name: string): ClusterRole | undefined;
  role(namespace: string, name: string): Role | undefined;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

/** serviceaccount.MakeUsername. */
export const serviceAccountUser = (ns: string, name: string) => `system:serviceaccount:${ns}:${name}`;

function appliesTo(user: UserInfo, s: Subject, namespace: string): boolean {
  switch (s.kind) {
    case "User":
      return user.name === s.name;
    case "Group":
      return user.groups.includes(s.name);
    case "ServiceAccount": {
      // A RoleBinding's service account without a namespace is one of the binding's namespace.
      const ns = s.namespace || namespace;
      return ns !== "" && serviceAccountUser(ns, s.name) === user.name;
    }
    default:
      return false;
  }
}

const has = (xs: readonly string[] | undefined, x: string) => (xs ?? []).some((v) => v === "*" || v === x);

/** rbacv1helpers.ResourceMatches: "*", the exact resource[/subresource], or "*\/subresource". */
function resourceMatches(rule: PolicyRule, combined: string, sub: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === "*" || r === combined) return true;
    if (sub && r === `*/${sub}`) return true;
  }
  return false;
}

function urlMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === "*" || u === path) return true;
    if (u.endsWith("*") && path.startsWith(u.replace(/\*+$/, ""))) return true;
  }
  return false;
}

/** RuleAllows. */
export function ruleAllows(a: Omit<Attributes, "user">, rule: PolicyRule): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (a.resource === undefined) return urlMatches(rule, a.path ?? "");
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const names = rule.resourceNames ?? [];
  return (
    has(rule.apiGroups, a.apiGroup ?? "") &&
    resourceMatches(rule, combined, a.subresource ?? "") &&
    (names.length === 0 || names.includes(a.name ?? ""))
  );
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === "ServiceAccount") return `${s.kind} "${s.name}/${s.namespace || bindingNamespace}"`;
  return `${s.kind} "${s.name}"`;
}

type Binding = ClusterRoleBinding | RoleBinding;

/** Each (binding, subject, rules) that applies to `user` in `namespace`, in the authorizer's order. */
function* applicable(
  objs: RbacObjects,
  user: UserInfo,
  namespace: string,
  errors: string[],
): Generator<{ source: string; rules: readonly PolicyRule[] }> {
  const visit = function* (b: Binding, ns: string) {
    const subject = (b.subjects ?? []).find((s) => appliesTo(user, s, ns));
    if (!subject) return;
    const ref = b.roleRef;
    const role = ref.kind === "Role" ? objs.role(ns, ref.name) : objs.clusterRole(ref.name);
    if (!role) {
      errors.push(`${ref.kind.toLowerCase()}.rbac.authorization.k8s.io "${ref.name}" not found`);
      return;
    }
    const source = ns
      ? `RoleBinding "${b.metadata.name}/${ns}" of ${ref.kind} "${ref.name}" to ${describeSubject(subject, ns)}`
      : `ClusterRoleBinding "${b.metadata.name}" of ${ref.kind} "${ref.name}" to ${describeSubject(subject, "")}`;
    yield { source, rules: role.rules ?? [] };
  };
  for (const b of objs.clusterRoleBindings()) yield* visit(b, "");
  if (namespace) for (const b of objs.roleBindings(namespace)) yield* visit(b, namespace);
}

/** RBACAuthorizer.Authorize: allowed with the binding that allowed it, or no opinion with the lookup errors. */
export function authorize(objs: RbacObjects, a: Attributes): Decision {
  const errors: string[] = [];
  for (const { source, rules } of applicable(objs, a.user, a.namespace ?? "", errors))
    if (rules.some((r) => ruleAllows(a, r))) return { allowed: true, reason: `RBAC: allowed by ${source}` };
  // utilerrors.NewAggregate prints one error bare and several as a bracketed list.
  const reason =
    errors.length === 0 ? "" : errors.length === 1 ? `RBAC: ${errors[0]}` : `RBAC: [${errors.join(", ")}]`;
  return { allowed: false, reason };
}

/** RulesFor: every rule that applies to `user` in `namespace` (what a SelfSubjectRulesReview returns). */
export function rulesFor(objs: RbacObjects, user: UserInfo, namespace: string): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const { rules } of applicable(objs, user, namespace, [])) out.push(...rules);
  return out;
}
