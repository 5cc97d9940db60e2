// The Deployment controller, after pkg/controller/deployment: one ReplicaSet per pod
// template (named with the pod-template-hash). RollingUpdate scales the new ReplicaSet up
// within maxSurge and the old ones down as new pods become available, never below
// maxUnavailable; Recreate scales the old ones to zero, waits until their pods are gone,
// then scales the new one up. A rollout advances over several reconcile rounds, as the
// kubelet makes pods Ready. Also: revisions (a rollback takes a new number), history
// pruned to revisionHistoryLimit, `paused`, and the status and conditions that
// `kubectl get/describe deploy` and `rollout status` read.

import type { DeploymentCondition, DeploymentStatus } from "kubernetes-types/apps/v1";
import type { Deployment, Draft, Pod, ReplicaSet } from "../api/types.js";
import { ownerValue, RS_OWNER } from "../apiserver/indexes.js";
import { REPLICASETS as RS } from "../apiserver/resources.js";
import { ApiServer } from "../apiserver/server.js";
import { compareKeys } from "../golang/sort.js";
import { rfc3339 } from "../golang/time.js";
import { cloneData } from "../util/clone.js";
import { adoptOrphans } from "./adoption.js";
import type { ControllerContext } from "./context.js";
import { deploymentNews } from "./deployment-news.js";
import { podTemplateHash } from "./hash.js";
import { ownedPods } from "./news.js";
import { isTerminating } from "./podfactory.js";
import { putIfChanged } from "./status.js";
import { wakeAt } from "./timers.js";

const SOURCE = { component: "deployment-controller" };
export const REVISION = "deployment.kubernetes.io/revision";
const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
const DESIRED = "deployment.kubernetes.io/desired-replicas";
const MAX = "deployment.kubernetes.io/max-replicas";
/** Deployment annotations the controller does not copy onto its ReplicaSets. */
const NOT_COPIED = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION,
  REVISION_HISTORY,
  DESIRED,
  MAX,
  "deprecated.deployment.rollback.to",
]);

/** intstr percentages resolve against replicas: surge rounds up, unavailable rounds down. */
export function resolveIntOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(String(v ?? ""));
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

const isRecreate = (d: Deployment) => d.spec.strategy?.type === "Recreate";
const want = (d: Deployment): number => d.spec.replicas ?? 1;
const specReplicas = (rs: ReplicaSet): number => rs.spec.replicas ?? 0;
const revisionOf = (rs: ReplicaSet): number => Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
const sumOf = (list: ReplicaSet[], f: (rs: ReplicaSet) => number) => list.reduce((n, rs) => n + f(rs), 0);

/** ResolveFenceposts: both resolving to zero would deadlock, so unavailable becomes 1. */
function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  if (isRecreate(d)) return { surge: 0, unavailable: 0 };
  const ru = d.spec.strategy?.rollingUpdate ?? {};
  const surge = resolveIntOrPercent(ru.maxSurge ?? "25%", want(d), true);
  const unavailable = resolveIntOrPercent(ru.maxUnavailable ?? "25%", want(d), false);
  return { surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

const maxSurge = (d: Deployment): number => fenceposts(d).surge;

/** MaxUnavailable: never more than the replicas, and 0 for Recreate or no replicas. */
function maxUnavailable(d: Deployment): number {
  if (isRecreate(d) || want(d) === 0) return 0;
  return Math.min(fenceposts(d).unavailable, want(d));
}

function setReplicas(c: ControllerContext, d: Deployment, rs: ReplicaSet, n: number): boolean {
  const from = specReplicas(rs);
  const desired = String(want(d));
  const max = String(want(d) + maxSurge(d));
  const a = rs.metadata.annotations ?? {};
  if (from === n && a[DESIRED] === desired && a[MAX] === max) return false;
  rs.spec.replicas = n;
  if (from !== n) rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
  rs.metadata.annotations = { ...a, [DESIRED]: desired, [MAX]: max };
  c.api.put(rs);
  if (from !== n)
    c.recorder.recordEvent(
      d,
      "Normal",
      "ScalingReplicaSet",
      `Scaled ${n > from ? "up" : "down"} replica set ${rs.metadata.name} from ${from} to ${n}`,
      SOURCE,
    );
  return true;
}

function copiedAnnotations(d: Deployment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) out[k] = v;
  return out;
}

