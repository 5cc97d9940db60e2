// What the kubelet is handed instead of the whole cluster: the API server, the simulated
// moment and delay multiplier, the random source (container IDs, pull and stop jitter) and
// the kubelet's own section of the persisted state: its pod plans, container runtimes,
// pulled images, per-node IPAM and pod IP index. A loaded cluster has all of these under
// the same names, so it is passed as it is and these stay live reads of it.
import type { ApiServer } from "../apiserver/server.js";
import type { ClusterState } from "../store/state.js";
import type { Rng } from "../util/rng.js";

/** The persisted state the kubelet owns, and the Service creation order it reads. */
export type KubeletState = Pick<
  ClusterState,
  "pods" | "runtime" | "images" | "ipam" | "podIPs" | "formerPodIPs" | "serviceSeq"
>;

export interface KubeletContext {
  readonly api: ApiServer;
  readonly rng: Rng;
  /** The simulated moment (ms) being processed. */
  readonly t: number;
  /** Delay multiplier: pulls, grace periods, probe periods; 0 makes the cluster instant. */
  readonly timeScale: number;
  readonly state: KubeletState;
}
