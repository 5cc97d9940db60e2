// The StatefulSet controller (pkg/controller/statefulset, v1.32): pods NAME-0..N-1 with a
// stable identity (hostname = pod name, subdomain = serviceName, the pod-name and pod-index
// labels), created in order and each Running and Ready before the next (OrderedReady) or
// all at once (Parallel), removed from the highest ordinal down; a claim per template and
// pod that outlives both; ControllerRevisions and a rolling update from the highest ordinal
// down to the partition, or OnDelete.

import type { StatefulSetStatus } from "kubernetes-types/apps/v1";
import type { Volume } from "kubernetes-types/core/v1";
import type { Pod, StatefulSet } from "../api/types.js";
import { invalidStatusMessage, validate } from "../apiserver/admission/index.js";
import { StatusError } from "../apiserver/errors.js";
import { CONTROLLERREVISIONS, PODS, STATEFULSETS as STS } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";
import { OwnerNews, ownedPods } from "./news.js";
import { admitPod, deletePodGracefully, isPodReady, isTerminating, podFromTemplate } from "./podfactory.js";
import { ensureRevision, REVISION_HASH_LABEL, templatePatch, truncateHistory } from "./revisions.js";
import { createClaims } from "./statefulset-claims.js";
import { putIfChanged } from "./status.js";

const SOURCE = { component: "statefulset-controller" };
export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

const news = new OwnerNews("StatefulSet", STS, []);

export function syncStatefulSets(c: ControllerContext): boolean {
  return news.run(c, (owners: StatefulSet[]) => {
    let changed = false;
    for (const sts of owners) {
      if (isTerminating(sts)) continue;
      changed = syncOne(c, sts, ownedPods(c, sts)) || changed;
    }
    return changed;
  });
}

/** getPatch: the template the revision restores, as a strategic-merge replace. */
export function revisionData(sts: StatefulSet): Record<string, unknown> {
  return templatePatch(sts.spec.template);
}

function ordinalOf(sts: StatefulSet, p: Pod): number {
  const prefix = `${sts.metadata.name}-`;
  const name = p.metadata.name ?? "";
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : -1;
}

const isRunningAndReady = (p: Pod) => p.status?.phase === "Running" && isPodReady(p);
const isHealthy = (p: Pod) => isRunningAndReady(p) && !isTerminating(p);
const revisionOf = (p: Pod) => p.metadata.labels?.[REVISION_HASH_LABEL] ?? "";

