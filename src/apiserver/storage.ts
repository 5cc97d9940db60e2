// How the apiserver lays its resource types out in the store: pods and events, the types
// that grow with a cluster, are sharded; pods also keep a summary (the fields tables,
// selectors and controllers scan), so listing 5,000 pods reads one small file instead of
// every pod in full. Events are sharded by the object they are about, so one object's
// events (describe, folding repeats) live in one shard.

import type { ContainerStatus, PodSpec, PodStatus } from "kubernetes-types/core/v1";
import type { KObject, Pod } from "../api/types.js";
import type { BucketConfig } from "../store/objects.js";
import { eventExpiresAt } from "./eventttl.js";
import { INDEX_BUCKETS } from "./indexes.js";

function pick<T extends object, K extends keyof T>(
  o: T | undefined,
  keys: readonly K[],
): Partial<Pick<T, K>> | undefined {
  if (!o) return undefined;
  return pickInto({}, o, keys);
}

/** Copies the keys of `o` that are defined into `out`, in the order given. */
function pickInto<T extends object, K extends keyof T>(
  out: Partial<Pick<T, K>>,
  o: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (o[k] !== undefined) out[k] = o[k];
  }
  return out;
}

// The summary's fields, in the order it lists them. It is made at every pod write, so it
// fills each object in place rather than spreading picked copies (the same keys, in the
// same order, as the text a summary shard holds).
const META_KEYS = [
  "name",
  "namespace",
  "uid",
  "creationTimestamp",
  "deletionTimestamp",
  "labels",
  "finalizers",
] as const;
const OWNER_KEYS = ["kind", "name", "uid", "controller"] as const;
const SPEC_KEYS = [
  "nodeName",
  "hostNetwork",
  "hostname",
  "subdomain",
  "readinessGates",
  "schedulingGates",
  // Inter-pod (anti-)affinity terms of the pods already placed; the scheduler counts their
  // requests below. The pod being placed and a pod to evict are read whole.
  "affinity",
] as const;
const CONTAINER_KEYS = ["name", "ports", "resources"] as const;
const INIT_CONTAINER_KEYS = ["name", "restartPolicy", "resources"] as const;
const STATUS_KEYS = ["phase", "reason", "podIP", "startTime", "nominatedNodeName"] as const;
const CONDITION_KEYS = ["type", "status"] as const;
const CONTAINER_STATUS_KEYS = ["name", "ready", "restartCount", "state"] as const;
const TERMINATED_KEYS = ["finishedAt", "exitCode", "reason"] as const;

function containerStatusSummary(s: ContainerStatus) {
  const lt = s.lastState?.terminated;
  const out: Record<string, unknown> = pickInto({}, s, CONTAINER_STATUS_KEYS);
  out.lastState = lt ? { terminated: pick(lt, TERMINATED_KEYS) } : {};
  return out;
}

/**
 * The fields of a pod that `get pods` (every output but yaml/json), label selection,
 * the scheduler, the controllers and the endpoint controllers read. A test checks that
 * the table printer gives the same rows from a summary as from the full pod.
 */
export function podSummary(obj: KObject): KObject {
  // The pods bucket holds only pods.
  const p = obj as Pod;
  const m = p.metadata;
  const spec: PodSpec = p.spec ?? { containers: [] };
  const st: PodStatus = p.status ?? {};
  const metadata: Record<string, unknown> = pickInto({}, m, META_KEYS);
  if (m.ownerReferences) metadata.ownerReferences = m.ownerReferences.map((o) => pick(o, OWNER_KEYS));
  const sspec: Record<string, unknown> = pickInto({}, spec, SPEC_KEYS);
  sspec.containers = (spec.containers ?? []).map((c) => pick(c, CONTAINER_KEYS));
  if (spec.initContainers)
    sspec.initContainers = spec.initContainers.map((c) => pick(c, INIT_CONTAINER_KEYS));
  // The kubelet starts ephemeral containers it has no status for (kubelet/ephemeral.ts).
  if (spec.ephemeralContainers)
    sspec.ephemeralContainers = spec.ephemeralContainers.map((c) => pick(c, ["name"]));
  const status: Record<string, unknown> = pickInto({}, st, STATUS_KEYS);
  if (st.conditions) {
    // Conditions matter to tables only as Ready and the readiness gates.
    const gates = spec.readinessGates;
    const wanted = (type: string) => type === "Ready" || !!gates?.some((g) => g.conditionType === type);
    status.conditions = [];
    for (const c of st.conditions)
      if (wanted(c.type)) (status.conditions as unknown[]).push(pick(c, CONDITION_KEYS));
  }
  if (st.containerStatuses) status.containerStatuses = st.containerStatuses.map(containerStatusSummary);
  if (st.initContainerStatuses)
    status.initContainerStatuses = st.initContainerStatuses.map(containerStatusSummary);
  if (st.ephemeralContainerStatuses)
    status.ephemeralContainerStatuses = st.ephemeralContainerStatuses.map(containerStatusSummary);
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    metadata: metadata as KObject["metadata"],
    spec: sspec,
    status,
  } as KObject;
}

