// kube-proxy's syncProxyRules for one node: Services + EndpointSlices in, the nat and filter
// tables it would restore out. Rules are written in kube-proxy's order, with its comments, and
// in the form iptables-save prints them back (addresses and protocol first, --set-xmark).

import { inCIDR } from "../util/ipv4.js";
import { printedProbability } from "./chains.js";
import {
  type Categorized,
  categorize,
  type Endpoint,
  endpointsByPort,
  externallyAccessible,
  portKey,
  type ServicePort,
  servicePorts,
} from "./endpoints.js";
import type { Match, Rule, Target } from "./rule.js";
import { comment, jump, type Recorded, Recorder, type RuleSink, TableBuilder } from "./table.js";
import type { CompiledRules, FilterTable, NatTable, NodeMeta, ProxyInput } from "./types.js";

/** kind runs kube-proxy with the default masquerade bit 14. */
const MASQ_MARK = "0x4000";
/** Above this many endpoints kube-proxy drops per-endpoint comments (largeClusterMode). */
const LARGE_CLUSTER_ENDPOINTS = 1000;

const MARK_MASQ = jump("KUBE-MARK-MASQ");

/** `-m tcp --dport N` (or a bare `-m tcp`): the match that goes with every `-p tcp` kube-proxy writes. */
function protoMatch(protocol: string, dport?: number): Match {
  const m = protocol as "tcp" | "udp" | "sctp";
  return dport === undefined ? { m } : { m, dport };
}

/** Chains and jumps that exist on every node before any Service (kube-proxy's and kubelet's). */
export function natBase(nat: TableBuilder): void {
  for (const c of ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]) nat.chain(c, "ACCEPT");
  for (const c of ["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ"]) nat.chain(c);
  // The canaries kubelet and kube-proxy watch to notice a flushed table.
  nat.chain("KUBE-KUBELET-CANARY").chain("KUBE-PROXY-CANARY");
  const portals = { matches: [comment("kubernetes service portals")], target: jump("KUBE-SERVICES") };
  nat.add("PREROUTING", portals);
  nat.add("OUTPUT", portals);
  nat.add("POSTROUTING", {
    matches: [comment("kubernetes postrouting rules")],
    target: jump("KUBE-POSTROUTING"),
  });
  const mask = `${MASQ_MARK}/${MASQ_MARK}`;
  nat.add("KUBE-POSTROUTING", { matches: [{ m: "mark", mark: mask, not: true }], target: { j: "RETURN" } });
  nat.add("KUBE-POSTROUTING", { matches: [], target: { j: "MARK", xmark: `${MASQ_MARK}/0x0` } });
  nat.add("KUBE-POSTROUTING", {
    matches: [comment("kubernetes service traffic requiring SNAT")],
    target: { j: "MASQUERADE", randomFully: true },
  });
  nat.add("KUBE-MARK-MASQ", { matches: [], target: { j: "MARK", xmark: mask } });
}

export function filterBase(filter: TableBuilder): void {
  for (const c of ["INPUT", "FORWARD", "OUTPUT"]) filter.chain(c, "ACCEPT");
  for (const c of ["KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-NODEPORTS"])
    filter.chain(c);
  filter
    .chain("KUBE-PROXY-FIREWALL")
    .chain("KUBE-FIREWALL")
    .chain("KUBE-KUBELET-CANARY")
    .chain("KUBE-PROXY-CANARY");
  // kube-proxy prepends each jump, so the last one it ensures comes first; kubelet's
  // KUBE-FIREWALL jumps were there before kube-proxy started.
  const isNew: Match = { m: "conntrack", ctstate: "NEW" };
  const to = (target: string, text: string, ctNew: boolean): Rule => ({
    matches: [...(ctNew ? [isNew] : []), comment(text)],
    target: jump(target),
  });
  const lbFirewall = to("KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", true);
  const external = to("KUBE-EXTERNAL-SERVICES", "kubernetes externally-visible service portals", true);
  const portals = to("KUBE-SERVICES", "kubernetes service portals", true);
  filter.add("INPUT", lbFirewall);
  filter.add("INPUT", to("KUBE-NODEPORTS", "kubernetes health check service ports", false));
  filter.add("INPUT", external);
  filter.add("INPUT", { matches: [], target: jump("KUBE-FIREWALL") });
  filter.add("FORWARD", lbFirewall);
  filter.add("FORWARD", to("KUBE-FORWARD", "kubernetes forwarding rules", false));
  filter.add("FORWARD", portals);
  filter.add("FORWARD", external);
  filter.add("OUTPUT", lbFirewall);
  filter.add("OUTPUT", portals);
  filter.add("OUTPUT", { matches: [], target: jump("KUBE-FIREWALL") });
  // route_localnet (localhost NodePorts) would expose 127/8 to the network without this.
  filter.add("KUBE-FIREWALL", {
    src: { cidr: "127.0.0.0/8", not: true },
    dst: { cidr: "127.0.0.0/8" },
    matches: [
      comment("block incoming localnet connections"),
      { m: "conntrack", ctstate: "RELATED,ESTABLISHED,DNAT", not: true },
    ],
    target: { j: "DROP" },
  });
}

