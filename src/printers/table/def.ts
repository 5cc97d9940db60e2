// What a kind's `kubectl get` table is made of (the server-side Table of printers.go): its
// columns, which are wide-only (priority 1), and each row's cells; shared by the per-group
// column files.
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { KObject } from "../../api/types.js";
import { type ResourceType, typedAs } from "../../apiserver/resources.js";
import { age } from "../age.js";

export interface RowContext {
  nowMs: number;
  wide: boolean;
}

export interface Column {
  name: string;
  wide?: boolean;
}

export interface TableDef {
  columns: Column[];
  row(o: KObject, ctx: RowContext): string[];
}

/** A kind's table: TABLES is looked up by the object's kind, so its rows read that kind's type. */
export function table<O extends KObject>(
  r: ResourceType<O>,
  def: { columns: Column[]; row(o: O, ctx: RowContext): string[] },
): TableDef {
  return { columns: def.columns, row: (o, ctx) => def.row(typedAs(r, o), ctx) };
}

export const ageCol = (o: KObject, ctx: RowContext): string => age(o.metadata.creationTimestamp, ctx.nowMs);

/** The wide CONTAINERS and IMAGES cells of a workload's pod template. */
export function containersAndImages(template: PodTemplateSpec | undefined): string[] {
  const cs = template?.spec?.containers ?? [];
  return [cs.map((c) => c.name).join(","), cs.map((c) => c.image).join(",")];
}
