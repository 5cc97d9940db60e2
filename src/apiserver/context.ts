// What the write path (admission, allocation, deletion) is handed instead of the whole
// cluster: the API server, the random source (generated names, ClusterIPs, nodePorts) and
// the simulated moment. A loaded cluster has all three under the same names and is passed
// as it is.

import type { Rng } from "../util/rng.js";
import type { ApiServer } from "./server.js";

export interface AdmissionContext {
  readonly api: ApiServer;
  readonly rng: Rng;
  /** The simulated moment (ms) being processed. */
  readonly t: number;
}
