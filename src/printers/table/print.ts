// Puts get's rows through the tabwriter with kubectl's options: wide columns, -A's
// NAMESPACE, --show-labels, -L columns, the kind/ prefix when several kinds print,
// --no-headers.

import type { KObject } from "../../api/types.js";
import { formatLabels } from "../../apiserver/labels.js";
import type { ResourceType } from "../../apiserver/resources.js";
import { tabwrite } from "../tabwriter.js";
import { TABLES } from "./columns.js";
import { customTable } from "./custom.js";

export interface TableOptions {
  nowMs: number;
  wide: boolean;
  allNamespaces: boolean;
  showLabels: boolean;
  labelColumns: string[];
  noHeaders: boolean;
  /** `pod/`, `service/`, `deployment.apps/`: set when the result holds several kinds. */
  namePrefix?: string;
  namespaced: boolean;
}

export function printTable(r: ResourceType, objs: KObject[], o: TableOptions): string {
  return tabwrite(tableRows(r, objs, o));
}

/** The header (unless --no-headers) and one row of cells per object. */
export function tableRows(r: ResourceType, objs: KObject[], o: TableOptions): string[][] {
  const kind = r.kind;
  // A custom kind's table comes from its CRD, even when its Kind shares a built-in's name.
  const def = r.custom ? customTable(r) : TABLES[kind];
  const cols = def.columns.map((c, i) => ({ ...c, i })).filter((c) => o.wide || !c.wide);
  const header: string[] = [];
  if (o.allNamespaces && o.namespaced) header.push("NAMESPACE");
  header.push(...cols.map((c) => c.name));
  for (const k of o.labelColumns) header.push(k.slice(k.lastIndexOf("/") + 1).toUpperCase());
  if (o.showLabels) header.push("LABELS");
  const rows: string[][] = o.noHeaders ? [] : [header];
  const ctx = { nowMs: o.nowMs, wide: o.wide };
  for (const obj of objs) {
    const cells = def.row(obj, ctx).map(cleanCell);
    const row: string[] = [];
    if (o.allNamespaces && o.namespaced) row.push(obj.metadata.namespace ?? "");
    for (const c of cols)
      row.push(c.i === 0 && o.namePrefix && kind !== "Event" ? o.namePrefix + cells[0] : cells[c.i]);
    for (const k of o.labelColumns) row.push(obj.metadata.labels?.[k] ?? "");
    if (o.showLabels) row.push(formatLabels(obj.metadata.labels));
    rows.push(row);
  }
  return rows;
}

/** A cell with a line break is cut there and marked, as kubectl's table printer does. */
function cleanCell(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13 || c === 12) return `${s.slice(0, i)}...`;
  }
  return s;
}