function newReplicaSet(
  c: ControllerContext,
  d: Deployment,
  hash: string,
  revision: number,
  replicas: number,
): ReplicaSet {
  const tpl = cloneData(d.spec.template);
  const labels = { ...tpl.metadata?.labels, "pod-template-hash": hash };
  tpl.metadata = { ...tpl.metadata, labels };
  const draft: Draft<ReplicaSet> = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels,
      annotations: {
        ...copiedAnnotations(d),
        [DESIRED]: String(want(d)),
        [MAX]: String(want(d) + maxSurge(d)),
        [REVISION]: String(revision),
      },
      ownerReferences: [ApiServer.controllerRef(d)],
    },
    spec: {
      replicas,
      selector: {
        ...d.spec.selector,
        matchLabels: { ...d.spec.selector?.matchLabels, "pod-template-hash": hash },
      },
      template: tpl,
    },
  };
  if (d.spec.minReadySeconds) draft.spec.minReadySeconds = d.spec.minReadySeconds;
  const rs = c.api.insert<ReplicaSet>(draft);
  rs.status = { replicas: 0 };
  if (replicas > 0)
    c.recorder.recordEvent(
      d,
      "Normal",
      "ScalingReplicaSet",
      `Scaled up replica set ${rs.metadata.name} from 0 to ${replicas}`,
      SOURCE,
    );
  return rs;
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
function newRSReplicas(d: Deployment, all: ReplicaSet[], current: ReplicaSet | undefined): number {
  if (isRecreate(d)) return want(d);
  const cur = current ? specReplicas(current) : 0;
  const maxTotal = want(d) + maxSurge(d);
  const total = sumOf(all, specReplicas);
  if (total >= maxTotal) return cur;
  return cur + Math.max(0, Math.min(maxTotal - total, want(d) - cur));
}

/** A rollback to an old template takes the next revision; the old number goes to revision-history. */
function syncRevision(c: ControllerContext, d: Deployment, rs: ReplicaSet, maxOld: number): void {
  const next = maxOld + 1;
  const had = rs.metadata.annotations?.[REVISION];
  const old = revisionOf(rs);
  const a = { ...rs.metadata.annotations, ...copiedAnnotations(d) };
  if (old < next) {
    a[REVISION] = String(next);
    if (had !== undefined) a[REVISION_HISTORY] = a[REVISION_HISTORY] ? `${a[REVISION_HISTORY]},${had}` : had;
  }
  if (JSON.stringify(a) !== JSON.stringify(rs.metadata.annotations ?? {})) {
    rs.metadata.annotations = a;
    c.api.put(rs);
  }
}

interface Ctl {
  c: ControllerContext;
  d: Deployment;
  owned: ReplicaSet[];
  current: ReplicaSet | undefined;
  olds: ReplicaSet[];
  pods: Map<string, Pod[]>;
  created: boolean;
}

/** reconcileOldReplicaSets of rolling.go: unhealthy old pods go first, then as availability allows. */
function scaleDownOld(x: Ctl): boolean {
  const { c, d, olds, owned, current } = x;
  if (sumOf(olds, specReplicas) === 0) return false;
  const minAvailable = want(d) - maxUnavailable(d);
  const newUnavailable = current ? specReplicas(current) - (current.status?.availableReplicas ?? 0) : 0;
  let budget = sumOf(owned, specReplicas) - minAvailable - newUnavailable;
  if (budget <= 0) return false;
  let scaled = false;
  const oldest = [...olds].sort(byAge);
  for (const rs of oldest) {
    if (budget <= 0) break;
    const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
    const n = Math.min(budget, unhealthy);
    if (n <= 0) continue;
    setReplicas(c, d, rs, specReplicas(rs) - n);
    budget -= n;
    scaled = true;
  }
  let extra = sumOf(owned, (rs) => rs.status?.availableReplicas ?? 0) - minAvailable;
  for (const rs of oldest) {
    if (extra <= 0) break;
    const n = Math.min(specReplicas(rs), extra);
    if (n <= 0) continue;
    setReplicas(c, d, rs, specReplicas(rs) - n);
    extra -= n;
    scaled = true;
  }
  return scaled;
}

