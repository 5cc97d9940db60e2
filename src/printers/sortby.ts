// kubectl get --sort-by (k8s.io/kubectl/pkg/cmd/get/sorter.go): the items are ordered by
// the first value the JSONPath finds in each, compared as kubectl compares JSON values
// (integers and floats numerically, strings as quantities when both parse as one, else
// byte by byte, so RFC 3339 timestamps sort as time; the oracle shows `a10` before `a2`, not
// the natural order sorter.go's source suggests), by Go's unstable sort.Sort. An item
// without the field is "less" than every item, itself included, which is why such items
// come first in an order of their own. Tables (default and wide output) are sorted per
// resource type, and twice (once by the get command, once by its printer), other outputs
// once across all types; both orders are reproduced because scripts see them.

import { compareQuantity, parseQuantity } from "../golang/quantity.js";
import { goSort } from "../golang/sort.js";
import { relaxedJsonPathExpression } from "./customcolumns.js";
import { findJsonPathResults, JsonPathError, type JsonPathTemplate, parseJsonPath } from "./jsonpath.js";

/** A failure with kubectl's whole stderr text (without the trailing newline) and exit code 1. */
export class SortByError extends Error {}

export type SortMode = "table" | "list";

/**
 * Sorts objs in place as `kubectl get --sort-by=sortBy` does for a table's rows ("table")
 * or for the List behind -o json|yaml|name|jsonpath|... ("list"). nowMs and pid only
 * shape the klog line kubectl dies with on values it cannot compare.
 */
export function sortByField(
  objs: unknown[],
  sortBy: string,
  mode: SortMode,
  klog: { nowMs: number; pid: number },
): void {
  let field: string;
  try {
    field = relaxedJsonPathExpression(sortBy);
  } catch (e) {
    // The table sorter falls back to the expression as typed; the list sorter reports it.
    if (!(e instanceof JsonPathError) || mode === "list") throw asSortError(e);
    field = sortBy;
  }
  let tpl: JsonPathTemplate;
  try {
    tpl = parseJsonPath(field);
  } catch (e) {
    if (!(e instanceof JsonPathError)) throw e;
    throw new SortByError(mode === "table" ? `error: sorting error: ${e.message}` : `error: ${e.message}`);
  }
  const passes = mode === "table" ? (objs.length > 1 ? 2 : 1) : 1;
  for (let pass = 0; pass < passes; pass++) sortOnce(objs, field, tpl, mode, klog);
}

function asSortError(e: unknown): Error {
  return e instanceof JsonPathError ? new SortByError(`error: ${e.message}`) : (e as Error);
}

function sortOnce(
  objs: unknown[],
  field: string,
  tpl: JsonPathTemplate,
  mode: SortMode,
  klog: { nowMs: number; pid: number },
): void {
  if (!objs.length) return;
  const keyed = objs.map((obj) => {
    let results: unknown[][];
    try {
      results = findJsonPathResults(tpl, obj, { allowMissingKeys: true });
    } catch (e) {
      throw asSortError(e);
    }
    const found = results.length > 0 && results[0].length > 0;
    return { obj, found, value: found ? results[0][0] : undefined };
  });
  if (!keyed.some((k) => k.found))
    throw new SortByError(`error: couldn't find any field with path "${field}" in the list of objects`);
  goSort(keyed, (i, j) => {
    if (!i.found) return true;
    if (!j.found) return false;
    const r = isLess(i.value, j.value);
    if (typeof r === "boolean") return r;
    const holder = mode === "table" ? "[][][]reflect.Value" : "*unstructured.Unstructured";
    const line = mode === "table" ? 375 : 329;
    throw new SortByError(
      `${klogHeader(klog.nowMs, klog.pid, line)}Field ${field} in ${holder} is an unsortable type: interface, err: ${r.error}`,
    );
  });
  keyed.forEach((k, ix) => {
    objs[ix] = k.obj;
  });
}

/** klog's prefix of a fatal line: `F1127 10:00:00.000000   12345 sorter.go:329] `. */
function klogHeader(nowMs: number, pid: number, line: number): string {
  const d = new Date(nowMs);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const when = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}`;
  return `F${when} ${String(pid).padStart(7)} sorter.go:${line}] `;
}

/** Go's %T of a decoded JSON value. */
function goType(v: unknown): string {
  if (Array.isArray(v)) return "[]interface {}";
  if (typeof v === "object") return "map[string]interface {}";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  return "string";
}

/** isLess over two interface{} values of an unstructured object; an error as kubectl words it. */
function isLess(i: unknown, j: unknown): boolean | { error: string } {
  if (i === null && j === null) return false;
  if (i === null) return true;
  if (j === null) return false;
  const it = goType(i);
  if (it === "int64" || it === "float64") {
    if (goType(j) === it) return (i as number) < (j as number);
  } else if (it === "string") {
    if (typeof j === "string") {
      const qi = parseQuantity(i as string, { trim: false });
      const qj = typeof qi === "string" ? qi : parseQuantity(j, { trim: false });
      if (typeof qi === "string" || typeof qj === "string") return byteLess(i as string, j);
      return compareQuantity(qi, qj) < 0;
    }
  } else {
    return { error: `unsortable type: ${it}` };
  }
  return { error: "unsortable interface: interface" };
}

/** Go's string <: byte order of the UTF-8 encodings. */
function byteLess(a: string, b: string): boolean {
  if (!/[^\x00-\x7f]/.test(a + b)) return a < b;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")) < 0;
}
