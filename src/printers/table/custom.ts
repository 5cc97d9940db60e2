// The tables of CRDs and of the kinds they serve. A custom kind's columns are its served
// version's additionalPrinterColumns after NAME (or NAME, AGE when it has none), each cell
// formatted by the column's type as the apiextensions-apiserver's table convertor does:
// integer and number from JSON numbers, boolean, string through JSONPath's printing, date
// as an age; a value of the wrong type or a missing one is an empty cell.
import type { KObject } from "../../api/types.js";
import { CRDS, type ResourceType } from "../../apiserver/resources.js";
import { age } from "../age.js";
import { findJsonPathResults, goNumber, goValue, parseJsonPath } from "../jsonpath.js";
import type { JsonPathTemplate } from "../jsonpath-parse.js";
import { ageCol, type RowContext, type TableDef, table } from "./def.js";

export const CRD_TABLES: Record<string, TableDef> = {
  CustomResourceDefinition: table(CRDS, {
    columns: [{ name: "NAME" }, { name: "CREATED AT" }],
    row: (crd) => [crd.metadata.name, crd.metadata.creationTimestamp ?? ""],
  }),
};

interface Col {
  name: string;
  type: string;
  wide: boolean;
  tpl?: JsonPathTemplate;
}

/** The table of a kind a CRD serves, from its preferred version's printer columns. */
export function customTable(r: ResourceType): TableDef {
  const v = r.custom?.versions.find((x) => x.name === r.version);
  const given = v?.columns ?? [];
  const cols: Col[] = given.length
    ? given.map((c) => ({
        name: c.name.toUpperCase(),
        type: c.type,
        wide: (c.priority ?? 0) > 0,
        tpl: compile(c.jsonPath),
      }))
    : [{ name: "AGE", type: "age", wide: false }];
  return {
    columns: [{ name: "NAME" }, ...cols.map((c) => ({ name: c.name, wide: c.wide }))],
    row: (o, ctx) => [o.metadata.name ?? "", ...cols.map((c) => cell(c, o, ctx))],
  };
}

function compile(jsonPath: string): JsonPathTemplate | undefined {
  try {
    return parseJsonPath(`{${jsonPath}}`);
  } catch {
    return undefined;
  }
}

function cell(c: Col, o: KObject, ctx: RowContext): string {
  if (c.type === "age") return ageCol(o, ctx);
  if (!c.tpl) return "";
  let value: unknown;
  try {
    value = findJsonPathResults(c.tpl, o, { allowMissingKeys: true })[0]?.[0];
  } catch {
    return "";
  }
  if (value === undefined || value === null) return "";
  switch (c.type) {
    case "integer":
      return typeof value === "number" ? goNumber(Math.trunc(value)) : "";
    case "number":
      return typeof value === "number" ? goNumber(value) : "";
    case "boolean":
      return typeof value === "boolean" ? String(value) : "";
    case "date": {
      if (typeof value !== "string") return "";
      return Number.isNaN(Date.parse(value)) ? "<invalid>" : age(value, ctx.nowMs);
    }
    default:
      return typeof value === "object" ? JSON.stringify(value) : goValue(value);
  }
}