export function forwardRules(filter: TableBuilder): void {
  filter.add("KUBE-FORWARD", { matches: [{ m: "conntrack", ctstate: "INVALID" }], target: { j: "DROP" } });
  filter.add("KUBE-FORWARD", {
    matches: [comment("kubernetes forwarding rules"), { m: "mark", mark: `${MASQ_MARK}/${MASQ_MARK}` }],
    target: { j: "ACCEPT" },
  });
  filter.add("KUBE-FORWARD", {
    matches: [
      comment("kubernetes forwarding conntrack rule"),
      { m: "conntrack", ctstate: "RELATED,ESTABLISHED" },
    ],
    target: { j: "ACCEPT" },
  });
}

interface Ctx {
  nat: RuleSink;
  filter: RuleSink;
  input: Pick<ProxyInput, "clusterCIDR" | "node">;
  largeCluster: boolean;
}

/** The endpoint-choosing rules of a KUBE-SVC or KUBE-SVL chain (writeServiceToEndpointRules). */
function endpointRules(ctx: Ctx, sp: ServicePort, chain: string, eps: Endpoint[]): void {
  const note = (e: Endpoint): Match[] => (ctx.largeCluster ? [] : [comment(`${sp.spn} -> ${e.key}`)]);
  if (sp.stickySeconds) {
    for (const e of eps) {
      ctx.nat.add(chain, {
        matches: [
          ...note(e),
          { m: "recent", op: "rcheck", seconds: sp.stickySeconds, reap: true, name: e.chain },
        ],
        target: jump(e.chain),
      });
    }
  }
  eps.forEach((e, i) => {
    const stat: Match[] =
      i < eps.length - 1 ? [{ m: "statistic", probability: printedProbability(eps.length - i) }] : [];
    ctx.nat.add(chain, { matches: [...note(e), ...stat], target: jump(e.chain) });
  });
}

/** A Service port's rules in the nat table's KUBE-SERVICES and KUBE-NODEPORTS: where a packet finds it. */
export interface ServiceEntries {
  services: { dst: string; to: string; note: string }[];
  nodePorts: { to: string }[];
}

/**
 * The jumps a Service port puts in KUBE-SERVICES (its ClusterIP, external IPs, load-balancer
 * IPs) and KUBE-NODEPORTS, in kube-proxy's order: compile writes them, and a trace counts
 * them to tell how far down KUBE-SERVICES a packet walked without writing the other rules.
 */
export function serviceEntries(sp: ServicePort, cat: Categorized): ServiceEntries {
  const { svc, svl, ext, fw } = sp.chains;
  const { local, hasAny } = cat;
  const out: ServiceEntries = { services: [], nodePorts: [] };
  const internalChain = sp.internalPolicyLocal ? svl : svc;
  if (hasAny && (!sp.internalPolicyLocal || local.length > 0))
    out.services.push({ dst: sp.clusterIP, to: internalChain, note: `${sp.spn} cluster IP` });
  if (!hasAny) return out;
  for (const ip of sp.externalIPs) out.services.push({ dst: ip, to: ext, note: `${sp.spn} external IP` });
  const usesFW = sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
  for (const ip of sp.loadBalancerVIPs)
    out.services.push({ dst: ip, to: usesFW ? fw : ext, note: `${sp.spn} loadbalancer IP` });
  if (sp.nodePort) out.nodePorts.push({ to: ext });
  return out;
}

