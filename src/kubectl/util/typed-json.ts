// The objects kubectl builds itself (run, expose, create deployment) are Go structs, so its
// JSON printer writes their fields in declaration order, not sorted as for the server's maps.

import type { KObject } from "../../api/types.js";
import type { FieldType } from "../../apiserver/admission/schema/dsl.js";
import { schemaFor } from "../../apiserver/admission/schema/kinds.js";
import { compareKeys } from "../../golang/sort.js";
import { goQuote } from "../../printers/json.js";

/** Fields that are Go maps (printed sorted); everything else keeps the order it was built in. */
const MAP_FIELDS = new Set(["labels", "annotations", "selector", "matchLabels", "nodeSelector"]);

function write(v: unknown, depth: number, sortKeys: boolean): string {
  if (v === null) return "null";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const pad = "    ".repeat(depth + 1);
  const close = `\n${"    ".repeat(depth)}`;
  if (Array.isArray(v)) {
    if (!v.length) return "[]";
    return `[${v.map((x) => `\n${pad}${write(x, depth + 1, false)}`).join(",")}${close}]`;
  }
  let entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (!entries.length) return "{}";
  if (sortKeys) entries = entries.sort(([a], [b]) => compareKeys(a, b));
  return `{${entries.map(([k, x]) => `\n${pad}${goQuote(k)}: ${write(x, depth + 1, MAP_FIELDS.has(k))}`).join(",")}${close}}`;
}

/** json.MarshalIndent of a typed object: struct fields in declaration order, maps sorted. */
export function toTypedJson(obj: unknown): string {
  return `${write(obj, 0, false)}\n`;
}

/**
 * `v` with its struct fields in the Go declaration order `t` gives (the admission schema's),
 * for an object kubectl copies from the server into one of its own structs (create job
 * --from=cronjob/x copies the job template's spec). Maps and unknown fields keep their order.
 */
export function inStructOrder(v: unknown, t: FieldType | undefined): unknown {
  if (!t || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return t.kind === "list" ? v.map((x) => inStructOrder(x, t.items)) : v;
  if (t.kind === "map") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = inStructOrder(x, t.values);
    return out;
  }
  if (t.kind !== "struct") return v;
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, ft] of Object.entries(t.def.fields)) if (k in src) out[k] = inStructOrder(src[k], ft);
  for (const k of Object.keys(src)) if (!(k in out)) out[k] = src[k];
  return out;
}

/**
 * An object in the order kubectl's typed struct marshals it: TypeMeta's kind, then apiVersion,
 * then the kind's fields in declaration order (ObjectMeta's name before namespace before
 * creationTimestamp). For what kubectl builds itself and prints (`create ... --dry-run=client`).
 */
export function inTypedOrder(o: KObject): KObject {
  const def = schemaFor(o.apiVersion, o.kind);
  const ordered = (def ? inStructOrder(o, { kind: "struct", def }) : o) as KObject;
  const { kind, apiVersion, ...rest } = ordered;
  return { kind, apiVersion, ...rest } as KObject;
}
