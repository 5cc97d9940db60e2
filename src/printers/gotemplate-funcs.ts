// text/template's builtin functions plus kubectl's `exists` and `base64decode`
// (k8s.io/cli-runtime printers/template.go; kubectl v1.32 registers no Sprig functions).
// Arguments follow Go's reflect.Value conventions: undefined is an invalid Value (a missing
// key, after a pipeline also a JSON null), null is a nil interface{} read from the data.

import {
  formatV,
  GoNum,
  goTypeName,
  isMap,
  numKind,
  numValue,
  sprint,
  sprintf,
  sprintln,
} from "../golang/fmt.js";
import { compareKeys } from "../golang/sort.js";
import { runeAt } from "../golang/utf8.js";

/** A function's error; the executor reports it as `error calling NAME: MESSAGE`. */
export class FuncError extends Error {}

/** How the executor converts an argument: reflect.Value, interface{} or string. */
export type ParamType = "value" | "any" | "string";
export interface FuncSpec {
  params: ParamType[];
  /** The last param repeats. */
  variadic: boolean;
  fn: (...args: unknown[]) => unknown;
}

const indirect = (v: unknown) => (v === null ? undefined : v);
const byteLen = (s: string) => Buffer.byteLength(s, "utf8");

export function truth(v: unknown): boolean {
  v = indirect(v);
  if (v === undefined) return false;
  if (typeof v === "string") return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "boolean") return v;
  if (numKind(v)) return numValue(v) !== 0;
  return Object.keys(v as object).length > 0;
}

function indexArg(i: unknown, cap: number): number {
  i = indirect(i);
  const k = numKind(i);
  if (i === undefined) throw new FuncError("cannot index slice/array with nil");
  if (!k || k === "float64") throw new FuncError(`cannot index slice/array with type ${goTypeName(i)}`);
  const x = numValue(i);
  if (x < 0 || x > cap) throw new FuncError(`index out of range: ${x}`);
  return x;
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  item = indirect(item);
  if (item === undefined) throw new FuncError("index of untyped nil");
  for (let idx of indexes) {
    idx = indirect(idx);
    if (item === null) throw new FuncError("index of nil pointer");
    if (typeof item === "string") {
      const bytes = Buffer.from(item, "utf8");
      const x = indexArg(idx, bytes.length);
      if (x === bytes.length) throw new FuncError("reflect: string index out of range");
      item = new GoNum("uint8", bytes[x]);
    } else if (Array.isArray(item)) {
      const x = indexArg(idx, item.length);
      if (x === item.length) throw new FuncError("reflect: slice index out of range");
      item = item[x];
    } else if (isMap(item)) {
      if (idx === undefined) throw new FuncError("value is nil; should be of type string");
      if (typeof idx !== "string") throw new FuncError(`value has type ${goTypeName(idx)}; should be string`);
      item = Object.hasOwn(item, idx) ? item[idx] : null;
    } else throw new FuncError(`can't index item of type ${goTypeName(item)}`);
  }
  return item;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  item = indirect(item);
  if (item === undefined) throw new FuncError("slice of untyped nil");
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof item === "string") {
    if (indexes.length === 3) throw new FuncError("cannot 3-index slice a string");
    len = byteLen(item);
  } else if (Array.isArray(item)) len = item.length;
  else throw new FuncError(`can't slice item of type ${goTypeName(item)}`);
  const idx = [0, len, len];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(x, len);
  });
  if (idx[0] > idx[1]) throw new FuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2])
    throw new FuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === "string") return Buffer.from(item, "utf8").subarray(idx[0], idx[1]).toString("utf8");
  return (item as unknown[]).slice(idx[0], idx[1]);
}

function length(item: unknown): GoNum {
  if (item === null) throw new FuncError("len of nil pointer");
  if (item === undefined) throw new FuncError("reflect: call of reflect.Value.Type on zero Value");
  if (typeof item === "string") return new GoNum("int", byteLen(item));
  if (Array.isArray(item)) return new GoNum("int", item.length);
  if (isMap(item)) return new GoNum("int", Object.keys(item).length);
  throw new FuncError(`len of type ${goTypeName(item)}`);
}

type Kind = "bool" | "int" | "uint" | "float" | "string" | "invalid";
function basicKind(v: unknown): Kind {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "string";
  const k = numKind(v);
  if (k === "float64") return "float";
  if (k === "uint8") return "uint";
  if (k) return "int";
  return "invalid";
}
const cmpStr = (a: string, b: string) => compareKeys(a, b);
const BAD = "incompatible types for comparison";

function eq(arg1: unknown, ...arg2: unknown[]): boolean {
  const a = indirect(arg1);
  if (arg2.length === 0) throw new FuncError("missing argument for comparison");
  const k1 = basicKind(a);
  for (let b of arg2) {
    b = indirect(b);
    const k2 = basicKind(b);
    let t = false;
    if (k1 !== k2) {
      if ((k1 === "int" || k1 === "uint") && (k2 === "int" || k2 === "uint")) t = numValue(a) === numValue(b);
      else if (a !== undefined && b !== undefined) throw new FuncError(BAD);
    } else if (k1 === "int" || k1 === "uint" || k1 === "float") t = numValue(a) === numValue(b);
    else if (k1 === "bool" || k1 === "string") t = a === b;
    else if (a === undefined || b === undefined) t = a === b;
    else throw new FuncError(`non-comparable type ${formatV(b)}: ${goTypeName(b)}`);
    if (t) return true;
  }
  return false;
}
function lt(arg1: unknown, arg2: unknown): boolean {
  const a = indirect(arg1);
  const b = indirect(arg2);
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === "invalid" || k2 === "invalid") throw new FuncError("invalid type for comparison");
  const ints = (k: Kind) => k === "int" || k === "uint";
  if (k1 !== k2 && !(ints(k1) && ints(k2))) throw new FuncError(BAD);
  if (k1 === "bool") throw new FuncError("invalid type for comparison");
  if (k1 === "string") return cmpStr(a as string, b as string) < 0;
  return numValue(a) < numValue(b);
}

