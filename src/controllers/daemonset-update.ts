// A DaemonSet's history and rolling update (pkg/controller/daemon/update.go): the current
// ControllerRevision, named by the template's hash (ComputeHash, as a Deployment names its
// ReplicaSets) and holding the template as a patch; the labels that tie each pod to it
// (`controller-revision-hash`, and `pod-template-generation` from the DaemonSet's
// deprecated.daemonset.template.generation annotation); and RollingUpdate, which deletes
// pods of older revisions while at most maxUnavailable of the nodes' pods are unavailable,
// the controller then creating the new ones. OnDelete waits for the user to delete them.
import type { DaemonSet, Pod } from "../api/types.js";
import { Rng } from "../util/rng.js";
import type { ControllerContext } from "./context.js";
import { podTemplateHash } from "./hash.js";
import { isPodReady } from "./podfactory.js";
import { ensureRevision, REVISION_HASH_LABEL, templatePatch, truncateHistory } from "./revisions.js";

export const TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";
export const TEMPLATE_GENERATION_LABEL = "pod-template-generation";

/** constructHistory: the current revision (made, or an older equal one renumbered) and its hash. */
export function currentRevision(c: ControllerContext, ds: DaemonSet): string {
  const collisions = ds.status?.collisionCount ?? 0;
  const hash = podTemplateHash(ds.spec.template, collisions);
  ensureRevision(c, ds, ds.spec.template?.metadata?.labels, templatePatch(ds.spec.template), collisions, {
    hash,
    rng: Rng.forKey(`${ds.metadata.uid}/revision/${hash}`),
  });
  return hash;
}

/** CreatePodTemplate's labels: the template's, the generation and the revision's hash. */
export function daemonPodLabels(ds: DaemonSet, hash: string): Record<string, string> {
  const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return {
    ...ds.spec.template?.metadata?.labels,
    ...(generation ? { [TEMPLATE_GENERATION_LABEL]: generation } : {}),
    [REVISION_HASH_LABEL]: hash,
  };
}

/** IsPodUpdated: the pod carries the current hash, or the current template generation. */
export function isPodUpdated(ds: DaemonSet, p: Pod, hash: string): boolean {
  const labels = p.metadata.labels ?? {};
  const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return (
    labels[REVISION_HASH_LABEL] === hash || (!!generation && labels[TEMPLATE_GENERATION_LABEL] === generation)
  );
}

/** maxUnavailable of the desired count: an integer, or a percentage rounded up; at least 1 unless 0 was asked. */
function maxUnavailable(ds: DaemonSet, desired: number): number {
  const v = ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * desired) / 100) : Number(v) || 0;
}

/**
 * rollingUpdate: the old pods to delete now. An old pod that is not available goes first and
 * costs nothing more; an available one only while fewer than maxUnavailable are unavailable.
 */
export function podsToReplace(ds: DaemonSet, current: Pod[], hash: string, desired: number): Pod[] {
  if ((ds.spec.updateStrategy?.type ?? "RollingUpdate") !== "RollingUpdate") return [];
  const old = current.filter((p) => !isPodUpdated(ds, p, hash));
  let unavailable = Math.max(0, desired - current.filter(isPodReady).length);
  const out = old.filter((p) => !isPodReady(p));
  const budget = maxUnavailable(ds, desired);
  for (const p of old.filter(isPodReady)) {
    if (unavailable >= budget) break;
    out.push(p);
    unavailable++;
  }
  return out;
}

/** cleanupHistory: revisions past revisionHistoryLimit that no pod runs are deleted. */
export function cleanupHistory(c: ControllerContext, ds: DaemonSet, pods: Pod[], hash: string): boolean {
  const live = new Set([hash, ...pods.map((p) => p.metadata.labels?.[REVISION_HASH_LABEL] ?? "")]);
  const names = new Set([...live].map((h) => `${ds.metadata.name}-${h}`));
  return truncateHistory(c, ds, names, ds.spec.revisionHistoryLimit ?? 10);
}
