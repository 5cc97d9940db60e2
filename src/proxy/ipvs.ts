// kube-proxy in ipvs mode (pkg/proxy/ipvs), as a pure module: one IPVS virtual server per
// ClusterIP, external IP, load-balancer IP and NodePort (on every node address) with the rr
// scheduler and the endpoints as real servers (Masq, weight 1); the Service addresses bound to
// the kube-ipvs0 dummy interface so the kernel accepts them as local; and the few iptables
// rules that stay, matching ipsets instead of one rule per Service: their number does not
// grow with the Services, which is why the mode exists.
import { inCIDR } from "../util/ipv4.js";
import { categorize, endpointsByPort, portKey, type ServicePort, servicePorts } from "./endpoints.js";
import { kubeletFilterChains, kubeletFilterRules, kubeletNatChains } from "./kubelet-rules.js";
import type { Match, Rule, Target } from "./rule.js";
import { comment, jump, TableBuilder } from "./table.js";
import type { IptablesTable, ProxyInput } from "./types.js";

export interface RealServer {
  ip: string;
  port: number;
  weight: number;
}

export interface VirtualServer {
  protocol: "TCP" | "UDP" | "SCTP";
  ip: string;
  port: number;
  scheduler: "rr";
  /** ClientIP session affinity: IPVS persistence with the affinity timeout. */
  persistent?: number;
  dests: RealServer[];
  /** The Service port it serves, and which of its addresses this is. */
  spn: string;
  role: "cluster-ip" | "external-ip" | "load-balancer" | "node-port";
}

export interface IpvsRules {
  services: VirtualServer[];
  /** kube-ipvs0's addresses, in the order kube-proxy bound them. */
  dummy: string[];
  /** The ipsets' members by set name (empty sets are listed too). */
  ipsets: Map<string, string[]>;
  nat: IptablesTable;
  filter: IptablesTable;
}

/** kube-proxy's ipsets in creation order, with the comment each rule that matches it carries. */
export const IPSETS: { name: string; comment: string }[] = [
  {
    name: "KUBE-LOOP-BACK",
    comment: "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose",
  },
  { name: "KUBE-CLUSTER-IP", comment: "Kubernetes service cluster ip + port for masquerade purpose" },
  {
    name: "KUBE-EXTERNAL-IP",
    comment: "Kubernetes service external ip + port for masquerade and filter purpose",
  },
  {
    name: "KUBE-EXTERNAL-IP-LOCAL",
    comment: "Kubernetes service external ip + port with externalTrafficPolicy=local",
  },
  { name: "KUBE-LOAD-BALANCER", comment: "Kubernetes service lb portal" },
  {
    name: "KUBE-LOAD-BALANCER-FW",
    comment: "Kubernetes service load balancer ip + port for load balancer with sourceRange",
  },
  {
    name: "KUBE-LOAD-BALANCER-LOCAL",
    comment: "Kubernetes service load balancer ip + port with externalTrafficPolicy=local",
  },
  {
    name: "KUBE-LOAD-BALANCER-SOURCE-IP",
    comment: "Kubernetes service load balancer ip + port + source IP for packet filter purpose",
  },
  {
    name: "KUBE-LOAD-BALANCER-SOURCE-CIDR",
    comment: "Kubernetes service load balancer ip + port + source cidr for packet filter purpose",
  },
  { name: "KUBE-NODE-PORT-TCP", comment: "Kubernetes nodeport TCP port for masquerade purpose" },
  {
    name: "KUBE-NODE-PORT-LOCAL-TCP",
    comment: "Kubernetes nodeport TCP port with externalTrafficPolicy=local",
  },
  { name: "KUBE-NODE-PORT-UDP", comment: "Kubernetes nodeport UDP port for masquerade purpose" },
  {
    name: "KUBE-NODE-PORT-LOCAL-UDP",
    comment: "Kubernetes nodeport UDP port with externalTrafficPolicy=local",
  },
  { name: "KUBE-HEALTH-CHECK-NODE-PORT", comment: "Kubernetes health check node port" },
  { name: "KUBE-IPVS-IPS", comment: "Addresses on the ipvs interface" },
];

const COMMENT = new Map(IPSETS.map((s) => [s.name, s.comment]));

