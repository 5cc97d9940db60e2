// `kubectl get -o json`: Go's json.MarshalIndent(obj, "", "    ") over an unstructured
// object, i.e. map keys in byte order, HTML-significant characters escaped as \u003c and
// friends, and a trailing newline.
import { compareKeys } from "../golang/sort.js";

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

/** A JSON string literal exactly as Go's encoding/json writes it. */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function scalar(v: unknown): string | undefined {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return goQuote(v);
    case "number":
      return Number.isFinite(v) ? JSON.stringify(v) : "null";
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return v.toString();
    default:
      return undefined;
  }
}

function write(v: unknown, indent: string | undefined, depth: number): string {
  const s = scalar(v);
  if (s !== undefined) return s;
  if (typeof v !== "object" || v === null) return "null";
  const json = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof json === "function") return write(json.call(v), indent, depth);
  const nl = indent === undefined ? "" : `\n${indent.repeat(depth + 1)}`;
  const close = indent === undefined ? "" : `\n${indent.repeat(depth)}`;
  const colon = indent === undefined ? ":" : ": ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${v.map((x) => nl + write(x === undefined ? null : x, indent, depth + 1)).join(",")}${close}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined && typeof x !== "function")
    .sort(([a], [b]) => compareKeys(a, b));
  if (entries.length === 0) return "{}";
  return `{${entries.map(([k, x]) => nl + goQuote(k) + colon + write(x, indent, depth + 1)).join(",")}${close}}`;
}

/** What `kubectl get ... -o json` prints for one object or a List. */
export function toJson(obj: unknown): string {
  return `${write(obj, "    ", 0)}\n`;
}

/** Compact Go json.Marshal output; kubectl quotes objects this way in some error messages. */
export function marshalCompact(obj: unknown): string {
  return write(obj, undefined, 0);
}

/** The wrapper kubectl prints around the results of a list query (any count, even 0 or 1). */
export function asList(items: unknown[]): Record<string, unknown> {
  return { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
}
