// What a controller is handed instead of the whole cluster: the API server, the simulated
// clock, the event recorder, the random source (for generated names and the scheduler's
// tie-breaks) and the controllers' own section of the persisted state. The cluster builds
// one per loaded cluster and keeps it, so per-cluster caches can be keyed on it.
import type { ApiServer } from "../apiserver/server.js";
import type { Rng } from "../util/rng.js";
import type { ControllerSettings, ControllerState } from "./state.js";

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
 * The controllers' own section of the persisted state (state.ts), the settings they read
 * and the resourceVersion counter a pass compares to tell whether it wrote anything.
 */
export type ControllerView = ControllerState & {
  readonly settings: ControllerSettings;
  readonly resourceVersion: number;
};

export interface ControllerContext {
  readonly api: ApiServer;
  readonly clock: SimClock;
  readonly recorder: EventRecorder;
  readonly rng: Rng;
  readonly state: ControllerView;
}