/** The pod fields a field selector may read from a summary: podSummary keeps each of them. */
const SUMMARY_FIELDS = new Set([
  "metadata.name",
  "metadata.namespace",
  "spec.nodeName",
  "spec.hostNetwork",
  "status.phase",
  "status.podIP",
  "status.nominatedNodeName",
]);

/** Whether a field selector on `plural` can be answered from its summaries. */
export function summaryHasField(plural: string, field: string): boolean {
  return plural === "pods" && SUMMARY_FIELDS.has(field);
}

export const BUCKETS: Record<string, BucketConfig> = {
  // 64 pods a shard (a pod is some 2.5 KB): a pod write rewrites its shard and its summary's.
  pods: { shards: 64, project: podSummary, perShard: 64 },
  // Events expire an hour after their last write (eventttl.ts).
  events: {
    shards: 64,
    shardKey: (key) => key.slice(0, key.lastIndexOf(".")),
    perShard: 512,
    expiresAt: eventExpiresAt,
  },
  // Containers' changed file trees (kubelet/fs.ts), by pod uid/container: kept out of
  // meta.json so that big files cost only the commands that read that container.
  containerfs: { shards: 64, records: true },
  // What scripted main processes printed (kubelet/logs.ts), by pod uid/container.
  containerlogs: { shards: 64, records: true },
  // The files of writable volumes (kubelet/mounts.ts): an emptyDir by pod uid, a node's
  // directory (hostPath, a local-path PV) by node and path. A pod's emptyDirs share a
  // shard, as do a node's directories.
  volumedata: { shards: 16, records: true, shardKey: (key) => key.slice(0, key.indexOf("/")) },
  // The kubelet's records that grow with the pods, kept out of meta.json so that a command
  // reads and rewrites only the shards of the pods it touches. Each container's runtime
  // record (kubelet/runtime.ts), by pod uid/container: a pod's containers share a shard.
  containerruntime: {
    shards: 16,
    records: true,
    shardKey: (key) => key.slice(0, key.indexOf("/")),
    perShard: 512,
  },
  // The pod IP index (kubelet/podips.ts), by address.
  podips: { shards: 16, records: true, perShard: 1024 },
  // The kubelet's copies of API-filled volumes (kubelet/volumesync.ts), by pod uid, and the
  // reverse index from a ConfigMap or Secret ("configmaps/ns/name") to the pods reading it.
  podvolumes: { shards: 16, records: true, perShard: 128 },
  volumerefs: { shards: 16, records: true, perShard: 512 },
  // The creation order of Services (serviceseq.ts), by uid.
  serviceseq: { shards: 8, records: true, perShard: 1024 },
  // The scheduler's cache of node loads (controllers/scheduler/nodeloads.ts), and the pod
  // keys each load was computed from (4 KB at 100 pods a node, so few a shard), read only
  // for a node whose pods changed.
  "scheduler-nodeloads": { shards: 1, records: true, perShard: 256 },
  "scheduler-nodekeys": { shards: 1, records: true, perShard: 32 },
  // The images each node holds (kubelet/nodeimages.ts), by node name.
  nodeimages: { shards: 1, records: true, perShard: 64 },
  // kube-proxy's rules kept per Service (cluster/proxy-rules.ts), by Service key.
  "proxy-rules": { shards: 1, records: true },
  // Beside them, the few words per Service port a trace counts rules by (small: 512 a shard).
  "proxy-walk": { shards: 1, records: true, perShard: 512 },
  // The secondary indexes (indexes.ts): pods by controller, node and label, ReplicaSets by controller.
  ...INDEX_BUCKETS,
};

/**
 * A volumedata record: a volume's files relative to its root ("" is the root itself, "/a/b"
 * below it), each as a VfsJSON entry.
 */
export interface VolumeRecord {
  key: string;
  entries: Record<string, { dir?: true; data?: string; mode: number; mtime: number }>;
}

/** The volumedata key of a directory on a node (hostPath volumes, local-path PVs). */
export function hostDirKey(node: string, path: string): string {
  return `host:${node}/${path.replace(/^\/+|\/+$/g, "")}`;
}
