// One curl from a vantage point, as kubesim runs it, with the trace of what it did: the shared
// core of `kubesim trace`, `explain service` and the lab checker's curl steps.
import type { Cluster } from "../cluster/cluster.js";
import { clientNet } from "./clientnet.js";
import { type ClientResult, curl } from "./clients/index.js";
import type { Vantage } from "./connect.js";
import type { Network } from "./network.js";
import { collectTrace, curlTarget, type Trace } from "./trace.js";

export interface TracedCurl {
  result: ClientResult;
  network: Network;
  /** Undefined when curl's arguments name no URL it could reach for. */
  trace?: Trace;
}

/**
 * `record: false` leaves no trace in the cluster of the request itself (no session-affinity
 * entry), for checks that only look.
 */
export function tracedCurl(c: Cluster, from: Vantage, argv: string[], record = true): TracedCurl {
  const { net, network, version, finish } = clientNet(c, from);
  const result = curl(argv, net, { version });
  if (record) finish();
  const target = curlTarget(argv);
  return { result, network, trace: target ? collectTrace(network, target) : undefined };
}