// Go's HTMLEscapeString, JSEscapeString and url.QueryEscape.
function html(s: string): string {
  return s.replace(
    /[\0"'&<>]/g,
    (c) => ({ "\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c] ?? c,
  );
}
function js(s: string): string {
  let out = "";
  for (const r of s) {
    const cp = runeAt(r, 0);
    if (r === "\\" || r === "'" || r === '"') out += `\\${r}`;
    else if ("<>&=".includes(r) || cp < 0x20 || !/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(r))
      out += `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    else out += r;
  }
  return out;
}
function urlquery(s: string): string {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
const evalArgs = (args: unknown[]) =>
  args.length === 1 && typeof args[0] === "string" ? args[0] : sprint(args);

/** Go's base64.StdEncoding.DecodeString, with its CorruptInputError offsets. */
export function base64decode(s: string): string {
  const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const src = Buffer.from(s, "utf8");
  const out: number[] = [];
  const corrupt = (at: number) =>
    new FuncError(`base64 decode failed: illegal base64 data at input byte ${at}`);
  const nl = (b: number) => b === 10 || b === 13;
  let si = 0;
  for (;;) {
    const buf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    let done = false;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out).toString("utf8");
        throw corrupt(si - j);
      }
      const c = src[si++];
      const d = A.indexOf(String.fromCharCode(c));
      if (d >= 0 && c < 128) {
        buf[j] = d;
        continue;
      }
      if (nl(c)) {
        j--;
        continue;
      }
      if (c !== 61) throw corrupt(si - 1);
      if (j < 2) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && nl(src[si])) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== 61) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && nl(src[si])) si++;
      if (si < src.length) throw corrupt(si);
      dlen = j;
      done = true;
      break;
    }
    const val = (buf[0] << 18) | (buf[1] << 12) | (buf[2] << 6) | buf[3];
    out.push(...[(val >> 16) & 255, (val >> 8) & 255, val & 255].slice(0, dlen - 1));
    if (done) return Buffer.from(out).toString("utf8");
  }
}

/** kubectl's exists: whether `index item indices...` would find a non-nil value. */
function exists(item: unknown, ...indices: unknown[]): boolean {
  let v = item;
  for (const i of indices) {
    if (v == null) return false;
    if (typeof v === "string" || Array.isArray(v)) {
      const k = numKind(i);
      if (!k || k === "float64") return false;
      const x = numValue(i);
      const len = typeof v === "string" ? byteLen(v) : v.length;
      if (x < 0 || x >= len) return false;
      v = typeof v === "string" ? new GoNum("uint8", Buffer.from(v)[x]) : v[x];
    } else if (isMap(v)) {
      const key = i == null ? "" : i;
      if (typeof key !== "string") return false;
      v = Object.hasOwn(v, key) ? v[key] : null;
    } else return false;
  }
  return v != null;
}

const V: ParamType = "value";
const spec = (params: ParamType[], variadic: boolean, fn: (...args: never[]) => unknown): FuncSpec => ({
  params,
  variadic,
  fn: fn as (...args: unknown[]) => unknown,
});

export const BUILTINS: Record<string, FuncSpec> = {
  and: spec([V, V], true, () => undefined), // short-circuits: the executor evaluates it
  or: spec([V, V], true, () => undefined),
  call: spec([V, V], true, (fn: unknown) => {
    throw new FuncError(
      fn === undefined || fn === null ? "call of nil" : `non-function of type ${goTypeName(fn)}`,
    );
  }),
  html: spec(["any"], true, (...a: unknown[]) => html(evalArgs(a))),
  index: spec([V, V], true, index),
  slice: spec([V, V], true, slice),
  js: spec(["any"], true, (...a: unknown[]) => js(evalArgs(a))),
  len: spec([V], false, length),
  not: spec([V], false, (a: unknown) => !truth(a)),
  print: spec(["any"], true, (...a: unknown[]) => sprint(a)),
  printf: spec(["string", "any"], true, (f: string, ...a: unknown[]) => sprintf(f, a)),
  println: spec(["any"], true, (...a: unknown[]) => sprintln(a)),
  urlquery: spec(["any"], true, (...a: unknown[]) => urlquery(evalArgs(a))),
  eq: spec([V, V], true, eq),
  ge: spec([V, V], false, (a: unknown, b: unknown) => !lt(a, b)),
  gt: spec([V, V], false, (a: unknown, b: unknown) => !lt(a, b) && !eq(a, b)),
  le: spec([V, V], false, (a: unknown, b: unknown) => lt(a, b) || eq(a, b)),
  lt: spec([V, V], false, lt),
  ne: spec([V, V], false, (a: unknown, b: unknown) => !eq(a, b)),
  exists: spec(["any", "any"], true, exists),
  base64decode: spec(["string"], false, base64decode),
};
