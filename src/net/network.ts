// What a client program sees of the simulated network from where it runs: name resolution
// (the pod's resolv.conf and CoreDNS, or a node's own resolver, which knows no cluster
// names) and connections through the data plane, with the server's answer and its log line.
// What the requests did (draws, affinity entries, log lines) is collected as effects for the
// verb to commit or drop: nothing here writes the cluster state.

import { type KObject, podOf } from "../api/types.js";
import { addressValue, SLICE_SERVICE_NAME, SVC_ADDRESS } from "../apiserver/indexes.js";
import { BY_KIND, ENDPOINTSLICES, NAMESPACES, NODES, PODS, SERVICES } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import type { Effect } from "../cluster/effects.js";
import {
  containerHostname,
  type DnsData,
  NODE_RESOLVER,
  podResolvConf,
  type Resolution,
  renderHostsFile,
  resolve,
} from "../dns/index.js";
import type {
  GatewayRoute,
  HttpRequest,
  HttpResponse,
  IngressRoute,
  RespReply,
  ServeContext,
  TlsIdentity,
  UpstreamResult,
} from "../images/types.js";
import { readContainerFile } from "../kubelet/fs.js";
import { containerLogs } from "../kubelet/logs.js";
import { containerKey, containerSpec, modelOf } from "../kubelet/runtime.js";
import type { Rng } from "../util/rng.js";
import { clusterDNSIP } from "../util/subnets.js";
import { ephemeralPort } from "./clients/types.js";
import { type ConnectResult, DataPlane, type Endpoint, type Vantage } from "./connect.js";
import { connectionRecord } from "./conntrack-flows.js";

export interface NetAttempt {
  host: string;
  ip: string;
  port: number;
  result?: ConnectResult;
  /** The server's answer, once a request was served over the connection. */
  response?: {
    status: number;
    reason: string;
    route?: IngressRoute;
    gatewayRoute?: GatewayRoute;
    /** What was asked: the Host header (or the URL's host) and the request target. */
    request?: { host: string; path: string; tls: boolean };
  };
}

/** One getaddrinfo call: the name as given, the resolver asked and each search-list try. */
export interface Lookup {
  host: string;
  /** The nameserver's address; the node's resolver (NODE_RESOLVER) knows no cluster names. */
  server: string;
  resolution: Resolution;
}

/** What a client did on the network, in order: the raw material of a trace. */
export type NetEvent = { kind: "lookup"; lookup: Lookup } | { kind: "connect"; attempt: NetAttempt };

/** CoreDNS's view of the API objects, shared while nothing is written (as DataPlane's rules). */
const zones = new WeakMap<Cluster, { rv: number; zone: DnsData }>();

/**
 * CoreDNS's view as point reads (dns/zone.ts answers a name from get() and the indexes), the
 * whole lists read only if a query needs a scan. `unreachable`: a client whose queries a
 * NetworkPolicy drops.
 */
function lazyZone(c: Cluster, unreachable = false): DnsData {
  let lists: { services: KObject[]; endpointSlices: KObject[]; pods: KObject[] } | undefined;
  const all = () => {
    lists ??= {
      services: c.api.list(SERVICES),
      endpointSlices: c.api.list(ENDPOINTSLICES),
      pods: c.api.listSummaries(PODS),
    };
    return lists;
  };
  return {
    get services() {
      return all().services;
    },
    get endpointSlices() {
      return all().endpointSlices;
    },
    get pods() {
      return all().pods;
    },
    get namespaces() {
      return c.api.list(NAMESPACES).map((n) => n.metadata.name);
    },
    ...(unreachable ? { unreachable } : {}),
    source: {
      service: (ns, name) => c.api.get(SERVICES, ns, name),
      slices: (ns, name) => c.api.indexed(ENDPOINTSLICES, SLICE_SERVICE_NAME, `${ns}/${name}`, true),
      servicesAt: (ip) => c.api.indexed(SERVICES, SVC_ADDRESS, addressValue(ip), true),
      namespace: (ns) => !!c.api.get(NAMESPACES, undefined, ns),
      all,
    },
  };
}

