// `kustomize build` as kubectl v1.32's embedded kustomize v5.5 runs it (krusty and
// api/internal/target): each kustomization accumulates its resources (files and bases),
// runs its generators, then its transformers; at the top the content hashes go on the
// generated names, references follow the renames, and the objects come out in kustomize's
// legacy kind order.
import { compareKeys, goSort } from "../../golang/sort.js";
import { quote } from "../../golang/strconv.js";
import { toYaml } from "../../printers/yaml.js";
import type { UserFiles } from "../userfiles.js";
import { generate } from "./generators.js";
import { resourceHash } from "./hash.js";
import { type Kustomization, readKustomization } from "./kustomization.js";
import { KustomizeError, Loader, remote, remoteError, wrap } from "./loader.js";
import { fixBackReferences } from "./nameref.js";
import { applyJson6902, applyPatches, applyStrategicMerge } from "./patches.js";
import { applyReplacements } from "./replacements.js";
import { gvk, idString, isObj, kindOf, meta, nameOf, nsOf, type Res, rename } from "./resource.js";
import { MalformedYaml, parseResources } from "./resources.js";
import { transformCounts, transformNames } from "./transformers.js";

export { KustomizeError } from "./loader.js";

type Obj = Record<string, unknown>;

/** ResAccumulator.AppendAll: an id may be added once. */
function append(all: Res[], more: Res[]): void {
  const ids = new Set(all.map((r) => idString(r)));
  for (const r of more) {
    const id = idString(r);
    if (ids.has(id)) throw new KustomizeError(`may not add resource with an already registered id: ${id}`);
    ids.add(id);
    all.push(r);
  }
}

class Target {
  constructor(
    private readonly ldr: Loader,
    private readonly warn: (line: string) => void,
  ) {}

  /** This kustomization's sortOptions, once read. */
  sortOptions?: Kustomization["sortOptions"];

  /** Reads this kustomization; its errors are the target's, which callers name by path. */
  load(): Kustomization {
    const k = readKustomization(this.ldr, this.warn);
    this.sortOptions = k.sortOptions;
    return k;
  }

  /**
   * AccumulateTarget: resources, generators, components, then transformers. A component
   * starts from its parent's objects (`start`) and hands back the whole set, transformed.
   */
  accumulate(k: Kustomization, start: Res[] = []): Res[] {
    let rs: Res[];
    try {
      rs = this.resources(k.resources ?? [], [...start]);
    } catch (e) {
      wrap(e, "accumulating resources");
    }
    this.generators(rs, k);
    try {
      rs = this.components(k.components ?? [], rs);
    } catch (e) {
      wrap(e, "accumulating components");
    }
    this.transform(rs, k);
    return rs;
  }

  /** A base's target, loaded, for the path it was found at. */
  private sub(child: Loader): [Target, Kustomization] {
    const t = new Target(child, this.warn);
    try {
      return [t, t.load()];
    } catch (e) {
      wrap(e, `couldn't make target for path '${child.root}'`);
    }
  }

  private components(paths: string[], rs: Res[]): Res[] {
    let out = rs;
    for (const path of paths) {
      let child: Loader;
      try {
        child = this.ldr.child(path);
      } catch (e) {
        if (e instanceof KustomizeError) throw new KustomizeError(`loader.New ${quote(e.message)}`);
        throw e;
      }
      // accumulateComponents quotes what went wrong inside the component's directory.
      try {
        const [t, k] = this.sub(child);
        if (k.kind !== "Component") {
          throw new KustomizeError(`expected kind 'Component' for path '${child.root}' but got '${k.kind}'`);
        }
        try {
          out = t.accumulate(k, out);
        } catch (e) {
          wrap(e, `recursed accumulation of path '${child.root}'`);
        }
      } catch (e) {
        if (e instanceof KustomizeError) throw new KustomizeError(`accumulateDirectory: ${quote(e.message)}`);
        throw e;
      }
    }
    return out;
  }

