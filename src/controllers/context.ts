// What a controller is handed instead of the whole cluster: the API server, the simulated
// clock, the event recorder, the random source (for generated names and the scheduler's
// tie-breaks) and the controllers' own section of the persisted state. The cluster builds
// one per loaded cluster and keeps it, so per-cluster caches can be keyed on it.
import type { ApiServer } from "../apiserver/server.js";
import type { ClusterState } from "../store/state.js";
import type { Rng } from "../util/rng.js";

/** The simulated moment being processed and the delay multiplier for timed work. */
export interface SimClock {
  /** The simulated moment (ms) the cluster is processing. */
  now(): number;
  /** Delay multiplier: minReadySeconds, progress deadlines, load-balancer provisioning. */
  readonly timeScale: number;
}

/** Records Events about objects, as a controller's EventRecorder. */
export type EventRecorder = Pick<ApiServer, "recordEvent">;

/**
 * The persisted state the controllers own (their timers, the load balancers being
 * provisioned), the settings they read and the resourceVersion counter a pass compares to
 * tell whether it wrote anything.
 */
export type ControllerState = Pick<
  ClusterState,
  "controllerTimers" | "lbPending" | "settings" | "resourceVersion"
>;

export interface ControllerContext {
  readonly api: ApiServer;
  readonly clock: SimClock;
  readonly recorder: EventRecorder;
  readonly rng: Rng;
  readonly state: ControllerState;
}
