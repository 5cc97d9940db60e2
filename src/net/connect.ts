// One connection attempt from a vantage point (a node, a container, or outside the cluster)
// to an IP and port, as the real data plane decides it: loopback stays in the network
// namespace, kube-proxy's rules on the source node (or, from outside, the node addressed)
// may DNAT a Service address to an endpoint, routing follows the pod CIDRs, and at the end
// a process listens or the kernel refuses. Every step is recorded as a typed hop (hops.ts).

import { type Pod, podOf, type Service } from "../api/types.js";
import type { Cluster } from "../cluster/cluster.js";
import type { Effect } from "../cluster/effects.js";
import { hostPortMasquerades, matchHostPort } from "../cni/portmap.js";
import { type AffinityEntry, type CompiledRules, compile, evaluate, type Protocol } from "../proxy/index.js";
import type { Rng } from "../util/rng.js";
import { apiServerListener } from "./apiserver-door.js";
import type { ConnectResult, Outcome, Vantage } from "./connect-types.js";
import { gatewayEntry } from "./gateway/entry.js";
import { type Hop, refOf } from "./hops.js";
import { metallbEntry } from "./l2-entry.js";
import type { PolicyGate } from "./netpolicy.js";
import { systemListener } from "./node-daemons.js";
import { derivedFor } from "./plane-cache.js";
import { podListener } from "./pod-listeners.js";
import { healthyNodes, proxyHealthListener } from "./proxy-health.js";
import {
  modeMasq,
  proxyInput,
  proxyVia,
  serviceIPReject,
  servicesAt,
  servicesFor,
  slicesOf,
} from "./proxy-modes.js";
import { kubeProxyRuns, proxyMode, publishedPort } from "./published.js";
import { type Masquerade, seenSource } from "./snat.js";
import { type NodeAddr, OUTSIDE_IP, type Topology } from "./topology.js";

export type { ConnectResult, Endpoint, Outcome, Vantage } from "./connect-types.js";

/**
 * The data plane of one loaded cluster: rules are compiled once per node per command. It
 * draws from its own copy of the random source (by default a fork of the cluster's, or one
 * the caller shares across several uncommitted requests) and never writes the cluster state.
 */
export class DataPlane {
  readonly topo: Topology;
  /** NetworkPolicy enforcement, as a policy-capable CNI does it on the pod's veth. */
  readonly policy: PolicyGate;
  private readonly rules: Map<string, CompiledRules>;
  private readonly packets: Map<string, CompiledRules>;
  /** Nodes whose affinity list the current attempt changed. */
  private readonly touched = new Set<string>();

  constructor(
    readonly c: Cluster,
    readonly rng: Rng = c.rng.fork(),
  ) {
    const d = derivedFor(c);
    this.topo = d.topo;
    this.policy = d.policy;
    this.rules = d.rules;
    this.packets = d.packets;
  }

  /** The node's whole rule set, as iptables-save shows it. */
  rulesFor(node: string): CompiledRules {
    let r = this.rules.get(node);
    if (!r) {
      r = this.compileFor(node);
      this.rules.set(node, r);
    }
    return r;
  }

  /** `services` undefined: all of them, with every EndpointSlice read in one list. */
  private compileFor(node: string, services?: Service[]): CompiledRules {
    return compile(proxyInput(this, node, services));
  }

  /**
   * The rules that can match a packet to dst:port: those of the Services that own the address
   * (ClusterIP, external or load-balancer IP) or, on a node address, the port as a nodePort.
   * Other Services' rules never match it, so a connection need not compile 1,000 of them.
   */
  private rulesForPacket(node: string, dst: string, port: number): CompiledRules {
    const key = `${node}|${dst}|${port}`;
    let r = this.packets.get(key);
    if (!r) {
      r = this.compilePacket(node, dst, port);
      this.packets.set(key, r);
    }
    return r;
  }

  private compilePacket(node: string, dst: string, port: number): CompiledRules {
    return this.compileFor(node, servicesFor(this, dst, port));
  }

