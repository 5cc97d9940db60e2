// The persisted shape of one cluster: everything a later command needs to continue the
// simulation exactly where the last one left it.

import type { PodSim } from "../kubelet/timeline.js";
import type { ClockState } from "../util/clock.js";
import type { RngState } from "../util/rng.js";
import type { Catalog } from "./objects.js";

/** Bumped whenever the layout changes incompatibly; an older state is refused with a clear message. */
export const SCHEMA_VERSION = 1;

export interface ClusterSettings {
  nodes: number;
  /** Multiplies every simulated delay (image pulls, grace periods); 0 makes the cluster instant. */
  timeScale: number;
  /** Whether a LoadBalancer implementation (cloud-provider-kind/MetalLB-like) runs. */
  loadBalancer: boolean;
}

export interface ClusterState extends RngState {
  schemaVersion: number;
  name: string;
  seed: number;
  createdAt: number;
  clock: ClockState;
  settings: ClusterSettings;
  resourceVersion: number;
  /** The object files that make up this state, per resource type (see objects.ts). */
  catalog: Catalog;
  /** Counts commits; new files carry it in their names. */
  generation: number;
  /** Files superseded by a commit, removed once no reader can still be using them. */
  garbage: { file: string; at: number }[];
  /** host-local IPAM: the last address handed out per node, so IPs are not reused until the range wraps. */
  ipam: Record<string, { cidr: string; last: number }>;
  /** Canonical image references each node has pulled. */
  images: Record<string, string[]>;
  /** Per container (pod uid/name): files, installed packages and log lines (kubelet/runtime.ts). */
  runtime: Record<string, import("../kubelet/runtime.js").ContainerState>;
  /** Pod IP -> "namespace/name", kept by the kubelet so the data plane finds a pod without a scan. */
  podIPs?: Record<string, string>;
  /**
   * The pods that last held addresses now free (ip -> who and when, the latest 256), so a
   * trace to an old IP can name the pod that had it and the one that replaced it.
   */
  formerPodIPs?: Record<string, { pod: string; owner?: string; gone: number }>;
  /** LoadBalancer Services waiting for an address: key -> cluster time it is due. */
  lbPending?: Record<string, number>;
  /** Controllers' timers ("controller\tkey" -> cluster time), see controllers/timers.ts. */
  controllerTimers?: Record<string, number>;
  /** Creation order of Services (uid -> n), so a container knows which existed when it started. */
  serviceSeq?: { last: number; byUid: Record<string, number> };
  /** kube-proxy's ClientIP affinity lists per node (xt_recent), so stickiness outlives a command. */
  affinity?: Record<string, Record<string, { ip: string; port: number; at: number }>>;
  /** The kubelet's plan for each pod on a node, keyed by pod uid. */
  pods: Record<string, PodSim>;
  /** The cluster time of the earliest pending transition, or null when the cluster is settled. */
  nextWake: number | null;
}