function byAge(a: ReplicaSet, b: ReplicaSet): number {
  return (
    compareKeys(a.metadata.creationTimestamp ?? "", b.metadata.creationTimestamp ?? "") ||
    compareKeys(a.metadata.name ?? "", b.metadata.name ?? "")
  );
}

function ensureCurrent(x: Ctl, hash: string, replicas: number): ReplicaSet {
  if (x.current) return x.current;
  const maxOld = Math.max(0, ...x.olds.map(revisionOf));
  x.current = newReplicaSet(x.c, x.d, hash, maxOld + 1, replicas);
  x.owned.push(x.current);
  x.created = true;
  return x.current;
}

function rollingUpdate(x: Ctl, hash: string): void {
  const { c, d } = x;
  if (!x.current) {
    ensureCurrent(x, hash, newRSReplicas(d, x.owned, undefined));
    return;
  }
  const cur = x.current;
  if (specReplicas(cur) > want(d)) {
    setReplicas(c, d, cur, want(d));
    return;
  }
  if (specReplicas(cur) < want(d) && setReplicas(c, d, cur, newRSReplicas(d, x.owned, cur))) return;
  scaleDownOld(x);
}

function recreate(x: Ctl, hash: string): void {
  const { c, d } = x;
  let scaled = false;
  for (const rs of x.olds) if (specReplicas(rs) > 0) scaled = setReplicas(c, d, rs, 0) || scaled;
  if (scaled) return;
  // The new pods start only when every old pod is gone, terminating ones included.
  const running = x.olds.some((rs) =>
    (x.pods.get(rs.metadata.uid) ?? []).some((p) => !["Failed", "Succeeded"].includes(p.status?.phase ?? "")),
  );
  if (running) return;
  const cur = ensureCurrent(x, hash, want(d));
  if (!x.created) setReplicas(c, d, cur, want(d));
}

/** Paused: no new ReplicaSet, only scaling (a lone active ReplicaSet follows spec.replicas). */
function pausedScale(x: Ctl): void {
  const active = x.owned.filter((rs) => specReplicas(rs) > 0);
  const target = active.length === 1 ? active[0] : active.length === 0 ? x.current : undefined;
  if (target) setReplicas(x.c, x.d, target, want(x.d));
}

export function syncDeployments(c: ControllerContext): boolean {
  return deploymentNews.run(c, (owners: Deployment[]) => syncOwners(c, owners));
}

function syncOwners(c: ControllerContext, owners: Deployment[]): boolean {
  let changed = false;
  adoptOrphans(c, owners);
  for (const d of owners) {
    if (isTerminating(d)) continue;
    const before = c.state.resourceVersion;
    const m = d.metadata;
    const owned = c.api
      .indexed(RS, RS_OWNER, ownerValue("Deployment", m.namespace ?? "", m.name, m.uid), true)
      .filter((rs) => !isTerminating(rs));
    const hash = podTemplateHash(d.spec.template);
    const current = owned.find((rs) => rs.metadata.labels?.["pod-template-hash"] === hash);
    const olds = owned.filter((rs) => rs !== current);
    if (current) syncRevision(c, d, current, Math.max(0, ...olds.map(revisionOf)));
    const pods = new Map<string, Pod[]>();
    if (isRecreate(d)) for (const rs of owned) pods.set(rs.metadata.uid, ownedPods(c, rs));
    const x: Ctl = { c, d, owned, current, olds, pods, created: false };
    const prevStatus = cloneData(d.status ?? {});
    if (d.spec.paused) pausedScale(x);
    else if (isRecreate(d)) recreate(x, hash);
    else rollingUpdate(x, hash);

    if (x.current) {
      const revision = x.current.metadata.annotations?.[REVISION] ?? "1";
      if (d.metadata.annotations?.[REVISION] !== revision) {
        d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: revision };
        c.api.put(d);
      }
    }
    const status = writeStatus(c, d, owned, x.current, x.created, prevStatus);
    if (!d.spec.paused && deploymentComplete(d, status)) pruneHistory(c, d, owned, x.current);
    changed = changed || c.state.resourceVersion !== before;
  }
  return changed;
}

