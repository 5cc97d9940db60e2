// replacements (kustomize's ReplacementTransformer, run last in a kustomization): a value
// read from one object's field copied into fields of the objects the targets select.
// Paths are kyaml's: dot-separated, `[key=value]` picks a list item, `*` every item.

import { matches, parseSelector } from "../../apiserver/labels.js";
import { KustomizeError } from "./loader.js";
import { gvk, idString, isObj, meta, nameOf, nsOf, type Res } from "./resource.js";

type Obj = Record<string, unknown>;

export interface ReplacementId {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}
export interface FieldOptions {
  delimiter?: string;
  index?: number;
  create?: boolean;
}
export interface Replacement {
  source?: ReplacementId & { fieldPath?: string; options?: FieldOptions };
  targets?: {
    select?: ReplacementId & { labelSelector?: string; annotationSelector?: string };
    reject?: (ReplacementId & { labelSelector?: string; annotationSelector?: string })[];
    fieldPaths?: string[];
    options?: FieldOptions;
  }[];
}

/** kyaml's SmarterPathSplitter: dots split, except inside `[key=value]`. */
export function splitPath(path: string): string[] {
  const parts = path.split(".");
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.startsWith("[") && !p.endsWith("]")) {
      const group = [p];
      while (i < parts.length - 1) {
        i++;
        group.push(parts[i]);
        if (parts[i].endsWith("]")) break;
      }
      const joined = group.join(".");
      out.push(joined.includes("=") ? joined : joined.replace(/^\[+|\]+$/g, ""));
    } else out.push(p);
  }
  return out;
}

/** ResId.IsSelectedBy, over every name and namespace the object had. */
function selectedBy(r: Res, s: ReplacementId): boolean {
  const g = gvk(r);
  if (
    (s.group && s.group !== g.group) ||
    (s.version && s.version !== g.version) ||
    (s.kind && s.kind !== g.kind)
  )
    return false;
  const ids = [{ name: nameOf(r), ns: nsOf(r) }, ...r.prev];
  const eff = (ns: string) => ns || "default";
  return ids.some(
    (id) => (!s.name || s.name === id.name) && (!s.namespace || eff(s.namespace) === eff(id.ns)),
  );
}

function selectorString(s: NonNullable<Replacement["source"]>): string {
  const id = `${s.kind || "[noKind]"}.${s.version || "[noVer]"}.${s.group || "[noGrp]"}/${s.name || "[noName]"}.${s.namespace || "[noNs]"}`;
  const parts = [id];
  if (s.fieldPath) parts.push(s.fieldPath);
  if (s.options)
    parts.push(`${s.options.delimiter ?? ""}(${s.options.index ?? 0}), create=${!!s.options.create}`);
  return parts.join(":");
}

/** The list item `[k=v]` names. */
function itemMatch(seg: string): [string, string] | undefined {
  const m = /^\[([^=]*)=(.*)\]$/.exec(seg);
  return m ? [m[1], m[2]] : undefined;
}

const text = (v: unknown): string => (typeof v === "string" ? v : v === null ? "" : JSON.stringify(v));