function zoneFor(c: Cluster): DnsData {
  const rv = c.state.resourceVersion;
  let z = zones.get(c);
  if (!z || z.rv !== rv) {
    z = { rv, zone: lazyZone(c) };
    zones.set(c, z);
  }
  return z.zone;
}

export class Network {
  readonly plane: DataPlane;
  private dnsCache?: DnsData;
  /** Every connection made, for traces and for the caller's summary. */
  readonly attempts: NetAttempt[] = [];
  /** Lookups and connections in the order they happened. */
  readonly journal: NetEvent[] = [];
  private readonly pending: Effect[] = [];
  /** The record of the last connection, which a served request fills in with its sizes. */
  private lastConn?: ConnRecordDraft;

  /**
   * `rng`: a random source shared with other requests that are not committed either (checks).
   * `depth`: how many servers' own requests (proxy_pass) led to this one.
   */
  constructor(
    readonly c: Cluster,
    readonly from: Vantage,
    rng?: Rng,
    readonly depth = 0,
  ) {
    this.plane = new DataPlane(c, rng);
  }

  /** The random source requests from here draw from. */
  get rng(): Rng {
    return this.plane.rng;
  }

  /** Everything the requests made so far did, in order, for the verb to commit or drop. */
  effects(): Effect[] {
    return [...this.pending];
  }

  dnsData(): DnsData {
    return this.data();
  }

  private data(): DnsData {
    // The shared object when CoreDNS is reachable, so its indexes (dns/zone.ts) are built once.
    const zone = zoneFor(this.c);
    this.dnsCache ??= this.plane.policy.dnsReachable(this.from) ? zone : lazyZone(this.c, true);
    return this.dnsCache;
  }

  get localIP(): string {
    return this.plane.sourceIP(this.from);
  }

  /** getaddrinfo from this vantage point. */
  resolve(host: string): { ok: true; ip: string } | { ok: false; elapsedMs?: number } {
    if (this.from.kind === "pod" && !this.from.pod.spec.hostNetwork) {
      const rc = podResolvConf(this.from.pod, clusterDNSIP(this.c.api.serviceCIDR));
      const r = resolve(this.data(), rc, host, renderHostsFile(this.from.pod));
      this.journal.push({ kind: "lookup", lookup: { host, server: rc.nameserver, resolution: r } });
      if (r.ok && r.address) return { ok: true, ip: r.address };
      // An unanswered query waits out the stub resolver: glibc tries twice for 5 s, musl 5 s in all.
      return r.timedOut ? { ok: false, elapsedMs: this.libc() === "musl" ? 5000 : 10000 } : { ok: false };
    }
    // Nodes and the outside world use their own resolvers: cluster names are unknown there.
    const r = resolve(null, null, host);
    this.journal.push({ kind: "lookup", lookup: { host, server: NODE_RESOLVER, resolution: r } });
    return r.ok && r.address ? { ok: true, ip: r.address } : { ok: false };
  }

  private libc(): string | undefined {
    if (this.from.kind !== "pod") return undefined;
    const name = this.from.container;
    return modelOf(containerSpec(podOf(this.from.pod), name)?.image ?? "").libc;
  }

  connect(ip: string, port: number): ConnectResult {
    const result = this.plane.connect(this.from, ip, port, "TCP");
    this.pending.push(...result.effects);
    // The same source port curl reports for the attempt, so conntrack and tcpdump agree with it.
    const sport = ephemeralPort(`${this.c.clock.nowMs()}${ip}${port}`);
    const record = connectionRecord(this.from, ip, port, sport, result, this.c.clock.nowMs());
    this.lastConn = record;
    this.pending.push({ kind: "conn", record });
    const attempt: NetAttempt = { host: ip, ip, port, result };
    this.attempts.push(attempt);
    this.journal.push({ kind: "connect", attempt });
    return result;
  }