/** The ipset rules kube-proxy writes for each non-empty set (ipsetWithIptablesChain). */
const SET_RULES: {
  set: string;
  table: "nat" | "filter";
  from: string;
  to: string;
  flags: string;
  proto?: string;
}[] = [
  { set: "KUBE-LOOP-BACK", table: "nat", from: "KUBE-POSTROUTING", to: "MASQUERADE", flags: "dst,dst,src" },
  {
    set: "KUBE-LOAD-BALANCER",
    table: "nat",
    from: "KUBE-SERVICES",
    to: "KUBE-LOAD-BALANCER",
    flags: "dst,dst",
  },
  {
    set: "KUBE-LOAD-BALANCER-LOCAL",
    table: "nat",
    from: "KUBE-LOAD-BALANCER",
    to: "RETURN",
    flags: "dst,dst",
  },
  {
    set: "KUBE-NODE-PORT-LOCAL-TCP",
    table: "nat",
    from: "KUBE-NODE-PORT",
    to: "RETURN",
    flags: "dst",
    proto: "tcp",
  },
  {
    set: "KUBE-NODE-PORT-TCP",
    table: "nat",
    from: "KUBE-NODE-PORT",
    to: "KUBE-MARK-MASQ",
    flags: "dst",
    proto: "tcp",
  },
  {
    set: "KUBE-NODE-PORT-LOCAL-UDP",
    table: "nat",
    from: "KUBE-NODE-PORT",
    to: "RETURN",
    flags: "dst",
    proto: "udp",
  },
  {
    set: "KUBE-NODE-PORT-UDP",
    table: "nat",
    from: "KUBE-NODE-PORT",
    to: "KUBE-MARK-MASQ",
    flags: "dst",
    proto: "udp",
  },
  {
    set: "KUBE-LOAD-BALANCER-FW",
    table: "filter",
    from: "KUBE-PROXY-FIREWALL",
    to: "KUBE-SOURCE-RANGES-FIREWALL",
    flags: "dst,dst",
  },
  {
    set: "KUBE-LOAD-BALANCER-SOURCE-CIDR",
    table: "filter",
    from: "KUBE-SOURCE-RANGES-FIREWALL",
    to: "RETURN",
    flags: "dst,dst,src",
  },
];

const MASQ_MARK = "0x4000";

function target(to: string): Target {
  if (to === "RETURN" || to === "ACCEPT" || to === "DROP") return { j: to };
  if (to === "MASQUERADE") return { j: "MASQUERADE" };
  return jump(to);
}

const setMatch = (name: string, flags: string): Match => ({ m: "set", name, flags });

/**
 * The endpoints a virtual server of `sp` gets for internal (ClusterIP) or external traffic
 * (syncEndpoint): a Local policy's local endpoints, or all of them when the node has none, so
 * pods on it still reach the Service (kubernetes#97081).
 */
function dests(sp: ServicePort, eps: ReturnType<typeof categorize>, external: boolean): RealServer[] {
  const local = external ? sp.externalPolicyLocal : sp.internalPolicyLocal;
  return (local && eps.local.length ? eps.local : eps.cluster).map((e) => ({
    ip: e.ip,
    port: e.port,
    weight: 1,
  }));
}

/** `ip,proto:port`, the member of a hash:ip,port set. */
const member = (ip: string, sp: ServicePort, port = sp.port) => `${ip},${sp.protocol}:${port}`;

/**
 * What kube-proxy programs on one node in ipvs mode. `nodeIPs`: the node's own addresses
 * (eth0 and the pod gateway on each veth), where every NodePort gets a virtual server.
 */
