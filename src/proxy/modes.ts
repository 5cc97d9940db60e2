// What differs between kube-proxy's data planes once the decision is made: the tables each
// mode leaves in iptables, the names of the structures a packet passed, and how much of the
// rule set the kernel had to look at to find the Service: iptables walks KUBE-SERVICES one
// rule at a time (one or more rules per Service port before the match), IPVS does one hash
// lookup of the virtual server, nftables one lookup in a verdict map.
import { serviceEntries } from "./compile.js";
import { categorize, endpointsByPort, portKey, servicePorts } from "./endpoints.js";
import { compileIpvs, IPSETS } from "./ipvs.js";
import { kubeletFilterChains, kubeletFilterRules, kubeletNatChains } from "./kubelet-rules.js";
import { endpointBase, nftServiceChains } from "./nftables.js";
import { parseRule } from "./rule.js";
import { TableBuilder } from "./table.js";
import type { IptablesTable, ProxyInput } from "./types.js";

export type ProxyMode = "iptables" | "ipvs" | "nftables";

/** The mode a kind config's networking.kubeProxyMode names (kind's default: iptables). */
export function proxyModeOf(setting: string | undefined): ProxyMode | "none" {
  return setting === "ipvs" || setting === "nftables" || setting === "none" ? setting : "iptables";
}

/** What the kernel consulted to find a packet's Service, as numbers a printer can explain. */
export type ProxyCost =
  | {
      mode: "iptables";
      /** Rules of KUBE-SERVICES the packet was tested against, the matching one included. */
      walked: number;
      /** All rules in KUBE-SERVICES on the node. */
      total: number;
      /** A NodePort: KUBE-SERVICES' last rule led on to KUBE-NODEPORTS, walked as far as this. */
      nodePorts?: { walked: number; total: number };
      matched: boolean;
    }
  | { mode: "ipvs"; virtualServers: number; iptablesRules: number }
  | { mode: "nftables"; map: "service-ips" | "service-nodeports"; elements: number };

/** `iptables-save` in nftables mode: kube-proxy writes no iptables rules, kubelet's remain. */
export function kubeletOnlyTables(): { nat: IptablesTable; filter: IptablesTable } {
  const nat = new TableBuilder();
  const filter = new TableBuilder();
  kubeletNatChains(nat);
  kubeletFilterChains(filter);
  kubeletFilterRules(filter);
  return { nat: nat.build(), filter: filter.build() };
}

/** The target chain of a rule, and its -d address (without /32). */
function ruleShape(spec: string): { to?: string; dst?: string } {
  const r = parseRule(spec);
  return { to: r.target?.j === "jump" ? r.target.chain : undefined, dst: r.dst?.cidr.replace(/\/32$/, "") };
}

/**
 * The linear walk iptables mode makes: `chain` is the verdict's path (KUBE-SERVICES first),
 * `dst` the address the packet was sent to. Rules are tested in order until one matches.
 */
export function iptablesCost(nat: IptablesTable, dst: string, chain: string[]): ProxyCost {
  const services = nat.rules.filter((r) => r.chain === "KUBE-SERVICES");
  const next = chain[1];
  const at = next
    ? services.findIndex((r) => {
        const s = ruleShape(r.spec);
        return s.to === next && (next === "KUBE-NODEPORTS" || s.dst === dst);
      })
    : -1;
  const cost: ProxyCost = {
    mode: "iptables",
    walked: at >= 0 ? at + 1 : services.length,
    total: services.length,
    matched: at >= 0,
  };
  if (next === "KUBE-NODEPORTS" && at >= 0) {
    const nodePorts = nat.rules.filter((r) => r.chain === "KUBE-NODEPORTS");
    const i = nodePorts.findIndex((r) => ruleShape(r.spec).to === chain[2]);
    cost.nodePorts = { walked: i + 1, total: nodePorts.length };
  }
  return cost;
}

/**
 * The same walk as iptablesCost, counted from the Services and their endpoints without
 * writing the node's rule set: at 10,000 Services a trace would otherwise format 100,000
 * rules to learn one position in KUBE-SERVICES.
 */
export function iptablesWalk(input: ProxyInput, dst: string, chain: string[]): ProxyCost {
  const eps = endpointsByPort(input.endpointSlices, input.node.name, false);
  const walk = new WalkCounter(dst, chain);
  for (const sp of servicePorts(input.services)) {
    const all = eps.get(portKey(sp.namespace, sp.name, sp.portName, sp.protocol)) ?? [];
    const entries = serviceEntries(sp, categorize(all, sp));
    for (const e of entries.services) walk.service(e.dst, e.to);
    for (const e of entries.nodePorts) walk.nodePort(e.to);
  }
  return walk.cost();
}

/**
 * Counts the walk through KUBE-SERVICES (and KUBE-NODEPORTS) from each Service port's
 * entries in the order iptables holds them, without the rules themselves: the packet to
 * `dst` whose verdict went through `chain` matched at the first entry leading where it went.
 */
export class WalkCounter {
  private total = 0;
  private at = -1;
  private nodePorts = 0;
  private nodePortAt = -1;

  constructor(
    private readonly dst: string,
    private readonly chain: string[],
  ) {}

  /** A KUBE-SERVICES rule: its -d address and its target. */
  service(dst: string | undefined, to: string | undefined): void {
    const next = this.chain[1];
    if (this.at < 0 && next && to === next && (next === "KUBE-NODEPORTS" || dst === this.dst))
      this.at = this.total;
    this.total++;
  }