/** Lookup: the value at the path, or undefined. */
function lookup(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const seg of path) {
    const kv = itemMatch(seg);
    if (kv && Array.isArray(cur)) cur = cur.find((x) => isObj(x) && text(x[kv[0]]) === kv[1]);
    else if (Array.isArray(cur) && /^\d+$/.test(seg)) cur = cur[Number(seg)];
    else if (isObj(cur)) cur = cur[seg];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** PathMatcher: every place the path reaches (creating maps on the way when asked), as setters. */
type Slot = { holder: Record<string | number, unknown>; key: string | number };

function reach(
  holder: Obj | unknown[],
  key: string | number,
  path: string[],
  create: boolean,
  out: Slot[],
  get: () => unknown,
): void {
  const h = holder as Record<string | number, unknown>;
  if (path.length === 0) {
    if (create || h[key] !== undefined) out.push({ holder: h, key });
    return;
  }
  const cur = get();
  const [seg, ...rest] = path;
  const kv = itemMatch(seg);
  if (Array.isArray(cur)) {
    if (seg === "*") {
      for (let i = 0; i < cur.length; i++) reach(cur, i, rest, create, out, () => cur[i]);
    } else if (kv) {
      cur.forEach((x, i) => {
        if (isObj(x) && text(x[kv[0]]) === kv[1]) reach(cur, i, rest, create, out, () => cur[i]);
      });
    } else if (/^\d+$/.test(seg) && Number(seg) < cur.length)
      reach(cur, Number(seg), rest, create, out, () => cur[Number(seg)]);
    return;
  }
  if (!isObj(cur)) return;
  if (cur[seg] === undefined || cur[seg] === null) {
    if (!create || kv || seg === "*") return;
    if (rest.length) cur[seg] = itemMatch(rest[0]) ? [] : {};
  }
  reach(cur, seg, rest, create, out, () => cur[seg]);
}

/** setFieldValue: a scalar target keeps its type and takes the value's text; others are replaced. */
function setValue(old: unknown, value: unknown, opts: FieldOptions | undefined): unknown {
  let v = value;
  if (opts?.delimiter) {
    if (typeof old === "object" && old !== null)
      throw new KustomizeError("delimiter option can only be used with scalar nodes");
    const parts = text(old).split(opts.delimiter);
    const idx = opts.index ?? 0;
    if (idx < 0) parts.unshift(text(value));
    else if (idx >= parts.length) parts.push(text(value));
    else parts[idx] = text(value);
    v = parts.join(opts.delimiter);
  }
  if (old === undefined || old === null || typeof old === "object") return structuredClone(v);
  if (typeof v === "object" && v !== null) return structuredClone(v);
  const t = text(v);
  if (typeof old === "string") return t;
  if (typeof old === "number") return Number.isFinite(Number(t)) && t !== "" ? Number(t) : t;
  if (typeof old === "boolean") return t === "true" ? true : t === "false" ? false : t;
  return v;
}

function labelsMatch(r: Res, s: { labelSelector?: string; annotationSelector?: string }): boolean {
  const md = meta(r);
  if (s.labelSelector && !matches(parseSelector(s.labelSelector), md.labels as Record<string, string>))
    return false;
  if (
    s.annotationSelector &&
    !matches(parseSelector(s.annotationSelector), md.annotations as Record<string, string>)
  )
    return false;
  return true;
}

export function applyReplacements(rs: Res[], replacements: Replacement[]): void {
  for (const rep of replacements) {
    const src = rep.source;
    if (!src || !rep.targets?.length)
      throw new KustomizeError("replacements must specify a source and at least one target");
    const hits = rs.filter((r) => selectedBy(r, src));
    if (hits.length > 1) throw new KustomizeError(`multiple matches for selector ${selectorString(src)}`);
    if (hits.length === 0) throw new KustomizeError(`nothing selected by ${selectorString(src)}`);
    const fieldPath = src.fieldPath || "metadata.name";
    let value = lookup(hits[0].obj, splitPath(fieldPath));
    if (
      value === undefined ||
      value === null ||
      value === "" ||
      (typeof value === "object" && Object.keys(value).length === 0)
    ) {
      throw new KustomizeError(
        `fieldPath \`${fieldPath}\` is missing for replacement source ${idString({ ...hits[0], obj: { ...src, apiVersion: src.group ? `${src.group}/${src.version ?? ""}` : (src.version ?? "") } as Obj })}`,
      );
    }
    if (src.options?.delimiter) {
      if (typeof value === "object")
        throw new KustomizeError("delimiter option can only be used with scalar nodes");
      const parts = text(value).split(src.options.delimiter);
      const idx = src.options.index ?? 0;
      if (idx >= parts.length || idx < 0)
        throw new KustomizeError(`options.index ${idx} is out of bounds for value ${text(value)}`);
      value = parts[idx];
    }
    for (const t of rep.targets) {
      if (!t.select) throw new KustomizeError("target must specify resources to select");
      const paths = t.fieldPaths?.length ? t.fieldPaths : ["metadata.name"];
      for (const r of rs) {
        if (!labelsMatch(r, t.select)) continue;
        if ((t.reject ?? []).some((rj) => (rj.labelSelector || rj.annotationSelector) && labelsMatch(r, rj)))
          continue;
        if (!selectedBy(r, t.select)) continue;
        if (
          (t.reject ?? []).some(
            (rj) => (rj.kind || rj.name || rj.namespace || rj.group || rj.version) && selectedBy(r, rj),
          )
        )
          continue;
        for (const fp of paths) {
          const create = !!t.options?.create;
          const slots: Slot[] = [];
          const holder = { root: r.obj } as Obj;
          reach(holder, "root", splitPath(fp), create, slots, () => holder.root);
          if (!slots.length) {
            throw new KustomizeError(
              create
                ? `unable to find or create field "${fp}" in replacement target`
                : `unable to find field "${fp}" in replacement target`,
            );
          }
          for (const slot of slots) slot.holder[slot.key] = setValue(slot.holder[slot.key], value, t.options);
        }
      }
    }
  }
}
