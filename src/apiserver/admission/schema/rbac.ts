// rbac.authorization.k8s.io/v1 Role, RoleBinding, ClusterRole, ClusterRoleBinding: the field
// trees strict decoding checks.
import { list, str, strList, struct } from "./dsl.js";
import { labelSelector, typeMetaFields } from "./meta.js";

const policyRule = struct("PolicyRule", {
  verbs: strList,
  apiGroups: strList,
  resources: strList,
  resourceNames: strList,
  nonResourceURLs: strList,
});

const subject = struct("Subject", { kind: str, apiGroup: str, name: str, namespace: str });
const roleRef = struct("RoleRef", { apiGroup: str, kind: str, name: str });

export const role = struct("Role", { ...typeMetaFields, rules: list(policyRule) });

export const clusterRole = struct("ClusterRole", {
  ...typeMetaFields,
  rules: list(policyRule),
  aggregationRule: struct("AggregationRule", { clusterRoleSelectors: list(labelSelector) }),
});

export const roleBinding = struct("RoleBinding", { ...typeMetaFields, subjects: list(subject), roleRef });
export const clusterRoleBinding = struct("ClusterRoleBinding", {
  ...typeMetaFields,
  subjects: list(subject),
  roleRef,
});
