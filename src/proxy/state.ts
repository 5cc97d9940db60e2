// kube-proxy's section of the persisted cluster state: the `recent` match lists that
// ClientIP session affinity keeps per node (xt_recent), so stickiness outlives a command.
import type { ConntrackState } from "./conntrack.js";
import type { AffinityEntry } from "./types.js";

/** The conntrack log rides along: the nodes' netfilter state, beside the rules kube-proxy writes. */
export interface ProxyState extends ConntrackState {
  /** node -> "service port\tclient ip" -> where that client was last sent. */
  affinity?: Record<string, Record<string, AffinityEntry>>;
  /**
   * The rules kept per Service (cluster/proxy-rules.ts): the endpoints they count in all
   * (kube-proxy's large-cluster threshold is on that sum), and the resourceVersion they were
   * brought up to: a state written since by anything that did not keep them is not trusted.
   */
  proxyRules?: { endpoints: number; rv: number };
}
