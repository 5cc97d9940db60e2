// kube-proxy in nftables mode (pkg/proxy/nftables), as a pure module: the `ip kube-proxy`
// table it writes for one node. Service addresses are keys of verdict maps (service-ips,
// service-nodeports), so a packet finds its Service in one map lookup however many Services
// exist; each Service port has its own chains (service-, local-, external-, firewall-,
// endpoint-), named by a hash and the port's readable name as hashAndTruncate makes them.
import { sha256 } from "../util/digest.js";
import { base32 } from "./chains.js";
import {
  categorize,
  type Endpoint,
  endpointsByPort,
  portKey,
  type ServicePort,
  servicePorts,
} from "./endpoints.js";
import type { ProxyInput } from "./types.js";

export interface NftMap {
  name: string;
  type: string;
  comment: string;
  /** `key : verdict`, each with an optional element comment; a set's elements have no verdict. */
  elements: { key: string; verdict?: string; comment?: string }[];
  /** A set (cluster-ips), not a verdict map. */
  set?: boolean;
}

export interface NftChain {
  name: string;
  /** A base chain's hook line, e.g. "type nat hook prerouting priority dstnat; policy accept;". */
  hook?: string;
  comment?: string;
  rules: string[];
}

export interface NftTable {
  maps: NftMap[];
  chains: NftChain[];
}

/** hashAndTruncate: the first 8 base32 characters of sha256(name), a dash, then the name. */
export function nftChainBase(name: string): string {
  // 5 bytes make exactly 8 base32 characters.
  const hash = base32(sha256(name).subarray(0, 5));
  const full = `${hash}-${name}`;
  // knftables.NameLengthMax (256) less the longest prefix (16).
  return full.length > 240 ? `${full.slice(0, 237)}...` : full;
}

/** servicePortChainNameBase: "ns/name/proto/portName". */
export function servicePortBase(
  sp: Pick<ServicePort, "namespace" | "name" | "protocol" | "portName">,
): string {
  return nftChainBase(`${sp.namespace}/${sp.name}/${sp.protocol}/${sp.portName}`);
}

/** servicePortEndpointChainNameBase: "ns/name/proto/portName__ip/port". */
export function endpointBase(sp: ServicePort, e: Pick<Endpoint, "ip" | "port">): string {
  return nftChainBase(`${sp.namespace}/${sp.name}/${sp.protocol}/${sp.portName}__${e.ip}/${e.port}`);
}

/** The nft names of one Service port's chains, by kind. */
export function nftServiceChains(sp: ServicePort): {
  service: string;
  local: string;
  external: string;
  firewall: string;
} {
  const base = servicePortBase(sp);
  return {
    service: `service-${base}`,
    local: `local-${base}`,
    external: `external-${base}`,
    firewall: `firewall-${base}`,
  };
}

const BASE_CHAINS: NftChain[] = [
  {
    name: "filter-prerouting",
    hook: "type filter hook prerouting priority dstnat - 10; policy accept;",
    rules: [],
  },
  { name: "filter-input", hook: "type filter hook input priority dstnat - 10; policy accept;", rules: [] },
  {
    name: "filter-forward",
    hook: "type filter hook forward priority dstnat - 10; policy accept;",
    rules: [],
  },
  { name: "filter-output", hook: "type filter hook output priority dstnat - 10; policy accept;", rules: [] },
  {
    name: "filter-output-post-dnat",
    hook: "type filter hook output priority dstnat + 10; policy accept;",
    rules: [],
  },
  { name: "nat-prerouting", hook: "type nat hook prerouting priority dstnat; policy accept;", rules: [] },
  { name: "nat-output", hook: "type nat hook output priority dstnat; policy accept;", rules: [] },
  { name: "nat-postrouting", hook: "type nat hook postrouting priority srcnat; policy accept;", rules: [] },
];

const MASQ = "0x00004000";

