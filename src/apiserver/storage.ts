// How the apiserver lays its resource types out in the store: pods and events, the types
// that grow with a cluster, are sharded; pods also keep a summary (the fields tables,
// selectors and controllers scan), so listing 5,000 pods reads one small file instead of
// every pod in full. Events are sharded by the object they are about, so one object's
// events (describe, folding repeats) live in one shard.

import type { ContainerStatus, PodSpec, PodStatus } from "kubernetes-types/core/v1";
import type { KObject, Node, Pod } from "../api/types.js";
import type { BucketConfig } from "../store/objects.js";
import { eventExpiresAt } from "./eventttl.js";
import { INDEX_BUCKETS } from "./indexes.js";

function pick<T extends object, K extends keyof T>(
  o: T | undefined,
  keys: K[],
): Partial<Pick<T, K>> | undefined {
  if (!o) return undefined;
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function containerStatusSummary(s: ContainerStatus) {
  const lt = s.lastState?.terminated;
  return {
    ...pick(s, ["name", "ready", "restartCount", "state"]),
    lastState: lt ? { terminated: pick(lt, ["finishedAt", "exitCode", "reason"]) } : {},
  };
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
  // Conditions matter to tables only as Ready and the readiness gates.
  const wanted = new Set(["Ready", ...(spec.readinessGates ?? []).map((g) => g.conditionType)]);
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    metadata: {
      ...pick(m, [
        "name",
        "namespace",
        "uid",
        "creationTimestamp",
        "deletionTimestamp",
        "labels",
        "finalizers",
      ]),
      ...(m.ownerReferences
        ? { ownerReferences: m.ownerReferences.map((o) => pick(o, ["kind", "name", "uid", "controller"])) }
        : {}),
    } as KObject["metadata"],
    spec: {
      ...pick(spec, [
        "nodeName",
        "hostNetwork",
        "hostname",
        "subdomain",
        "readinessGates",
        "schedulingGates",
        // Inter-pod (anti-)affinity terms of the pods already placed; the scheduler counts their
        // requests below. The pod being placed and a pod to evict are read whole.
        "affinity",
      ]),
      containers: (spec.containers ?? []).map((c) => pick(c, ["name", "ports", "resources"])),
      ...(spec.initContainers
        ? { initContainers: spec.initContainers.map((c) => pick(c, ["name", "restartPolicy", "resources"])) }
        : {}),
      // The kubelet starts ephemeral containers it has no status for (kubelet/ephemeral.ts).
      ...(spec.ephemeralContainers
        ? { ephemeralContainers: spec.ephemeralContainers.map((c) => pick(c, ["name"])) }
        : {}),
    },
    status: {
      ...pick(st, ["phase", "reason", "podIP", "startTime", "nominatedNodeName"]),
      ...(st.conditions
        ? {
            conditions: st.conditions
              .filter((c) => wanted.has(c.type))
              .map((c) => pick(c, ["type", "status"])),
          }
        : {}),
      ...(st.containerStatuses
        ? { containerStatuses: st.containerStatuses.map(containerStatusSummary) }
        : {}),
      ...(st.initContainerStatuses
        ? { initContainerStatuses: st.initContainerStatuses.map(containerStatusSummary) }
        : {}),
      ...(st.ephemeralContainerStatuses
        ? { ephemeralContainerStatuses: st.ephemeralContainerStatuses.map(containerStatusSummary) }
        : {}),
    },
  };
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
