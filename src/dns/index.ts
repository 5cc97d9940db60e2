// Cluster DNS: CoreDNS's answers for cluster.local (records.ts), the stub resolvers of pods
// and nodes (resolver.ts), the files the kubelet and containerd write into a pod (files.ts),
// and the DNS tools a container image may ship (nslookup.ts, dig.ts, host.ts). Everything
// here is a pure function of the objects given: no clock, no randomness, no I/O.
import type { KObject } from "../api/types.js";

/**
 * The objects CoreDNS watches. The lists stay untyped here because tests build them by hand
 * (dns/fixture.ts) and change them in place; zone.ts reads them as the stored types.
 */
export interface DnsData {
  services: KObject[];
  endpointSlices: KObject[];
  pods: KObject[];
  /** kubelet's clusterDomain and CoreDNS's zone; "cluster.local" when absent. */
  clusterDomain?: string;
  /** Namespaces that exist; CoreDNS answers NXDOMAIN under a namespace that does not. Inferred when absent. */
  namespaces?: string[];
  /** SOA serial CoreDNS reports (the Unix time of its last watch event); inferred from timestamps when absent. */
  serial?: number;
  /** CoreDNS never answers this client (a NetworkPolicy drops its queries): every query times out. */
  unreachable?: boolean;
  /**
   * Point reads of the same objects: when given, a query reads the Service it names and that
   * Service's slices instead of the lists above, which are then read only for what a scan
   * alone answers (an endpoint address's PTR, the inferred SOA serial).
   */
  source?: DnsSource;
}

/** The objects one query needs, read one by one (the API server's get and indexes). */
export interface DnsSource {
  service(ns: string, name: string): KObject | undefined;
  /** The EndpointSlices labelled for the Service, in list order. */
  slices(ns: string, name: string): KObject[];
  /** The Services owning an address (ClusterIP, external or load-balancer IP), in list order. */
  servicesAt(ip: string): KObject[];
  namespace(ns: string): boolean;
  /** The whole lists, for what only a scan answers. */
  all(): { services: KObject[]; endpointSlices: KObject[]; pods: KObject[] };
}

export type Rcode = "NOERROR" | "NXDOMAIN" | "SERVFAIL";

export interface Answer {
  /** Owner name, fully qualified with the trailing dot, in the case the question used. */
  name: string;
  type: "A" | "AAAA" | "CNAME" | "SRV" | "PTR";
  ttl: number;
  /** A: ip; CNAME/PTR: "target."; SRV: "0 100 80 web.default.svc.cluster.local." */
  data: string;
}

/** The zone's SOA, sent in the authority section of NXDOMAIN and NODATA answers. */
export interface Soa {
  name: string;
  ttl: number;
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

export interface DnsResponse {
  rcode: Rcode;
  answers: Answer[];
  authoritative: boolean;
  /** The RA flag: set on answers relayed from an upstream recursive resolver only. */
  recursionAvailable?: boolean;
  /** Answered by CoreDNS's `forward` upstream (the node's resolver), not by the kubernetes plugin. */
  forwarded?: boolean;
  /**
   * The answer depends on the Internet, which is outside the simulated network: the rcode is
   * SERVFAIL (or an ExternalName's CNAME comes without addresses). Callers may show a timeout instead.
   */
  external?: boolean;
  /** SRV targets' addresses, as CoreDNS puts them in the additional section. */
  additional?: Answer[];
  authority?: Soa[];
}

/** A stub resolver's configuration (/etc/resolv.conf). */
export interface ResolvConf {
  search: string[];
  /** The first nameserver. */
  nameserver: string;
  ndots: number;
  /** All nameservers in order, when there is more than one. */
  nameservers?: string[];
  /** The `options` line's words as written ("ndots:5", "edns0"); derived from ndots when absent. */
  options?: string[];
}

export interface Resolution {
  ok: boolean;
  /** The address a client connects to: the first of `addresses`. */
  address?: string;
  addresses: string[];
  /** Each name queried (type A) in order, with the answer's rcode (NOERROR with no address = NODATA). */
  tries: { name: string; rcode: Rcode }[];
  /** The name the addresses belong to, after search-list expansion and CNAMEs. */
  canonical?: string;
  /** Why it failed, as getaddrinfo reports it (curl prints "Could not resolve host" for all). */
  error?: "EAI_NONAME" | "EAI_NODATA" | "EAI_AGAIN";
  /** No nameserver answered: callers wait out the resolver timeout. */
  timedOut?: boolean;
  /** Some answer depended on the Internet (see DnsResponse.external). */
  external?: boolean;
}

/** What a tool printed and how it exited. */
export interface ToolOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export { type DigOptions, dig } from "./dig.js";
export {
  containerHostname,
  kernelHostname,
  NODE_RESOLVER,
  nodeResolvConf,
  podHostnameAndDomain,
  podResolvConf,
  renderHostsFile,
  renderResolvConf,
} from "./files.js";
export { type GetentHosts, getentHosts, type HostEnt, printHostEnt } from "./getent.js";
export { host } from "./host.js";
export { type NslookupOptions, nslookupBind, nslookupBusybox } from "./nslookup.js";
export { exchange, isClusterDnsServer, type QType, query, reverseName } from "./records.js";
export { resolve, searchCandidates } from "./resolver.js";
