// rollout status|history|undo for StatefulSets and DaemonSets, as kubectl's
// polymorphichelpers do: their status viewers, and a history kept in ControllerRevisions
// (the owner's template as a strategic-merge patch, `$patch: replace`).
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { ControllerRevision, DaemonSet, KObject, StatefulSet } from "../api/types.js";
import { DAEMONSETS, isOf, STATEFULSETS } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { goJson, ownedRevisions } from "../controllers/revisions.js";
import { CliError } from "./io.js";

const CHANGE_CAUSE = "kubernetes.io/change-cause";

export function isRevisioned(o: KObject): o is StatefulSet | DaemonSet {
  return isOf(o, STATEFULSETS) || isOf(o, DAEMONSETS);
}

/** StatefulSetStatusViewer and DaemonSetStatusViewer (v1.32). */
export function revisionedStatus(o: StatefulSet | DaemonSet): { text: string; done: boolean } {
  if (isOf(o, STATEFULSETS)) {
    const spec = o.spec;
    const st = o.status ?? { replicas: 0 };
    if (spec.updateStrategy?.type !== "RollingUpdate")
      throw new CliError("error: rollout status is only available for RollingUpdate strategy type");
    if (!st.observedGeneration || (o.metadata.generation ?? 0) > st.observedGeneration)
      return { text: "Waiting for statefulset spec update to be observed...\n", done: false };
    const want = spec.replicas ?? 1;
    const ready = st.readyReplicas ?? 0;
    if (ready < want) return { text: `Waiting for ${want - ready} pods to be ready...\n`, done: false };
    const updated = st.updatedReplicas ?? 0;
    const ru = spec.updateStrategy.rollingUpdate;
    if (ru) {
      if (ru.partition !== undefined && updated < want - ru.partition)
        return {
          text: `Waiting for partitioned roll out to finish: ${updated} out of ${want - ru.partition} new pods have been updated...\n`,
          done: false,
        };
      return {
        text: `partitioned roll out complete: ${updated} new pods have been updated...\n`,
        done: true,
      };
    }
    if (st.updateRevision !== st.currentRevision)
      return {
        text: `waiting for statefulset rolling update to complete ${updated} pods at revision ${st.updateRevision}...\n`,
        done: false,
      };
    return {
      text: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`,
      done: true,
    };
  }
  const name = o.metadata.name;
  const st = o.status ?? {
    currentNumberScheduled: 0,
    desiredNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
  };
  if (o.spec.updateStrategy?.type !== "RollingUpdate")
    throw new CliError("error: rollout status is only available for RollingUpdate strategy type");
  if ((o.metadata.generation ?? 0) > (st.observedGeneration ?? 0))
    return { text: "Waiting for daemon set spec update to be observed...\n", done: false };
  const desired = st.desiredNumberScheduled;
  const updated = st.updatedNumberScheduled ?? 0;
  if (updated < desired)
    return {
      text: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`,
      done: false,
    };
  const available = st.numberAvailable ?? 0;
  if (available < desired)
    return {
      text: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`,
      done: false,
    };
  return { text: `daemon set "${name}" successfully rolled out\n`, done: true };
}

/** applyRevision: the owner's template once the revision's patch is applied. */
function templateOf(r: ControllerRevision): PodTemplateSpec {
  const data = r.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const tpl = structuredClone(data?.spec?.template ?? {});
  delete tpl.$patch;
  const meta = tpl.metadata as Record<string, unknown> | undefined;
  if (meta && meta.creationTimestamp === null) delete meta.creationTimestamp;
  return tpl as PodTemplateSpec;
}

/**
 * printHistory's input: each revision's template as applying it would leave the owner's, and
 * the revision's own change-cause annotation for the table (the template does not get it).
 */
export function revisionedHistory(
  c: Cluster,
  o: KObject,
): { history: Map<number, PodTemplateSpec>; causes: Map<number, string> } {
  const history = new Map<number, PodTemplateSpec>();
  const causes = new Map<number, string>();
  for (const r of ownedRevisions(c, o)) {
    history.set(r.revision, templateOf(r));
    const cause = r.metadata.annotations?.[CHANGE_CAUSE];
    if (cause) causes.set(r.revision, cause);
  }
  return { history, causes };
}

/**
 * StatefulSetRollbacker / DaemonSetRollbacker: the template of revision `to` (0: the one
 * before the newest), or undefined when the owner already runs it. Throws kubectl's errors.
 */
export function revisionedRollback(
  c: Cluster,
  o: StatefulSet | DaemonSet,
  to: number,
): { template: PodTemplateSpec | undefined; revision: number } {
  if (to < 0) throw new CliError(`error: unable to find specified revision ${to} in history`);
  const revisions = ownedRevisions(c, o);
  if (to === 0 && revisions.length <= 1) throw new CliError("error: no last revision to roll back to");
  const pick = to === 0 ? revisions.at(-2) : revisions.find((r) => r.revision === to);
  if (!pick) throw new CliError(`error: unable to find specified revision ${to} in history`);
  const template = templateOf(pick);
  // statefulsetMatch / daemonsetMatch: the patch the owner would make equals the revision's.
  const current = { ...structuredClone(o.spec.template), metadata: { ...o.spec.template.metadata } };
  const same = goJson(stripNullTimestamp(current)) === goJson(template);
  return { template: same ? undefined : template, revision: pick.revision };
}

function stripNullTimestamp(t: PodTemplateSpec): PodTemplateSpec {
  const meta = t.metadata as Record<string, unknown> | undefined;
  if (meta && meta.creationTimestamp === null) delete meta.creationTimestamp;
  return t;
}