  /** A node of the cluster by name: vantages and entry nodes come from the node list. */
  private nodeAddr(name: string): NodeAddr {
    const n = this.topo.node(name);
    if (!n) throw new Error(`kubesim: there is no node ${name} in the topology`);
    return n;
  }

  sourceIP(from: Vantage): string {
    if (from.kind === "outside") return OUTSIDE_IP;
    if (from.kind === "node") return this.nodeAddr(from.node).ip;
    return from.pod.status?.podIP ?? "";
  }

  private sourceNode(from: Vantage): string | undefined {
    if (from.kind === "node") return from.node;
    if (from.kind === "pod") return from.pod.spec.nodeName;
    return undefined;
  }

  connect(from: Vantage, dstIP: string, port: number, protocol: Protocol = "TCP"): ConnectResult {
    const hops: Hop[] = [];
    // On the machine running kind, docker publishes the config's extraPortMappings.
    const to = publishedPort(from.kind, this.c.state.settings, this.topo, dstIP, port, protocol, hops);
    if (to) [dstIP, port] = [to.ip, to.port];
    const srcIP = this.sourceIP(from);
    const start = this.rng.position;
    this.touched.clear();
    this.peer = undefined;
    const done = (outcome: Outcome): ConnectResult => ({
      srcIP,
      peerIP: this.peer ?? srcIP,
      outcome,
      hops,
      effects: this.effects(start),
    });

    // Loopback never leaves the network namespace: a pod's containers share one.
    if (dstIP === "127.0.0.1" || dstIP === "::1") {
      if (from.kind === "pod" && !from.pod.spec.hostNetwork) {
        const pod = podOf(from.pod);
        hops.push({ kind: "loopback", in: "pod", pod: pod.metadata.name });
        return done(this.atPod(pod, "127.0.0.1", port, protocol, hops));
      }
      const node = this.sourceNode(from);
      if (!node) return done({ kind: "refused", elapsedMs: 0 });
      hops.push({ kind: "loopback", in: "node", node });
      // In iptables mode NodePorts answer on localhost too (kube-proxy sets route_localnet):
      // the rules see a local address. ipvs mode returns 127/8 early in KUBE-SERVICES and has
      // no virtual server there, nftables mode matches NodePorts only off 127/8: refused.
      const viaLocalhost = proxyMode(this.c.state.settings) === "iptables";
      const verdict = viaLocalhost
        ? this.proxy(node, srcIP, this.nodeAddr(node).ip, port, protocol, true, hops)
        : ({ kind: "none" } as const);
      if (verdict.kind === "refused" || verdict.kind === "timeout") return done(verdict);
      if (verdict.kind === "dnat")
        return done(this.routeTo(verdict.ip, verdict.port, protocol, hops, from, verdict.snat));
      const mapped = this.hostPort(node, "127.0.0.1", dstIP, port, protocol, hops);
      if (mapped) return done(this.routeTo(mapped.ip, mapped.port, protocol, hops, from, mapped.snat));
      // Over lo the kernel picks the loopback address itself as the source.
      this.peer = dstIP;
      return done(this.atNode(node, dstIP, port, protocol, hops, from));
    }

    // A Gateway's Envoy container (gateway/entry.ts), beside the nodes.
    const gw = gatewayEntry(this.c, this.topo, () => this.rng, from, dstIP, port, protocol, hops);
    if (gw) {
      this.peer = gw.peer;
      return done(gw.outcome);
    }
    // kube-proxy: on the source's node, or from outside on the node the packet arrives at.
    const entryNode =
      from.kind === "outside"
        ? (this.topo.nodeByIP(dstIP)?.name ?? this.loadBalancerEntry(dstIP, hops))
        : this.sourceNode(from);
    if (!entryNode) {
      // A MetalLB address nobody announces: ARP goes unanswered, as for a missing pod.
      if (hops.at(-1)?.kind === "route")
        return done({ kind: "no-route", elapsedMs: 3000 + this.rng.int(100) });
      if (from.kind === "outside") {
        hops.push({ kind: "route", dst: dstIP, to: "not-from-outside" });
        return done({ kind: "timeout" });
      }
      // A pod has a node once it is scheduled, and only running pods connect.
      throw new Error(`kubesim: a connection from a ${from.kind} without a node`);
    }
    const local = from.kind === "node" || !!(from.kind === "pod" && from.pod.spec.hostNetwork);
    let verdict = this.proxy(entryNode, srcIP, dstIP, port, protocol, local, hops);
    // A packet for another node's address is handled there, in that node's PREROUTING (NodePorts).
    const otherNode = this.topo.nodeByIP(dstIP);
    if (verdict.kind === "none" && otherNode && otherNode.name !== entryNode) {
      verdict = this.proxy(otherNode.name, srcIP, dstIP, port, protocol, false, hops);
    }
    if (verdict.kind === "refused" || verdict.kind === "timeout") return done(verdict);
    // No kube-proxy rule: on the node that owns the address, portmap's rules for hostPorts come next.
    if (verdict.kind === "none" && otherNode) {
      const mapped = this.hostPort(otherNode.name, srcIP, dstIP, port, protocol, hops);
      if (mapped) verdict = { kind: "dnat", ...mapped };
    }
    const dst = verdict.kind === "dnat" ? verdict.ip : dstIP;
    const dport = verdict.kind === "dnat" ? verdict.port : port;

    return done(
      this.routeTo(dst, dport, protocol, hops, from, verdict.kind === "dnat" ? verdict.snat : undefined),
    );
  }