function servicePortRules(ctx: Ctx, sp: ServicePort, all: Endpoint[]): void {
  const { nat, filter, input } = ctx;
  const { svc, svl, ext, fw } = sp.chains;
  const cat = categorize(all, sp);
  const { cluster, local, reachable, hasAny } = cat;
  const p = sp.protocol;
  const internalChain = sp.internalPolicyLocal ? svl : svc;
  const hasInternal = hasAny && (!sp.internalPolicyLocal || local.length > 0);
  const externalPolicyChain = sp.externalPolicyLocal ? svl : svc;
  const hasExternal = hasAny && (!sp.externalPolicyLocal || local.length > 0);
  const usesExt = hasAny && externallyAccessible(sp);
  const usesFW = hasAny && sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;

  // No endpoints anywhere: REJECT (connection refused). Endpoints, none on this node for a
  // Local policy: DROP (the client times out).
  const noEndpoints = !hasAny;
  const filterTarget: Target = noEndpoints
    ? { j: "REJECT", rejectWith: "icmp-port-unreachable" }
    : { j: "DROP" };
  const filterNote = comment(noEndpoints ? `${sp.spn} has no endpoints` : `${sp.spn} has no local endpoints`);
  const toPort = (dst: string, note: Match, target: Target): Rule => ({
    dst: { cidr: dst },
    proto: p,
    matches: [note, protoMatch(p, sp.port)],
    target,
  });

  const entries = serviceEntries(sp, cat);
  for (const e of entries.services) nat.add("KUBE-SERVICES", toPort(e.dst, comment(e.note), jump(e.to)));
  if (!hasInternal) filter.add("KUBE-SERVICES", toPort(sp.clusterIP, filterNote, filterTarget));

  for (const ip of sp.externalIPs) {
    if (!hasExternal) filter.add("KUBE-EXTERNAL-SERVICES", toPort(ip, filterNote, filterTarget));
  }
  for (const ip of sp.loadBalancerVIPs) {
    if (usesFW)
      filter.add(
        "KUBE-PROXY-FIREWALL",
        toPort(ip, comment(`${sp.spn} traffic not accepted by ${fw}`), { j: "DROP" }),
      );
  }
  if (!hasExternal) {
    for (const ip of sp.loadBalancerVIPs)
      filter.add("KUBE-EXTERNAL-SERVICES", toPort(ip, filterNote, filterTarget));
  }
  if (sp.nodePort) {
    for (const e of entries.nodePorts) {
      nat.add("KUBE-NODEPORTS", {
        proto: p,
        matches: [comment(sp.spn), protoMatch(p, sp.nodePort)],
        target: jump(e.to),
      });
    }
    if (!hasExternal) {
      filter.add("KUBE-EXTERNAL-SERVICES", {
        proto: p,
        matches: [filterNote, { m: "addrtype", dst: "LOCAL" }, protoMatch(p, sp.nodePort)],
        target: filterTarget,
      });
    }
  }
  if (sp.healthCheckNodePort) {
    filter.add("KUBE-NODEPORTS", {
      proto: "tcp",
      matches: [comment(`${sp.spn} health check node port`), protoMatch("tcp", sp.healthCheckNodePort)],
      target: { j: "ACCEPT" },
    });
  }

  // Off-cluster clients reaching the ClusterIP through this node must be SNATed so replies
  // come back through it.
  if (hasInternal) {
    nat.add(internalChain, {
      src: { cidr: input.clusterCIDR, not: true },
      ...toPort(sp.clusterIP, comment(`${sp.spn} cluster IP`), MARK_MASQ),
    });
  }

  if (usesExt) {
    nat.chain(ext);
    if (!sp.externalPolicyLocal) {
      nat.add(ext, {
        matches: [comment(`masquerade traffic for ${sp.spn} external destinations`)],
        target: MARK_MASQ,
      });
    } else {
      // Pods and the node itself reach external destinations through every endpoint, as if
      // they had gone out to a load balancer and back; only outside clients keep Local.
      nat.add(ext, {
        src: { cidr: input.clusterCIDR },
        matches: [comment(`pod traffic for ${sp.spn} external destinations`)],
        target: jump(svc),
      });
      const localSrc: Match = { m: "addrtype", src: "LOCAL" };
      nat.add(ext, {
        matches: [comment(`masquerade LOCAL traffic for ${sp.spn} external destinations`), localSrc],
        target: MARK_MASQ,
      });
      nat.add(ext, {
        matches: [comment(`route LOCAL traffic for ${sp.spn} external destinations`), localSrc],
        target: jump(svc),
      });
    }
    if (hasExternal) nat.add(ext, { matches: [], target: jump(externalPolicyChain) });
  }

  if (usesFW) {
    nat.chain(fw);
    const lbNote = comment(`${sp.spn} loadbalancer IP`);
    for (const range of sp.loadBalancerSourceRanges) {
      nat.add(fw, { src: { cidr: range }, matches: [lbNote], target: jump(ext) });
    }
    // A node reaching its own VIP loops back with the VIP as source.
    if (sp.loadBalancerSourceRanges.some((r) => inCIDR(input.node.ip, r))) {
      for (const ip of sp.loadBalancerVIPs)
        nat.add(fw, { src: { cidr: ip }, matches: [lbNote], target: jump(ext) });
    }
    nat.add(fw, { matches: [comment(`other traffic to ${sp.spn} will be dropped by KUBE-PROXY-FIREWALL`)] });
  }

  if (cluster.length && (!sp.internalPolicyLocal || externallyAccessible(sp))) {
    nat.chain(svc);
    endpointRules(ctx, sp, svc, cluster);
  }
  if (local.length && (sp.internalPolicyLocal || (sp.externalPolicyLocal && externallyAccessible(sp)))) {
    nat.chain(svl);
    endpointRules(ctx, sp, svl, local);
  }
  for (const e of reachable) {
    nat.chain(e.chain);
    const note: Match[] = ctx.largeCluster ? [] : [comment(sp.spn)];
    // Hairpin: a pod reaching itself through the Service must be SNATed to see the reply.
    nat.add(e.chain, { src: { cidr: e.ip }, matches: note, target: MARK_MASQ });
    const recent: Match[] = sp.stickySeconds ? [{ m: "recent", op: "set", name: e.chain }] : [];
    nat.add(e.chain, {
      proto: p,
      matches: [...note, ...recent, protoMatch(p)],
      target: { j: "DNAT", to: e.key },
    });
  }
}

