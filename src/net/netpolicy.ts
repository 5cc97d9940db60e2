// The data plane's NetworkPolicy gate: turns a vantage point and the pod a connection
// reaches (after kube-proxy's DNAT and routing) into a flow for src/cni/netpol.ts, with the
// source address the policy engine really sees (a masqueraded packet comes from a node).
// Policies and namespaces are read once per DataPlane, i.e. once per command.

import type { KObject } from "../api/types.js";
import { byKind } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { evaluateFlow, type Flow, type NetpolWorld, type Peer } from "../cni/netpol.js";
import type { Protocol } from "../proxy/index.js";
import type { Vantage } from "./connect.js";
import type { PolicyHop } from "./hops.js";
import { OUTSIDE_IP, type Topology } from "./topology.js";

/** Whether the flow passes, and the hop that records the policies' say (none without a policy). */
export interface GateVerdict {
  allowed: boolean;
  hop?: PolicyHop;
}

export class PolicyGate {
  private world?: NetpolWorld;

  constructor(
    private readonly c: Cluster,
    private readonly topo: Topology,
  ) {}

  private load(): NetpolWorld {
    this.world ??= {
      policies: this.c.api.list(byKind("NetworkPolicy")),
      namespaces: this.c.api.list(byKind("Namespace")),
    };
    return this.world;
  }

  /** Whether any policy exists at all: without one, nothing is evaluated or recorded. */
  get active(): boolean {
    return this.load().policies.length > 0;
  }

  private nodePeer(name: string): Peer {
    return { kind: "node", node: name, ip: this.topo.node(name)?.ip ?? "" };
  }

  /** The source as the destination sees it; `snatNode` is the node that masqueraded it. */
  sourcePeer(from: Vantage, snatNode?: string): Peer {
    if (snatNode) return this.nodePeer(snatNode);
    if (from.kind === "outside") return { kind: "external", ip: OUTSIDE_IP };
    if (from.kind === "node") return this.nodePeer(from.node);
    if (from.pod.spec.hostNetwork) return this.nodePeer(from.pod.spec.nodeName);
    return { kind: "pod", pod: from.pod };
  }

  /** Egress of the source pod and ingress of `dst`, for a new connection to dst:port. */
  check(
    from: Vantage,
    snatNode: string | undefined,
    dst: KObject,
    port: number,
    protocol: Protocol,
  ): GateVerdict {
    if (!this.active) return { allowed: true };
    const src = this.sourcePeer(from, snatNode);
    // Egress is the source pod's even when its packet was masqueraded on the way.
    const egressSrc: Peer =
      from.kind === "pod" && !from.pod.spec.hostNetwork ? { kind: "pod", pod: from.pod } : src;
    const flow = (s: Peer): Flow => ({ src: s, dst: { kind: "pod", pod: dst }, port, protocol });
    const egress = evaluateFlow(this.load(), flow(egressSrc)).egress;
    const ingressVerdict = evaluateFlow(this.load(), flow(src));
    const verdict = { ...ingressVerdict, egress, allowed: egress.allowed && ingressVerdict.ingress.allowed };
    if (!verdict.allowed)
      return { allowed: false, hop: { kind: "policy", allowed: false, verdict, flow: flow(src) } };
    const allowedBy = [...verdict.egress.allowedBy, ...verdict.ingress.allowedBy];
    return { allowed: true, hop: { kind: "policy", allowed: true, allowedBy } };
  }

  /**
   * Egress of a pod to a node's address (a nodePort, the API server behind the kubernetes
   * Service, a host-network pod). Only the source pod's policies apply: nodes take no
   * NetworkPolicy, and the pod's own node is always reachable.
   */
  checkToNode(from: Vantage, node: string, port: number, protocol: Protocol): GateVerdict {
    if (!this.active || from.kind !== "pod" || from.pod.spec.hostNetwork) return { allowed: true };
    const flow: Flow = { src: { kind: "pod", pod: from.pod }, dst: this.nodePeer(node), port, protocol };
    const verdict = evaluateFlow(this.load(), flow);
    if (!verdict.egress.allowed) {
      // A node is never isolated for ingress: only the egress side can be what denied it.
      const egressOnly = { ...verdict, ingress: { ...verdict.ingress, allowed: true } };
      return { allowed: false, hop: { kind: "policy", allowed: false, verdict: egressOnly, flow } };
    }
    // Without an isolating policy the flow to a node is not worth a hop.
    const allowedBy = verdict.egress.allowedBy;
    return allowedBy.length
      ? { allowed: true, hop: { kind: "policy", allowed: true, allowedBy } }
      : { allowed: true };
  }

  /**
   * Whether a pod's queries reach CoreDNS: egress to the kube-dns pods on UDP 53, and their
   * ingress. A policy that drops them leaves every lookup to time out.
   */
  dnsReachable(from: Vantage): boolean {
    if (from.kind !== "pod" || from.pod.spec.hostNetwork || !this.active) return true;
    const coredns = this.c.api
      .list(byKind("Pod"), "kube-system")
      .filter((p) => p.metadata.labels?.["k8s-app"] === "kube-dns" && p.status?.podIP);
    return coredns.some((p) => this.check(from, undefined, p, 53, "UDP").allowed);
  }
}
