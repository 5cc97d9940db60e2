// What `kubectl apply -f` does to one document, shared by apply and diff (which shows what
// a server-side dry run of the same apply would store): create what is missing with the
// last-applied-configuration annotation, three-way merge into what exists, or leave it.

import type { KObject } from "../../api/types.js";
import { createObject, decode, updateObject } from "../../apiserver/admit.js";
import { StatusError } from "../../apiserver/errors.js";
import { type ResourceType, resourceForManifest } from "../../apiserver/resources.js";
import type { Cluster } from "../../cluster/cluster.js";
import { goMarshal } from "../../golang/json.js";
import type { ManifestDoc } from "../manifests.js";
import { threeWayMerge } from "../merge.js";
import type { Written } from "./write-docs.js";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** An error while reading the live object, which kubectl names with the object it was reading. */
export class RetrievalError extends StatusError {
  readonly sourceVerb: string;
  constructor(e: StatusError, r: ResourceType, obj: KObject) {
    super(e.reason, e.message, e.code, e.details);
    const v = r.version;
    const info = `Resource: "${r.group}/${v}, Resource=${r.plural}", GroupVersionKind: "${r.group}/${v}, Kind=${r.kind}"\nName: "${obj.metadata.name ?? ""}", Namespace: "${obj.metadata.namespace ?? ""}"`;
    this.sourceVerb = `retrieving current configuration of:\n${info}\nfrom server for:`;
  }
}

/** info.Get: the live object, or nothing when it does not exist. */
function retrieve(c: Cluster, r: ResourceType, obj: KObject): KObject | undefined {
  try {
    return c.api.get(r, obj.metadata.namespace, obj.metadata.name ?? "");
  } catch (e) {
    if (e instanceof StatusError) throw new RetrievalError(e, r, obj);
    throw e;
  }
}

export function applyOne(c: Cluster, doc: ManifestDoc, ns: string, dry: boolean): Written {
  // Strict decoding comes first, whether the object will be created or patched.
  const config = decode(doc.obj);
  config.metadata = config.metadata ?? {};
  const r = resourceForManifest(config.apiVersion, config.kind);
  // checkDoc refused a kind the apiserver does not serve before this document was written.
  if (!r) throw new Error(`kubesim: apply decoded an unserved ${config.apiVersion} ${config.kind}`);
  if (r.namespaced) config.metadata.namespace = config.metadata.namespace || ns;
  // The annotation records the configuration as applied, without itself.
  const recorded = structuredClone(config);
  recorded.metadata.annotations = { ...recorded.metadata.annotations };
  delete recorded.metadata.annotations[LAST_APPLIED];
  const annotation = `${goMarshal(recorded)}\n`;
  const live = config.metadata.name ? retrieve(c, r, config) : undefined;
  config.metadata.annotations = { ...config.metadata.annotations, [LAST_APPLIED]: annotation };
  if (!live) return { obj: createObject(c, config, ns, { dryRun: dry }), op: "created" };
  const lastText = live.metadata.annotations?.[LAST_APPLIED];
  // An object made by create, expose or run has no record of what was applied: kubectl
  // warns, then patches the annotation in with the rest.
  const warning = lastText
    ? undefined
    : `Warning: resource ${r.plural}/${live.metadata.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`;
  const original = lastText ? JSON.parse(lastText) : undefined;
  const merged = threeWayMerge(original, config, structuredClone(live)) as KObject;
  if (goMarshal(merged) === goMarshal(live)) return { obj: live, op: "unchanged", warning };
  return { obj: updateObject(c, merged, live, { dryRun: dry, verb: "patch" }), op: "configured", warning };
}
