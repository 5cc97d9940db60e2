// Strict decoding, as the apiserver does it for kubectl's default --validate=strict:
// the body is unmarshalled into the Go struct with sigs.k8s.io/json (case-sensitive,
// unknown and duplicate fields collected as "strict" errors) and Go's encoding/json
// type errors.
//
// Which error wins (sigs.k8s.io/json decodeState.unmarshal): a fatal error (one
// returned by a custom UnmarshalJSON: IntOrString, Quantity, Time) stops decoding and
// wins; otherwise the FIRST saved type error wins; only when there is no type error at
// all are the strict errors (unknown fields) reported. So when both a type error and
// unknown fields occur, the caller sees only `typeError`, and `unknownFields` is empty.

import { parseQuantity, quantityInputText } from "../../golang/quantity.js";
import { goTimeParseError } from "../../golang/time.js";
import { type FieldType, goTypeName, raw, type StructDef } from "./schema/dsl.js";
import { schemaFor } from "./schema/kinds.js";
import { typeMetaFields } from "./schema/meta.js";

export interface DecodeResult {
  /** Paths of unknown fields in document order, e.g. "spec.containers[0].Ports". */
  unknownFields: string[];
  /** The Go decode error text, e.g. "json: cannot unmarshal string into Go struct field ...". */
  typeError?: string;
  /**
   * True when the type error lies under the top-level `metadata`: kubectl decodes that
   * part itself and fails before sending, as `error: unable to decode "FILE": <typeError>`.
   */
  clientSide?: boolean;
}

/** sigs.k8s.io/json stops collecting strict errors after this many. */
const MAX_STRICT_ERRORS = 100;

class Fatal extends Error {}

type JsonKind = "string" | "number" | "bool" | "array" | "object";

