// What one connection attempt is asked from and what it comes to (connect.ts decides it).
import type { KObject } from "../api/types.js";
import type { Effect } from "../cluster/effects.js";
import type { Listener } from "../images/types.js";
import type { Hop } from "./hops.js";

export type Vantage =
  | { kind: "node"; node: string }
  | { kind: "pod"; pod: KObject; container: string }
  | { kind: "outside" };

/** Where a connection ended up: a container's (or a host-network) process. */
export interface Endpoint {
  pod?: KObject;
  container?: string;
  node: string;
  ip: string;
  port: number;
  listener: Listener;
  gateway?: { namespace: string; name: string }; // a Gateway's Envoy accepted it
}

export type Outcome =
  | { kind: "ok"; endpoint: Endpoint }
  | { kind: "refused"; elapsedMs: number }
  | { kind: "timeout" }
  | { kind: "no-route"; elapsedMs: number };

export interface ConnectResult {
  srcIP: string;
  /** The source the destination sees: srcIP after any MASQUERADE and source address selection. */
  peerIP: string;
  outcome: Outcome;
  hops: Hop[];
  /** The random draws and affinity entries the attempt made: the cluster's only if committed. */
  effects: Effect[];
}