  /**
   * The portmap plugin's CNI-HOSTPORT-DNAT on `node` for a packet to one of its addresses: a
   * pod's hostPort becomes its pod IP and containerPort (masqueraded by the node when the pod
   * reaches itself or the source is 127.0.0.1), recorded as a hop.
   */
  private hostPort(
    node: string,
    srcIP: string,
    dstIP: string,
    port: number,
    protocol: Protocol,
    hops: Hop[],
  ): { ip: string; port: number; snat?: Masquerade } | undefined {
    const m = matchHostPort(this.topo.podsOn(node), dstIP, port, protocol);
    if (!m) return undefined;
    hops.push({
      kind: "portmap",
      node,
      chain: ["CNI-HOSTPORT-DNAT", m.chain],
      hostPort: m.hostPort,
      pod: { namespace: m.namespace, name: m.pod },
      container: m.container,
      to: { ip: m.podIP, port: m.containerPort },
    });
    return {
      ip: m.podIP,
      port: m.containerPort,
      ...(hostPortMasquerades(m, srcIP) ? { snat: { node } } : {}),
    };
  }

  /** Routing after kube-proxy: a node's address, a pod's, or nowhere. `snat`: the node that masqueraded. */
  private routeTo(
    dst: string,
    dport: number,
    protocol: Protocol,
    hops: Hop[],
    from: Vantage,
    snat?: Masquerade,
  ): Outcome {
    const dstNode = this.topo.nodeByIP(dst);
    if (dstNode) {
      this.deliver(from, { node: dstNode.name, pod: false }, hops, snat);
      return this.atNode(dstNode.name, dst, dport, protocol, hops, from);
    }
    if (this.topo.isPodIP(dst)) {
      const pod = this.topo.podByIP(dst);
      const owner = this.topo.nodeForPodIP(dst);
      if (!pod) {
        // The node that owns the /24 has no veth for it: ARP fails and the host is unreachable.
        hops.push({
          kind: "route",
          dst,
          to: "no-pod",
          ...(owner ? { owner: { node: owner.name, podCIDR: owner.podCIDR } } : {}),
        });
        return owner ? { kind: "no-route", elapsedMs: 3000 + this.rng.int(100) } : { kind: "timeout" };
      }
      hops.push({
        kind: "route",
        dst,
        to: "pod",
        pod: refOf(pod),
        node: pod.spec.nodeName ?? "", // a pod holding a pod IP is bound
        podCIDR: owner?.podCIDR,
      });
      this.deliver(from, { node: pod.spec.nodeName ?? "", pod: true }, hops, snat);
      const full = this.topo.fullPod(pod);
      // Policies drop silently: the client's SYN goes unanswered until it gives up.
      const gate = this.policy.check(from, snat?.node, full, dport, protocol);
      if (gate.hop) hops.push(gate.hop);
      if (!gate.allowed) return { kind: "timeout" };
      return this.atPod(full, dst, dport, protocol, hops);
    }
    // A Service IP no rule matched, or an address outside every network kubesim models.
    if (!this.topo.isServiceIP(dst)) {
      hops.push({ kind: "route", dst, to: "nowhere" });
      return { kind: "timeout" };
    }
    const rejectedBy = serviceIPReject(this, dst);
    hops.push({ kind: "route", dst, to: "service-ip", port: dport, ...(rejectedBy ? { rejectedBy } : {}) });
    return rejectedBy ? { kind: "refused", elapsedMs: 0 } : { kind: "timeout" };
  }