  /** Hands a request to the process behind an established connection, logging as it would. */
  serve(ep: Endpoint, req: HttpRequest): HttpResponse {
    const start = this.plane.rng.position;
    const { response, effects } = serveRequest(this.c, ep, req, this.plane.rng, this.depth);
    const last = this.attempts[this.attempts.length - 1];
    if (last)
      last.response = {
        status: response.status,
        reason: response.reason,
        ...(response.route ? { route: response.route } : {}),
        ...(response.gatewayRoute ? { gatewayRoute: response.gatewayRoute } : {}),
        request: {
          host: req.headers.find(([k]) => k.toLowerCase() === "host")?.[1] ?? req.host,
          path: req.path,
          tls: !!req.tls,
        },
      };
    if (this.lastConn) {
      this.lastConn.req = {
        bytes: requestBytes(req),
        line: `${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}`,
      };
      const version = response.version ?? "HTTP/1.1";
      this.lastConn.res = {
        bytes: responseBytes(response),
        line: `${version} ${response.status}${response.reason ? ` ${response.reason}` : ""}`,
      };
    }
    // A server that draws for its answer (the API server's audit and flow-control uids)
    // prints the draws: they are kept, so the next request draws new ones. Upstream requests
    // record their own draws among `effects`.
    const end = this.plane.rng.position;
    if (end !== start && !effects.some((e) => e.kind === "draws"))
      this.pending.push({ kind: "draws", from: start, to: end, keep: true });
    this.pending.push(...effects);
    return response;
  }

  /** The certificate a listener that picks one by SNI (ingress-nginx) presents for `serverName`. */
  tlsFor(ep: Endpoint, serverName: string | undefined): TlsIdentity | undefined {
    const pick = ep.listener.tlsFor;
    if (!pick) return ep.listener.tls;
    return pick(serverName, serveContext(this.c, ep, this.plane.rng, this.depth, []));
  }

  /** A RESP server's reply to one command (redis-cli); redis logs nothing for it. */
  command(ep: Endpoint, argv: string[]): RespReply {
    const command = ep.listener.command;
    if (!command) return { kind: "error", text: "ERR not a RESP server" };
    return command(argv, serveContext(this.c, ep, this.plane.rng, this.depth, this.pending));
  }
}

type ConnRecordDraft = Extract<Effect, { kind: "conn" }>["record"];

/** The bytes a request takes on the wire: request line, headers, blank line, body. */
function requestBytes(req: HttpRequest): number {
  const head = [
    `${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}`,
    ...req.headers.map(([k, v]) => `${k}: ${v}`),
  ];
  return head.reduce((n, l) => n + Buffer.byteLength(l) + 2, 2) + Buffer.byteLength(req.body);
}

function responseBytes(res: HttpResponse): number {
  if (res.version === "HTTP/0.9") return Buffer.byteLength(res.body);
  const head = [`HTTP/1.1 ${res.status} ${res.reason}`, ...res.headers.map(([k, v]) => `${k}: ${v}`)];
  return head.reduce((n, l) => n + Buffer.byteLength(l) + 2, 2) + Buffer.byteLength(res.body);
}

/** Proxies stop following themselves here; a real nginx would run out of connections instead. */
const MAX_UPSTREAM_DEPTH = 4;

/**
 * What a server sees of its container while it answers. Its own upstream requests leave
 * their effects (the upstream's log lines, the draws) in `sink`, before the server's own.
 */
