// The per-document checks kubectl runs on a manifest before it talks to the server:
// client-side validation of apiVersion/kind, and the typed decode of metadata into Go's
// ObjectMeta, whose encoding/json errors (`json: cannot unmarshal bool into Go struct field
// ObjectMeta.metadata.labels of type string`) users see when a label value is not a string.
import { marshalCompact } from "../printers/json.js";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** encoding/json's name for the kind of a JSON value. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  return typeof v === "boolean" ? "bool" : typeof v;
}

/** kubectl's getObjectKind: the problems with a document's apiVersion and kind. */
function objectKindErrors(obj: unknown): string[] {
  if (!isObject(obj)) return ["invalid object to validate"];
  const errs: string[] = [];
  const { apiVersion, kind } = obj;
  if (apiVersion === undefined || apiVersion === null) errs.push("apiVersion not set");
  else if (typeof apiVersion !== "string") errs.push("apiVersion isn't string type");
  else if ((apiVersion.match(/\//g) ?? []).length > 1)
    errs.push(`unexpected GroupVersion string: ${apiVersion}`);
  if (kind === undefined || kind === null) errs.push("kind not set");
  else if (typeof kind !== "string") errs.push("kind isn't string type");
  return errs;
}

/** Client-side validation (--validate, on by default); returns the message of the error, if any. */
export function validationError(obj: unknown): string | undefined {
  let errs = objectKindErrors(obj);
  if (errs.length === 0 && isObject(obj) && obj.apiVersion === "v1" && obj.kind === "List") {
    // A v1 List is validated item by item, and every item's problems are reported together.
    const items = obj.items;
    errs = Array.isArray(items) ? items.flatMap(objectKindErrors) : ["invalid object to validate"];
  }
  if (errs.length === 0) return undefined;
  // An aggregate error prints each distinct message once.
  const distinct = [...new Set(errs)];
  return distinct.length === 1 ? distinct[0] : `[${distinct.join(", ")}]`;
}

// ---- ObjectMeta, as encoding/json sees it --------------------------------------------

type GoType =
  | { t: "string" | "bool" | "int64" | "time"; name?: string }
  | { t: "map"; name: string }
  | { t: "slice"; name: string; elem: GoType }
  | { t: "struct"; name: string; goName: string; fields: Record<string, GoType> };

const str = (name = "string"): GoType => ({ t: "string", name });
const time: GoType = { t: "time" };
const OWNER_REF: GoType = {
  t: "struct",
  name: "v1.OwnerReference",
  goName: "OwnerReference",
  fields: {
    apiVersion: str(),
    kind: str(),
    name: str(),
    uid: str("types.UID"),
    controller: { t: "bool" },
    blockOwnerDeletion: { t: "bool" },
  },
};
const MANAGED_FIELDS: GoType = {
  t: "struct",
  name: "v1.ManagedFieldsEntry",
  goName: "ManagedFieldsEntry",
  fields: {
    manager: str(),
    operation: str("v1.ManagedFieldsOperationType"),
    apiVersion: str(),
    time,
    fieldsType: str(),
    subresource: str(),
  },
};
const OBJECT_META: GoType = {
  t: "struct",
  name: "v1.ObjectMeta",
  goName: "ObjectMeta",
  fields: {
    name: str(),
    generateName: str(),
    namespace: str(),
    selfLink: str(),
    uid: str("types.UID"),
    resourceVersion: str(),
    generation: { t: "int64" },
    creationTimestamp: time,
    deletionTimestamp: time,
    deletionGracePeriodSeconds: { t: "int64" },
    labels: { t: "map", name: "map[string]string" },
    annotations: { t: "map", name: "map[string]string" },
    ownerReferences: { t: "slice", name: "[]v1.OwnerReference", elem: OWNER_REF },
    finalizers: { t: "slice", name: "[]string", elem: str() },
    managedFields: { t: "slice", name: "[]v1.ManagedFieldsEntry", elem: MANAGED_FIELDS },
  },
};

const quoteGo = (s: string) => JSON.stringify(s);

/** Go's time.Parse(time.RFC3339, s) error text, or undefined when s parses. */
export function rfc3339Error(s: string): string | undefined {
  const layout = "2006-01-02T15:04:05Z07:00";
  const fail = (valueElem: string, layoutElem: string) =>
    `parsing time ${quoteGo(s)} as ${quoteGo(layout)}: cannot parse ${quoteGo(valueElem)} as ${quoteGo(layoutElem)}`;
  const range = (what: string) => `parsing time ${quoteGo(s)}: ${what} out of range`;
  let v = s;
  const digit = (i: number) => v[i] >= "0" && v[i] <= "9";
  const num2 = (elem: string, fixed: boolean): number | string => {
    if (!digit(0)) return fail(v, elem);
    if (!digit(1)) {
      if (fixed) return fail(v, elem);
      const n = Number(v[0]);
      v = v.slice(1);
      return n;
    }
    const n = Number(v.slice(0, 2));
    v = v.slice(2);
    return n;
  };
  const lit = (p: string) => {
    if (!v.startsWith(p)) return fail(v, p);
    v = v.slice(p.length);
    return undefined;
  };
  if (!/^\d{4}/.test(v)) return fail(v, "2006");
  const year = Number(v.slice(0, 4));
  v = v.slice(4);
  const steps: [string, (n: number) => string | undefined][] = [
    ["-", () => undefined],
    ["01", (n) => (n < 1 || n > 12 ? range("month") : undefined)],
    ["-", () => undefined],
    ["02", () => undefined],
    ["T", () => undefined],
    ["15", (n) => (n > 23 ? range("hour") : undefined)],
    [":", () => undefined],
    ["04", (n) => (n > 59 ? range("minute") : undefined)],
    [":", () => undefined],
    ["05", (n) => (n > 59 ? range("second") : undefined)],
  ];
  const nums: number[] = [];
  for (const [elem, check] of steps) {
    if (!/\d/.test(elem)) {
      const e = lit(elem);
      if (e) return e;
      continue;
    }
    const n = num2(elem, elem !== "15");
    if (typeof n === "string") return n;
    const e = check(n);
    if (e) return e;
    nums.push(n);
  }
  const frac = /^[.,]\d+/.exec(v);
  if (frac) v = v.slice(frac[0].length);
  if (v.startsWith("Z")) v = v.slice(1);
  else if (v.length < 6 || v[3] !== ":" || !/^[+-]\d\d:\d\d/.test(v)) return fail(v, "Z07:00");
  else v = v.slice(6);
  if (v !== "") return `parsing time ${quoteGo(s)}: extra text: ${quoteGo(v)}`;
  const [month, day] = nums;
  const days =
    month === 2
      ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
        ? 29
        : 28
      : [4, 6, 9, 11].includes(month)
        ? 30
        : 31;
  if (day < 1 || day > days) return `parsing time ${quoteGo(s)}: day out of range`;
  return undefined;
}

function typeError(value: unknown, struct: string, path: string, type: string): string {
  const kind =
    typeof value === "number" && type === "int64" ? `number ${marshalCompact(value)}` : jsonKind(value);
  return `json: cannot unmarshal ${kind} into Go struct field ${struct}.${path} of type ${type}`;
}

function check(v: unknown, t: GoType, struct: string, path: string): string | undefined {
  if (v === null) return undefined;
  switch (t.t) {
    case "string":
      return typeof v === "string" ? undefined : typeError(v, struct, path, t.name ?? "string");
    case "bool":
      return typeof v === "boolean" ? undefined : typeError(v, struct, path, "bool");
    case "int64":
      return typeof v === "number" && Number.isSafeInteger(v)
        ? undefined
        : typeError(v, struct, path, "int64");
    case "time":
      return typeof v === "string" ? rfc3339Error(v) : typeError(v, struct, path, "string");
    case "map":
      if (!isObject(v)) return typeError(v, struct, path, t.name);
      for (const x of Object.values(v)) {
        const e = check(x, str(), struct, path);
        if (e) return e;
      }
      return undefined;
    case "slice":
      if (!Array.isArray(v)) return typeError(v, struct, path, t.name);
      for (const x of v) {
        const e = check(x, t.elem, struct, path);
        if (e) return e;
      }
      return undefined;
    case "struct":
      if (!isObject(v)) return typeError(v, struct, path, t.name);
      for (const [k, x] of Object.entries(v)) {
        const ft = t.fields[k];
        const e = ft && check(x, ft, t.goName, `${path}.${k}`);
        if (e) return e;
      }
      return undefined;
  }
}

// kubectl decodes every document into {TypeMeta (inline); metadata ObjectMeta} to check it.
const METADATA_ONLY: GoType = {
  t: "struct",
  name: "metadataOnlyObject",
  goName: "metadataOnlyObject",
  fields: { apiVersion: str(), kind: str(), metadata: OBJECT_META },
};

/** The first error Go reports decoding a document's apiVersion, kind and metadata, in document order. */
export function objectMetaError(obj: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(obj)) {
    const t = (METADATA_ONLY as { fields: Record<string, GoType> }).fields[k];
    const e = t && check(v, t, "metadataOnlyObject", k);
    if (e) return e;
  }
  return undefined;
}

export { isObject, jsonKind };
