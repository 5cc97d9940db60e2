// The Deployment controller: one ReplicaSet per pod template (named with the
// pod-template-hash), scaled to the Deployment's replicas while older ones scale to zero,
// revision annotations, history pruned to revisionHistoryLimit, and the status and
// conditions `kubectl get/describe deploy` show.

import { byKind } from "../apiserver/resources.js";
import { ApiServer, controllerOf } from "../apiserver/server.js";
import type { KObject } from "../apiserver/types.js";
import { rfc3339 } from "../cluster/clock.js";
import type { Cluster } from "../cluster/cluster.js";
import { podTemplateHash } from "./hash.js";
import { isTerminating } from "./podfactory.js";
import { putIfChanged } from "./status.js";

const DEPLOY = byKind("Deployment");
const RS = byKind("ReplicaSet");
const SOURCE = { component: "deployment-controller" };
const REVISION = "deployment.kubernetes.io/revision";

/** intstr percentages resolve against replicas: surge rounds up, unavailable rounds down. */
export function resolveIntOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(String(v ?? ""));
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

function maxSurge(d: KObject): number {
  if (d.spec.strategy?.type === "Recreate") return 0;
  return resolveIntOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge ?? "25%", d.spec.replicas ?? 1, true);
}

function maxUnavailable(d: KObject): number {
  if (d.spec.strategy?.type === "Recreate") return 0;
  return resolveIntOrPercent(
    d.spec.strategy?.rollingUpdate?.maxUnavailable ?? "25%",
    d.spec.replicas ?? 1,
    false,
  );
}

function scaleEvent(c: Cluster, d: KObject, rs: KObject, from: number, to: number): void {
  const dir = to > from ? "up" : "down";
  c.api.recordEvent(
    d,
    "Normal",
    "ScalingReplicaSet",
    `Scaled ${dir} replica set ${rs.metadata.name} from ${from} to ${to}`,
    SOURCE,
  );
}

function setReplicas(c: Cluster, d: KObject, rs: KObject, n: number): void {
  const from = rs.spec.replicas ?? 0;
  if (from === n) return;
  rs.spec.replicas = n;
  rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
  rs.metadata.annotations = {
    ...rs.metadata.annotations,
    "deployment.kubernetes.io/desired-replicas": String(d.spec.replicas ?? 1),
    "deployment.kubernetes.io/max-replicas": String((d.spec.replicas ?? 1) + maxSurge(d)),
  };
  c.api.put(rs);
  scaleEvent(c, d, rs, from, n);
}

function newReplicaSet(c: Cluster, d: KObject, hash: string, revision: number): KObject {
  const tpl = structuredClone(d.spec.template);
  tpl.metadata = { ...tpl.metadata, labels: { ...tpl.metadata?.labels, "pod-template-hash": hash } };
  const rs: KObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: tpl.metadata.labels,
      annotations: {
        "deployment.kubernetes.io/desired-replicas": String(d.spec.replicas ?? 1),
        "deployment.kubernetes.io/max-replicas": String((d.spec.replicas ?? 1) + maxSurge(d)),
        [REVISION]: String(revision),
      },
      ownerReferences: [ApiServer.controllerRef(d)],
    },
    spec: {
      replicas: 0,
      selector: {
        ...d.spec.selector,
        matchLabels: { ...d.spec.selector?.matchLabels, "pod-template-hash": hash },
      },
      template: tpl,
    },
  };
  if (d.spec.minReadySeconds) rs.spec.minReadySeconds = d.spec.minReadySeconds;
  c.api.insert(rs);
  rs.status = { replicas: 0 };
  return rs;
}

