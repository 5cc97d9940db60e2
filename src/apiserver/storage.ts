// How the apiserver lays its resource types out in the store: pods and events, the types
// that grow with a cluster, are sharded; pods also keep a summary (the fields tables,
// selectors and controllers scan), so listing 5,000 pods reads one small file instead of
// every pod in full. Events are sharded by the object they are about, so one object's
// events (describe, folding repeats) live in one shard.

import type {
  Container,
  ContainerStatus,
  EphemeralContainer,
  PodCondition,
  PodSpec,
  PodStatus,
} from "kubernetes-types/core/v1";
import type { OwnerReference } from "kubernetes-types/meta/v1";
import type { KObject, Node, Pod } from "../api/types.js";
import type { BucketConfig } from "../store/objects.js";
import { eventExpiresAt } from "./eventttl.js";
import { INDEX_BUCKETS } from "./indexes.js";

function pick<T extends object, K extends keyof T>(
  o: T | undefined,
  keys: readonly K[],
): Partial<Pick<T, K>> | undefined {
  if (!o) return undefined;
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

// podSummary runs at every pod write: it names each field it copies rather than picking by
// a list of keys (a lookup by a varying key is many times slower), and fills each object in
// place rather than spreading picked copies. The fields and their order are the same.

function containerStatusSummary(s: ContainerStatus) {
  const out: Partial<ContainerStatus> = {};
  if (s.name !== undefined) out.name = s.name;
  if (s.ready !== undefined) out.ready = s.ready;
  if (s.restartCount !== undefined) out.restartCount = s.restartCount;
  if (s.state !== undefined) out.state = s.state;
  const lt = s.lastState?.terminated;
  if (lt) {
    const terminated: Partial<typeof lt> = {};
    if (lt.finishedAt !== undefined) terminated.finishedAt = lt.finishedAt;
    if (lt.exitCode !== undefined) terminated.exitCode = lt.exitCode;
    if (lt.reason !== undefined) terminated.reason = lt.reason;
    out.lastState = { terminated: terminated as typeof lt };
  } else out.lastState = {};
  return out;
}

function containerSummary(c: Container): Partial<Container> {
  const out: Partial<Container> = {};
  if (c.name !== undefined) out.name = c.name;
  if (c.ports !== undefined) out.ports = c.ports;
  if (c.resources !== undefined) out.resources = c.resources;
  return out;
}

function metadataSummary(m: KObject["metadata"]): Partial<KObject["metadata"]> {
  const out: Partial<KObject["metadata"]> = {};
  if (m.name !== undefined) out.name = m.name;
  if (m.namespace !== undefined) out.namespace = m.namespace;
  if (m.uid !== undefined) out.uid = m.uid;
  if (m.creationTimestamp !== undefined) out.creationTimestamp = m.creationTimestamp;
  if (m.deletionTimestamp !== undefined) out.deletionTimestamp = m.deletionTimestamp;
  if (m.labels !== undefined) out.labels = m.labels;
  if (m.finalizers !== undefined) out.finalizers = m.finalizers;
  if (m.ownerReferences) {
    out.ownerReferences = m.ownerReferences.map((o) => {
      const r: Partial<OwnerReference> = {};
      if (o.kind !== undefined) r.kind = o.kind;
      if (o.name !== undefined) r.name = o.name;
      if (o.uid !== undefined) r.uid = o.uid;
      if (o.controller !== undefined) r.controller = o.controller;
      return r as OwnerReference;
    });
  }
  return out;
}

function specSummary(spec: PodSpec): Partial<PodSpec> {
  const out: Partial<PodSpec> = {};
  if (spec.nodeName !== undefined) out.nodeName = spec.nodeName;
  if (spec.hostNetwork !== undefined) out.hostNetwork = spec.hostNetwork;
  if (spec.hostname !== undefined) out.hostname = spec.hostname;
  if (spec.subdomain !== undefined) out.subdomain = spec.subdomain;
  if (spec.readinessGates !== undefined) out.readinessGates = spec.readinessGates;
  if (spec.schedulingGates !== undefined) out.schedulingGates = spec.schedulingGates;
  // Inter-pod (anti-)affinity terms of the pods already placed; the scheduler counts their
  // requests below. The pod being placed and a pod to evict are read whole.
  if (spec.affinity !== undefined) out.affinity = spec.affinity;
  out.containers = (spec.containers ?? []).map(containerSummary) as Container[];
  if (spec.initContainers)
    out.initContainers = spec.initContainers.map((c) =>
      pick(c, ["name", "restartPolicy", "resources"]),
    ) as Container[];
  // The kubelet starts ephemeral containers it has no status for (kubelet/ephemeral.ts).
  if (spec.ephemeralContainers)
    out.ephemeralContainers = spec.ephemeralContainers.map((c) => pick(c, ["name"])) as EphemeralContainer[];
  return out;
}

function statusSummary(st: PodStatus, gates: PodSpec["readinessGates"]): Partial<PodStatus> {
  const out: Partial<PodStatus> = {};
  if (st.phase !== undefined) out.phase = st.phase;
  if (st.reason !== undefined) out.reason = st.reason;
  if (st.podIP !== undefined) out.podIP = st.podIP;
  if (st.startTime !== undefined) out.startTime = st.startTime;
  if (st.nominatedNodeName !== undefined) out.nominatedNodeName = st.nominatedNodeName;
  if (st.conditions) {
    // Conditions matter to tables only as Ready and the readiness gates.
    const conditions: PodCondition[] = [];
    for (const c of st.conditions) {
      if (c.type !== "Ready" && !gates?.some((g) => g.conditionType === c.type)) continue;
      const kept: Partial<PodCondition> = {};
      if (c.type !== undefined) kept.type = c.type;
      if (c.status !== undefined) kept.status = c.status;
      conditions.push(kept as PodCondition);
    }
    out.conditions = conditions;
  }
  if (st.containerStatuses)
    out.containerStatuses = st.containerStatuses.map(containerStatusSummary) as ContainerStatus[];
  if (st.initContainerStatuses)
    out.initContainerStatuses = st.initContainerStatuses.map(containerStatusSummary) as ContainerStatus[];
  if (st.ephemeralContainerStatuses)
    out.ephemeralContainerStatuses = st.ephemeralContainerStatuses.map(
      containerStatusSummary,
    ) as ContainerStatus[];
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
  const spec: PodSpec = p.spec ?? { containers: [] };
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    metadata: metadataSummary(p.metadata) as KObject["metadata"],
    spec: specSummary(spec),
    status: statusSummary(p.status ?? {}, spec.readinessGates),
  } as KObject;
}

