// kube-proxy's section of the persisted cluster state: the `recent` match lists that
// ClientIP session affinity keeps per node (xt_recent), so stickiness outlives a command.
import type { AffinityEntry } from "./types.js";

export interface ProxyState {
  /** node -> "service port\tclient ip" -> where that client was last sent. */
  affinity?: Record<string, Record<string, AffinityEntry>>;
}