  /** A KUBE-NODEPORTS rule's target. */
  nodePort(to: string | undefined): void {
    if (this.nodePortAt < 0 && to === this.chain[2]) this.nodePortAt = this.nodePorts;
    this.nodePorts++;
  }

  cost(): ProxyCost {
    const next = this.chain[1];
    // KUBE-SERVICES' last rule sends what is addressed to the node on to KUBE-NODEPORTS.
    const total = this.total + 1;
    const at = this.at < 0 && next === "KUBE-NODEPORTS" ? this.total : this.at;
    const cost: ProxyCost = { mode: "iptables", walked: at >= 0 ? at + 1 : total, total, matched: at >= 0 };
    if (next === "KUBE-NODEPORTS" && at >= 0)
      cost.nodePorts = { walked: this.nodePortAt + 1, total: this.nodePorts };
    return cost;
  }
}

/** IPVS: one lookup among the node's virtual servers; the iptables rules around it stay few. */
export function ipvsCost(input: ProxyInput, nodeIPs: string[]): ProxyCost {
  const r = compileIpvs(input, nodeIPs);
  return { mode: "ipvs", virtualServers: r.services.length, iptablesRules: r.nat.rules.length };
}

/**
 * nftables: one lookup in the verdict map for the address (service-ips) or the NodePort. The
 * maps hold an element for each address and NodePort that iptables mode jumps for from
 * KUBE-SERVICES and KUBE-NODEPORTS (same Services, same endpoint logic), so they are counted
 * as iptablesWalk counts those, without writing the nft table.
 */
export function nftablesCost(input: ProxyInput, nodePort: boolean): ProxyCost {
  const eps = endpointsByPort(input.endpointSlices, input.node.name, false);
  let ips = 0;
  let ports = 0;
  for (const sp of servicePorts(input.services)) {
    const all = eps.get(portKey(sp.namespace, sp.name, sp.portName, sp.protocol)) ?? [];
    const entries = serviceEntries(sp, categorize(all, sp));
    ips += entries.services.length;
    ports += entries.nodePorts.length;
  }
  const map = nodePort ? "service-nodeports" : "service-ips";
  return { mode: "nftables", map, elements: nodePort ? ports : ips };
}

/**
 * The nft chains a packet passed, from the iptables-mode chain path of the same decision
 * (both modes follow the same Service logic): KUBE-SVC-X becomes service-HASH-ns/name/tcp/port,
 * KUBE-SEP-Y endpoint-HASH-ns/name/tcp/port__ip/port, and so on; the NodePort and firewall
 * hops are map lookups in nftables, not chains.
 */
export function nftChainPath(input: ProxyInput, chain: string[]): string[] {
  const names = nftChainNames(input);
  return chain.flatMap((c) => {
    const n = names.get(c);
    return n ? [n] : [];
  });
}

/** iptables-mode chain names to the nft chain names of the same Service ports and endpoints. */
function nftChainNames(input: ProxyInput): Map<string, string> {
  const names = new Map<string, string>([["KUBE-SERVICES", "services"]]);
  const eps = endpointsByPort(input.endpointSlices, input.node.name);
  for (const sp of servicePorts(input.services)) {
    const n = nftServiceChains(sp);
    names.set(sp.chains.svc, n.service).set(sp.chains.svl, n.local).set(sp.chains.ext, n.external);
    for (const e of eps.get(portKey(sp.namespace, sp.name, sp.portName, sp.protocol)) ?? [])
      names.set(e.chain, `endpoint-${endpointBase(sp, e)}`);
  }
  return names;
}

/** Where a masquerade was decided, in the words of the node's mode. */
export interface MasqueradeRule {
  /** The postrouting chain that MASQUERADEs (KUBE-POSTROUTING, or nft's masquerading). */
  postrouting: string;
  /** The rule that marked the packet, with its comment. */
  by: { chain: string; comment: string };
}

/**
 * The iptables-mode reason for a masquerade (the chain whose rule jumped to KUBE-MARK-MASQ)
 * as the other modes write it. `role`: what the packet was addressed to.
 */
export function modeMasquerade(
  mode: ProxyMode,
  by: { chain: string; comment: string },
  role: "node-port" | "load-balancer" | "external-ip" | "cluster-ip",
  protocol: string,
  input: ProxyInput,
): MasqueradeRule {
  if (mode === "iptables") return { postrouting: "KUBE-POSTROUTING", by };
  if (mode === "nftables") {
    const chain = nftChainNames(input).get(by.chain) ?? by.chain;
    // Only the Local policy's external-chain rules carry comments in nftables mode.
    const comment = by.comment.startsWith("masquerade LOCAL traffic") ? "masquerade local traffic" : "";
    return { postrouting: "masquerading", by: { chain, comment } };
  }
  const ipvs = (chain: string, set?: string): MasqueradeRule => ({
    postrouting: "KUBE-POSTROUTING",
    by: { chain, comment: set ? (IPSETS.find((s) => s.name === set)?.comment ?? "") : "" },
  });
  // Hairpin: ipvs mode masquerades by the KUBE-LOOP-BACK set, in KUBE-POSTROUTING itself.
  if (by.chain.startsWith("KUBE-SEP-")) return ipvs("KUBE-POSTROUTING", "KUBE-LOOP-BACK");
  if (role === "node-port") return ipvs("KUBE-NODE-PORT", `KUBE-NODE-PORT-${protocol.toUpperCase()}`);
  if (role === "load-balancer") return ipvs("KUBE-LOAD-BALANCER");
  if (role === "external-ip") return ipvs("KUBE-SERVICES", "KUBE-EXTERNAL-IP");
  return ipvs("KUBE-SERVICES", "KUBE-CLUSTER-IP");
}