  /**
   * From outside, a LoadBalancer address leads to one node: the one whose MetalLB speaker
   * answers ARP for it (none: ARP fails), or any cloud-provider-kind proxies to; kube-proxy's
   * "loadbalancer IP" rules take it from there.
   */
  private loadBalancerEntry(dstIP: string, hops: Hop[]): string | undefined {
    const owner = servicesAt(this, dstIP).find((s) =>
      (s.status?.loadBalancer?.ingress ?? []).some((i) => i.ip === dstIP),
    );
    if (!owner) return undefined;
    const l2 = metallbEntry(this.c.api, owner, dstIP, hops);
    if (l2 !== undefined) return l2 ?? undefined;
    // With a Local policy the load balancer health-checks healthCheckNodePort and sends only
    // to nodes that answer 200 (a ready local endpoint); with none healthy, to any node.
    const healthy = healthyNodes(owner, slicesOf(this, [owner]), this.topo.nodes);
    const pool = healthy.length ? healthy : this.topo.nodes;
    const node = pool[this.rng.int(pool.length)];
    hops.push({
      kind: "load-balancer",
      ip: dstIP,
      service: refOf(owner),
      node: node.name,
    });
    return node.name;
  }

  /** kube-proxy's decision on `node` for one packet, recorded as a hop. */
  private proxy(
    node: string,
    srcIP: string,
    dstIP: string,
    port: number,
    protocol: Protocol,
    fromLocalNode: boolean,
    hops: Hop[],
  ): { kind: "dnat"; ip: string; port: number; snat?: Masquerade } | { kind: "none" } | Outcome {
    if (!kubeProxyRuns(this.c.state.settings)) return { kind: "none" }; // kind's kubeProxyMode none
    // Each statistic draw is kept with its probability, so a trace can show the endpoint pick.
    const draws: { p: number; x: number }[] = [];
    const affinity = this.affinity(node);
    const before = JSON.stringify([...affinity]);
    const verdict = evaluate(
      this.rulesForPacket(node, dstIP, port),
      { srcIP, dstIP, dstPort: port, protocol, fromLocalNode },
      (p) => {
        const x = this.rng.next();
        draws.push({ p, x });
        return x;
      },
      affinity,
      this.c.clock.nowMs(),
    );
    if (JSON.stringify([...affinity]) !== before) this.touched.add(node);
    const chain = verdict.kind === "none" ? [] : verdict.chain;
    const via = verdict.kind === "none" ? undefined : proxyVia(this, node, dstIP, port, protocol, chain);
    const mode = via ? { via } : {};
    if (verdict.kind === "reject") {
      hops.push({ kind: "kube-proxy", node, chain: verdict.chain, draws, verdict: "reject", ...mode });
      return { kind: "refused", elapsedMs: 0 };
    }
    if (verdict.kind === "drop") {
      hops.push({
        kind: "kube-proxy",
        node,
        chain: verdict.chain,
        draws,
        verdict: "drop",
        reason: verdict.reason,
        ...mode,
      });
      return { kind: "timeout" };
    }
    if (verdict.kind === "dnat") {
      const to = { ip: verdict.ip, port: verdict.port };
      hops.push({ kind: "kube-proxy", node, chain: verdict.chain, draws, verdict: "dnat", to, ...mode });
      return {
        kind: "dnat",
        ip: verdict.ip,
        port: verdict.port,
        ...(verdict.masquerade
          ? { snat: modeMasq(this, node, dstIP, port, protocol, verdict.masqueradeBy) }
          : {}),
      };
    }
    return { kind: "none" };
  }