export function compileIpvs(input: ProxyInput, nodeIPs: string[] = [input.node.ip]): IpvsRules {
  // Sets keep insertion order and drop repeats, as `ipset add -exist` does.
  const members = new Map<string, Set<string>>(IPSETS.map((s) => [s.name, new Set<string>()]));
  const add = (set: string, m: string) => {
    const list = members.get(set) ?? new Set<string>();
    members.set(set, list);
    list.add(m);
  };
  const services: VirtualServer[] = [];
  const dummy = new Set<string>();
  const bind = (ip: string) => {
    dummy.add(ip);
    add("KUBE-IPVS-IPS", ip);
  };
  // No KUBE-SEP chains here: the endpoints' chain names (a hash each) are not needed.
  const eps = endpointsByPort(input.endpointSlices, input.node.name, false);
  for (const sp of servicePorts(input.services)) {
    const all = eps.get(portKey(sp.namespace, sp.name, sp.portName, sp.protocol)) ?? [];
    const cat = categorize(all, sp);
    const vs = (ip: string, port: number, role: VirtualServer["role"]): VirtualServer => ({
      protocol: sp.protocol.toUpperCase() as VirtualServer["protocol"],
      ip,
      port,
      scheduler: "rr",
      ...(sp.stickySeconds ? { persistent: sp.stickySeconds } : {}),
      dests: dests(sp, cat, role !== "cluster-ip"),
      spn: sp.spn,
      role,
    });
    // Hairpin: a pod reaching itself through the Service is masqueraded (KUBE-LOOP-BACK).
    for (const e of cat.reachable)
      if (e.local) add("KUBE-LOOP-BACK", `${e.ip},${sp.protocol}:${e.port},${e.ip}`);
    services.push(vs(sp.clusterIP, sp.port, "cluster-ip"));
    bind(sp.clusterIP);
    add("KUBE-CLUSTER-IP", member(sp.clusterIP, sp));
    for (const ip of sp.externalIPs) {
      services.push(vs(ip, sp.port, "external-ip"));
      bind(ip);
      add(sp.externalPolicyLocal ? "KUBE-EXTERNAL-IP-LOCAL" : "KUBE-EXTERNAL-IP", member(ip, sp));
    }
    for (const ip of sp.loadBalancerVIPs) {
      services.push(vs(ip, sp.port, "load-balancer"));
      bind(ip);
      add("KUBE-LOAD-BALANCER", member(ip, sp));
      if (sp.externalPolicyLocal) add("KUBE-LOAD-BALANCER-LOCAL", member(ip, sp));
      if (sp.loadBalancerSourceRanges.length) {
        add("KUBE-LOAD-BALANCER-FW", member(ip, sp));
        for (const cidr of sp.loadBalancerSourceRanges)
          add("KUBE-LOAD-BALANCER-SOURCE-CIDR", `${member(ip, sp)},${cidr}`);
        // A node inside the ranges reaches the VIP with the VIP as its source.
        if (sp.loadBalancerSourceRanges.some((c) => inCIDR(input.node.ip, c)))
          add("KUBE-LOAD-BALANCER-SOURCE-IP", `${member(ip, sp)},${ip}`);
      }
    }
    if (sp.nodePort) {
      for (const ip of nodeIPs) services.push(vs(ip, sp.nodePort, "node-port"));
      const proto = sp.protocol.toUpperCase();
      if (proto === "TCP" || proto === "UDP") {
        add(`KUBE-NODE-PORT-${proto}`, String(sp.nodePort));
        if (sp.externalPolicyLocal) add(`KUBE-NODE-PORT-LOCAL-${proto}`, String(sp.nodePort));
      }
    }
    if (sp.healthCheckNodePort) add("KUBE-HEALTH-CHECK-NODE-PORT", String(sp.healthCheckNodePort));
  }
  const sets = new Map([...members].map(([name, m]) => [name, [...m]]));
  const { nat, filter } = tables(input, sets);
  return { services, dummy: [...dummy], ipsets: sets, nat, filter };
}

