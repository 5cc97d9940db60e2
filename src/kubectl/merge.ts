// kubectl apply's three-way merge, reduced to what Kubernetes' strategic merge patch does
// for the fields learners edit: the new configuration wins, fields dropped from the last
// applied configuration are removed, fields the server or other writers set are kept, and
// lists of named things (containers, ports, env, volumes) merge by their keys.

type Obj = Record<string, unknown>;

/** patchMergeKey of the lists whose items merge one by one (from the Kubernetes API types). */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  imagePullSecrets: "name",
  hostAliases: "ip",
  webhooks: "name",
};

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  if (field === "ports") {
    const first = items.find(isObj);
    if (first && "containerPort" in first) return "containerPort";
    if (first && "port" in first) return "port";
    return undefined;
  }
  return MERGE_KEYS[field];
}

export function threeWayMerge(original: Obj | undefined, modified: Obj, current: Obj): Obj {
  const out: Obj = { ...current };
  for (const [k, mv] of Object.entries(modified)) {
    const cv = current[k];
    const ov = original?.[k];
    if (isObj(mv) && isObj(cv)) out[k] = threeWayMerge(isObj(ov) ? ov : undefined, mv, cv);
    else if (Array.isArray(mv) && Array.isArray(cv))
      out[k] = mergeList(k, Array.isArray(ov) ? ov : undefined, mv, cv);
    else out[k] = mv;
  }
  for (const k of Object.keys(original ?? {})) {
    if (!(k in modified)) delete out[k];
  }
  return out;
}

function mergeList(
  field: string,
  original: unknown[] | undefined,
  modified: unknown[],
  current: unknown[],
): unknown[] {
  const key = mergeKeyFor(field, [...modified, ...current]);
  if (!key || !modified.every(isObj) || !current.every(isObj)) return modified;
  const find = (list: unknown[] | undefined, v: unknown) =>
    list?.find((x) => isObj(x) && x[key] === v) as Obj | undefined;
  const out: unknown[] = [];
  for (const m of modified as Obj[]) {
    const c = find(current, m[key]);
    out.push(c ? threeWayMerge(find(original, m[key]), m, c) : m);
  }
  for (const c of current as Obj[]) {
    // Items someone else added stay; items this configuration used to apply and dropped go.
    if (!find(modified, c[key]) && !find(original, c[key])) out.push(c);
  }
  return out;
}
