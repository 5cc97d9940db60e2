// The data plane seen through the cluster's kube-proxy mode: what kube-proxy on a node reads,
// the tables `iptables-save` shows there, and, for one decision (made by iptables mode's
// rules in every mode: the Service logic is the same), the IPVS virtual server or nft chains
// it took, who masqueraded in the mode's words, and how much of the rule set finding the
// Service cost.
import type { EndpointSlice, KObject, Service } from "../api/types.js";
import { addressValue, nodePortValue, SLICE_SERVICE_NAME, SVC_ADDRESS } from "../apiserver/indexes.js";
import { ENDPOINTSLICES as SLICES, SERVICES as SVC } from "../apiserver/resources.js";
import { objectKey } from "../apiserver/server.js";
import { keptFragments, keptWalks } from "../cluster/proxy-rules.js";
import {
  assembleTables,
  compileIpvs,
  type IptablesTable,
  iptablesWalk,
  ipvsCost,
  kubeletOnlyTables,
  modeMasquerade,
  nftablesCost,
  nftChainPath,
  type Protocol,
  type ProxyCost,
  type ProxyInput,
  walkCost,
} from "../proxy/index.js";
import type { DataPlane } from "./connect.js";
import type { ProxyVia } from "./hops.js";
import { proxyMode } from "./published.js";
import type { Masquerade } from "./snat.js";

function nodeIP(plane: DataPlane, node: string): string {
  const n = plane.topo.node(node);
  if (!n) throw new Error(`kubesim: there is no node ${node} in the topology`);
  return n.ip;
}

const onNode = (plane: DataPlane, dst: string) => !!plane.topo.nodeByIP(dst) || dst.startsWith("127.");

/** Objects in list() order (namespace, then name), as the whole lists would give them. */
function inListOrder<O extends KObject>(objs: O[]): O[] {
  const key = (o: KObject) => objectKey(o.metadata.namespace, o.metadata.name ?? "");
  const seen = new Map(objs.map((o) => [key(o), o]));
  return [...seen.keys()].sort().map((k) => seen.get(k) as O);
}

/**
 * The EndpointSlices of some Services, through the by-service-name index: a packet's proxy
 * input reads its Services' slices, not all 10,000 Services' slices.
 */
export function slicesOf(plane: DataPlane, services: Service[]): EndpointSlice[] {
  const api = plane.c.api;
  return inListOrder(
    services.flatMap((s) =>
      api.indexed(SLICES, SLICE_SERVICE_NAME, `${s.metadata.namespace}/${s.metadata.name}`, true),
    ),
  );
}