/** writeIptablesRules: the same few rules whatever the number of Services. */
function tables(
  input: ProxyInput,
  sets: Map<string, string[]>,
): { nat: IptablesTable; filter: IptablesTable } {
  const nat = new TableBuilder();
  const filter = new TableBuilder();
  kubeletNatChains(nat);
  kubeletFilterChains(filter);
  for (const c of [
    "KUBE-SERVICES",
    "KUBE-POSTROUTING",
    "KUBE-NODE-PORT",
    "KUBE-LOAD-BALANCER",
    "KUBE-MARK-MASQ",
  ])
    nat.chain(c);
  for (const c of [
    "KUBE-FORWARD",
    "KUBE-NODE-PORT",
    "KUBE-PROXY-FIREWALL",
    "KUBE-SOURCE-RANGES-FIREWALL",
    "KUBE-IPVS-FILTER",
    "KUBE-IPVS-OUT-FILTER",
  ])
    filter.chain(c);
  const to = (chain: string, text: string): Rule => ({ matches: [comment(text)], target: jump(chain) });
  // kube-proxy prepends its jumps: the last one ensured comes first.
  nat.add("PREROUTING", to("KUBE-SERVICES", "kubernetes service portals"));
  nat.add("OUTPUT", to("KUBE-SERVICES", "kubernetes service portals"));
  nat.add("POSTROUTING", to("KUBE-POSTROUTING", "kubernetes postrouting rules"));
  filter.add("INPUT", to("KUBE-IPVS-FILTER", "kubernetes ipvs access filter"));
  filter.add("INPUT", to("KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"));
  filter.add("INPUT", to("KUBE-NODE-PORT", "kubernetes health check rules"));
  filter.add("FORWARD", to("KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"));
  filter.add("FORWARD", to("KUBE-FORWARD", "kubernetes forwarding rules"));
  filter.add("OUTPUT", to("KUBE-IPVS-OUT-FILTER", "kubernetes ipvs access filter"));
  kubeletFilterRules(filter);

  const full = (name: string) => (sets.get(name) ?? []).length > 0;
  // Connections to localhost never reach a virtual server: out of the chain at once.
  nat.add("KUBE-SERVICES", { src: { cidr: "127.0.0.0/8" }, matches: [], target: { j: "RETURN" } });
  for (const r of SET_RULES) {
    if (!full(r.set)) continue;
    const rule: Rule = {
      ...(r.proto ? { proto: r.proto } : {}),
      matches: [comment(COMMENT.get(r.set) ?? ""), setMatch(r.set, r.flags)],
      target: target(r.to),
    };
    (r.table === "nat" ? nat : filter).add(r.from, rule);
  }
  const clusterNote = comment(COMMENT.get("KUBE-CLUSTER-IP") ?? "");
  if (full("KUBE-CLUSTER-IP")) {
    // Off-cluster clients reaching a ClusterIP through this node are masqueraded, as in iptables mode.
    nat.add("KUBE-SERVICES", {
      src: { cidr: input.clusterCIDR, not: true },
      matches: [clusterNote, setMatch("KUBE-CLUSTER-IP", "dst,dst")],
      target: jump("KUBE-MARK-MASQ"),
    });
  }
  nat.add("KUBE-SERVICES", { matches: [{ m: "addrtype", dst: "LOCAL" }], target: jump("KUBE-NODE-PORT") });
  nat.add("KUBE-LOAD-BALANCER", { matches: [], target: jump("KUBE-MARK-MASQ") });
  filter.add("KUBE-SOURCE-RANGES-FIREWALL", { matches: [], target: { j: "DROP" } });
  // Traffic for a virtual server is accepted here, so no later rule can break IPVS.
  for (const set of ["KUBE-CLUSTER-IP", "KUBE-LOAD-BALANCER"])
    if (full(set)) nat.add("KUBE-SERVICES", { matches: [setMatch(set, "dst,dst")], target: { j: "ACCEPT" } });
  if (full("KUBE-LOAD-BALANCER-FW"))
    filter.add("KUBE-SOURCE-RANGES-FIREWALL", { matches: [], target: { j: "DROP" } });

  const mask = `${MASQ_MARK}/${MASQ_MARK}`;
  filter.add("KUBE-FORWARD", {
    matches: [comment("kubernetes forwarding rules"), { m: "mark", mark: mask }],
    target: { j: "ACCEPT" },
  });
  filter.add("KUBE-FORWARD", {
    matches: [
      comment("kubernetes forwarding conntrack rule"),
      { m: "conntrack", ctstate: "RELATED,ESTABLISHED" },
    ],
    target: { j: "ACCEPT" },
  });
  filter.add("KUBE-NODE-PORT", {
    matches: [
      comment(COMMENT.get("KUBE-HEALTH-CHECK-NODE-PORT") ?? ""),
      setMatch("KUBE-HEALTH-CHECK-NODE-PORT", "dst"),
    ],
    target: { j: "ACCEPT" },
  });
  // Ports on the host are not reachable through a Service address (kubernetes#72236).
  for (const [set, flags] of [
    ["KUBE-LOAD-BALANCER", "dst,dst"],
    ["KUBE-CLUSTER-IP", "dst,dst"],
    ["KUBE-EXTERNAL-IP", "dst,dst"],
    ["KUBE-EXTERNAL-IP-LOCAL", "dst,dst"],
    ["KUBE-HEALTH-CHECK-NODE-PORT", "dst"],
  ])
    filter.add("KUBE-IPVS-FILTER", { matches: [setMatch(set, flags)], target: { j: "RETURN" } });
  filter.add("KUBE-IPVS-FILTER", {
    matches: [{ m: "conntrack", ctstate: "NEW" }, setMatch("KUBE-IPVS-IPS", "dst")],
    target: { j: "REJECT", rejectWith: "icmp-port-unreachable" },
  });

  nat.add("KUBE-POSTROUTING", { matches: [{ m: "mark", mark: mask, not: true }], target: { j: "RETURN" } });
  nat.add("KUBE-POSTROUTING", { matches: [], target: { j: "MARK", xmark: `${MASQ_MARK}/0x0` } });
  nat.add("KUBE-POSTROUTING", {
    matches: [comment("kubernetes service traffic requiring SNAT")],
    target: { j: "MASQUERADE", randomFully: true },
  });
  nat.add("KUBE-MARK-MASQ", { matches: [], target: { j: "MARK", xmark: mask } });
  return { nat: nat.build(), filter: filter.build() };
}
