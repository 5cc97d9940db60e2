// What the kubelet is handed instead of the whole cluster: the API server, the simulated
// moment and delay multiplier, the random source (container IDs, pull and stop jitter) and
// the kubelet's own section of the persisted state: its pod plans, container runtimes,
// pulled images, per-node IPAM and pod IP index. A loaded cluster has all of these under
// the same names, so it is passed as it is and these stay live reads of it.
import type { ApiServer } from "../apiserver/server.js";
import type { ApiServerState } from "../apiserver/state.js";
import type { IpamState } from "../cni/ipam.js";
import type { Rng } from "../util/rng.js";
import type { KubeletState } from "./state.js";

/** The kubelet's own section (state.ts), the per-node IPAM it allocates from and the Service creation order it reads. */
export type KubeletView = KubeletState & IpamState & Pick<ApiServerState, "serviceSeq" | "resourceVersion">;

/** Records Events about pods, as the kubelet's EventRecorder. */
export type EventRecorder = Pick<ApiServer, "recordEvent">;

export interface KubeletContext {
  readonly api: ApiServer;
  readonly recorder: EventRecorder;
  readonly rng: Rng;
  /** The simulated moment (ms) being processed. */
  readonly t: number;
  /**
   * The moment the current advance runs up to (the command's now), when one is running: a
   * probe whose result cannot change before then is not repeated at every period on the way.
   */
  readonly until?: number;
  /** Delay multiplier: pulls, grace periods, probe periods; 0 makes the cluster instant. */
  readonly timeScale: number;
  readonly state: KubeletView;
}
