// The objects kubectl builds itself (run, expose, create deployment) are Go structs, so its
// JSON printer writes their fields in declaration order, not sorted as for the server's maps.
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
