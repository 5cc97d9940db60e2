// CoreDNS's view of the cluster: the kubernetes plugin's informer caches and indexes, built from
// Services, EndpointSlices (ready addresses only) and Pods, once per snapshot.
import type { EndpointSlice, Pod, Service } from "../api/types.js";
import type { DnsData } from "./index.js";

const DEFAULT_DOMAIN = "cluster.local";
const BUILTIN_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

export interface Port {
  name: string;
  port: number;
  protocol: string;
}
/** A ready address of an EndpointSlice, as CoreDNS converts it (object/endpoint.go). */
interface EpAddress {
  ip: string;
  /**
   * The endpoint's `hostname` (the endpointslice controller copies it from a pod whose
   * subdomain names the Service), else the dashed IP: CoreDNS's endpointHostname.
   */
  name: string;
}
interface EpSet {
  svc: string;
  ns: string;
  addresses: EpAddress[];
  /** A slice without ports gets CoreDNS's sentinel port -1: A records, but no SRV. */
  ports: Port[];
}
export interface Index {
  domain: string;
  namespaces: Set<string>;
  services: Map<string, Service>;
  endpoints: Map<string, EpSet[]>;
  svcByIp: Map<string, Service>;
  epByIp: Map<string, EpSet[]>;
  dnsServers: Set<string>;
  serial: number;
}
const indexes = new WeakMap<DnsData, Index>();

export function key(name: string, ns: string): string {
  return `${name}.${ns}`;
}

export function clusterIPs(svc: Service): string[] {
  const ips = svc.spec?.clusterIPs?.length ? svc.spec.clusterIPs : [svc.spec?.clusterIP];
  return ips.filter((ip): ip is string => !!ip && ip !== "None");
}

export function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === "None";
}

function dashed(ip: string): string {
  return ip.replace(/[.:]/g, "-");
}

/** Built once per DnsData: a command asks many questions of one snapshot. */
export function viewOf(data: DnsData): Index {
  const cached = indexes.get(data);
  if (cached) return cached;
  const domain = (data.clusterDomain ?? DEFAULT_DOMAIN).toLowerCase().replace(/\.$/, "");
  const namespaces = new Set(data.namespaces ?? BUILTIN_NAMESPACES);
  const services = new Map<string, Service>();
  const svcByIp = new Map<string, Service>();
  let stamp = 0;
  const seen = (t: unknown) => {
    const ms = typeof t === "string" ? Date.parse(t) : Number.NaN;
    if (ms > stamp) stamp = ms;
  };
  for (const svc of data.services as Service[]) {
    const ns = svc.metadata.namespace ?? "default";
    services.set(key(svc.metadata.name, ns), svc);
    if (!data.namespaces) namespaces.add(ns);
    // The reverse index holds ClusterIPs and externalIPs (CoreDNS's svcIPIndexFunc).
    for (const ip of [...clusterIPs(svc), ...(svc.spec?.externalIPs ?? [])])
      if (!svcByIp.has(ip)) svcByIp.set(ip, svc);
    seen(svc.metadata.creationTimestamp);
  }
  for (const pod of data.pods as Pod[]) {
    const ns = pod.metadata.namespace ?? "default";
    if (!data.namespaces) namespaces.add(ns);
    seen(pod.metadata.creationTimestamp);
  }
  const endpoints = new Map<string, EpSet[]>();
  const epByIp = new Map<string, EpSet[]>();
  for (const slice of data.endpointSlices as EndpointSlice[]) {
    if ((slice.addressType ?? "IPv4") !== "IPv4") continue; // a single-stack IPv4 CoreDNS watches IPv4 slices only
    const ns = slice.metadata.namespace ?? "default";
    const svcName = slice.metadata.labels?.["kubernetes.io/service-name"];
    if (!svcName) continue;
    const svc = services.get(key(svcName, ns));
    // CoreDNS keeps ready addresses only; the endpointslice controller marks every address
    // ready when the Service publishes not-ready addresses, which kubesim's controller does not.
    const publishAll = svc?.spec?.publishNotReadyAddresses === true;
    const set: EpSet = {
      svc: svcName,
      ns,
      addresses: [],
      ports: (slice.ports ?? []).map((p) => ({
        name: p.name ?? "",
        port: p.port ?? -1,
        protocol: p.protocol ?? "TCP",
      })),
    };
    if (!set.ports.length) set.ports.push({ name: "", port: -1, protocol: "" });
    for (const ep of slice.endpoints ?? []) {
      if (!publishAll && ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses ?? []) {
        set.addresses.push({ ip, name: ep.hostname || dashed(ip) });
        const list = epByIp.get(ip) ?? [];
        if (!list.includes(set)) list.push(set);
        epByIp.set(ip, list);
      }
    }
    const k = key(svcName, ns);
    endpoints.set(k, [...(endpoints.get(k) ?? []), set]);
    seen(slice.metadata.creationTimestamp);
    seen(slice.metadata.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]);
  }
  const dnsServers = new Set<string>();
  const kubeDns = services.get(key("kube-dns", "kube-system"));
  if (kubeDns) for (const ip of clusterIPs(kubeDns)) dnsServers.add(ip);
  for (const set of endpoints.get(key("kube-dns", "kube-system")) ?? [])
    for (const a of set.addresses) dnsServers.add(a.ip);
  const ix: Index = {
    domain,
    namespaces,
    services,
    endpoints,
    svcByIp,
    epByIp,
    dnsServers,
    serial: data.serial ?? Math.floor(stamp / 1000),
  };
  indexes.set(data, ix);
  return ix;
}

/** Whether CoreDNS answers on this address: the kube-dns ClusterIP or one of its ready pods. */
export function isClusterDnsServer(data: DnsData, ip: string): boolean {
  return viewOf(data).dnsServers.has(ip);
}
