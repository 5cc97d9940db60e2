// The persisted shape of one cluster: everything a later command needs to continue the
// simulation exactly where the last one left it. Each component declares its own section
// beside its code; this file only puts them together, with what belongs to the cluster
// as a whole (its settings, clock, random source and next wake-up).
import type { ApiServerState } from "../apiserver/state.js";
import type { IpamState } from "../cni/ipam.js";
import type { ControllerState } from "../controllers/state.js";
import type { KubeletState } from "../kubelet/state.js";
import type { ProxyState } from "../proxy/state.js";
import type { StoreState } from "../store/state.js";
import type { ClockState } from "../util/clock.js";
import type { RngState } from "../util/rng.js";
import type { KindSettings } from "./kindplan.js";

export interface ClusterSettings {
  nodes: number;
  /** Multiplies every simulated delay (image pulls, grace periods); 0 makes the cluster instant. */
  timeScale: number;
  /** Whether a LoadBalancer implementation (cloud-provider-kind/MetalLB-like) runs. */
  loadBalancer: boolean;
  /** Set when the cluster was made from a kind config (`cluster create --config`). */
  kind?: KindSettings;
}

export interface ClusterState
  extends StoreState,
    RngState,
    ApiServerState,
    IpamState,
    ControllerState,
    KubeletState,
    ProxyState {
  seed: number;
  createdAt: number;
  clock: ClockState;
  settings: ClusterSettings;
  /** The cluster time of the earliest pending transition, or null when the cluster is settled. */
  nextWake: number | null;
  /**
   * The earliest pending transition the API shows (nextWake without processes waking from a
   * sleep): a watch on a frozen clock steps from one of these to the next.
   */
  nextEventWake?: number | null;
}