/** The whole `ip kube-proxy` table for one node (syncProxyRules after setupNFTables). */
export function compileNftables(input: ProxyInput): NftTable {
  const chains = new Map<string, NftChain>();
  const chain = (name: string, extra: Partial<NftChain> = {}): NftChain => {
    let c = chains.get(name);
    if (!c) {
      c = { name, rules: [], ...extra };
      chains.set(name, c);
    }
    return c;
  };
  for (const b of BASE_CHAINS) chain(b.name, { hook: b.hook });
  const jumps: [string, string, string][] = [
    ["nodeport-endpoints-check", "filter-input", "ct state new "],
    ["service-endpoints-check", "filter-input", "ct state new "],
    ["service-endpoints-check", "filter-forward", "ct state new "],
    ["service-endpoints-check", "filter-output", "ct state new "],
    ["firewall-check", "filter-prerouting", "ct state new "],
    ["firewall-check", "filter-output", "ct state new "],
    ["services", "nat-output", ""],
    ["services", "nat-prerouting", ""],
    ["masquerading", "nat-postrouting", ""],
    ["cluster-ips-check", "filter-forward", "ct state new "],
    ["cluster-ips-check", "filter-output-post-dnat", "ct state new "],
  ];
  for (const [to, from, pre] of jumps) {
    chain(to);
    chain(from).rules.push(`${pre}jump ${to}`);
  }
  chain("mark-for-masquerade").rules.push(`meta mark set meta mark | ${MASQ}`);
  chain("masquerading").rules.push(
    `meta mark & ${MASQ} == 0x00000000 return`,
    `meta mark set meta mark ^ ${MASQ}`,
    "masquerade fully-random",
  );
  const map = (name: string, type: string, comment: string): NftMap => ({
    name,
    type,
    comment,
    elements: [],
  });
  const clusterIPs: NftMap = { ...map("cluster-ips", "ipv4_addr", "Active ClusterIPs"), set: true };
  // A ClusterIP on a port no Service has: refused. (With ServiceCIDRs served, a second rule
  // drops unallocated addresses of the ranges; kind's v1.32 serves none.)
  chain("cluster-ips-check").rules.push(
    'ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"',
  );
  const noEndpointServices = map(
    "no-endpoint-services",
    "ipv4_addr . inet_proto . inet_service : verdict",
    "vmap to drop or reject packets to services with no endpoints",
  );
  const noEndpointNodePorts = map(
    "no-endpoint-nodeports",
    "inet_proto . inet_service : verdict",
    "vmap to drop or reject packets to service nodeports with no endpoints",
  );
  chain("reject-chain", { comment: "helper for @no-endpoint-services / @no-endpoint-nodeports" }).rules.push(
    "reject",
  );
  const localhost = "ip daddr != 127.0.0.0/8";
  chain("service-endpoints-check").rules.push(
    "ip daddr . meta l4proto . th dport vmap @no-endpoint-services",
  );
  chain("nodeport-endpoints-check").rules.push(
    `${localhost} meta l4proto . th dport vmap @no-endpoint-nodeports`,
  );
  const firewallIPs = map(
    "firewall-ips",
    "ipv4_addr . inet_proto . inet_service : verdict",
    "destinations that are subject to LoadBalancerSourceRanges",
  );
  chain("firewall-check").rules.push("ip daddr . meta l4proto . th dport vmap @firewall-ips");
  const serviceIPs = map(
    "service-ips",
    "ipv4_addr . inet_proto . inet_service : verdict",
    "ClusterIP, ExternalIP and LoadBalancer IP traffic",
  );
  const serviceNodePorts = map(
    "service-nodeports",
    "inet_proto . inet_service : verdict",
    "NodePort traffic",
  );
  chain("services").rules.push(
    "ip daddr . meta l4proto . th dport vmap @service-ips",
    `fib daddr type local ${localhost} meta l4proto . th dport vmap @service-nodeports`,
  );

  // No KUBE-SEP chains here: the endpoints' chain names (a hash each) are not needed.
  const eps = endpointsByPort(input.endpointSlices, input.node.name, false);
  const clusterIPSeen = new Set<string>();
  for (const sp of servicePorts(input.services)) {
    const all = eps.get(portKey(sp.namespace, sp.name, sp.portName, sp.protocol)) ?? [];
    servicePortRules(sp, categorize(all, sp), input, {
      chain,
      clusterIPs,
      clusterIPSeen,
      serviceIPs,
      serviceNodePorts,
      noEndpointServices,
      noEndpointNodePorts,
      firewallIPs,
    });
  }
  return {
    maps: [clusterIPs, noEndpointServices, noEndpointNodePorts, firewallIPs, serviceIPs, serviceNodePorts],
    chains: [...chains.values()],
  };
}

