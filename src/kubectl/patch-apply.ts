// The three patch formats kubectl patch sends: strategic merge (lists of named things merge by
// the keys the Kubernetes types declare), JSON merge (RFC 7386) and JSON patch (RFC 6902).
import { mergeKeyFor } from "./merge.js";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A patch the server refuses; the message is what `kubectl patch` prints after `error: `. */
export class PatchError extends Error {}

/** RFC 7386: objects merge, null deletes, anything else (lists included) replaces. */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], v);
  }
  return out;
}

/** Strategic merge patch: like JSON merge, but keyed lists merge item by item, with `$patch` directives. */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === "replace") {
    const { $patch: _, ...rest } = patch;
    return structuredClone(rest);
  }
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$")) continue;
    if (v === null) delete out[k];
    else if (Array.isArray(v) && Array.isArray(out[k])) out[k] = mergeList(k, out[k] as unknown[], v);
    else if (Array.isArray(v)) out[k] = v.filter((x) => !(isObj(x) && x.$patch === "delete"));
    else out[k] = strategicMergePatch(out[k], v);
  }
  return out;
}

function mergeList(field: string, current: unknown[], patch: unknown[]): unknown[] {
  const key = mergeKeyFor(field, [...patch, ...current]);
  if (!key || !patch.every(isObj) || !current.every(isObj)) return structuredClone(patch);
  const cur = current as Obj[];
  const touched = new Set<Obj>();
  const out: unknown[] = [];
  const deleted = new Set<unknown>();
  for (const p of patch as Obj[]) {
    const found = cur.find((c) => c[key] === p[key]);
    if (p.$patch === "delete") {
      deleted.add(p[key]);
      if (found) touched.add(found);
      continue;
    }
    if (found) touched.add(found);
    out.push(found ? strategicMergePatch(found, p) : strategicMergePatch({}, p));
  }
  // Items only the server has keep their place after the patch's own.
  for (const c of cur) if (!touched.has(c) && !deleted.has(c[key])) out.push(c);
  return out;
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

function parent(doc: unknown, path: string, op: string): { holder: unknown; key: string } {
  if (!path.startsWith("/")) throw new PatchError(`error in ${op} for path: '${path}': invalid path`);
  const parts = path.slice(1).split("/").map(unescapeToken);
  let cur: unknown = doc;
  for (const p of parts.slice(0, -1)) {
    const next = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined;
    if (next === undefined)
      throw new PatchError(
        `error in ${op} for path: '${path}': doc is missing path: "${path}": missing value`,
      );
    cur = next;
  }
  return { holder: cur, key: parts[parts.length - 1] };
}

function getAt(doc: unknown, path: string, op: string): unknown {
  if (path === "") return doc;
  const { holder, key } = parent(doc, path, op);
  // A holder that is a string or number still answers its properties (length), as before.
  const v = Array.isArray(holder)
    ? holder[Number(key)]
    : holder == null
      ? undefined
      : (Object(holder) as Obj)[key];
  if (v === undefined)
    throw new PatchError(
      `error in ${op} for path: '${path}': Unable to ${op} nonexistent key: ${key}: missing value`,
    );
  return v;
}

function removeAt(doc: unknown, path: string, op: string): unknown {
  const { holder, key } = parent(doc, path, op);
  if (Array.isArray(holder)) {
    const i = Number(key);
    if (!(i >= 0 && i < holder.length))
      throw new PatchError(
        `error in ${op} for path: '${path}': Unable to access invalid index: ${key}: invalid index referenced`,
      );
    return holder.splice(i, 1)[0];
  }
  if (!isObj(holder) || !(key in holder))
    throw new PatchError(
      `error in ${op} for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`,
    );
  const v = holder[key];
  delete holder[key];
  return v;
}

function addAt(doc: unknown, path: string, value: unknown, op: string, replace: boolean): void {
  const { holder, key } = parent(doc, path, op);
  if (Array.isArray(holder)) {
    const i = key === "-" ? holder.length : Number(key);
    if (!(i >= 0 && i <= holder.length))
      throw new PatchError(
        `error in ${op} for path: '${path}': Unable to access invalid index: ${key}: invalid index referenced`,
      );
    if (replace) holder[i] = value;
    else holder.splice(i, 0, value);
  } else if (isObj(holder)) {
    if (replace && !(key in holder))
      throw new PatchError(
        `error in ${op} for path: '${path}': Unable to replace nonexistent key: ${key}: missing value`,
      );
    holder[key] = value;
  } else {
    throw new PatchError(`error in ${op} for path: '${path}': doc is missing path: "${path}": missing value`);
  }
}

/** RFC 6902 operations, applied in order to a copy of the document. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw new PatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  const doc = structuredClone(target);
  for (const raw of ops as Obj[]) {
    const op = String(raw.op);
    const path = String(raw.path ?? "");
    switch (op) {
      case "add":
        addAt(doc, path, structuredClone(raw.value), op, false);
        break;
      case "replace":
        addAt(doc, path, structuredClone(raw.value), op, true);
        break;
      case "remove":
        removeAt(doc, path, op);
        break;
      case "move":
        addAt(doc, path, removeAt(doc, String(raw.from), op), op, false);
        break;
      case "copy":
        addAt(doc, path, structuredClone(getAt(doc, String(raw.from), op)), op, false);
        break;
      case "test":
        if (JSON.stringify(getAt(doc, path, op)) !== JSON.stringify(raw.value))
          throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}