  /** The source the current attempt's destination sees, once routing decided it. */
  private peer: string | undefined;

  /** The source address after routing: MASQUERADE's hop, if any, and the address the peer sees. */
  private deliver(from: Vantage, to: { node: string; pod: boolean }, hops: Hop[], snat?: Masquerade): void {
    const local = from.kind === "node" || (from.kind === "pod" && !!from.pod.spec.hostNetwork);
    const origin = local ? this.sourceNode(from) : undefined;
    const seen = seenSource((n) => this.topo.node(n), this.sourceIP(from), to, snat, origin);
    if (seen.hop) hops.push(seen.hop);
    this.peer = seen.ip;
  }

  private affinityMemory = new Map<string, Map<string, AffinityEntry>>();

  /**
   * ClientIP affinity lists per node, read from the cluster state (where committed requests
   * leave them, so they outlive one command) and kept here for this command's requests.
   */
  private affinity(node: string): Map<string, AffinityEntry> {
    let m = this.affinityMemory.get(node);
    if (!m) {
      const stored = this.c.state.affinity?.[node] ?? {};
      m = new Map(Object.entries(stored));
      this.affinityMemory.set(node, m);
    }
    return m;
  }

  /** What the attempt that began at random position `start` did: its draws and the affinity lists it changed. */
  private effects(start: number): Effect[] {
    const out: Effect[] = [];
    if (this.rng.position !== start)
      out.push({ kind: "draws", from: start, to: this.rng.position, keep: false });
    for (const node of this.touched) {
      const m = this.affinityMemory.get(node);
      // A list emptied by expiry is left as stored: the kernel forgets it on the next look anyway.
      if (m?.size) out.push({ kind: "affinity", node, entries: Object.fromEntries(m) });
    }
    return out;
  }

  private atPod(pod: Pod, ip: string, port: number, protocol: Protocol, hops: Hop[]): Outcome {
    const found = podListener(pod, port, protocol);
    if (!found) {
      hops.push({ kind: "refused", at: "pod", pod: pod.metadata.name, protocol, port });
      return { kind: "refused", elapsedMs: this.rng.int(3) };
    }
    hops.push({
      kind: "listener",
      pod: refOf(pod),
      container: found.container,
      port,
    });
    return {
      kind: "ok",
      endpoint: {
        pod,
        container: found.container,
        node: pod.spec.nodeName ?? "", // a listening pod runs on a node
        ip,
        port,
        listener: found.listener,
      },
    };
  }

  private atNode(
    node: string,
    ip: string,
    port: number,
    protocol: Protocol,
    hops: Hop[],
    from: Vantage,
  ): Outcome {
    const gate = this.policy.checkToNode(from, node, port, protocol);
    if (gate.hop) hops.push(gate.hop);
    if (!gate.allowed) return { kind: "timeout" };
    for (const pod of this.topo.hostNetworkPods(node)) {
      const found = podListener(pod, port, protocol);
      if (found) {
        hops.push({ kind: "host-listener", pod: pod.metadata.name, container: found.container, node, port });
        return {
          kind: "ok",
          endpoint: { pod, container: found.container, node, ip, port, listener: found.listener },
        };
      }
    }
    const controlPlane = this.topo.first()?.name === node;
    if (controlPlane && port === 6443 && protocol === "TCP") {
      hops.push({ kind: "daemon", name: "kube-apiserver", node, port });
      const listener = apiServerListener(this.c, this.nodeAddr(node), this.rng);
      return { kind: "ok", endpoint: { node, ip, port, listener } };
    }
    const sys = systemListener(node, port, controlPlane) ?? proxyHealthListener(this.c, node, ip, port);
    if (sys) {
      hops.push({ kind: "daemon", name: sys.name, node, port });
      return { kind: "ok", endpoint: { node, ip, port, listener: sys.listener } };
    }
    hops.push({ kind: "refused", at: "node", node, port });
    return { kind: "refused", elapsedMs: this.rng.int(3) };
  }
}
