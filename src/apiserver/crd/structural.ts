// A custom resource against its CRD's structural schema, as the apiextensions-apiserver
// handles a create or update: unknown fields are collected (kubectl's default
// fieldValidation=Strict turns them into `strict decoding error: unknown field "spec.foo"`;
// otherwise they are pruned), nulls of non-nullable fields are dropped, defaults filled,
// then kube-openapi's validators run and their errors become field errors with the
// apiserver's texts (`spec.replicas in body must be of type integer: "string"`).
import type { FieldError } from "../admission/validation/errors.js";

/** The parts of JSONSchemaProps the structural validator reads. */
export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  nullable?: boolean;
  default?: unknown;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const ROOT_META = new Set(["apiVersion", "kind", "metadata"]);

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * Drops what the schema does not know (returning the paths, in document order), nulls of
 * non-nullable fields, and fills defaults. Changes `obj` in place.
 */
export function pruneAndDefault(obj: Obj, schema: Schema): string[] {
  const unknown: string[] = [];
  walkObject(obj, schema, "", unknown, true, true);
  return unknown;
}

/**
 * Only the defaults of a schema, as the apiserver fills those of the storage version when
 * it reads an object written at another version; unknown fields stay.
 */
export function fillDefaults(obj: Obj, schema: Schema): void {
  walkObject(obj, schema, "", [], true, false);
}

function walk(v: unknown, s: Schema, path: string, unknown: string[], prune: boolean): void {
  if (Array.isArray(v)) {
    const items = s.items;
    if (items)
      v.forEach((x, i) => {
        walk(x, items, `${path}[${i}]`, unknown, prune);
      });
    return;
  }
  if (isObj(v)) walkObject(v, s, path, unknown, false, prune);
}

function walkObject(o: Obj, s: Schema, path: string, unknown: string[], root: boolean, prune: boolean): void {
  const props = s.properties ?? {};
  const extra = typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true || s.additionalProperties === true;
  const embedded = root || s["x-kubernetes-embedded-resource"] === true;
  for (const key of Object.keys(o)) {
    if (embedded && ROOT_META.has(key)) continue;
    const sub = props[key] ?? extra;
    const p = join(path, key);
    if (!sub) {
      if (!preserve && prune) {
        unknown.push(p);
        delete o[key];
      }
      continue;
    }
    if (o[key] === null && !sub.nullable && prune) {
      delete o[key];
      continue;
    }
    walk(o[key], sub, p, unknown, prune);
  }
  for (const [key, sub] of Object.entries(props)) {
    if (o[key] === undefined && sub.default !== undefined && !(embedded && ROOT_META.has(key))) {
      o[key] = structuredClone(sub.default);
      walk(o[key], sub, join(path, key), unknown, prune);
    }
  }
}

/** The JSON type go-openapi reports for a value: `integer` only for whole numbers. */
function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "string") return "string";
  return "object";
}

function typeMatches(want: string, got: string, s: Schema): boolean {
  if (s["x-kubernetes-int-or-string"]) return got === "integer" || got === "string";
  if (!want) return true;
  if (want === "number") return got === "number" || got === "integer";
  return want === got;
}

/** Go's %v of a float64 bound, as the messages print it. */
const num = (n: number) => String(n);

/** Field errors of `obj` against the schema, in the order kube-openapi's validators find them. */
export function validateAgainst(obj: Obj, schema: Schema): FieldError[] {
  const errs: FieldError[] = [];
  check(obj, schema, "", errs, true);
  return errs;
}

function check(v: unknown, s: Schema, path: string, errs: FieldError[], root = false): void {
  const got = jsonType(v);
  // kube-openapi names the extension's type itself: `must be of type int-or-string`.
  const want = s["x-kubernetes-int-or-string"] ? "int-or-string" : (s.type ?? "");
  if (!typeMatches(want, got, s)) {
    errs.push({
      type: "Invalid",
      field: path,
      value: got,
      detail: `${path} in body must be of type ${want}: "${got}"`,
    });
    return;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    errs.push({
      type: "Unsupported",
      field: path,
      value: v,
      supported: s.enum.map((e) => (typeof e === "string" ? e : JSON.stringify(e))),
    });
  }
  if (typeof v === "string") checkString(v, s, path, errs);
  else if (typeof v === "number") checkNumber(v, s, path, errs);
  else if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems)
      errs.push({
        type: "Invalid",
        field: path,
        value: v.length,
        detail: `${path} in body should have at least ${s.minItems} items`,
      });
    const items = s.items;
    if (items)
      v.forEach((x, i) => {
        check(x, items, `${path}[${i}]`, errs);
      });
  } else if (isObj(v)) {
    for (const req of s.required ?? []) {
      if (v[req] === undefined) errs.push({ type: "Required", field: join(path, req) });
    }
    const extra = typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
    for (const [key, x] of Object.entries(v)) {
      if ((root || s["x-kubernetes-embedded-resource"]) && ROOT_META.has(key)) continue;
      const sub = s.properties?.[key] ?? extra;
      if (sub && x !== null) check(x, sub, join(path, key), errs);
    }
  }
}

function checkString(v: string, s: Schema, path: string, errs: FieldError[]): void {
  const chars = [...v].length;
  if (s.maxLength !== undefined && chars > s.maxLength)
    errs.push({ type: "TooLong", field: path, detail: `may not be more than ${s.maxLength} bytes` });
  if (s.minLength !== undefined && chars < s.minLength)
    errs.push({
      type: "Invalid",
      field: path,
      value: v,
      detail: `${path} in body should be at least ${s.minLength} chars long`,
    });
  if (s.pattern !== undefined && !safeRegExp(s.pattern)?.test(v))
    errs.push({
      type: "Invalid",
      field: path,
      value: v,
      detail: `${path} in body should match '${s.pattern}'`,
    });
}

function checkNumber(v: number, s: Schema, path: string, errs: FieldError[]): void {
  if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
    const than = s.exclusiveMaximum ? "less than" : "less than or equal to";
    errs.push({
      type: "Invalid",
      field: path,
      value: v,
      detail: `${path} in body should be ${than} ${num(s.maximum)}`,
    });
  }
  if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
    const than = s.exclusiveMinimum ? "greater than" : "greater than or equal to";
    errs.push({
      type: "Invalid",
      field: path,
      value: v,
      detail: `${path} in body should be ${than} ${num(s.minimum)}`,
    });
  }
}

/** An ECMAScript reading of the schema's (Go RE2) pattern; one it cannot compile matches nothing. */
function safeRegExp(p: string): RegExp | undefined {
  try {
    return new RegExp(p, "u");
  } catch {
    return undefined;
  }
}
