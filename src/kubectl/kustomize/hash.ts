// The content hash kustomize appends to generated ConfigMap and Secret names (api/hasher):
// the sha256 of a Go json.Marshal of a few fields, its first 10 hex digits with the
// letters and digits that could spell words or be misread swapped out.

import { compareKeys } from "../../golang/sort.js";
import { sha256 } from "../../util/digest.js";

type Obj = Record<string, unknown>;

/** A JSON string as Go's encoding/json writes it (HTML-safe, \b and \f short since Go 1.22). */
function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029)
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return `${out}"`;
}

/** json.Marshal of a decoded JSON value: map keys in Go's byte order. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goString(v);
  if (typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
  const o = v as Obj;
  const keys = Object.keys(o).sort(compareKeys);
  return `{${keys.map((k) => `${goString(k)}:${goJson(o[k])}`).join(",")}}`;
}

/** hasher.encode: 10 hex digits, with 0 1 3 a e swapped for g h k m t. */
export function encodeHash(hex: string): string {
  const swap: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join("");
}

const sha256hex = (s: string) => sha256(s).toString("hex");

/** A map-valued field as the hasher reads it: a map, or "" when absent (a scalar as its text). */
function field(v: unknown): unknown {
  if (v === undefined || v === null) return "";
  return v;
}

/**
 * Hasher.Hash for a generated object. The hasher looks the name up with a single key
 * "metadata/name", which kyaml treats as one field name that never exists: the name always
 * hashes as "", so only the kind, the data (and a Secret's type) decide the suffix.
 */
export function resourceHash(obj: Obj): string {
  const kind = obj.kind;
  let encoded: string;
  if (kind === "ConfigMap") {
    const m: Obj = { kind: "ConfigMap", name: "", data: field(obj.data) };
    if (obj.binaryData && typeof obj.binaryData === "object") m.binaryData = obj.binaryData;
    encoded = goJson(m);
  } else if (kind === "Secret") {
    const m: Obj = { kind: "Secret", type: field(obj.type), name: "", data: field(obj.data) };
    if (obj.stringData && typeof obj.stringData === "object") m.stringData = obj.stringData;
    encoded = goJson(m);
  } else encoded = goJson(obj);
  return encodeHash(sha256hex(encoded));
}
