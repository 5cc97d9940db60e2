// ObjectMeta, labels, annotations and label selectors (apimachinery api/validation and
// meta/v1/validation).
import { GoRepr, goLabelSelector } from "../gofmt.js";
import type { Obj } from "../raw.js";
import { child, type FieldError, forbidden, index, invalid, required, sortedList } from "./errors.js";
import { isQualifiedName, isValidLabelValue, type NameFn, nameIsDNSLabel } from "./names.js";

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (v: unknown): string => (typeof v === "string" ? v : "");
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** ValidateNonnegativeField. */
export function nonNegative(field: string, v: unknown): FieldError[] {
  return typeof v === "number" && v < 0 ? [invalid(field, v, "must be greater than or equal to 0")] : [];
}

export function validateLabelName(field: string, k: string): FieldError[] {
  return isQualifiedName(k).map((m) => invalid(field, k, m));
}

/** ValidateLabels. Go walks the map in random order; kubesim sorts keys to stay stable. */
export function validateLabels(field: string, labels: unknown): FieldError[] {
  if (!isObj(labels)) return [];
  const errs: FieldError[] = [];
  for (const k of sortedList(Object.keys(labels))) {
    errs.push(...validateLabelName(field, k));
    const v = str(labels[k]);
    for (const m of isValidLabelValue(v)) errs.push(invalid(field, v, m));
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateAnnotations(field: string, annotations: unknown): FieldError[] {
  if (!isObj(annotations)) return [];
  const errs: FieldError[] = [];
  let size = 0;
  for (const k of sortedList(Object.keys(annotations))) {
    // Annotation keys are qualified names with case ignored.
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(field, k, m));
    size += Buffer.byteLength(k) + Buffer.byteLength(str(annotations[k]));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs.push({ type: "TooLong", field, detail: `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  }
  return errs;
}

const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/** ValidateFinalizerName plus the core check for unqualified names. */
export function validateFinalizerName(field: string, name: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(field, name, m));
  if (!name.includes("/") && !STANDARD_FINALIZERS.has(name)) {
    errs.push(invalid(field, name, "name is neither a standard finalizer name nor is it fully qualified"));
  }
  return errs;
}

/** ValidateObjectMeta (create). */
export function validateObjectMeta(
  meta: unknown,
  namespaced: boolean,
  nameFn: NameFn,
  path = "metadata",
): FieldError[] {
  const m = isObj(meta) ? meta : {};
  const errs: FieldError[] = [];
  const generateName = str(m.generateName);
  if (generateName)
    for (const msg of nameFn(generateName, true))
      errs.push(invalid(child(path, "generateName"), generateName, msg));
  const name = str(m.name);
  if (!name) errs.push(required(child(path, "name"), "name or generateName is required"));
  else for (const msg of nameFn(name, false)) errs.push(invalid(child(path, "name"), name, msg));
  const ns = str(m.namespace);
  if (namespaced) {
    if (!ns) errs.push(required(child(path, "namespace")));
    else for (const msg of nameIsDNSLabel(ns, false)) errs.push(invalid(child(path, "namespace"), ns, msg));
  } else if (ns) {
    errs.push(forbidden(child(path, "namespace"), "not allowed on this type"));
  }
  errs.push(...nonNegative(child(path, "generation"), m.generation));
  errs.push(...validateLabels(child(path, "labels"), m.labels));
  errs.push(...validateAnnotations(child(path, "annotations"), m.annotations));
  arr(m.ownerReferences).forEach((o, i) => {
    errs.push(...validateOwnerReference(index(child(path, "ownerReferences"), i), o));
  });
  arr(m.finalizers).forEach((f, i) => {
    const fpath = child(path, "finalizers");
    errs.push(...isQualifiedName(str(f)).map((msg) => invalid(fpath, str(f), msg)));
    if (!str(f).includes("/") && !STANDARD_FINALIZERS.has(str(f))) {
      errs.push(
        invalid(
          index(fpath, i),
          str(f),
          "name is neither a standard finalizer name nor is it fully qualified",
        ),
      );
    }
  });
  return errs;
}

function validateOwnerReference(path: string, o: unknown): FieldError[] {
  const r = isObj(o) ? o : {};
  const errs: FieldError[] = [];
  const gv = str(r.apiVersion);
  if (!gv) errs.push(invalid(child(path, "apiVersion"), gv, "version must not be empty"));
  if (!str(r.kind)) errs.push(invalid(child(path, "kind"), str(r.kind), "must not be empty"));
  if (!str(r.name)) errs.push(invalid(child(path, "name"), str(r.name), "must not be empty"));
  if (!str(r.uid)) errs.push(invalid(child(path, "uid"), str(r.uid), "must not be empty"));
  return errs;
}

/** Semantic.DeepEqual over JSON: nil and empty lists, maps and strings compare equal. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((x) => canonical(x) ?? null);
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical(v[k]);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === null || v === "" ? undefined : v;
}

/** ValidateImmutableField with the value rendered as Go prints it. */
export function immutable(field: string, next: unknown, prev: unknown, shown: unknown = next): FieldError[] {
  return semanticEqual(next, prev) ? [] : [invalid(field, shown, "field is immutable")];
}

/** ValidateObjectMetaUpdate (the parts an update through kubesim can get wrong). */
export function validateObjectMetaUpdate(meta: unknown, old: unknown, path = "metadata"): FieldError[] {
  const m = isObj(meta) ? meta : {};
  const o = isObj(old) ? old : {};
  const errs: FieldError[] = [];
  if (typeof m.generation === "number" && typeof o.generation === "number" && m.generation < o.generation) {
    errs.push(invalid(child(path, "generation"), m.generation, "must not be decremented"));
  }
  errs.push(...immutable(child(path, "name"), str(m.name), str(o.name)));
  errs.push(...immutable(child(path, "namespace"), str(m.namespace), str(o.namespace)));
  errs.push(...immutable(child(path, "uid"), str(m.uid), str(o.uid)));
  errs.push(...validateLabels(child(path, "labels"), m.labels));
  errs.push(...validateAnnotations(child(path, "annotations"), m.annotations));
  return errs;
}

/** ValidateLabelSelector (invalid label values in a selector are not allowed for new objects). */
export function validateLabelSelector(path: string, sel: unknown): FieldError[] {
  if (!isObj(sel)) return [];
  const errs = validateLabels(child(path, "matchLabels"), sel.matchLabels);
  arr(sel.matchExpressions).forEach((e, i) => {
    const p = index(child(path, "matchExpressions"), i);
    const r = isObj(e) ? e : {};
    const values = arr(r.values).map(str);
    const op = str(r.operator);
    if (op === "In" || op === "NotIn") {
      if (values.length === 0)
        errs.push(required(child(p, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === "Exists" || op === "DoesNotExist") {
      if (values.length > 0) {
        errs.push(
          forbidden(child(p, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
    } else {
      errs.push(invalid(child(p, "operator"), op, "not a valid selector operator"));
    }
    errs.push(...validateLabelName(child(p, "key"), str(r.key)));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(v)) errs.push(invalid(index(child(p, "values"), j), v, m));
    });
  });
  return errs;
}

/** A compiled selector: matches(labels). `undefined` selector compiles to Nothing. */
export interface Selector {
  empty: boolean;
  matches(labels: Record<string, string> | undefined): boolean;
}

/** metav1.LabelSelectorAsSelector; undefined when the selector cannot be compiled. */
export function labelSelectorAsSelector(sel: unknown): Selector | undefined {
  if (sel === undefined || sel === null) return { empty: false, matches: () => false };
  if (!isObj(sel)) return undefined;
  const reqs: Array<(l: Record<string, string>) => boolean> = [];
  const validKey = (k: string) => isQualifiedName(k).length === 0;
  const validValue = (v: string) => isValidLabelValue(v).length === 0;
  for (const [k, v] of Object.entries(isObj(sel.matchLabels) ? sel.matchLabels : {})) {
    if (!validKey(k) || !validValue(str(v))) return undefined;
    reqs.push((l) => l[k] === str(v));
  }
  for (const e of arr(sel.matchExpressions)) {
    const r = isObj(e) ? e : {};
    const k = str(r.key);
    const values = arr(r.values).map(str);
    if (!validKey(k)) return undefined;
    switch (r.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0 || !values.every(validValue)) return undefined;
        reqs.push(
          r.operator === "In"
            ? (l) => k in l && values.includes(l[k])
            : (l) => !(k in l) || !values.includes(l[k]),
        );
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) return undefined;
        reqs.push(r.operator === "Exists" ? (l) => k in l : (l) => !(k in l));
        break;
      default:
        return undefined;
    }
  }
  return { empty: reqs.length === 0, matches: (labels) => reqs.every((fn) => fn(labels ?? {})) };
}

/** A label selector as the bad value of a field error (ErrorBody dereferences the pointer). */
export const selectorValue = (sel: unknown) =>
  new GoRepr(sel === undefined || sel === null ? "null" : goLabelSelector(sel));