/** Keeps at most revisionHistoryLimit old ReplicaSets that have scaled to zero. */
function pruneHistory(
  c: ControllerContext,
  d: Deployment,
  owned: ReplicaSet[],
  current: ReplicaSet | undefined,
): void {
  const limit = d.spec.revisionHistoryLimit ?? 10;
  const old = owned
    .filter((rs) => rs !== current && specReplicas(rs) === 0 && (rs.status?.replicas ?? 0) === 0)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const rs of old.slice(0, Math.max(0, old.length - limit))) c.api.remove(rs);
}

interface Counts {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration?: number;
}

function deploymentComplete(d: Deployment, s: Counts): boolean {
  return (
    s.updatedReplicas === want(d) &&
    s.replicas === want(d) &&
    s.availableReplicas === want(d) &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

function writeStatus(
  c: ControllerContext,
  d: Deployment,
  owned: ReplicaSet[],
  current: ReplicaSet | undefined,
  created: boolean,
  prev: DeploymentStatus,
): Counts {
  const replicas = sumOf(owned, (rs) => rs.status?.replicas ?? 0);
  const ready = sumOf(owned, (rs) => rs.status?.readyReplicas ?? 0);
  const available = sumOf(owned, (rs) => rs.status?.availableReplicas ?? 0);
  const updated = current?.status?.replicas ?? 0;
  const counts: Counts = {
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: d.metadata.generation,
  };
  const ts = rfc3339(c.clock.now());
  const conds: DeploymentCondition[] = cloneData(prev.conditions ?? []);
  const get = (type: string) => conds.find((x) => x.type === type);
  const mk = (type: string, status: string, reason: string, message: string): DeploymentCondition => ({
    lastTransitionTime: ts,
    lastUpdateTime: ts,
    message,
    reason,
    status,
    type,
  });
  // Available first, as on a fresh Deployment; later changes keep the order they have.
  const keepOrder = (next: DeploymentCondition) => {
    const i = conds.findIndex((x) => x.type === next.type);
    if (i >= 0) conds[i] = next;
    else conds.push(next);
  };
  const availableCond =
    available >= want(d) - maxUnavailable(d)
      ? mk("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
      : mk(
          "Available",
          "False",
          "MinimumReplicasUnavailable",
          "Deployment does not have minimum availability.",
        );
  const pa = get("Available");
  if (!(pa && pa.status === availableCond.status && pa.reason === availableCond.reason)) {
    if (pa && pa.status === availableCond.status) availableCond.lastTransitionTime = pa.lastTransitionTime;
    keepOrder(availableCond);
  }
  const progressing = get("Progressing");
  if (d.spec.paused) {
    if (progressing?.reason !== "DeploymentPaused")
      keepOrder(mk("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused"));
  } else if (progressing?.reason === "DeploymentPaused") {
    keepOrder(mk("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed"));
  }
  const name = current?.metadata.name;
  const progress = get("Progressing");
  if (created && name) {
    const p = mk("Progressing", "True", "NewReplicaSetCreated", `Created new replica set "${name}"`);
    if (progress?.status === "True") p.lastTransitionTime = progress.lastTransitionTime;
    keepOrder(p);
  } else if (!d.spec.paused && name) {
    const done = replicas === updated && progress?.reason === "NewReplicaSetAvailable";
    if (!done) {
      if (deploymentComplete(d, counts)) {
        const p = mk(
          "Progressing",
          "True",
          "NewReplicaSetAvailable",
          `ReplicaSet "${name}" has successfully progressed.`,
        );
        if (progress?.status === "True") p.lastTransitionTime = progress.lastTransitionTime;
        keepOrder(p);
      } else if (isProgressing(prev, counts)) {
        const p = mk("Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${name}" is progressing.`);
        if (progress?.status === "True") p.lastTransitionTime = progress.lastTransitionTime;
        keepOrder(p);
      } else if (progress && progress.reason !== "ProgressDeadlineExceeded") {
        const deadline = progressDeadline(c, d, progress);
        if (deadline !== undefined && deadline < c.clock.now()) {
          keepOrder(
            mk(
              "Progressing",
              "False",
              "ProgressDeadlineExceeded",
              `ReplicaSet "${name}" has timed out progressing.`,
            ),
          );
        } else if (deadline !== undefined) {
          // The controller requeues the Deployment for the moment its deadline passes.
          wakeAt(c, "deployment", d.metadata.uid, deadline + 1);
        }
      }
    }
  }
  // getReplicaFailures: a ReplicaSet that cannot create pods passes its failure up.
  const failure = owned.flatMap((rs) => rs.status?.conditions ?? []).find((x) => x.type === "ReplicaFailure");
  const pf = get("ReplicaFailure");
  if (failure && !(pf && pf.status === failure.status && pf.reason === failure.reason)) {
    const at = pf && pf.status === failure.status ? pf.lastTransitionTime : failure.lastTransitionTime;
    conds.splice(conds.indexOf(pf as DeploymentCondition), pf ? 1 : 0);
    conds.push({
      ...mk("ReplicaFailure", failure.status, failure.reason ?? "", failure.message ?? ""),
      lastTransitionTime: at,
      lastUpdateTime: failure.lastTransitionTime,
    });
  } else if (!failure && pf) {
    conds.splice(conds.indexOf(pf), 1);
  }
  const status: DeploymentStatus = {
    availableReplicas: available,
    conditions: conds,
    observedGeneration: d.metadata.generation,
    readyReplicas: ready,
    replicas,
    unavailableReplicas: Math.max(0, sumOf(owned, specReplicas) - available),
    updatedReplicas: updated,
  };
  for (const k of [
    "availableReplicas",
    "readyReplicas",
    "replicas",
    "unavailableReplicas",
    "updatedReplicas",
  ] as const)
    if (!status[k]) delete status[k];
  putIfChanged(c, d, status);
  return counts;
}

/**
 * When a stalled rollout times out (DeploymentTimedOut): progressDeadlineSeconds after the
 * Progressing condition last changed. The deadline is the user's own measure of "too long",
 * so like a back-off it keeps its real length in an instant cluster and is scaled otherwise.
 */
function progressDeadline(
  c: ControllerContext,
  d: Deployment,
  progress: DeploymentCondition,
): number | undefined {
  const seconds = d.spec.progressDeadlineSeconds;
  if (typeof seconds !== "number" || seconds >= 2147483647) return undefined;
  const ms = seconds * 1000;
  return (
    Date.parse(progress.lastUpdateTime ?? "") +
    (c.clock.timeScale > 0 ? Math.round(ms * c.clock.timeScale) : ms)
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available pods than before. */
function isProgressing(prev: DeploymentStatus, s: Counts): boolean {
  const oldOld = (prev.replicas ?? 0) - (prev.updatedReplicas ?? 0);
  return (
    s.updatedReplicas > (prev.updatedReplicas ?? 0) ||
    s.replicas - s.updatedReplicas < oldOld ||
    s.readyReplicas > (prev.readyReplicas ?? 0) ||
    s.availableReplicas > (prev.availableReplicas ?? 0)
  );
}
