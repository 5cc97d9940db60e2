// The apiserver's JSON serializer (apimachinery's serializer/json): typed kinds are Go structs,
// so their fields go out in declaration order (the admission schema's), maps with their keys
// sorted, as Go's encoding/json writes them; HTML-significant characters are escaped. A
// request that asks for it (curl and wget do, see wantsPretty) gets json.MarshalIndent with two
// spaces and no trailing newline; everyone else gets json.Encoder's compact line.
import type { FieldType } from "../admission/schema/dsl.js";
import { schemaFor } from "../admission/schema/kinds.js";

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

function quote(s: string): string {
  return JSON.stringify(s).replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * How to order an object's keys: a Go struct's (the schema's type), AS_BUILT for documents the
 * server builds field by field in Go's order (discovery, Status), undefined for a Go map
 * (sorted), which is also what an unstructured object is.
 */
export const AS_BUILT = "as-built";
export type Shape = FieldType | typeof AS_BUILT | undefined;

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The value's entries in the order Go writes them: a struct's fields in order, a map's sorted. */
function entries(v: Record<string, unknown>, t: Shape): [string, unknown, Shape][] {
  const present = Object.entries(v).filter(([, x]) => x !== undefined);
  if (t === AS_BUILT) return present.map(([k, x]) => [k, x, AS_BUILT]);
  if (t !== undefined && t.kind === "struct") {
    const fields = t.def.fields;
    // TypeMeta is embedded first and declares Kind before APIVersion.
    const order = Object.keys(fields);
    const [av, k] = [order.indexOf("apiVersion"), order.indexOf("kind")];
    if (av >= 0 && k > av) [order[av], order[k]] = [order[k], order[av]];
    const known = order
      .filter((k) => v[k] !== undefined)
      .map((k): [string, unknown, Shape] => [k, v[k], fields[k]]);
    const rest = present
      .filter(([k]) => !(k in fields))
      .map(([k, x]): [string, unknown, undefined] => [k, x, undefined]);
    return [...known, ...rest];
  }
  const values = t !== undefined && t.kind === "map" ? t.values : undefined;
  return present.sort(([a], [b]) => byteOrder(a, b)).map(([k, x]) => [k, x, values]);
}

function write(v: unknown, t: Shape, indent: string | undefined, depth: number): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v !== "object") return "null";
  const nl = indent === undefined ? "" : `\n${indent.repeat(depth + 1)}`;
  const close = indent === undefined ? "" : `\n${indent.repeat(depth)}`;
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const items = t === AS_BUILT ? AS_BUILT : t?.kind === "list" ? t.items : undefined;
    return `[${v.map((x) => nl + write(x, items, indent, depth + 1)).join(",")}${close}]`;
  }
  const es = entries(v as Record<string, unknown>, t);
  if (es.length === 0) return "{}";
  const colon = indent === undefined ? ":" : ": ";
  return `{${es.map(([k, x, ft]) => nl + quote(k) + colon + write(x, ft, indent, depth + 1)).join(",")}${close}}`;
}

/** The struct type of a kind the server serves typed; CRDs' objects are unstructured maps. */
export function kindType(apiVersion: string, kind: string): FieldType | undefined {
  const def = schemaFor(apiVersion, kind);
  return def ? { kind: "struct", def } : undefined;
}

/** How the server writes one object: `type` orders its fields, `pretty` indents. */
export function encodeJson(v: unknown, type: Shape, pretty: boolean): string {
  return pretty ? write(v, type, "  ", 0) : `${write(v, type, undefined, 0)}\n`;
}

/**
 * isPrettyPrint (endpoints/handlers/negotiation): `?pretty=` decides when given (as Go's
 * strconv.ParseBool reads it), else a User-Agent of a human's tool: curl, Wget, a browser.
 */
export function wantsPretty(query: URLSearchParams, userAgent: string): boolean {
  const pp = query.get("pretty");
  if (pp) return ["1", "t", "T", "TRUE", "true", "True"].includes(pp);
  return userAgent.startsWith("curl") || userAgent.startsWith("Wget") || userAgent.startsWith("Mozilla/5.0");
}
