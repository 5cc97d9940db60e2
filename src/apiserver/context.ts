// What the write path (admission, allocation, deletion) is handed instead of the whole
// cluster: the API server, the random source (generated names, ClusterIPs, nodePorts) and
// the simulated moment. A loaded cluster has all three under the same names and is passed
// as it is.

import type { Pod } from "../api/types.js";
import type { Rng } from "../util/rng.js";
import type { ApiServer } from "./server.js";
import type { WebhookRequest } from "./webhooks.js";

export interface AdmissionContext {
  readonly api: ApiServer;
  readonly rng: Rng;
  /** The simulated moment (ms) being processed. */
  readonly t: number;
  /** Set by the cluster: what the pod behind a webhook Service answers (none: it admits). */
  readonly webhookBackend?: WebhookBackend;
}

/** What a webhook's backing pod answers (see webhooks.ts): nothing listens, or a denial. */
export interface WebhookAnswer {
  refused?: boolean;
  denied?: string;
}

/** The image models' side of a webhook call, handed down by the cluster (apiserver cannot import images). */
export type WebhookBackend = (
  c: AdmissionContext,
  call: { pod: Pod; port: number; path: string; hook: string; request: WebhookRequest },
) => WebhookAnswer;