/** KUBE-SERVICES' last rule: what is addressed to the node goes on to the NodePorts. */
export function nodePortsLast(nat: TableBuilder): void {
  nat.add("KUBE-SERVICES", {
    matches: [
      comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
      { m: "addrtype", dst: "LOCAL" },
    ],
    target: jump("KUBE-NODEPORTS"),
  });
}

/**
 * The rules one Service port writes on a node, taken down rather than written: compile()
 * writes the same rules for every port in one pass.
 */
export function compilePort(
  sp: ServicePort,
  eps: Endpoint[],
  where: Pick<ProxyInput, "clusterCIDR" | "node">,
  largeCluster: boolean,
): { nat: Recorded; filter: Recorded } {
  const nat = new Recorder();
  const filter = new Recorder();
  servicePortRules({ nat, filter, input: where, largeCluster }, sp, eps);
  return { nat: nat.out, filter: filter.out };
}

/** Above LARGE_CLUSTER_ENDPOINTS endpoints in all, kube-proxy leaves out per-endpoint comments. */
export function isLargeCluster(endpoints: number): boolean {
  return endpoints > LARGE_CLUSTER_ENDPOINTS;
}

/** Both tables and what evaluate() needs to know about the node. */
export function compile(input: ProxyInput): CompiledRules {
  const nat = new TableBuilder();
  const filter = new TableBuilder();
  natBase(nat);
  filterBase(filter);
  const ports = servicePorts(input.services);
  const eps = endpointsByPort(input.endpointSlices, input.node.name);
  // Each port's endpoints looked up once (the key is built per lookup).
  const portEps = ports.map((sp) => eps.get(portKey(sp.namespace, sp.name, sp.portName, sp.protocol)) ?? []);
  const total = portEps.reduce((n, list) => n + list.length, 0);
  const ctx: Ctx = { nat, filter, input, largeCluster: isLargeCluster(total) };
  for (const [i, sp] of ports.entries()) servicePortRules(ctx, sp, portEps[i]);
  // Must stay last: the rule sends anything addressed to the node to the NodePorts.
  nodePortsLast(nat);
  forwardRules(filter);

  const meta: NodeMeta = { localIPs: [input.node.ip], endpoints: {} };
  for (const list of eps.values()) {
    for (const e of list) {
      const where: NodeMeta["endpoints"][string] = {};
      if (e.nodeName) where.nodeName = e.nodeName;
      if (e.podName) where.podName = e.podName;
      meta.endpoints[e.key] = where;
    }
  }
  const filterTable: FilterTable = filter.build();
  const natTable: NatTable = { ...nat.build(), filter: filterTable, meta };
  return { nat: natTable, filter: filterTable, meta };
}

/** The nat table (carrying its filter table and node facts for evaluate()). */
export function compileNat(input: ProxyInput): NatTable {
  return compile(input).nat;
}

/** The filter table: REJECT for Services without endpoints, DROP for Local without local ones. */
export function compileFilter(input: ProxyInput): FilterTable {
  return compile(input).filter;
}
