// CoreDNS's view of the cluster: the kubernetes plugin's informer caches and indexes, built from
// Services, EndpointSlices (ready addresses only) and Pods, once per snapshot.
import type { EndpointSlice, Pod, Service } from "../api/types.js";
import type { DnsData, DnsSource } from "./index.js";

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
/**
 * The kubernetes plugin's lookups. Map and Set serve as the eager kind; a DnsSource's index
 * answers each one with point reads instead.
 */
export interface Index {
  domain: string;
  namespaces: { has(ns: string): boolean };
  services: { get(k: string): Service | undefined };
  endpoints: { get(k: string): EpSet[] | undefined };
  svcByIp: { get(ip: string): Service | undefined };
  epByIp: { get(ip: string): EpSet[] | undefined };
  dnsServers: { has(ip: string): boolean };
  readonly serial: number;
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

/** A slice as CoreDNS keeps it (ready addresses, or all where the Service publishes them); undefined if not watched. */
function epSetOf(slice: EndpointSlice, svc: Service | undefined): EpSet | undefined {
  if ((slice.addressType ?? "IPv4") !== "IPv4") return undefined; // a single-stack IPv4 CoreDNS watches IPv4 slices only
  const svcName = slice.metadata.labels?.["kubernetes.io/service-name"];
  if (!svcName) return undefined;
  // CoreDNS keeps ready addresses only; the endpointslice controller marks every address
  // ready when the Service publishes not-ready addresses, which kubesim's controller does not.
  const publishAll = svc?.spec?.publishNotReadyAddresses === true;
  const set: EpSet = {
    svc: svcName,
    ns: slice.metadata.namespace ?? "default",
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
    for (const ip of ep.addresses ?? []) set.addresses.push({ ip, name: ep.hostname || dashed(ip) });
  }
  return set;
}

function domainOf(data: DnsData): string {
  return (data.clusterDomain ?? DEFAULT_DOMAIN).toLowerCase().replace(/\.$/, "");
}

/** The addresses CoreDNS answers on: the kube-dns ClusterIPs and its ready endpoints. */
function dnsServersOf(ix: Pick<Index, "services" | "endpoints">): Set<string> {
  const dnsServers = new Set<string>();
  const kubeDns = ix.services.get(key("kube-dns", "kube-system"));
  if (kubeDns) for (const ip of clusterIPs(kubeDns)) dnsServers.add(ip);
  for (const set of ix.endpoints.get(key("kube-dns", "kube-system")) ?? [])
    for (const a of set.addresses) dnsServers.add(a.ip);
  return dnsServers;
}

/** Built once per DnsData: a command asks many questions of one snapshot. */
export function viewOf(data: DnsData): Index {
  const cached = indexes.get(data);
  if (cached) return cached;
  const ix = data.source ? lazyView(data, data.source) : eagerView(data);
  indexes.set(data, ix);
  return ix;
}

/** Every cache built from the whole lists, as CoreDNS's informers hold them. */
function eagerView(data: DnsData): Index {
  const domain = domainOf(data);
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
    const ns = slice.metadata.namespace ?? "default";
    const svcName = slice.metadata.labels?.["kubernetes.io/service-name"] ?? "";
    const set = epSetOf(slice, services.get(key(svcName, ns)));
    if (!set) continue;
    for (const a of set.addresses) {
      const list = epByIp.get(a.ip) ?? [];
      if (!list.includes(set)) list.push(set);
      epByIp.set(a.ip, list);
    }
    const k = key(svcName, ns);
    endpoints.set(k, [...(endpoints.get(k) ?? []), set]);
    seen(slice.metadata.creationTimestamp);
    seen(slice.metadata.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]);
  }
  return {
    domain,
    namespaces,
    services,
    endpoints,
    svcByIp,
    epByIp,
    dnsServers: dnsServersOf({ services, endpoints }),
    serial: data.serial ?? Math.floor(stamp / 1000),
  };
}

/** Memoizes a point lookup, so one command reads each object once. */
function memo<T>(read: (k: string) => T): { get(k: string): T } {
  const m = new Map<string, T>();
  return {
    get(k) {
      if (!m.has(k)) m.set(k, read(k));
      return m.get(k) as T;
    },
  };
}

/**
 * The caches answered by point reads (a name through get(), an address through an index):
 * resolving one name reads that Service and its slices, not 10,000 Services. What only a scan
 * answers (an endpoint address's PTR, the SOA serial) builds the eager view when first asked.
 */
function lazyView(data: DnsData, src: DnsSource): Index {
  let whole: Index | undefined;
  const eager = () => {
    whole ??= eagerView({
      ...src.all(),
      namespaces: [],
      ...(data.serial !== undefined ? { serial: data.serial } : {}),
    });
    return whole;
  };
  const split = (k: string) => {
    const dot = k.indexOf(".");
    return { name: k.slice(0, dot), ns: k.slice(dot + 1) };
  };
  const services = memo((k) => {
    const { name, ns } = split(k);
    return src.service(ns, name) as Service | undefined;
  });
  const endpoints = memo((k) => {
    const { name, ns } = split(k);
    const svc = services.get(k);
    const sets = (src.slices(ns, name) as EndpointSlice[]).flatMap((slice) => epSetOf(slice, svc) ?? []);
    return sets.length ? sets : undefined;
  });
  let servers: Set<string> | undefined;
  return {
    domain: domainOf(data),
    namespaces: { has: memo((ns) => src.namespace(ns)).get },
    services,
    endpoints,
    svcByIp: memo((ip) =>
      (src.servicesAt(ip) as Service[]).find((s) =>
        [...clusterIPs(s), ...(s.spec?.externalIPs ?? [])].includes(ip),
      ),
    ),
    epByIp: { get: (ip) => eager().epByIp.get(ip) },
    dnsServers: {
      has: (ip) => {
        servers ??= dnsServersOf({ services, endpoints });
        return servers.has(ip);
      },
    },
    get serial() {
      return eager().serial;
    },
  };
}

/** Whether CoreDNS answers on this address: the kube-dns ClusterIP or one of its ready pods. */
export function isClusterDnsServer(data: DnsData, ip: string): boolean {
  return viewOf(data).dnsServers.has(ip);
}