function jsonKind(v: unknown): JsonKind {
  if (typeof v === "string" || v instanceof Date) return "string";
  if (typeof v === "number" || typeof v === "bigint") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * Where Go's base64.StdEncoding.Decode reports a CorruptInputError (newlines skipped), or
 * undefined for valid input: the first byte outside the alphabet, else the start of an
 * incomplete last quantum.
 */
export function base64ErrorAt(s: string): number | undefined {
  const bad = /[^A-Za-z0-9+/=\r\n]/.exec(s);
  if (bad) return bad.index;
  const body = s.replace(/[\r\n]/g, "");
  const pad = body.indexOf("=");
  if (pad >= 0 && (!/^=+$/.test(body.slice(pad)) || body.length % 4 !== 0 || body.length - pad > 2)) {
    return pad;
  }
  if (body.length % 4 !== 0) return body.length - (body.length % 4);
  return undefined;
}

const INT_RANGE = { int32: 2147483647, int64: 2 ** 63 - 1 };

class Decoder {
  readonly unknown: string[] = [];
  private readonly seen = new Set<string>();
  private saved?: { msg: string; inMeta: boolean };
  fatal?: { msg: string; inMeta: boolean };
  private struct?: string;
  private readonly stack: string[] = [];

  private typeErrorText(value: string, goType: string): string {
    if (this.struct !== undefined || this.stack.length > 0) {
      return `json: cannot unmarshal ${value} into Go struct field ${this.struct ?? ""}.${this.stack.join(".")} of type ${goType}`;
    }
    return `json: cannot unmarshal ${value} into Go value of type ${goType}`;
  }

  private inMeta(): boolean {
    return this.stack[0] === "metadata";
  }

  private save(value: string, goType: string): void {
    this.saved ??= { msg: this.typeErrorText(value, goType), inMeta: this.inMeta() };
  }

  private stop(msg: string): never {
    this.fatal = { msg, inMeta: this.inMeta() };
    throw new Fatal(msg);
  }

  result(): DecodeResult {
    const err = this.fatal ?? this.saved;
    if (err) return { unknownFields: [], typeError: err.msg, ...(err.inMeta ? { clientSide: true } : {}) };
    return { unknownFields: [...this.unknown] };
  }

  private unknownField(path: string): void {
    if (this.unknown.length >= MAX_STRICT_ERRORS || this.seen.has(path)) return;
    this.seen.add(path);
    this.unknown.push(path);
  }

  decode(v: unknown, t: FieldType, path: string): void {
    if (v === null || v === undefined || t.kind === "raw") return;
    switch (t.kind) {
      case "string":
        if (jsonKind(v) !== "string") this.save(jsonKind(v), t.go);
        else if (t.base64) {
          const at = base64ErrorAt(String(v));
          if (at !== undefined)
            this.saved ??= { msg: `illegal base64 data at input byte ${at}`, inMeta: false };
        }
        return;
      case "bool":
        if (typeof v !== "boolean") this.save(jsonKind(v), "bool");
        return;
      case "int": {
        if (typeof v !== "number") {
          this.save(jsonKind(v), t.go);
          return;
        }
        if (!Number.isInteger(v) || Math.abs(v) > INT_RANGE[t.go] + (v < 0 ? 1 : 0)) {
          this.save(`number ${JSON.stringify(v)}`, t.go);
        }
        return;
      }
      case "intOrString": {
        // IntOrString.UnmarshalJSON hands non-strings to encoding/json as an int32; the
        // error it returns is fatal and gets this field's context added.
        if (jsonKind(v) === "string") return;
        if (typeof v === "number") {
          if (!Number.isInteger(v) || v > 2147483647 || v < -2147483648) {
            this.stop(this.typeErrorText(`number ${JSON.stringify(v)}`, "int32"));
          }
          return;
        }
        this.stop(this.typeErrorText(jsonKind(v), "int32"));
        return;
      }
      case "quantity": {
        const q = parseQuantity(quantityInputText(v));
        if (typeof q === "string") this.stop(q);
        return;
      }
      case "time": {
        if (v instanceof Date) return;
        if (typeof v !== "string") this.stop(this.typeErrorText(jsonKind(v), "string"));
        const err = goTimeParseError(v as string, t.micro);
        if (err) this.stop(err);
        return;
      }
      case "list": {
        if (!Array.isArray(v)) {
          this.save(jsonKind(v), goTypeName(t));
          return;
        }
        v.forEach((item, i) => {
          this.decode(item, t.items, `${path}[${i}]`);
        });
        return;
      }
      case "map": {
        if (!isPlainObject(v)) {
          this.save(jsonKind(v), t.go);
          return;
        }
        for (const [k, item] of Object.entries(v)) this.decode(item, t.values, `${path}[${k}]`);
        return;
      }
      case "struct": {
        if (!isPlainObject(v)) {
          this.save(jsonKind(v), goTypeName(t));
          return;
        }
        for (const [k, item] of Object.entries(v)) {
          const childPath = path ? `${path}.${k}` : k;
          const f = t.def.fields[k];
          if (!f) {
            this.unknownField(childPath);
            continue;
          }
          const outer = this.struct;
          this.struct = t.def.name;
          this.stack.push(k);
          this.decode(item, f, childPath);
          this.stack.pop();
          this.struct = outer;
        }
        return;
      }
    }
  }
}

/**
 * Strict-decodes an object (from YAML/JSON, already parsed). A kind without a Go struct
 * has only its type metadata checked here: a custom kind's fields are its CRD's business,
 * and a kind nobody serves is refused by the caller.
 */
export function strictDecode(obj: Record<string, unknown>): DecodeResult {
  const root = schemaFor(String(obj.apiVersion ?? ""), String(obj.kind ?? "")) ?? unstructured(obj);
  const d = new Decoder();
  try {
    d.decode(obj, { kind: "struct", def: root }, "");
  } catch (e) {
    if (!(e instanceof Fatal)) throw e;
  }
  return d.result();
}

/** apiVersion, kind and metadata as their Go types; every other top-level field opaque. */
function unstructured(obj: Record<string, unknown>): StructDef {
  const fields: Record<string, FieldType> = { ...typeMetaFields };
  for (const k of Object.keys(obj)) if (!(k in fields)) fields[k] = raw;
  return { name: "Unstructured", pkg: "unstructured", fields };
}

/**
 * The object as Go's non-strict decode into its struct and encode back leave it: fields the
 * struct does not have are dropped, and each object's fields come in the struct's order
 * (kubectl run's --overrides decodes its patched pod so). Values are kept as they are; a
 * kind without a struct is left whole.
 */
export function pruneUnknown(obj: Record<string, unknown>): Record<string, unknown> {
  const root = schemaFor(String(obj.apiVersion ?? ""), String(obj.kind ?? ""));
  if (!root) return obj;
  const { kind, apiVersion, ...rest } = pruneValue(obj, { kind: "struct", def: root }) as Record<
    string,
    unknown
  >;
  // TypeMeta is Kind, then APIVersion, in Go.
  return {
    ...(kind !== undefined ? { kind } : {}),
    ...(apiVersion !== undefined ? { apiVersion } : {}),
    ...rest,
  };
}

function pruneValue(v: unknown, t: FieldType): unknown {
  if (v === null || typeof v !== "object") return v;
  if (t.kind === "list" && Array.isArray(v)) return v.map((x) => pruneValue(x, t.items));
  if (t.kind === "map" && !Array.isArray(v))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pruneValue(x, t.values)]));
  if (t.kind === "struct" && !Array.isArray(v)) {
    const given = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, f] of Object.entries(t.def.fields)) if (k in given) out[k] = pruneValue(given[k], f);
    return out;
  }
  return v;
}
