// What the `set` verbs share (kubectl's polymorphichelpers.UpdatePodSpecForObjectFn, the
// builder they resolve their arguments with, selectContainers): the pod spec of a pod or of
// a workload's template, the objects named by `TYPE NAME`, `TYPE/NAME`, `--all`, `-l` or
// `-f`, and the containers a `-c` wildcard picks.
import type { Container, PodSpec } from "kubernetes-types/core/v1";
import type { KObject } from "../../api/types.js";
import { notFound } from "../../apiserver/errors.js";
import { matches, parseSelector } from "../../apiserver/labels.js";
import { isOf, PODS, type ResourceType, resourceForManifest } from "../../apiserver/resources.js";
import type { ApiServer } from "../../apiserver/server.js";
import type { Ctx } from "../cli.js";
import { ErrorList } from "../errors.js";
import { CliError } from "../io.js";
import { loadDocs } from "./manifest-docs.js";
import { parseResourceArgs } from "./resource-args.js";

/** The kinds whose objects carry a pod template, as UpdatePodSpecForObjectFn knows them. */
const TEMPLATED = ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "ReplicationController"];

/** The pod's spec, or a workload's pod template's (a CronJob's job template's); else undefined. */
export function podSpecOf(obj: KObject): PodSpec | undefined {
  if (isOf(obj, PODS)) return obj.spec;
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template?.spec;
  if (TEMPLATED.includes(obj.kind)) return obj.spec?.template?.spec;
  return undefined;
}

/** UpdatePodSpecForObjectFn's refusal of a kind without pods: `... pod template: *v1.Service`. */
export function noPodTemplate(obj: KObject): string {
  return `the object is not a pod or does not have a pod template: *v1.${obj.kind}`;
}

/** info.ObjectName(): `deployments.apps/web`, as the set verbs name an object in their errors. */
export function objectName(obj: KObject): string {
  const r = resourceForManifest(obj.apiVersion, obj.kind);
  const plural = r ? (r.group ? `${r.plural}.${r.group}` : r.plural) : obj.kind.toLowerCase();
  return `${plural}/${obj.metadata.name}`;
}

/** filepath.Match of a container name against a `-c` pattern (`*`, `?`, `[...]`). */
function globMatch(pattern: string, name: string): boolean {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) return false;
      re += `[${pattern
        .slice(i + 1, end)
        .replace(/^\^/, "^")
        .replace(/\\/g, "\\\\")}]`;
      i = end;
    } else re += ch.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`).test(name);
}

/** selectContainers: the containers whose names the pattern matches, in spec order. */
export function selectContainers(containers: Container[] | undefined, pattern: string): Container[] {
  return (containers ?? []).filter((c) => globMatch(pattern, c.name));
}

export interface TargetFlags {
  filename?: string[];
  kustomize?: string;
  recursive?: boolean;
  all?: boolean;
  selector?: string;
}

export interface Target {
  r: ResourceType;
  obj: KObject;
}

/**
 * The builder's resolution of a set verb's arguments into stored objects (Latest()). A name
 * that is not found fails the whole command, as the builder's error does, before any change.
 */
export function resolveTargets(
  ctx: Ctx,
  api: ApiServer,
  flags: TargetFlags,
  args: string[],
  ns: string,
  verb: string,
): Target[] {
  const out: Target[] = [];
  const errors = new ErrorList();
  if (flags.filename?.length || flags.kustomize !== undefined) {
    const docs = loadDocs(ctx, flags, errors, verb);
    errors.throwIfAny();
    for (const d of docs) {
      const r = resourceForManifest(String(d.obj.apiVersion), String(d.obj.kind));
      const meta = (d.obj.metadata ?? {}) as KObject["metadata"];
      if (!r)
        throw new CliError(
          `error: resource mapping not found for name: "${meta.name ?? ""}" namespace: "${meta.namespace ?? ""}" from "${d.source}": no matches for kind "${d.obj.kind}" in version "${d.obj.apiVersion}"\nensure CRDs are installed first`,
        );
      const obj = api.get(r, meta.namespace ?? ns, String(meta.name));
      if (!obj) errors.status(notFound(r, String(meta.name)));
      else out.push({ r, obj });
    }
  }
  if (args.length) {
    const { types, names } = parseResourceArgs(args);
    for (const n of names) {
      const obj = api.get(n.r, ns, n.name);
      if (!obj) errors.status(notFound(n.r, n.name));
      else out.push({ r: n.r, obj });
    }
    if (types.length && !flags.all && !flags.selector)
      throw new CliError("error: resource(s) were provided, but no name was specified");
    const sel = flags.selector ? parseSelector(flags.selector) : undefined;
    for (const r of types)
      for (const obj of api.list(r, r.namespaced ? ns : undefined))
        if (!sel || matches(sel, obj.metadata.labels)) out.push({ r, obj });
  }
  errors.throwIfAny();
  return out;
}
