// What kube-proxy reads from the API: one entry per Service port it proxies
// (pkg/proxy/serviceport.go) and the endpoints of each port from the EndpointSlices
// (pkg/proxy/endpointslicecache.go), split by traffic policy (pkg/proxy/topology.go).
import type { EndpointSlice, Service } from "../api/types.js";
import { endpointChain, type ServiceChains, serviceChains, servicePortName } from "./chains.js";

export interface ServicePort {
  /** `ns/name[:port]`, the name in every comment. */
  spn: string;
  namespace: string;
  name: string;
  portName: string;
  /** Lower case, as in `-p tcp`. */
  protocol: string;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: string[];
  /** ClientIP affinity timeout in seconds; 0 without affinity. */
  stickySeconds: number;
  internalPolicyLocal: boolean;
  externalPolicyLocal: boolean;
  healthCheckNodePort: number;
  chains: ServiceChains;
}

export interface Endpoint {
  ip: string;
  port: number;
  /** "ip:port", kube-proxy's Endpoint.String(): the sort key and part of the SEP hash. */
  key: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  local: boolean;
  nodeName?: string;
  podName?: string;
  chain: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV4_CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;

/** Node, LoadBalancer or ClusterIP with externalIPs: the API's ExternallyAccessible(). */
function externallyAccessibleService(svc: Service): boolean {
  const t = svc.spec?.type ?? "ClusterIP";
  return (
    t === "LoadBalancer" ||
    t === "NodePort" ||
    (t === "ClusterIP" && (svc.spec?.externalIPs ?? []).length > 0)
  );
}

/** The ports kube-proxy programs, in a fixed order (kube-proxy walks a Go map; any order is real). */
export function servicePorts(services: Service[]): ServicePort[] {
  const out: ServicePort[] = [];
  for (const svc of services) {
    const spec = svc.spec ?? {};
    // Headless and ExternalName Services get no rules (ShouldSkipService).
    const clusterIP = spec.clusterIP ?? "";
    if (spec.type === "ExternalName" || !IPV4.test(clusterIP)) continue;
    const ns = svc.metadata.namespace ?? "default";
    const name = svc.metadata.name;
    const lbVIPs = (svc.status?.loadBalancer?.ingress ?? []).flatMap((ing) =>
      ing.ip && IPV4.test(ing.ip) && ing.ipMode !== "Proxy" ? [ing.ip] : [],
    );
    const external = externallyAccessibleService(svc);
    const needsHealthCheck = spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
    for (const p of spec.ports ?? []) {
      const protocol = String(p.protocol ?? "TCP").toLowerCase();
      const spn = servicePortName(ns, name, p.name);
      out.push({
        spn,
        namespace: ns,
        name,
        portName: p.name ?? "",
        protocol,
        clusterIP,
        port: p.port,
        nodePort: p.nodePort ?? 0,
        externalIPs: (spec.externalIPs ?? []).filter((ip) => IPV4.test(ip)),
        loadBalancerVIPs: lbVIPs,
        loadBalancerSourceRanges: (spec.loadBalancerSourceRanges ?? [])
          .map((c) => c.trim())
          .filter((c) => IPV4_CIDR.test(c)),
        stickySeconds:
          spec.sessionAffinity === "ClientIP"
            ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800)
            : 0,
        internalPolicyLocal: spec.internalTrafficPolicy === "Local",
        externalPolicyLocal: external && spec.externalTrafficPolicy === "Local",
        healthCheckNodePort: needsHealthCheck ? (spec.healthCheckNodePort ?? 0) : 0,
        chains: serviceChains(spn, protocol),
      });
    }
  }
  return out.sort((a, b) => cmp(a.spn, b.spn) || cmp(a.protocol, b.protocol));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The key that joins a Service port to the EndpointSlice ports of the same name and protocol. */
export function portKey(namespace: string, service: string, portName: string, protocol: string): string {
  return `${namespace}/${service}\0${portName}\0${protocol.toLowerCase()}`;
}

/**
 * Endpoints per port key, each list sorted by "ip:port" string as byEndpoint sorts them.
 * `named` false leaves the KUBE-SEP chain names empty: counting rules needs the endpoints'
 * conditions, not 10,000 SHA-256 hashes.
 */
export function endpointsByPort(
  slices: EndpointSlice[],
  nodeName: string,
  named = true,
): Map<string, Endpoint[]> {
  const sets = new Map<string, Map<string, Endpoint>>();
  for (const slice of slices) {
    const service = slice.metadata.labels?.["kubernetes.io/service-name"];
    if (!service || slice.addressType !== "IPv4") continue;
    const ns = slice.metadata.namespace ?? "default";
    for (const port of slice.ports ?? []) {
      if (port.name == null || !port.port) continue;
      const protocol = String(port.protocol ?? "TCP").toLowerCase();
      const spn = servicePortName(ns, service, port.name);
      const key = portKey(ns, service, port.name, protocol);
      const set = sets.get(key) ?? new Map<string, Endpoint>();
      sets.set(key, set);
      for (const ep of slice.endpoints ?? []) {
        // kube-proxy uses only the first address of an endpoint.
        const ip = ep.addresses?.[0];
        if (!ip) continue;
        const c = ep.conditions ?? {};
        const terminating = c.terminating === true;
        const epKey = `${ip}:${port.port}`;
        // Two endpoints with one IP (a reused pod IP): the one not terminating wins.
        if (set.has(epKey) && terminating) continue;
        set.set(epKey, {
          ip,
          port: port.port,
          key: epKey,
          ready: c.ready !== false,
          serving: c.serving !== false,
          terminating,
          local: !!nodeName && ep.nodeName === nodeName,
          nodeName: ep.nodeName ?? undefined,
          podName: ep.targetRef?.kind === "Pod" ? ep.targetRef.name : undefined,
          chain: named ? endpointChain(spn, protocol, epKey) : "",
        });
      }
    }
  }
  const out = new Map<string, Endpoint[]>();
  for (const [key, set] of sets)
    out.set(
      key,
      [...set.values()].sort((a, b) => cmp(a.key, b.key)),
    );
  return out;
}

/** A port sends traffic by Cluster policy unless only Local ones apply (short-circuit rules count). */
export function externallyAccessible(sp: ServicePort): boolean {
  return sp.nodePort !== 0 || sp.loadBalancerVIPs.length > 0 || sp.externalIPs.length > 0;
}

function usesClusterEndpoints(sp: ServicePort): boolean {
  return !sp.internalPolicyLocal || externallyAccessible(sp);
}

export function usesLocalEndpoints(sp: ServicePort): boolean {
  return sp.internalPolicyLocal || (sp.externalPolicyLocal && externallyAccessible(sp));
}

export interface Categorized {
  cluster: Endpoint[];
  local: Endpoint[];
  /** Every endpoint this node may DNAT to: one KUBE-SEP chain each. */
  reachable: Endpoint[];
  /** Usable endpoints exist somewhere in the cluster (else: REJECT). */
  hasAny: boolean;
}

/**
 * CategorizeEndpoints without topology hints: ready endpoints, falling back to
 * serving-and-terminating ones (for Cluster and Local policy independently) when none is ready.
 */
export function categorize(eps: Endpoint[], sp: ServicePort): Categorized {
  let cluster: Endpoint[] = [];
  let local: Endpoint[] = [];
  let hasAny = false;
  const servingTerminating = (e: Endpoint) => e.serving && e.terminating;
  if (usesClusterEndpoints(sp)) {
    cluster = eps.filter((e) => e.ready);
    if (!cluster.length) cluster = eps.filter(servingTerminating);
    hasAny = cluster.length > 0;
  }
  if (!usesLocalEndpoints(sp)) return { cluster, local, reachable: cluster, hasAny };
  if (eps.some((e) => e.ready || servingTerminating(e))) hasAny = true;
  local = eps.filter((e) => e.local && e.ready);
  const fallback = !local.length;
  if (fallback) local = eps.filter((e) => e.local && servingTerminating(e));
  if (!usesClusterEndpoints(sp)) return { cluster, local, reachable: local, hasAny };
  if (!fallback || !local.length) return { cluster, local, reachable: cluster, hasAny };
  const merged = new Map<string, Endpoint>();
  for (const e of [...cluster, ...local]) merged.set(e.key, e);
  return { cluster, local, reachable: [...merged.values()], hasAny };
}
