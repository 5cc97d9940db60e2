// The public shapes of the kube-proxy module: what it is given, the tables it writes, and
// the decision those tables make for one new connection.
import type { EndpointSlice, Service } from "../api/types.js";

export interface ProxyInput {
  /** The node whose rules these are. */
  node: { name: string; ip: string };
  /** The cluster's podSubnet (kind's default 10.244.0.0/16): kube-proxy's local-traffic detector (ClusterCIDR mode). */
  clusterCIDR: string;
  /** All Services (all namespaces). */
  services: Service[];
  /** All EndpointSlices. */
  endpointSlices: EndpointSlice[];
  /** LoadBalancer ingress IPs come from svc.status.loadBalancer.ingress. */
  lbIngress?: never;
}

/** One iptables table: chain declarations and `-A` rules; spec is the text after "-A CHAIN ". */
export interface IptablesTable {
  /** Built-in chains carry their policy ("ACCEPT"); user chains have none. */
  chains: { name: string; policy?: string }[];
  rules: { chain: string; spec: string }[];
}

/** What the node knows that the rule text leaves implicit; evaluate() needs it. */
export interface NodeMeta {
  /** This node's own addresses: what `-m addrtype --src-type/--dst-type LOCAL` matches. */
  localIPs: string[];
  /** Endpoint "ip:port" to where it runs, so a verdict can name the pod. */
  endpoints: Record<string, { nodeName?: string; podName?: string }>;
}

export interface NatTable extends IptablesTable {
  /** The filter table compiled with it: REJECT and DROP verdicts come from there. */
  filter?: FilterTable;
  meta?: NodeMeta;
}

export type FilterTable = IptablesTable;

/** Everything compile() produces for one node. */
export interface CompiledRules {
  nat: NatTable;
  filter: FilterTable;
  meta: NodeMeta;
}

export type Protocol = "TCP" | "UDP" | "SCTP";

export interface Connection {
  srcIP: string;
  dstIP: string;
  dstPort: number;
  protocol: Protocol;
  /** The connection originates on this node (OUTPUT chain), not in a pod or elsewhere (PREROUTING). */
  fromLocalNode: boolean;
}

export interface AffinityEntry {
  ip: string;
  port: number;
  /** When the client was last sent there (ms, the caller's clock). */
  at: number;
}

/**
 * ClientIP session-affinity memory: xt_recent's lists, keyed by `<KUBE-SEP chain>|<client IP>`.
 * The caller keeps one per node, as the kernel keeps one per network namespace.
 */
export type AffinityMemory = Map<string, AffinityEntry>;

/** The data-plane decision the rules make for one new connection. */
export type ProxyVerdict =
  | {
      kind: "dnat";
      ip: string;
      port: number;
      /** User chains traversed to the DNAT, e.g. ["KUBE-SERVICES","KUBE-SVC-X","KUBE-SEP-Y"]. */
      chain: string[];
      /** Source NATed to the node on the way out (KUBE-MARK-MASQ was hit). */
      masquerade: boolean;
      /** The rule whose KUBE-MARK-MASQ jump marked the packet, with its comment: why it is masqueraded. */
      masqueradeBy?: { chain: string; comment: string };
      endpoint: { ip: string; port: number; nodeName?: string; podName?: string };
    }
  | { kind: "reject"; chain: string[]; reason: "no-endpoints" }
  | {
      kind: "drop";
      chain: string[];
      /**
       * no-local-endpoints: a Local traffic policy with nothing on this node;
       * load-balancer-source-ranges: the client is outside spec.loadBalancerSourceRanges;
       * firewall: another DROP (kubelet's localnet guard).
       */
      reason: "no-local-endpoints" | "load-balancer-source-ranges" | "firewall";
    }
  | { kind: "none" };
