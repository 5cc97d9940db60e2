// One curl from a vantage point, as kubesim runs it, with the trace of what it did: the shared
// core of `kubesim trace`, `explain service` and the lab checker's curl steps.
import type { Cluster } from "../cluster/cluster.js";
import type { Rng } from "../util/rng.js";
import { clientNet } from "./clientnet.js";
import { type ClientResult, curl } from "./clients/index.js";
import type { Vantage } from "./connect.js";
import type { Network } from "./network.js";
import { collectTrace, curlTarget, type Trace } from "./trace.js";

export interface TracedCurl {
  result: ClientResult;
  /** Its effects (`network.effects()`) are not committed: the callers only look. */
  network: Network;
  /** Undefined when curl's arguments name no URL it could reach for. */
  trace?: Trace;
}

/**
 * Leaves no trace in the cluster. `rng`: the random source of a series of such requests, so
 * that each continues the previous one's draws (a check's steps, explain's attempts).
 */
export function tracedCurl(c: Cluster, from: Vantage, argv: string[], rng?: Rng): TracedCurl {
  const { net, network, version } = clientNet(c, from, rng);
  const result = curl(argv, net, { version });
  const target = curlTarget(argv);
  return { result, network, trace: target ? collectTrace(network, target) : undefined };
}