interface Sink {
  chain: (name: string, extra?: Partial<NftChain>) => NftChain;
  clusterIPs: NftMap;
  clusterIPSeen: Set<string>;
  serviceIPs: NftMap;
  serviceNodePorts: NftMap;
  noEndpointServices: NftMap;
  noEndpointNodePorts: NftMap;
  firewallIPs: NftMap;
}

function servicePortRules(
  sp: ServicePort,
  cat: ReturnType<typeof categorize>,
  input: ProxyInput,
  s: Sink,
): void {
  const names = nftServiceChains(sp);
  const { cluster, local, reachable, hasAny } = cat;
  const p = sp.protocol;
  const key = (ip: string, port = sp.port) => `${ip} . ${p} . ${port}`;
  const external = sp.nodePort !== 0 || sp.loadBalancerVIPs.length > 0 || sp.externalIPs.length > 0;
  for (const e of reachable) s.chain(`endpoint-${endpointBase(sp, e)}`);
  const usesCluster = cluster.length > 0 && (!sp.internalPolicyLocal || external);
  if (usesCluster) s.chain(names.service);
  const usesLocal = local.length > 0 && (sp.internalPolicyLocal || (sp.externalPolicyLocal && external));
  if (usesLocal) s.chain(names.local);
  const internalChain = sp.internalPolicyLocal ? names.local : names.service;
  const hasInternal = hasAny && (!sp.internalPolicyLocal || local.length > 0);
  const externalPolicyChain = sp.externalPolicyLocal ? names.local : names.service;
  const hasExternal = hasAny && (!sp.externalPolicyLocal || local.length > 0);
  const usesExternal = hasAny && external;
  if (usesExternal) s.chain(names.external);
  const internalVerdict = hasAny ? "drop" : "goto reject-chain";
  const externalVerdict = hasAny ? "drop" : "goto reject-chain";

  // A set, not a scan of the elements so far: 10,000 ClusterIPs would make it 50 million tests.
  if (!s.clusterIPSeen.has(sp.clusterIP)) {
    s.clusterIPSeen.add(sp.clusterIP);
    s.clusterIPs.elements.push({ key: sp.clusterIP });
  }
  if (hasInternal) s.serviceIPs.elements.push({ key: key(sp.clusterIP), verdict: `goto ${internalChain}` });
  else
    s.noEndpointServices.elements.push({ key: key(sp.clusterIP), verdict: internalVerdict, comment: sp.spn });
  for (const ip of sp.externalIPs) {
    if (hasAny) s.serviceIPs.elements.push({ key: key(ip), verdict: `goto ${names.external}` });
    if (!hasExternal)
      s.noEndpointServices.elements.push({ key: key(ip), verdict: externalVerdict, comment: sp.spn });
  }
  const usesFW = sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
  if (usesFW) s.chain(names.firewall);
  for (const ip of sp.loadBalancerVIPs) {
    if (hasAny) s.serviceIPs.elements.push({ key: key(ip), verdict: `goto ${names.external}` });
    if (usesFW)
      s.firewallIPs.elements.push({ key: key(ip), verdict: `goto ${names.firewall}`, comment: sp.spn });
  }
  if (!hasExternal)
    for (const ip of sp.loadBalancerVIPs)
      s.noEndpointServices.elements.push({ key: key(ip), verdict: externalVerdict, comment: sp.spn });
  if (sp.nodePort) {
    const k = `${p} . ${sp.nodePort}`;
    if (hasAny) s.serviceNodePorts.elements.push({ key: k, verdict: `goto ${names.external}` });
    if (!hasExternal)
      s.noEndpointNodePorts.elements.push({ key: k, verdict: externalVerdict, comment: sp.spn });
  }
  if (hasInternal)
    s.chain(internalChain).rules.push(
      `ip daddr ${sp.clusterIP} ${p} dport ${sp.port} ip saddr != ${input.clusterCIDR} jump mark-for-masquerade`,
    );
  if (usesExternal) {
    const ext = s.chain(names.external).rules;
    if (!sp.externalPolicyLocal) ext.push("jump mark-for-masquerade");
    else {
      ext.push(
        `ip saddr ${input.clusterCIDR} goto ${names.service} comment "short-circuit pod traffic"`,
        `fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"`,
        `fib saddr type local goto ${names.service} comment "short-circuit local traffic"`,
      );
    }
    if (hasExternal) ext.push(`goto ${externalPolicyChain}`);
  }
  if (usesFW) {
    const sources = [...sp.loadBalancerSourceRanges];
    const fromNode = sp.loadBalancerSourceRanges.some((c) => inRange(input.node.ip, c));
    if (fromNode) sources.push(...sp.loadBalancerVIPs);
    s.chain(names.firewall).rules.push(`ip saddr != { ${sources.join(", ")} } drop`);
  }
  const toEndpoints = (name: string, list: Endpoint[]) => {
    const c = s.chain(name).rules;
    if (sp.stickySeconds)
      for (const e of list)
        c.push(`ip saddr @affinity-${endpointBase(sp, e)} goto endpoint-${endpointBase(sp, e)}`);
    const vmap = list.map((e, i) => `${i} : goto endpoint-${endpointBase(sp, e)}`).join(", ");
    c.push(`numgen random mod ${list.length} vmap { ${vmap} }`);
  };
  if (usesCluster) toEndpoints(names.service, cluster);
  if (usesLocal) toEndpoints(names.local, local);
  for (const e of reachable) {
    const c = s.chain(`endpoint-${endpointBase(sp, e)}`).rules;
    c.push(`ip saddr ${e.ip} jump mark-for-masquerade`);
    if (sp.stickySeconds) c.push(`update @affinity-${endpointBase(sp, e)} { ip saddr }`);
    c.push(`meta l4proto ${p} dnat to ${e.ip}:${e.port}`);
  }
}