/**
 * The fields of a node that `get nodes` (every output but yaml/json) and the scheduler read:
 * name, labels and age, cordon and taints, the Ready condition, what it can hold, its
 * addresses and versions. A scheduling pass on a 1,000-node cluster read 2.4 MB of nodes
 * (conditions' messages, images, system uuids) to use these. A test checks that the table
 * printer gives the same rows from a summary as from the full node.
 */
export function nodeSummary(obj: KObject): KObject {
  // The nodes bucket holds only nodes.
  const n = obj as Node;
  const st = n.status ?? {};
  const ready = st.conditions?.filter((c) => c.type === "Ready");
  const info = pick(st.nodeInfo, ["kubeletVersion", "osImage", "kernelVersion", "containerRuntimeVersion"]);
  return {
    apiVersion: n.apiVersion,
    kind: n.kind,
    metadata: pick(n.metadata, [
      "name",
      "uid",
      "creationTimestamp",
      "deletionTimestamp",
      "labels",
    ]) as KObject["metadata"],
    spec: pick(n.spec, ["unschedulable", "taints"]) ?? {},
    status: {
      ...pick(st, ["allocatable", "addresses"]),
      ...(ready ? { conditions: ready.map((c) => pick(c, ["type", "status"])) } : {}),
      ...(info ? { nodeInfo: info } : {}),
    },
  };
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
  nodes: { shards: 1, project: nodeSummary },
  // The objects every pod's coming and going rewrites one of (its Deployment's and
  // ReplicaSet's status, its Service's Endpoints and EndpointSlice, the Service's proxy
  // rules below) are 1-4 KB each: at 128 a shard, a 10,000-Service cluster's shards were
  // 120-300 KB, and replacing one deleted pod read and rewrote 1.9 MB of them.
  deployments: { shards: 1, perShard: 32 },
  replicasets: { shards: 1, perShard: 32 },
  services: { shards: 1, perShard: 32 },
  endpoints: { shards: 1, perShard: 32 },
  endpointslices: { shards: 1, perShard: 32 },
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
  // keys each load was computed from, read only for a node whose pods changed. A node's
  // keys are 4 KB at 100 pods, so a shard holds 8 nodes' (some 30 KB, as an index shard):
  // at 32 a shard, scaling a Deployment by 5 on a 1,000-node cluster rewrote 1 MB of them.
  "scheduler-nodeloads": { shards: 1, records: true, perShard: 256 },
  "scheduler-nodekeys": { shards: 1, records: true, perShard: 8 },
  // The nodes as the scheduler reads them (controllers/scheduler/nodeview.ts), and every
  // node's load in one row each (nodeloads.ts): one record each.
  "scheduler-nodeview": { shards: 1, records: true },
  "scheduler-loadtable": { shards: 1, records: true },
  // The images each node holds (kubelet/nodeimages.ts), by node name.
  nodeimages: { shards: 1, records: true, perShard: 64 },
  // kube-proxy's rules kept per Service (cluster/proxy-rules.ts), by Service key.
  "proxy-rules": { shards: 1, records: true, perShard: 32 },
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
