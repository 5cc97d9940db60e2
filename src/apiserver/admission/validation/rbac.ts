// Role, RoleBinding, ClusterRole and ClusterRoleBinding validation (pkg/apis/rbac/validation,
// v1.32): RBAC names are path segments, rules need verbs and either resources or URLs, and a
// binding's roleRef points at the rbac group and never changes.

import { GoRepr, goStringSlice } from "../gofmt.js";
import type { Obj } from "../raw.js";
import { type FieldError, index, invalid, notSupported, required } from "./errors.js";
import {
  arr,
  isObj,
  semanticEqual,
  str,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { isDNS1123Subdomain, type NameFn } from "./names.js";

const GROUP = "rbac.authorization.k8s.io";

/** path.ValidatePathSegmentName: what ValidateRBACName checks. */
export const rbacName: NameFn = (name, prefix) => {
  if (!prefix && (name === "." || name === "..")) return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const c of ["/", "%"]) if (name.includes(c)) errs.push(`may not contain '${c}'`);
  return errs;
};

const strs = (v: unknown): string[] => arr(v).map((x) => str(x));

function validatePolicyRule(rule: unknown, namespaced: boolean, path: string): FieldError[] {
  const r = isObj(rule) ? rule : {};
  const errs: FieldError[] = [];
  if (strs(r.verbs).length === 0)
    errs.push(required(`${path}.verbs`, "verbs must contain at least one value"));
  const urls = strs(r.nonResourceURLs);
  if (urls.length > 0) {
    const shown = new GoRepr(goStringSlice(urls));
    if (namespaced)
      errs.push(
        invalid(`${path}.nonResourceURLs`, shown, "namespaced rules cannot apply to non-resource URLs"),
      );
    if (strs(r.apiGroups).length || strs(r.resources).length || strs(r.resourceNames).length)
      errs.push(
        invalid(
          `${path}.nonResourceURLs`,
          shown,
          "rules cannot apply to both regular resources and non-resource URLs",
        ),
      );
    return errs;
  }
  if (strs(r.apiGroups).length === 0)
    errs.push(required(`${path}.apiGroups`, "resource rules must supply at least one api group"));
  if (strs(r.resources).length === 0)
    errs.push(required(`${path}.resources`, "resource rules must supply at least one resource"));
  return errs;
}

export function validateRole(o: Obj): FieldError[] {
  const errs = validateObjectMeta(o.metadata, true, rbacName);
  for (const [i, r] of arr(o.rules).entries()) errs.push(...validatePolicyRule(r, true, index("rules", i)));
  return errs;
}

export function validateClusterRole(o: Obj): FieldError[] {
  const errs = validateObjectMeta(o.metadata, false, rbacName);
  for (const [i, r] of arr(o.rules).entries()) errs.push(...validatePolicyRule(r, false, index("rules", i)));
  if (isObj(o.aggregationRule)) {
    const sels = arr(o.aggregationRule.clusterRoleSelectors);
    if (sels.length === 0)
      errs.push(
        required(
          "aggregationRule.clusterRoleSelectors",
          "at least one clusterRoleSelector required if aggregationRule is non-nil",
        ),
      );
    for (const [i, s] of sels.entries())
      errs.push(...validateLabelSelector(index("aggregationRule.clusterRoleSelectors", i), s));
  }
  return errs;
}

function validateSubject(s: unknown, namespaced: boolean, path: string): FieldError[] {
  const sub = isObj(s) ? s : {};
  const errs: FieldError[] = [];
  const name = str(sub.name);
  const group = str(sub.apiGroup);
  if (!name) errs.push(required(`${path}.name`, ""));
  switch (sub.kind) {
    case "ServiceAccount":
      if (name) for (const m of isDNS1123Subdomain(name)) errs.push(invalid(`${path}.name`, name, m));
      if (group) errs.push(notSupported(`${path}.apiGroup`, group, [""]));
      if (!namespaced && !str(sub.namespace)) errs.push(required(`${path}.namespace`, ""));
      break;
    case "User":
    case "Group":
      if (group !== GROUP) errs.push(notSupported(`${path}.apiGroup`, group, [GROUP]));
      break;
    default:
      errs.push(notSupported(`${path}.kind`, str(sub.kind), ["ServiceAccount", "User", "Group"]));
  }
  return errs;
}

function validateBinding(o: Obj, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(o.metadata, namespaced, rbacName);
  const ref = isObj(o.roleRef) ? o.roleRef : {};
  if (str(ref.apiGroup) !== GROUP) errs.push(notSupported("roleRef.apiGroup", str(ref.apiGroup), [GROUP]));
  const kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
  if (!kinds.includes(str(ref.kind))) errs.push(notSupported("roleRef.kind", str(ref.kind), kinds));
  const name = str(ref.name);
  if (!name) errs.push(required("roleRef.name", ""));
  else for (const m of rbacName(name, false)) errs.push(invalid("roleRef.name", name, m));
  for (const [i, s] of arr(o.subjects).entries())
    errs.push(...validateSubject(s, namespaced, index("subjects", i)));
  return errs;
}

export const validateRoleBinding = (o: Obj) => validateBinding(o, true);
export const validateClusterRoleBinding = (o: Obj) => validateBinding(o, false);

/** ValidateRoleBindingUpdate / ValidateClusterRoleBindingUpdate: roleRef is fixed at creation. */
export function validateBindingUpdate(o: Obj, old: Obj): FieldError[] {
  const namespaced = o.kind === "RoleBinding";
  const errs = [
    ...validateObjectMetaUpdate(o.metadata, old.metadata),
    ...validateBinding(o, namespaced).filter((e) => !e.field.startsWith("metadata.")),
  ];
  if (!semanticEqual(o.roleRef, old.roleRef)) {
    const ref = isObj(o.roleRef) ? o.roleRef : {};
    const shown = new GoRepr(
      `rbac.RoleRef{APIGroup:"${str(ref.apiGroup)}", Kind:"${str(ref.kind)}", Name:"${str(ref.name)}"}`,
    );
    errs.push(invalid("roleRef", shown, "cannot change roleRef"));
  }
  return errs;
}
