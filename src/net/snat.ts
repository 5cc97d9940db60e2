// The source address a connection's destination sees, as the kernel makes it. kube-proxy only
// marks a packet (KUBE-MARK-MASQ); the MASQUERADE in KUBE-POSTROUTING then takes the primary
// address of the interface the packet leaves by. On a kind node (kindnet's ptp plugin) that is
// the node's eth0 address (172.18.0.x) toward another node, and the host side of the pod's
// veth, which holds the pod CIDR's gateway (10.244.N.1 with kind's default podSubnet), toward
// a pod on the same node. The node's own traffic to a local pod leaves by that veth too, so
// even unNATed it comes from the gateway (kubelet's probes do). Pure functions over the address
// plan: unit-tested alone.
import { podGateway } from "../util/subnets.js";

/** A node's addresses as the routing decision needs them. */
export interface NodeAddrs {
  name: string;
  ip: string;
  podCIDR: string;
}

/** Who masqueraded the connection and the rule that marked it. */
export interface Masquerade {
  node: string;
  /** The rule that jumped to KUBE-MARK-MASQ (or portmap's hairpin mark when undefined). */
  by?: { chain: string; comment: string };
  /** The chain that MASQUERADEs when not iptables mode's KUBE-POSTROUTING (nftables: masquerading). */
  postrouting?: string;
}

/** The MASQUERADE step as a fact for the trace: on which node, to which address, and why. */
export interface SnatHop {
  kind: "snat";
  node: string;
  from: string;
  to: string;
  /** The interface the packet leaves by: the pod's veth (gateway address) or eth0. */
  device: "veth" | "eth0";
  by?: { chain: string; comment: string };
  /** nftables mode's masquerading chain; KUBE-POSTROUTING when absent. */
  postrouting?: string;
}

/** Where the connection is delivered: a pod on `node`, or the node itself. */
export interface Delivery {
  node: string;
  pod: boolean;
}

/** The gateway of a node's pod CIDR, "10.244.1.0/24" -> "10.244.1.1": the host side of every veth. */
export function gatewayOf(podCIDR: string): string {
  return podGateway(podCIDR);
}

/**
 * The source the destination sees. `nodeNamed`: a node by name; `srcIP`: the client's own address; `originNode`: the node
 * whose network namespace the connection starts in (a node shell or a host-network pod);
 * `masq`: the node whose KUBE-POSTROUTING masqueraded it, if any.
 */
export function seenSource(
  nodeNamed: (name: string) => NodeAddrs | undefined,
  srcIP: string,
  to: Delivery,
  masq?: Masquerade,
  originNode?: string,
): { ip: string; hop?: SnatHop } {
  if (masq) {
    const n = nodeNamed(masq.node);
    // Delivered to the masquerading node itself: INPUT, not POSTROUTING, so no SNAT happens.
    if (n && !(to.node === n.name && !to.pod)) {
      const local = to.node === n.name;
      const ip = local ? gatewayOf(n.podCIDR) : n.ip;
      // A MASQUERADE to the address the packet already has changes nothing: no step to show.
      if (ip === srcIP) return { ip };
      const by = {
        ...(masq.by ? { by: masq.by } : {}),
        ...(masq.postrouting ? { postrouting: masq.postrouting } : {}),
      };
      return {
        ip,
        hop: { kind: "snat", node: n.name, from: srcIP, to: ip, device: local ? "veth" : "eth0", ...by },
      };
    }
  }
  if (originNode && to.pod && to.node === originNode) {
    const n = nodeNamed(originNode);
    // The route to a local pod is its veth: source address selection picks the gateway.
    if (n && srcIP === n.ip) return { ip: gatewayOf(n.podCIDR) };
  }
  return { ip: srcIP };
}
