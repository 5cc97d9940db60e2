// The controllers' section of the persisted cluster state: their timers and the load
// balancers being provisioned. The settings and resourceVersion they read belong to
// others and are declared here only as far as the controllers read them.
import type { Taint } from "kubernetes-types/core/v1";

export interface ControllerState {
  /** LoadBalancer Services waiting for an address: key -> cluster time it is due. */
  lbPending?: Record<string, number>;
  /** Controllers' timers ("controller\tkey" -> cluster time), see timers.ts. */
  controllerTimers?: Record<string, number>;
  /** Pods the taint-eviction controller will delete (uid -> cluster time), see tainteviction.ts. */
  taintEvictions?: Record<string, number>;
  /** Pods bound to a node that is missing (key -> cluster time first seen), see podgc.ts. */
  podGcOrphans?: Record<string, number>;
  /** The NoExecute taints of the nodes that have some (node name -> taints), see tainteviction.ts. */
  noExecuteTaints?: Record<string, Taint[]>;
  /** Each HPA's recent recommendations and rescales (uid -> history), see hpa/controller.ts. */
  hpaHistory?: Record<string, HpaHistory>;
  /** MetalLB's memory (metallb.ts): each Service's last allocation failure and announcing node. */
  metallb?: { failed?: Record<string, string>; announced?: Record<string, string> };
  /** Where the scheduler's next search of a large cluster's nodes starts (nextStartNodeIndex). */
  schedulerNextStart?: number;
  /** What is left in each terminating namespace (typed keys), see namespace.ts. */
  namespaceCleanup?: Record<string, string[]>;
}

/** What an HPA controller keeps in memory between syncs: recommendations and scale events. */
export interface HpaHistory {
  recommendations: { replicas: number; at: number }[];
  up: { change: number; at: number }[];
  down: { change: number; at: number }[];
}

/** What controllers read of the cluster's settings: whether a LoadBalancer implementation runs, the delay multiplier. */
export interface ControllerSettings {
  readonly loadBalancer: boolean;
  readonly timeScale: number;
}
