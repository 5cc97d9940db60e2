// What a client program sees of the simulated network from where it runs: name resolution
// (the pod's resolv.conf and CoreDNS, or a node's own resolver, which knows no cluster
// names) and connections through the data plane, with the server's answer and its log line.
// What the requests did (draws, affinity entries, log lines) is collected as effects for the
// verb to commit or drop: nothing here writes the cluster state.

import { type KObject, podOf } from "../api/types.js";
import { ENDPOINTSLICES, NAMESPACES, PODS, SERVICES } from "../apiserver/resources.js";
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
import type { HttpRequest, HttpResponse } from "../images/types.js";
import { readContainerFile } from "../kubelet/fs.js";
import { containerKey, containerSpec, modelOf } from "../kubelet/runtime.js";
import type { Rng } from "../util/rng.js";
import { type ConnectResult, DataPlane, type Endpoint, type Vantage } from "./connect.js";

export interface NetAttempt {
  host: string;
  ip: string;
  port: number;
  result?: ConnectResult;
  /** The server's answer, once a request was served over the connection. */
  response?: { status: number; reason: string };
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

export class Network {
  readonly plane: DataPlane;
  private dnsCache?: DnsData;
  /** Every connection made, for traces and for the caller's summary. */
  readonly attempts: NetAttempt[] = [];
  /** Lookups and connections in the order they happened. */
  readonly journal: NetEvent[] = [];
  private readonly pending: Effect[] = [];

  /** `rng`: a random source shared with other requests that are not committed either (checks). */
  constructor(
    readonly c: Cluster,
    readonly from: Vantage,
    rng?: Rng,
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
    this.dnsCache ??= {
      services: this.c.api.list(SERVICES),
      endpointSlices: this.c.api.list(ENDPOINTSLICES),
      pods: this.c.api.listSummaries(PODS),
      namespaces: this.c.api.list(NAMESPACES).map((n) => n.metadata.name),
      ...(this.plane.policy.dnsReachable(this.from) ? {} : { unreachable: true }),
    };
    return this.dnsCache;
  }

  get localIP(): string {
    return this.plane.sourceIP(this.from);
  }

  /** getaddrinfo from this vantage point. */
  resolve(host: string): { ok: true; ip: string } | { ok: false; elapsedMs?: number } {
    if (this.from.kind === "pod" && !this.from.pod.spec.hostNetwork) {
      const rc = podResolvConf(this.from.pod);
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
    const attempt: NetAttempt = { host: ip, ip, port, result };
    this.attempts.push(attempt);
    this.journal.push({ kind: "connect", attempt });
    return result;
  }

  /** Hands a request to the process behind an established connection, logging as it would. */
  serve(ep: Endpoint, req: HttpRequest): HttpResponse {
    const { response, effects } = serveRequest(this.c, ep, req);
    const last = this.attempts[this.attempts.length - 1];
    if (last) last.response = { status: response.status, reason: response.reason };
    this.pending.push(...effects);
    return response;
  }
}

/** The process's answer to one request, and the line it logs for it (an effect). */
export function serveRequest(
  c: Cluster,
  ep: Endpoint,
  req: HttpRequest,
): { response: HttpResponse; effects: Effect[] } {
  const now = c.clock.nowMs();
  const pod: KObject | undefined = ep.pod;
  const ctx = {
    podName: pod?.metadata.name ?? ep.node,
    hostname: pod ? containerHostname(pod) : ep.node,
    nowMs: now,
    readFile: (path: string) =>
      pod && ep.container ? readContainerFile(c, pod, ep.container, path) : undefined,
    podIP: pod?.status?.podIP,
    namespace: pod?.metadata.namespace,
    nodeName: ep.node,
  };
  const res = ep.listener.handle
    ? ep.listener.handle(req, ctx)
    : { status: 0, reason: "", headers: [], body: "" };
  if (!pod || !ep.container || !ep.listener.accessLog) return { response: res, effects: [] };
  const lines = ep.listener.accessLog(req, res, now).map((line) => ({ at: now, line }));
  return { response: res, effects: [{ kind: "log", container: containerKey(pod, ep.container), lines }] };
}
