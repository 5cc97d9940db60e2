// The get columns of the RBAC kinds (printRole, printRoleBinding, printClusterRole,
// printClusterRoleBinding in pkg/printers/internalversion, v1.32): roles show when they were
// created, bindings their role and, with -o wide, their subjects by kind.

import type { ClusterRoleBinding, RoleBinding } from "../../api/types.js";
import { CLUSTERROLEBINDINGS, CLUSTERROLES, ROLEBINDINGS, ROLES } from "../../apiserver/resources.js";
import { ageCol, type RowContext, type TableDef, table } from "./def.js";

/** rbac.SubjectsStrings: users, groups and service accounts (namespace/name). */
export function subjectsStrings(b: RoleBinding | ClusterRoleBinding): [string[], string[], string[]] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of b.subjects ?? []) {
    if (s.kind === "User") users.push(s.name);
    else if (s.kind === "Group") groups.push(s.name);
    else if (s.kind === "ServiceAccount") sas.push(s.namespace ? `${s.namespace}/${s.name}` : s.name);
  }
  return [users, groups, sas];
}

const BINDING_COLUMNS = [
  { name: "NAME" },
  { name: "ROLE" },
  { name: "AGE" },
  { name: "USERS", wide: true },
  { name: "GROUPS", wide: true },
  { name: "SERVICEACCOUNTS", wide: true },
];

function bindingRow(b: RoleBinding | ClusterRoleBinding, ctx: RowContext): string[] {
  const [users, groups, sas] = subjectsStrings(b);
  return [
    b.metadata.name,
    `${b.roleRef.kind}/${b.roleRef.name}`,
    ageCol(b, ctx),
    users.join(", "),
    groups.join(", "),
    sas.join(", "),
  ];
}

export const RBAC_TABLES: Record<string, TableDef> = {
  Role: table(ROLES, {
    columns: [{ name: "NAME" }, { name: "CREATED AT" }],
    row: (r) => [r.metadata.name, r.metadata.creationTimestamp ?? ""],
  }),
  ClusterRole: table(CLUSTERROLES, {
    columns: [{ name: "NAME" }, { name: "CREATED AT" }],
    row: (r) => [r.metadata.name, r.metadata.creationTimestamp ?? ""],
  }),
  RoleBinding: table(ROLEBINDINGS, { columns: BINDING_COLUMNS, row: bindingRow }),
  ClusterRoleBinding: table(CLUSTERROLEBINDINGS, { columns: BINDING_COLUMNS, row: bindingRow }),
};
