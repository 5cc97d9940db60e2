// kube-proxy's rules one Service at a time, as kept between commands. The rules of a Service
// port depend on that Service, its EndpointSlices and, only under a Local traffic policy or a
// source range holding the node's address, on the node; so a Service's rules are written once
// when it or its slices change (cluster/proxy-rules.ts keeps them in a record bucket) and a
// node's tables are assembled from them: `iptables-save` at 10,000 Services replays 80,000
// kept rule texts in kube-proxy's order instead of reading 20,000 objects and compiling them.
import type { EndpointSlice, Service } from "../api/types.js";
import { compilePort, filterBase, forwardRules, isLargeCluster, natBase, nodePortsLast } from "./compile.js";
import { endpointsByPort, portKey, type ServicePort, servicePorts, usesLocalEndpoints } from "./endpoints.js";
import { type ProxyCost, WalkCounter } from "./modes.js";
import { type Recorded, TableBuilder } from "./table.js";
import type { IptablesTable } from "./types.js";

/** One Service port's rules in both tables, in the order compile() writes them. */
export interface PortFragment {
  spn: string;
  protocol: string;
  nat: Recorded;
  filter: Recorded;
}

/** One Service's rules as kept: what every node gets from it, unless `perNode`. */
export interface ServiceFragment {
  /** The endpoints its ports have, which kube-proxy adds up to decide on large-cluster mode. */
  endpoints: number;
  /** The large-cluster mode its rules were written in (per-endpoint comments left out). */
  large: boolean;
  /** Its rules differ by node: written for the node asked about, never kept. */
  perNode?: true;
  ports: PortFragment[];
}

/** The node a fragment is written for; "" for rules that are the same on every node. */
export interface FragmentNode {
  clusterCIDR: string;
  node: { name: string; ip: string };
}

/** Rules that depend on the node: local endpoints decide them, or the node's own address does. */
function nodeDependent(sp: ServicePort): boolean {
  return usesLocalEndpoints(sp) || (sp.loadBalancerSourceRanges.length > 0 && sp.loadBalancerVIPs.length > 0);
}

/**
 * A Service's rules from the Service and its EndpointSlices. With `where.node.name` "" a
 * Service whose rules depend on the node is marked perNode, with its endpoints counted and
 * no rules.
 */
export function serviceFragment(
  svc: Service,
  slices: EndpointSlice[],
  where: FragmentNode,
  large: boolean,
): ServiceFragment {
  const sps = servicePorts([svc]);
  const perNode = !where.node.name && sps.some(nodeDependent);
  const eps = endpointsByPort(slices, where.node.name, !perNode);
  let endpoints = 0;
  const ports: PortFragment[] = [];
  for (const sp of sps) {
    const list = eps.get(portKey(sp.namespace, sp.name, sp.portName, sp.protocol)) ?? [];
    endpoints += list.length;
    if (!perNode) ports.push({ spn: sp.spn, protocol: sp.protocol, ...compilePort(sp, list, where, large) });
  }
  return perNode ? { endpoints, large, perNode: true, ports: [] } : { endpoints, large, ports };
}

/** The endpoints a Service's ports have (serviceFragment's count, without writing rules). */
export function serviceEndpoints(svc: Service, slices: EndpointSlice[]): number {
  const eps = endpointsByPort(slices, "", false);
  let n = 0;
  for (const sp of servicePorts([svc]))
    n += eps.get(portKey(sp.namespace, sp.name, sp.portName, sp.protocol))?.length ?? 0;
  return n;
}

/** The large-cluster mode the fragments' endpoints add up to. */
export function largeClusterOf(fragments: Iterable<ServiceFragment>): boolean {
  let n = 0;
  for (const f of fragments) n += f.endpoints;
  return isLargeCluster(n);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every port of the fragments in kube-proxy's port order (servicePorts' order). */
export function portsInOrder(fragments: Iterable<ServiceFragment>): PortFragment[] {
  const ports: PortFragment[] = [];
  for (const f of fragments) for (const p of f.ports) ports.push(p);
  return ports.sort((a, b) => cmp(a.spn, b.spn) || cmp(a.protocol, b.protocol));
}

/**
 * The node's nat and filter tables from its Services' fragments (each written for this node
 * or for every node, all in one large-cluster mode): the tables compile() gives.
 */
export function assembleTables(fragments: Iterable<ServiceFragment>): {
  nat: IptablesTable;
  filter: IptablesTable;
} {
  const nat = new TableBuilder();
  const filter = new TableBuilder();
  natBase(nat);
  filterBase(filter);
  for (const p of portsInOrder(fragments)) {
    nat.replay(p.nat);
    filter.replay(p.filter);
  }
  nodePortsLast(nat);
  forwardRules(filter);
  return { nat: nat.saved(), filter: filter.saved() };
}

/** The -d address (without /32) and jump target of a save line's spec. */
function shape(spec: string): { dst?: string; to?: string } {
  const d = spec.startsWith("-d ") ? spec.slice(3, spec.indexOf(" ", 3)).replace(/\/32$/, "") : undefined;
  const j = spec.lastIndexOf(" -j ");
  return { dst: d, to: j >= 0 ? spec.slice(j + 4) : undefined };
}

/**
 * Where a Service port's rules send a packet from KUBE-SERVICES and KUBE-NODEPORTS, all a
 * trace needs to count how far down those chains a packet walked: a few words a port, kept
 * beside the rules (cluster/proxy-rules.ts) so that the count reads 10,000 of them, not the
 * rules.
 */
export interface PortWalk {
  spn: string;
  protocol: string;
  /** Its KUBE-SERVICES rules in order: [destination address, target chain]. */
  services: [string, string][];
  /** Its KUBE-NODEPORTS rules' target chains, in order. */
  nodePorts: string[];
}

export interface ServiceWalk {
  /** As ServiceFragment.perNode: counted for the node asked about, never kept. */
  perNode?: true;
  ports: PortWalk[];
}

/** A Service's walk entries, read off its rules. */
export function walkOf(f: ServiceFragment): ServiceWalk {
  if (f.perNode) return { perNode: true, ports: [] };
  const lines = (text: string, chain: string) =>
    text
      .slice(0, -1)
      .split("\n")
      .map((line) => shape(line.slice(chain.length + 4)));
  return {
    ports: f.ports.map((p) => {
      const w: PortWalk = { spn: p.spn, protocol: p.protocol, services: [], nodePorts: [] };
      for (const [chain, text] of p.nat.lines) {
        if (chain === "KUBE-SERVICES")
          for (const s of lines(text, chain)) w.services.push([s.dst ?? "", s.to ?? ""]);
        else if (chain === "KUBE-NODEPORTS") for (const s of lines(text, chain)) w.nodePorts.push(s.to ?? "");
      }
      return w;
    }),
  };
}

/**
 * iptablesWalk's count from the Services' walk entries: where in KUBE-SERVICES (and
 * KUBE-NODEPORTS) the packet to `dst` whose verdict went through `chain` matched.
 */
export function walkCost(walks: Iterable<ServiceWalk>, dst: string, chain: string[]): ProxyCost {
  const ports: PortWalk[] = [];
  for (const w of walks) for (const p of w.ports) ports.push(p);
  ports.sort((a, b) => cmp(a.spn, b.spn) || cmp(a.protocol, b.protocol));
  const walk = new WalkCounter(dst, chain);
  for (const p of ports) {
    for (const [d, to] of p.services) walk.service(d, to);
    for (const to of p.nodePorts) walk.nodePort(to);
  }
  return walk.cost();
}