  /** A path is tried as a file, then as a base; both errors are told when both fail. */
  private resources(paths: string[], rs: Res[]): Res[] {
    for (const path of paths) {
      let fileErr: KustomizeError;
      try {
        if (remote(path)) throw new KustomizeError(remoteError(path));
        const more = parseResources(this.ldr.load(path).toString("utf8"), path);
        try {
          append(rs, more);
        } catch (e) {
          wrap(e, `merging resources from '${path}'`);
        }
        continue;
      } catch (e) {
        if (e instanceof MalformedYaml) wrap(e, `accumulating resources from '${path}'`);
        if (!(e instanceof KustomizeError)) throw e;
        fileErr = e.message.startsWith("merging resources from")
          ? e
          : new KustomizeError(`accumulating resources from '${path}': ${e.message}`);
      }
      const accErr = `accumulation err='${fileErr.message}'`;
      let child: Loader;
      try {
        child = this.ldr.child(path);
      } catch (e) {
        wrap(e, accErr);
      }
      let sub: Res[];
      try {
        const [t, k] = this.sub(child);
        if (k.kind === "Component")
          throw new KustomizeError(`expected kind != 'Component' for path '${child.root}'`);
        try {
          sub = t.accumulate(k);
        } catch (e) {
          wrap(e, `recursed accumulation of path '${child.root}'`);
        }
        try {
          append(rs, sub);
        } catch (e) {
          wrap(e, `recursed merging from path '${child.root}'`);
        }
      } catch (e) {
        wrap(e, accErr);
      }
    }
    return rs;
  }

  private generators(rs: Res[], k: Kustomization): void {
    const gens = [
      ...(k.configMapGenerator ?? []).map((g) => ["ConfigMap", g] as const),
      ...(k.secretGenerator ?? []).map((g) => ["Secret", g] as const),
    ];
    for (const [kind, args] of gens) {
      const made = generate(this.ldr, kind, args ?? {}, k.generatorOptions);
      // kustomize prints the generator as a Go pointer (%v) and the id as %#v: the address
      // is the process's; kubesim's is a fixed one of the same shape.
      const gen = "&{0xc000a27d40 <nil>}";
      const goId = `resid.ResId{Gvk:resid.Gvk{Group:"", Version:"v1", Kind:"${kind}", isClusterScoped:false}, Name:"${nameOf(made)}", Namespace:"${nsOf(made)}"}`;
      const behavior = args?.behavior === "merge" || args?.behavior === "replace" ? args.behavior : "create";
      const old = rs.find(
        (r) =>
          kindOf(r) === kind &&
          nsOf(r) === nsOf(made) &&
          (nameOf(r) === nameOf(made) || r.prev.some((p) => p.name === nameOf(made))),
      );
      if (behavior === "create") {
        if (old) {
          throw new KustomizeError(
            `merging from generator ${gen}: id ${goId} exists; behavior must be merge or replace`,
          );
        }
        append(rs, [made]);
        continue;
      }
      if (!old) {
        throw new KustomizeError(
          `merging from generator ${gen}: id ${goId} does not exist; cannot merge or replace`,
        );
      }
      const om = meta(old);
      const mm = meta(made);
      if (behavior === "merge") {
        for (const f of ["data", "binaryData"]) {
          if (isObj(made.obj[f])) old.obj[f] = { ...(isObj(old.obj[f]) ? old.obj[f] : {}), ...made.obj[f] };
        }
        if (isObj(mm.labels)) om.labels = { ...(isObj(om.labels) ? om.labels : {}), ...mm.labels };
        if (isObj(mm.annotations))
          om.annotations = { ...(isObj(om.annotations) ? om.annotations : {}), ...mm.annotations };
      } else {
        for (const f of ["data", "binaryData"]) {
          if (made.obj[f] === undefined) delete old.obj[f];
          else old.obj[f] = made.obj[f];
        }
      }
      old.hash = made.hash;
    }
  }

