// The steps one connection takes through the data plane, as facts: which component decided,
// on what, and how. diagnose.ts reasons over these fields; only the trace printer
// (src/printers/trace-hops.ts) turns them into words.
import type { KObject } from "../api/types.js";
import type { Flow, NetpolVerdict, PolicyRef, Protocol } from "../cni/netpol.js";
import type { SnatHop } from "./snat.js";

export type { SnatHop } from "./snat.js";

/** An object by namespace and name, as a hop names it. */
export interface ObjectRef {
  namespace: string;
  name: string;
}

/** A stored namespaced object's reference: such objects in the store always have both. */
export function refOf(o: KObject): ObjectRef {
  return { namespace: o.metadata.namespace ?? "", name: o.metadata.name ?? "" };
}

/** One statistic rule's draw: the random number against the rule's probability. */
export interface Draw {
  p: number;
  x: number;
}

/**
 * In ipvs and nftables modes, what the kernel consulted for the same decision: the IPVS
 * virtual server (rr scheduler), or the nft chains of the ip kube-proxy table.
 */
export type ProxyVia =
  | { mode: "ipvs"; protocol: Protocol; ip: string; port: number; scheduler: "rr" }
  | { mode: "nftables"; chains: string[] };

/** kube-proxy's decision on one node: the chains the packet entered and what they did. */
export type ProxyHop = {
  kind: "kube-proxy";
  node: string;
  /** The iptables-mode chain path (kube-proxy's Service logic is the same in every mode). */
  chain: string[];
  /** The statistic rules' draws, in order: how the endpoint was picked. */
  draws: Draw[];
  /** Absent in iptables mode. */
  via?: ProxyVia;
} & (
  | { verdict: "dnat"; to: { ip: string; port: number } }
  | { verdict: "reject" }
  | { verdict: "drop"; reason: "no-local-endpoints" | "load-balancer-source-ranges" | "firewall" }
);

/**
 * The CNI portmap plugin's DNAT on the node that owns the address (after kube-proxy found no
 * rule): a pod's hostPort to its pod IP and containerPort.
 */
export interface PortmapHop {
  kind: "portmap";
  node: string;
  /** CNI-HOSTPORT-DNAT, then the pod sandbox's CNI-DN-<hash> chain. */
  chain: string[];
  hostPort: number;
  pod: ObjectRef;
  container: string;
  to: { ip: string; port: number };
}

/** Where routing took the packet after kube-proxy, or why it could not. */
export type RouteHop = { kind: "route"; dst: string } & (
  | { to: "pod"; pod: ObjectRef; node: string; podCIDR: string | undefined }
  /** An address in a node's pod CIDR that no pod holds (ARP fails), or in no node's. */
  | { to: "no-pod"; owner?: { node: string; podCIDR: string } }
  /** A Service IP no kube-proxy rule matched at this port. */
  | {
      to: "service-ip";
      port: number;
      /**
       * ipvs and nftables modes refuse a port no Service has on an allocated address: ipvs
       * mode's KUBE-IPVS-FILTER (the address is on kube-ipvs0), nftables mode's
       * cluster-ips-check. iptables mode has no rule for it: the packet goes nowhere.
       */
      rejectedBy?: { mode: "ipvs" | "nftables"; chain: string };
    }
  /** Outside every network kubesim models. */
  | { to: "nowhere" }
  /** From outside the cluster, only node and load-balancer addresses lead in. */
  | { to: "not-from-outside" }
  /** A MetalLB address no speaker announces: nothing answers ARP for it. */
  | { to: "unannounced"; service: ObjectRef }
);

/** A NetworkPolicy verdict on the flow (recorded only where some policy exists). */
export type PolicyHop =
  | { kind: "policy"; allowed: true; allowedBy: PolicyRef[] }
  | { kind: "policy"; allowed: false; verdict: NetpolVerdict; flow: Flow };

export type Hop =
  /** The connection stays in the network namespace: the pod's own, or the node's. */
  | { kind: "loopback"; in: "pod"; pod: string }
  | { kind: "loopback"; in: "node"; node: string }
  /** From outside, a load-balancer address hands the connection to one node. */
  | { kind: "load-balancer"; ip: string; service: ObjectRef; node: string; l2?: "metallb" }
  /** A Gateway's address: its Envoy container, listening on the port or not. */
  | { kind: "gateway"; ip: string; gateway: ObjectRef; port: number; listening: boolean }
  /** From outside, a port kind's extraPortMappings publish on the host leads to a node's port. */
  | {
      kind: "host-port-mapping";
      listen: string;
      hostPort: number;
      protocol: Protocol;
      node: string;
      to: { ip: string; port: number };
    }
  | ProxyHop
  | PortmapHop
  | RouteHop
  | PolicyHop
  /** KUBE-POSTROUTING's MASQUERADE: the source rewritten to the egress interface's address. */
  | SnatHop
  /** A container of a pod accepts the connection. */
  | { kind: "listener"; pod: ObjectRef; container: string; port: number }
  /** A host-network pod's container accepts it on its node's address. */
  | { kind: "host-listener"; pod: string; container: string; node: string; port: number }
  /** One of the node's own daemons (kubelet, kube-apiserver, etcd, kube-proxy's healthz). */
  | { kind: "daemon"; name: string; node: string; port: number }
  /** Nothing listens: the kernel answers with a reset. */
  | { kind: "refused"; at: "pod"; pod: string; protocol: Protocol; port: number }
  | { kind: "refused"; at: "node"; node: string; port: number };