export function syncDeployments(c: Cluster): boolean {
  let changed = false;
  const byOwner = new Map<string, KObject[]>();
  for (const rs of c.api.all(RS)) {
    const ref = controllerOf(rs);
    if (ref) byOwner.set(ref.uid, [...(byOwner.get(ref.uid) ?? []), rs]);
  }
  for (const d of c.api.all(DEPLOY)) {
    if (isTerminating(d)) continue;
    const before = c.state.resourceVersion;
    const owned = (byOwner.get(d.metadata.uid!) ?? []).filter((rs) => !isTerminating(rs));
    const hash = podTemplateHash(d.spec.template);
    let current = owned.find((rs) => rs.metadata.labels?.["pod-template-hash"] === hash);
    const maxRevision = Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0)));
    const replicas = d.spec.replicas ?? 1;
    let created = false;
    if (!current) {
      current = newReplicaSet(c, d, hash, maxRevision + 1);
      owned.push(current);
      created = true;
    } else if (Number(current.metadata.annotations?.[REVISION]) < maxRevision) {
      // A rollback to an older template takes the next revision number, as the controller does.
      current.metadata.annotations = { ...current.metadata.annotations, [REVISION]: String(maxRevision + 1) };
      c.api.put(current);
    }
    if (!d.spec.paused) {
      setReplicas(c, d, current, replicas);
      for (const rs of owned) if (rs !== current && (rs.spec.replicas ?? 0) > 0) setReplicas(c, d, rs, 0);
    }
    // Keep at most revisionHistoryLimit old ReplicaSets that have scaled to zero.
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const old = owned
      .filter((rs) => rs !== current && (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0)
      .sort(
        (a, b) => Number(a.metadata.annotations?.[REVISION]) - Number(b.metadata.annotations?.[REVISION]),
      );
    for (const rs of old.slice(0, Math.max(0, old.length - limit))) c.api.remove(rs);

    const revision = current.metadata.annotations?.[REVISION] ?? "1";
    if (d.metadata.annotations?.[REVISION] !== revision) {
      d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: revision };
      c.api.put(d);
    }
    changed = writeStatus(c, d, owned, current, created) || changed || c.state.resourceVersion !== before;
  }
  return changed;
}

function writeStatus(c: Cluster, d: KObject, owned: KObject[], current: KObject, created: boolean): boolean {
  const sum = (f: (rs: KObject) => number) => owned.reduce((n, rs) => n + f(rs), 0);
  const replicas = sum((rs) => rs.status?.replicas ?? 0);
  const ready = sum((rs) => rs.status?.readyReplicas ?? 0);
  const available = sum((rs) => rs.status?.availableReplicas ?? 0);
  const updated = current.status?.replicas ?? 0;
  const want = d.spec.replicas ?? 1;
  const ts = rfc3339(c.t);
  const prev: any[] = d.status?.conditions ?? [];
  const prevOf = (type: string) => prev.find((x) => x.type === type);
  const condition = (type: string, status: string, reason: string, message: string) => {
    const p = prevOf(type);
    const same = p && p.status === status && p.reason === reason && p.message === message;
    if (same) return p;
    return {
      lastTransitionTime: p && p.status === status ? p.lastTransitionTime : ts,
      lastUpdateTime: ts,
      message,
      reason,
      status,
      type,
    };
  };
  const isAvailable = available >= want - maxUnavailable(d);
  const available_ = isAvailable
    ? condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
    : condition(
        "Available",
        "False",
        "MinimumReplicasUnavailable",
        "Deployment does not have minimum availability.",
      );
  const rsName = current.metadata.name;
  const complete = updated === want && replicas === want && available >= want;
  const progressing = complete
    ? condition(
        "Progressing",
        "True",
        "NewReplicaSetAvailable",
        `ReplicaSet "${rsName}" has successfully progressed.`,
      )
    : created || prevOf("Progressing")?.reason === "NewReplicaSetCreated"
      ? condition("Progressing", "True", "NewReplicaSetCreated", `Created new replica set "${rsName}"`)
      : condition("Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${rsName}" is progressing.`);
  // Progressing keeps its first transition time while it stays True.
  if (prevOf("Progressing")?.status === "True")
    progressing.lastTransitionTime = prevOf("Progressing").lastTransitionTime;
  const status: Record<string, unknown> = {
    availableReplicas: available,
    conditions: [available_, progressing],
    observedGeneration: d.metadata.generation,
    readyReplicas: ready,
    replicas,
    unavailableReplicas: Math.max(0, replicas - available),
    updatedReplicas: updated,
  };
  for (const k of [
    "availableReplicas",
    "readyReplicas",
    "replicas",
    "unavailableReplicas",
    "updatedReplicas",
  ]) {
    if (!status[k]) delete status[k];
  }
  return putIfChanged(c, d, status);
}