function inRange(ip: string, cidr: string): boolean {
  const [base, len] = cidr.split("/");
  const n = (a: string) => a.split(".").reduce((x, o) => x * 256 + Number(o), 0);
  const bits = Number(len ?? 32);
  const size = 2 ** (32 - bits);
  return Math.floor(n(ip) / size) === Math.floor(n(base) / size);
}

/**
 * calculate_delim: a named map of concatenated keys prints one element a line; a set of
 * addresses two a line.
 */
function elementList(els: string[], addresses: boolean): string {
  const newline = ",\n\t\t\t     ";
  if (!addresses) return els.join(newline);
  return els.map((e, i) => (i === 0 ? e : `${i % 2 ? ", " : newline}${e}`)).join("");
}

/** `nft list table ip kube-proxy` (also its part of `nft list ruleset`), as nft 1.0.6 prints it. */
export function renderNftTable(t: NftTable): string {
  let out = 'table ip kube-proxy {\n\tcomment "rules for kube-proxy"\n';
  // nft separates the table's sets and chains by a blank line, none before the first.
  let delim = "";
  for (const m of t.maps) {
    out += `${delim}\t${m.set ? "set" : "map"} ${m.name} {\n\t\ttype ${m.type}\n\t\tcomment ${JSON.stringify(m.comment)}\n`;
    if (m.elements.length) {
      const els = m.elements.map(
        (e) =>
          `${e.key}${e.comment ? ` comment ${JSON.stringify(e.comment)}` : ""}${e.verdict ? ` : ${e.verdict}` : ""}`,
      );
      out += `\t\telements = { ${elementList(els, !!m.set)} }\n`;
    }
    out += "\t}\n";
    delim = "\n";
  }
  for (const c of t.chains) {
    out += `${delim}\tchain ${c.name} {\n`;
    delim = "\n";
    if (c.hook) out += `\t\t${c.hook}\n`;
    if (c.comment) out += `\t\tcomment ${JSON.stringify(c.comment)}\n`;
    for (const r of c.rules) out += `\t\t${r}\n`;
    out += "\t}\n";
  }
  return `${out}}\n`;
}
