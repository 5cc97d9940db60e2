// One object in a kustomize build, with the names it had before (kustomize's previous ids,
// which name references are matched against) and whether its name still needs the
// content hash.
type Obj = Record<string, unknown>;

export interface Res {
  obj: Obj;
  /** Every earlier name/namespace, oldest first: the original one, then each rename. */
  prev: { name: string; ns: string }[];
  /** Generated without disableNameSuffixHash: the hash is appended at the end of the build. */
  hash: boolean;
  /** The namePrefixes and nameSuffixes given to it, innermost first (kustomize's build annotations). */
  prefixes?: string[];
  suffixes?: string[];
}

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export function meta(r: Res): Obj {
  if (!isObj(r.obj.metadata)) r.obj.metadata = {};
  return r.obj.metadata as Obj;
}
export const nameOf = (r: Res): string => String(meta(r).name ?? "");
export const nsOf = (r: Res): string => String(meta(r).namespace ?? "");
export const kindOf = (r: Res): string => String(r.obj.kind ?? "");

export function gvk(r: Res): { group: string; version: string; kind: string } {
  const av = String(r.obj.apiVersion ?? "");
  const i = av.indexOf("/");
  return { group: i < 0 ? "" : av.slice(0, i), version: i < 0 ? av : av.slice(i + 1), kind: kindOf(r) };
}

/** resid.ResId.String(): `Kind.version.group/name.namespace` with kustomize's placeholders. */
export function idString(r: Res, name = nameOf(r), ns = nsOf(r)): string {
  const g = gvk(r);
  return `${g.kind || "[noKind]"}.${g.version || "[noVer]"}.${g.group || "[noGrp]"}/${name || "[noName]"}.${ns || "[noNs]"}`;
}

/** Renames the object and remembers the old name, as Resource.StorePreviousId does. */
export function rename(r: Res, name: string, ns = nsOf(r)): void {
  if (name === nameOf(r) && ns === nsOf(r)) return;
  r.prev.push({ name: nameOf(r), ns: nsOf(r) });
  meta(r).name = name;
  if (ns) meta(r).namespace = ns;
}

/** Whether the object was ever called `name` (now or before). */
export function wasNamed(r: Res, name: string): boolean {
  return nameOf(r) === name || r.prev.some((p) => p.name === name);
}

/** A field path like "spec/template/metadata/labels"; `[]` steps through every list item. */
export function visit(
  obj: unknown,
  path: string[],
  create: boolean,
  fn: (parent: Obj, key: string) => void,
): void {
  if (!isObj(obj) || path.length === 0) return;
  const [head, ...rest] = path;
  const list = head.endsWith("[]");
  const key = list ? head.slice(0, -2) : head;
  if (rest.length === 0) {
    fn(obj, key);
    return;
  }
  let next = obj[key];
  if (next === undefined || next === null) {
    if (!create || list) return;
    next = {};
    obj[key] = next;
  }
  if (Array.isArray(next)) {
    for (const item of next) visit(item, rest, create, fn);
  } else visit(next, rest, create, fn);
}
