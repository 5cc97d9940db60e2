// patches, patchesStrategicMerge and patchesJson6902 (kustomize's PatchTransformer and the
// two deprecated ones): a strategic merge patch goes to the object it names or to every
// target the selector picks; a JSON 6902 patch needs a target.
import { RE2JS } from "re2js";
import { matches, parseSelector } from "../../apiserver/labels.js";
import { YamlToJsonError, yamlToJson } from "../../golang/yaml/decode.js";
import { jsonPatch, PatchError, strategicMergePatch } from "../patch-apply.js";
import type { Patch, Selector } from "./kustomization.js";
import { KustomizeError, type Loader } from "./loader.js";
import { gvk, idString, isObj, meta, nameOf, nsOf, type Res, wasNamed } from "./resource.js";
import { splitDocs } from "./resources.js";

type Obj = Record<string, unknown>;

function regexMatch(pattern: string | undefined, value: string): boolean {
  if (!pattern) return true;
  try {
    return RE2JS.compile(`^(?:${pattern})$`).matches(value);
  } catch {
    return pattern === value;
  }
}

function selected(r: Res, s: Selector): boolean {
  const g = gvk(r);
  if (!regexMatch(s.group, g.group) || !regexMatch(s.version, g.version) || !regexMatch(s.kind, g.kind))
    return false;
  // resWrangler.Select: the original name or the current one, not those in between.
  const org = r.prev[0] ?? { name: nameOf(r), ns: nsOf(r) };
  if (s.name && !regexMatch(s.name, org.name) && !regexMatch(s.name, nameOf(r))) return false;
  const eff = (ns: string) => ns || "default";
  if (s.namespace && !regexMatch(s.namespace, eff(org.ns)) && !regexMatch(s.namespace, eff(nsOf(r))))
    return false;
  const md = meta(r);
  try {
    if (s.labelSelector && !matches(parseSelector(s.labelSelector), md.labels as Record<string, string>))
      return false;
    if (
      s.annotationSelector &&
      !matches(parseSelector(s.annotationSelector), md.annotations as Record<string, string>)
    )
      return false;
  } catch {
    throw new KustomizeError(`unable to parse requirement: ${s.labelSelector ?? s.annotationSelector}`);
  }
  return true;
}

/** A strategic merge patch; `$patch: delete` at its top removes the object from the build. */
function smpOrDelete(rs: Res[], r: Res, patch: Obj): void {
  if (patch.$patch === "delete") rs.splice(rs.indexOf(r), 1);
  else smp(r, patch);
}

function smp(r: Res, patch: Obj): void {
  const { name, namespace } = { name: nameOf(r), namespace: nsOf(r) };
  const apiVersion = r.obj.apiVersion;
  const kind = r.obj.kind;
  r.obj = strategicMergePatch(r.obj, patch) as Obj;
  // The patch may not rename or re-kind the object it patches (without allowNameChange).
  r.obj.apiVersion = apiVersion;
  r.obj.kind = kind;
  meta(r).name = name;
  if (namespace) meta(r).namespace = namespace;
}

/**
 * kustomize applies JSON patches with evanphx/json-patch v4, where the API server's v5 is
 * kubesim's jsonPatch: v4 replaces a missing key of an existing object by adding it, copies
 * a missing key as null, and words a missing parent differently.
 */
function json6902(r: Res, ops: unknown[]): void {
  let doc: unknown = r.obj;
  for (const raw of ops) {
    const op = isObj(raw) ? raw : {};
    try {
      try {
        doc = jsonPatch(doc, [op]);
      } catch (e) {
        const why = e instanceof PatchError ? e.message : "";
        if (op.op === "replace" && / Unable to replace nonexistent key: /.test(why)) {
          doc = jsonPatch(doc, [{ ...op, op: "add" }]);
        } else if (op.op === "copy" && / Unable to copy nonexistent key: /.test(why)) {
          doc = jsonPatch(doc, [{ op: "add", path: op.path, value: null }]);
        } else throw e;
      }
    } catch (e) {
      if (!(e instanceof PatchError)) throw e;
      const missing =
        /^error in (add|remove|replace) for path: '[^']*': doc is missing path: "([^"]*)": missing value$/.exec(
          e.message,
        );
      if (missing?.[1] === "replace") {
        throw new KustomizeError(
          `replace operation does not apply: doc is missing path: ${missing[2]}: missing value`,
        );
      }
      if (missing) {
        throw new KustomizeError(
          `${missing[1]} operation does not apply: doc is missing path: "${missing[2]}": missing value`,
        );
      }
      throw new KustomizeError(
        e.message.replace(/^error in move for path: '\/([^']*)'/, "error in move for path: '$1'"),
      );
    }
  }
  r.obj = doc as Obj;
}