/** What kube-proxy on `node` reads: the Services (all, unless given) and their EndpointSlices. */
export function proxyInput(plane: DataPlane, node: string, services?: Service[]): ProxyInput {
  const c = plane.c;
  const svcs = services ?? c.api.list(SVC);
  const names = new Set(svcs.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
  return {
    node: { name: node, ip: nodeIP(plane, node) },
    clusterCIDR: plane.topo.subnets.podSubnet,
    services: svcs,
    endpointSlices: services
      ? slicesOf(plane, services)
      : c.api
          .list(SLICES)
          .filter((s) =>
            names.has(`${s.metadata.namespace}/${s.metadata.labels?.["kubernetes.io/service-name"]}`),
          ),
  };
}

/**
 * The Services that own an address (ClusterIP, external or load-balancer IP), in list order,
 * found through the by-address index rather than by reading every Service.
 */
export function servicesAt(plane: DataPlane, ip: string): Service[] {
  return plane.c.api.indexed(SVC, SVC_ADDRESS, addressValue(ip), true).filter((s) => {
    const spec = s.spec ?? {};
    return (
      (spec.clusterIPs ?? [spec.clusterIP]).includes(ip) ||
      (spec.externalIPs ?? []).includes(ip) ||
      (s.status?.loadBalancer?.ingress ?? []).some((i) => i.ip === ip)
    );
  });
}

/** The Services whose rules can match a packet to dst:port (address owners, or a nodePort). */
export function servicesFor(plane: DataPlane, dst: string, port: number): Service[] {
  const owners = servicesAt(plane, dst);
  if (!onNode(plane, dst)) return owners;
  const byPort = plane.c.api
    .indexed(SVC, SVC_ADDRESS, nodePortValue(port), true)
    .filter((s) => (s.spec?.ports ?? []).some((p) => p.nodePort === port));
  return inListOrder([...owners, ...byPort]);
}

/**
 * The tables `iptables-save` shows on the node in the cluster's proxy mode: kube-proxy's
 * iptables rules, ipvs mode's ipset-based few, or (nftables mode) only kubelet's.
 */
export function tablesFor(
  plane: DataPlane,
  node: string,
  nodeIPs: string[] = [nodeIP(plane, node)],
): { nat: IptablesTable; filter: IptablesTable } {
  const mode = proxyMode(plane.c.state.settings);
  if (mode === "ipvs") return compileIpvs(proxyInput(plane, node), nodeIPs);
  if (mode === "nftables" || mode === "none") return kubeletOnlyTables();
  // The rules kube-proxy keeps per Service, when the stored cluster has them up to date.
  const kept = keptFragments(plane.c, { name: node, ip: nodeIP(plane, node) });
  return kept ? assembleTables(kept) : plane.rulesFor(node);
}

/**
 * How much of the node's rule set the kernel consulted to find the Service of a packet to
 * `dst` whose iptables-mode decision went through `chain`: the numbers behind the modes.
 */
export function proxyCost(
  plane: DataPlane,
  node: string,
  dst: string,
  chain: string[],
  nodeIPs: string[],
): ProxyCost | undefined {
  const mode = proxyMode(plane.c.state.settings);
  if (mode === "none") return undefined;
  if (mode === "ipvs") return ipvsCost(proxyInput(plane, node), nodeIPs);
  const local = onNode(plane, dst);
  if (mode === "nftables") return nftablesCost(proxyInput(plane, node), local);
  const to = local ? nodeIP(plane, node) : dst;
  // The walk entries kube-proxy's kept rules hold, when the stored cluster has them up to date.
  const walks = keptWalks(plane.c, { name: node, ip: nodeIP(plane, node) });
  return walks ? walkCost(walks, to, chain) : iptablesWalk(proxyInput(plane, node), to, chain);
}

/**
 * What the node's mode consulted instead of iptables chains (same decision, other
 * structures): the IPVS virtual server, or the nft chains of the Service and endpoint.
 */
export function proxyVia(
  plane: DataPlane,
  node: string,
  dst: string,
  port: number,
  protocol: Protocol,
  chain: string[],
): ProxyVia | undefined {
  const mode = proxyMode(plane.c.state.settings);
  if (mode === "ipvs") return { mode, protocol, ip: dst, port, scheduler: "rr" };
  if (mode === "nftables")
    return { mode, chains: nftChainPath(proxyInput(plane, node, servicesFor(plane, dst, port)), chain) };
  return undefined;
}

/** Who masqueraded, and the rule that marked the packet, in the words of the node's mode. */
export function modeMasq(
  plane: DataPlane,
  node: string,
  dst: string,
  port: number,
  protocol: Protocol,
  by: { chain: string; comment: string } | undefined,
): Masquerade {
  const mode = proxyMode(plane.c.state.settings);
  if (!by || mode === "iptables" || mode === "none") return { node, by };
  const services = servicesFor(plane, dst, port);
  const role = onNode(plane, dst)
    ? "node-port"
    : services.some((s) => (s.status?.loadBalancer?.ingress ?? []).some((i) => i.ip === dst))
      ? "load-balancer"
      : services.some((s) => (s.spec?.externalIPs ?? []).includes(dst))
        ? "external-ip"
        : "cluster-ip";
  const m = modeMasquerade(mode, by, role, protocol, proxyInput(plane, node, services));
  return {
    node,
    by: m.by,
    ...(m.postrouting !== "KUBE-POSTROUTING" ? { postrouting: m.postrouting } : {}),
  };
}

/**
 * Which rule of the node's mode refuses a connection to an allocated Service address on a
 * port no Service has: ipvs mode's KUBE-IPVS-FILTER (the address is on kube-ipvs0, hence
 * local), nftables mode's cluster-ips-check (ClusterIPs only). Undefined in iptables mode.
 */
export function serviceIPReject(
  plane: DataPlane,
  dst: string,
): { mode: "ipvs" | "nftables"; chain: string } | undefined {
  const mode = proxyMode(plane.c.state.settings);
  if (mode !== "ipvs" && mode !== "nftables") return undefined;
  const services = servicesAt(plane, dst);
  const clusterIP = services.some((s) => (s.spec?.clusterIPs ?? [s.spec?.clusterIP]).includes(dst));
  if (mode === "nftables") return clusterIP ? { mode, chain: "cluster-ips-check" } : undefined;
  // Every owner of the address is a ClusterIP, external IP or load-balancer owner.
  const bound = services.length > 0;
  return bound ? { mode, chain: "KUBE-IPVS-FILTER" } : undefined;
}