/** newStatefulSetPod: the template with the pod's identity, its claims' volumes and revision. */
function createPod(
  c: ControllerContext,
  sts: StatefulSet,
  ordinal: number,
  revision: string,
  template: StatefulSet,
): Pod | undefined {
  const name = `${sts.metadata.name}-${ordinal}`;
  const claimVolumes: Volume[] = (sts.spec.volumeClaimTemplates ?? []).map((t) => ({
    name: t.metadata?.name ?? "",
    persistentVolumeClaim: { claimName: `${t.metadata?.name}-${name}` },
  }));
  const claimed = new Set(claimVolumes.map((v) => v.name));
  const volumes = [
    ...(template.spec.template.spec?.volumes ?? []).filter((v) => !claimed.has(v.name)),
    ...claimVolumes,
  ];
  const labels = {
    ...template.spec.template.metadata?.labels,
    [POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
    [REVISION_HASH_LABEL]: revision,
  };
  const extra = {
    hostname: name,
    ...(sts.spec.serviceName ? { subdomain: sts.spec.serviceName } : {}),
    ...(volumes.length ? { volumes } : {}),
  };
  // The template's pods belong to the live set, whichever revision's template they carry.
  const owner: StatefulSet = { ...sts, spec: { ...sts.spec, template: template.spec.template } };
  const draft = podFromTemplate(c, owner, extra, { name, labels });
  // The set's validation leaves the pod spec alone; the pod create refuses a bad one.
  const errs = validate(draft as Pod);
  const refused = (why: string) => {
    const msg = `create Pod ${name} in StatefulSet ${sts.metadata.name} failed error: ${why}`;
    c.recorder.recordEvent(sts, "Warning", "FailedCreate", msg, SOURCE);
    return undefined;
  };
  if (errs.length) return refused(invalidStatusMessage("Pod", "", name, errs));
  try {
    admitPod(c, draft);
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    return refused(e.message);
  }
  const pod = c.api.insert<Pod>(draft);
  recordPod(c, sts, "create", name);
  return pod;
}

function recordPod(c: ControllerContext, sts: StatefulSet, verb: "create" | "delete", pod: string): void {
  const reason = verb === "create" ? "SuccessfulCreate" : "SuccessfulDelete";
  c.recorder.recordEvent(
    sts,
    "Normal",
    reason,
    `${verb} Pod ${pod} in StatefulSet ${sts.metadata.name} successful`,
    SOURCE,
  );
}

function deletePod(c: ControllerContext, sts: StatefulSet, p: Pod): void {
  const whole = c.api.get(PODS, p.metadata.namespace, p.metadata.name ?? "");
  if (whole) deletePodGracefully(c, whole);
  recordPod(c, sts, "delete", p.metadata.name ?? "");
}

/** The set as it was at a revision: its template taken from the revision's data. */
function atRevision(sts: StatefulSet, data: unknown): StatefulSet {
  const tpl = structuredClone(
    (data as { spec?: { template?: Record<string, unknown> } })?.spec?.template ?? {},
  );
  delete tpl.$patch;
  const meta = tpl.metadata as Record<string, unknown> | undefined;
  if (meta && meta.creationTimestamp === null) delete meta.creationTimestamp;
  return { ...sts, spec: { ...sts.spec, template: tpl as StatefulSet["spec"]["template"] } };
}

function syncOne(c: ControllerContext, sts: StatefulSet, owned: Pod[]): boolean {
  const before = c.api.writes.get("pods") ?? 0;
  let changed = false;
  const collisionCount = sts.status?.collisionCount ?? 0;
  const update = ensureRevision(
    c,
    sts,
    sts.spec.template?.metadata?.labels,
    revisionData(sts),
    collisionCount,
  );
  const currentName = sts.status?.currentRevision;
  const current =
    (currentName && c.api.get(CONTROLLERREVISIONS, sts.metadata.namespace, currentName)) || update;
  const currentSet = atRevision(sts, current.data);
  const replicas = sts.spec.replicas ?? 1;
  const parallel = sts.spec.podManagementPolicy === "Parallel";
  const rolling = sts.spec.updateStrategy?.type !== "OnDelete";
  const partition = rolling ? (sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;

  const slots: (Pod | undefined)[] = new Array(replicas).fill(undefined);
  const condemned: Pod[] = [];
  for (const p of owned) {
    const i = ordinalOf(sts, p);
    if (i >= 0 && i < replicas) slots[i] = p;
    else condemned.push(p);
  }
  condemned.sort((a, b) => ordinalOf(sts, a) - ordinalOf(sts, b));

  const pass = (): void => {
    for (let i = 0; i < replicas; i++) {
      const p = slots[i];
      if (p && (p.status?.phase === "Failed" || p.status?.phase === "Succeeded") && !isTerminating(p)) {
        const failed = p.status?.phase === "Failed";
        c.recorder.recordEvent(
          sts,
          failed ? "Warning" : "Normal",
          failed ? "RecreatingFailedPod" : "RecreatingTerminatedPod",
          `StatefulSet ${sts.metadata.namespace}/${sts.metadata.name} is recreating ${failed ? "failed" : "terminated"} Pod ${p.metadata.name}`,
          SOURCE,
        );
        deletePod(c, sts, p);
        if (!parallel) return;
        continue;
      }
      if (!p) {
        // A pod of an ordinal below the partition keeps the current revision.
        const useCurrent = rolling && i < partition;
        createClaims(c, sts, `${sts.metadata.name}-${i}`);
        slots[i] = createPod(
          c,
          sts,
          i,
          useCurrent ? current.metadata.name : update.metadata.name,
          useCurrent ? currentSet : sts,
        );
        if (!parallel) return;
        continue;
      }
      if (!parallel && (isTerminating(p) || !isRunningAndReady(p))) return;
    }
    for (let t = condemned.length - 1; t >= 0; t--) {
      const p = condemned[t];
      if (isTerminating(p)) {
        if (!parallel) return;
        continue;
      }
      if (!parallel && !isRunningAndReady(p) && p !== condemned.find((x) => !isHealthy(x))) return;
      deletePod(c, sts, p);
      if (!parallel) return;
    }
    if (!rolling) return;
    for (let t = replicas - 1; t >= partition; t--) {
      const p = slots[t];
      if (!p) return;
      if (revisionOf(p) !== update.metadata.name && !isTerminating(p)) {
        deletePod(c, sts, p);
        return;
      }
      if (!isHealthy(p)) return;
    }
  };
  pass();
  changed = (c.api.writes.get("pods") ?? 0) !== before;

  // The pods as they are now, for the status (computeReplicaStatus).
  const now = c.api
    .summaries(PODS)
    .filter((p) => p.metadata.ownerReferences?.some((o) => o.uid === sts.metadata.uid));
  let ready = 0;
  let onCurrent = 0;
  let onUpdate = 0;
  let created = 0;
  for (const p of now) {
    if (p.status?.phase) created++;
    if (isRunningAndReady(p)) ready++;
    if (p.status?.phase && !isTerminating(p)) {
      if (revisionOf(p) === current.metadata.name) onCurrent++;
      if (revisionOf(p) === update.metadata.name) onUpdate++;
    }
  }
  let currentRevision = current.metadata.name;
  // completeRollingUpdate: once every pod runs the update revision and is ready.
  if (rolling && onUpdate === replicas && ready === replicas && created === replicas) {
    currentRevision = update.metadata.name;
    onCurrent = onUpdate;
  }
  const status: StatefulSetStatus = {
    availableReplicas: ready,
    collisionCount,
    ...(onCurrent ? { currentReplicas: onCurrent } : {}),
    currentRevision,
    observedGeneration: sts.metadata.generation,
    ...(ready ? { readyReplicas: ready } : {}),
    replicas: created,
    updateRevision: update.metadata.name,
    ...(onUpdate ? { updatedReplicas: onUpdate } : {}),
  };
  const live = new Set([currentRevision, update.metadata.name]);
  for (const p of now) live.add(revisionOf(p));
  changed = truncateHistory(c, sts, live, sts.spec.revisionHistoryLimit ?? 10) || changed;
  const fresh = c.api.get(STS, sts.metadata.namespace, sts.metadata.name) ?? sts;
  return putIfChanged(c, fresh, status) || changed;
}