function patchText(ldr: Loader, p: Patch): string {
  if (p.patch && p.path) throw new KustomizeError("patch and path can't be set at the same time");
  if (p.path) return ldr.load(p.path).toString("utf8");
  if (!p.patch) throw new KustomizeError("must specify one of patch and path in");
  return p.patch;
}

function parse(text: string): unknown[] {
  try {
    return splitDocs(text)
      .map((d) => yamlToJson(d, { yaml12: true }))
      .filter((v) => v !== null);
  } catch (e) {
    if (e instanceof YamlToJsonError) throw new KustomizeError(e.message);
    throw e;
  }
}

/** A strategic merge patch without a target goes to the object it names, by any of its names. */
function applyNamed(rs: Res[], patch: Obj): void {
  const pr: Res = { obj: structuredClone(patch), prev: [], hash: false };
  const g = gvk(pr);
  const hits = rs.filter((r) => {
    const rg = gvk(r);
    return (
      rg.kind === g.kind &&
      rg.group === g.group &&
      wasNamed(r, nameOf(pr)) &&
      (!nsOf(pr) || nsOf(pr) === nsOf(r) || r.prev.some((p) => p.ns === nsOf(pr)))
    );
  });
  if (hits.length !== 1) {
    const id = idString(pr);
    const why = hits.length === 0 ? `no matches for Id ${id}` : `multiple matches for Id ${id}`;
    throw new KustomizeError(
      `no resource matches strategic merge patch "${id}": ${why}; failed to find unique target for patch ${id}`,
    );
  }
  smpOrDelete(rs, hits[0], patch);
}

/** The `patches` field. */
export function applyPatches(ldr: Loader, rs: Res[], patches: Patch[]): void {
  for (const p of patches) {
    const docs = parse(patchText(ldr, p));
    const isJson = docs.length === 1 && Array.isArray(docs[0]);
    if (isJson) {
      if (!p.target)
        throw new KustomizeError("unable to find patch target for JSON6902 patch: no target specified");
      for (const r of rs) if (selected(r, p.target)) json6902(r, docs[0] as unknown[]);
      continue;
    }
    for (const d of docs) {
      if (!isObj(d)) throw new KustomizeError("unable to parse SM or JSON patch");
      if (p.target)
        for (const r of rs.filter((x) => p.target && selected(x, p.target))) smpOrDelete(rs, r, d);
      else applyNamed(rs, d);
    }
  }
}

/** patchesStrategicMerge: each entry a file path, or the patch itself. */
export function applyStrategicMerge(ldr: Loader, rs: Res[], entries: string[]): void {
  for (const e of entries) {
    let text = e;
    if (!/\n/.test(e.trim())) {
      try {
        text = ldr.load(e).toString("utf8");
      } catch (err) {
        if (!(err instanceof KustomizeError)) throw err;
        if (!/:/.test(e)) throw err;
      }
    }
    for (const d of parse(text)) {
      if (!isObj(d)) throw new KustomizeError("unable to parse SM patch");
      applyNamed(rs, d);
    }
  }
}

/** patchesJson6902: a target and a JSON or YAML list of operations. */
export function applyJson6902(ldr: Loader, rs: Res[], patches: Patch[]): void {
  for (const p of patches) {
    if (!p.target) throw new KustomizeError("must specify the target field in patchesJson6902");
    const docs = parse(patchText(ldr, p));
    const ops = docs[0];
    if (!Array.isArray(ops))
      throw new KustomizeError("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    const hits = rs.filter((r) => p.target && selected(r, p.target));
    for (const r of hits) json6902(r, ops);
  }
}