function serveContext(
  c: Cluster,
  ep: Endpoint,
  rng: Rng | undefined,
  depth: number,
  sink: Effect[],
): ServeContext {
  const now = c.clock.nowMs();
  const pod: KObject | undefined = ep.pod;
  const status = (pod?.status?.containerStatuses ?? []).find(
    (s: { name: string }) => s.name === ep.container,
  );
  const startedAt = status?.state?.running?.startedAt;
  const startedAtMs = startedAt ? Date.parse(startedAt) : undefined;
  const ctx: ServeContext = {
    podName: pod?.metadata.name ?? ep.node,
    hostname: pod ? containerHostname(pod) : ep.node,
    nowMs: now,
    readFile: (path: string) =>
      pod && ep.container ? readContainerFile(c, pod, ep.container, path) : undefined,
    podIP: pod?.status?.podIP,
    namespace: pod?.metadata.namespace,
    nodeName: ep.node,
    ...(startedAtMs !== undefined ? { startedAtMs } : {}),
    objects: (kind, namespace) => {
      const r = BY_KIND.get(kind);
      return r ? c.api.list(r, namespace) : [];
    },
  };
  if (pod && ep.container) {
    const container = ep.container;
    ctx.logSoFar = () =>
      containerLogs(c, pod, container, now).filter((l) => startedAtMs === undefined || l.at >= startedAtMs);
    ctx.upstream = (host, port, req) => {
      if (depth >= MAX_UPSTREAM_DEPTH) return { kind: "refused", ip: host };
      const net = new Network(c, { kind: "pod", pod, container }, rng, depth + 1);
      const r = upstreamRequest(net, host, port, req);
      sink.push(...net.effects());
      return r;
    };
  } else if (ep.gateway) {
    // Envoy's container routes the service range through a control-plane node (route-adder):
    // the packet meets that node's kube-proxy rules and masquerade, as the node's own would.
    const via = c.api.list(NODES)[0]?.metadata.name;
    // Envoy draws itself (the weighted pick, the request id) before it connects: those draws
    // go first, so the upstream's own follow them in order.
    let mark = rng?.position;
    ctx.upstream = (host, port, req) => {
      if (depth >= MAX_UPSTREAM_DEPTH || !via) return { kind: "refused", ip: host };
      if (rng && mark !== undefined && mark !== rng.position)
        sink.push({ kind: "draws", from: mark, to: rng.position, keep: false });
      mark = rng?.position;
      const net = new Network(c, { kind: "node", node: via }, rng, depth + 1);
      const r = upstreamRequest(net, host, port, req);
      sink.push(...net.effects());
      return r;
    };
  }
  return ctx;
}

function upstreamRequest(net: Network, host: string, port: number, req: HttpRequest): UpstreamResult {
  let ip = host;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
    const r = net.resolve(host);
    if (!r.ok) return { kind: "unresolved" };
    ip = r.ip;
  }
  const { outcome, peerIP } = net.connect(ip, port);
  if (outcome.kind !== "ok") return { kind: outcome.kind, ip };
  if (outcome.endpoint.listener.kind === "tcp-silent") return { kind: "silent", ip };
  // The server connects from its own address and an ephemeral port of its own.
  const own: HttpRequest = { ...req, clientIP: peerIP, clientPort: undefined };
  return { kind: "ok", ip, response: net.serve(outcome.endpoint, own) };
}

/** The process's answer to one request, and the line it logs for it (an effect). */
export function serveRequest(
  c: Cluster,
  ep: Endpoint,
  req: HttpRequest,
  rng?: Rng,
  depth = 0,
): { response: HttpResponse; effects: Effect[] } {
  const now = c.clock.nowMs();
  const effects: Effect[] = [];
  const ctx = serveContext(c, ep, rng, depth, effects);
  const res = ep.listener.handle
    ? ep.listener.handle(req, ctx)
    : { status: 0, reason: "", headers: [], body: "" };
  const pod: KObject | undefined = ep.pod;
  if (!pod || !ep.container || !ep.listener.accessLog) return { response: res, effects };
  const lines = ep.listener.accessLog(req, res, now, ctx).map((line) => ({ at: now, line }));
  effects.push({ kind: "log", container: containerKey(pod, ep.container), lines });
  return { response: res, effects };
}