  private transform(rs: Res[], k: Kustomization): void {
    applyStrategicMerge(this.ldr, rs, k.patchesStrategicMerge ?? []);
    applyPatches(this.ldr, rs, k.patches ?? []);
    transformNames(rs, k);
    applyJson6902(this.ldr, rs, k.patchesJson6902 ?? []);
    transformCounts(rs, k);
    const reps = k.replacements ?? [];
    if (reps.some((r) => r.path)) {
      throw new KustomizeError(
        `kubesim: replacements read from a file (path) are not supported by kubesim's kustomize`,
      );
    }
    applyReplacements(rs, reps);
  }
}

const ORDER_FIRST = [
  "Namespace",
  "ResourceQuota",
  "StorageClass",
  "CustomResourceDefinition",
  "ServiceAccount",
  "PodSecurityPolicy",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "ConfigMap",
  "Secret",
  "Endpoints",
  "Service",
  "LimitRange",
  "PriorityClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "Deployment",
  "StatefulSet",
  "CronJob",
  "PodDisruptionBudget",
];
const ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

function typeOrder(kind: string, orderFirst: string[], orderLast: string[]): number {
  const first = orderFirst.indexOf(kind);
  if (first >= 0) return first - orderFirst.length;
  const last = orderLast.indexOf(kind);
  return last >= 0 ? last + 1 : 0;
}

function gvkSort(r: Res): string {
  const g = gvk(r);
  return `${g.group || "~G"}_${g.version || "~V"}_${g.kind || "~K"}`;
}

/** The SortOrderTransformer's legacy order, which kubectl kustomize uses by default. */
function legacyLess(a: Res, b: Res, first: string[], last: string[]): boolean {
  const ga = gvkSort(a);
  const gb = gvkSort(b);
  if (ga !== gb) {
    const [ia, ib] = [typeOrder(kindOf(a), first, last), typeOrder(kindOf(b), first, last)];
    if (ia !== ib) return ia < ib;
    if (
      kindOf(a) === "Namespace" &&
      kindOf(b) === "Namespace" &&
      (gvk(a).group === "" || gvk(b).group === "")
    ) {
      return compareKeys(ga, gb) > 0;
    }
    return compareKeys(ga, gb) < 0;
  }
  const key = (r: Res) => {
    const g = gvk(r);
    return `${g.kind || "[noKind]"}.${g.version || "[noVer]"}.${g.group || "[noGrp]"}|${nsOf(r) || "~X"}|${nameOf(r) || "~N"}`;
  };
  return compareKeys(key(a), key(b)) < 0;
}

export interface Built {
  objects: Obj[];
  /** kustomize's deprecation warnings, one line each, for stderr. */
  warnings: string[];
}

/** Builds the kustomization in `dir` (relative to `cwd`) from `files`. */
export function kustomizeBuild(
  files: UserFiles,
  dir: string,
  cwd: string,
  loadNone = false,
  /** Each warning as kustomize prints it, at once: a build that fails later still told it. */
  warn?: (line: string) => void,
): Built {
  const warnings: string[] = [];
  const top = Loader.top(files, dir, cwd, loadNone);
  const target = new Target(top, (w) => {
    warnings.push(w);
    warn?.(w);
  });
  const rs = target.accumulate(target.load());
  for (const r of rs) if (r.hash) rename(r, `${nameOf(r)}-${resourceHash(r.obj)}`);
  fixBackReferences(rs);
  // The top kustomization's sortOptions: fifo keeps the order resources were read in.
  const sort = target.sortOptions;
  if (sort && sort.order !== "fifo" && sort.order !== "legacy") {
    throw new KustomizeError("the field 'sortOptions.order' must be one of [fifo, legacy]");
  }
  if (sort?.order === "fifo" && sort.legacySortOptions) {
    throw new KustomizeError(
      "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'",
    );
  }
  if (sort?.order !== "fifo") {
    const first = sort?.legacySortOptions?.orderFirst ?? ORDER_FIRST;
    const last = sort?.legacySortOptions?.orderLast ?? ORDER_LAST;
    goSort(rs, (a, b) => legacyLess(a, b, first, last));
  }
  return { objects: rs.map((r) => r.obj), warnings };
}

/** kustomize build's output: the objects as YAML documents separated by `---`. */
export function kustomizeYaml(objects: Obj[]): string {
  return objects.map((o) => toYaml(o)).join("---\n");
}
