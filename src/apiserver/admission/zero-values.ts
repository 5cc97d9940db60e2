// Zero values as the API server's typed decode-and-encode leaves them. A plain Go bool or
// string tagged omitempty that is false or "" is not stored, so `readOnly: false` or
// `value: ""` in a manifest is gone from `get -o yaml` (it stays in last-applied-configuration,
// the manifest's own text); the schema marks those fields (schema/dsl.ts boolOmit, strOmit). An embedded
// ObjectMeta's zero creationTimestamp is written out, as null.
import type { FieldType, StructDef } from "./schema/dsl.js";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function walk(v: unknown, t: FieldType): void {
  if (t.kind === "struct") {
    if (isObj(v)) dropOmittedZeros(v, t.def);
  } else if (t.kind === "list") {
    if (Array.isArray(v)) for (const item of v) walk(item, t.items);
  } else if (t.kind === "map") {
    if (isObj(v)) for (const item of Object.values(v)) walk(item, t.values);
  }
}

/** Deletes, in place, the omitempty zero values (false, "") of an object whose Go struct is `def`. */
export function dropOmittedZeros(o: Obj, def: StructDef): void {
  for (const [key, value] of Object.entries(o)) {
    const t = def.fields[key];
    if (!t) continue;
    if ((t.kind === "bool" || t.kind === "string") && t.omitEmpty && (value === false || value === ""))
      delete o[key];
    else walk(value, t);
  }
}

/**
 * An embedded ObjectMeta (a template's) as v1.32 serializes it: its zero creationTimestamp
 * is written as null (omitted only after v1.32, kubernetes#130989).
 */
export function zeroTimestamp(meta: Obj): void {
  if (!("creationTimestamp" in meta)) meta.creationTimestamp = null;
}
