// A trace: what one client did on the simulated network, hop by hop, read back from the
// Network's journal (the lookups and connections the client really made), followed by the
// verdict diagnose.ts draws from the model. Nothing is replayed: the hops are the ones the
// data plane recorded while deciding the client's fate, so a trace cannot disagree with the
// output it explains. Everything here is a typed fact; printers/trace-hops.ts has the words.
import { isIP } from "node:net";
import type { KObject } from "../api/types.js";
import type { Rcode } from "../dns/index.js";
import type { GatewayRoute, IngressRoute } from "../images/types.js";
import { containerSpec, modelOf } from "../kubelet/runtime.js";
import type { ProxyCost } from "../proxy/index.js";
import { parseCurlArgs } from "./clients/curl-args.js";
import { parseUrl } from "./clients/url.js";
import type { Vantage } from "./connect.js";
import { diagnose, diagnosePing, type Verdict } from "./diagnose.js";
import { type Hop, refOf } from "./hops.js";
import type { Lookup, NetAttempt, Network } from "./network.js";
import { proxyCost } from "./proxy-modes.js";
import { nodePortIPs } from "./tools/node-addrs.js";

export type { Verdict };

/** Where the trace starts, with the address the connection leaves from. */
export type TraceFrom =
  | { kind: "outside"; ip: string }
  | { kind: "node"; node: string; ip: string }
  | { kind: "pod"; namespace: string; name: string; container: string; ip: string };

/** A step of a trace: a data-plane hop, or what the client did and saw around the hops. */
export type TraceStep =
  | Hop
  /** One search-list try; `addresses` only on the try that answered. */
  | { kind: "dns"; name: string; server: string; answer: { addresses: string[] } | { rcode: Rcode } }
  | { kind: "hosts-file"; host: string; address: string }
  | { kind: "dns-timeout"; server: string }
  /** kube-proxy's (or portmap's) DNAT: the address the client used, and the endpoint it became. */
  | { kind: "dnat"; from: { ip: string; port: number }; to: { ip: string; port: number } }
  /** The process behind the listener: its command line (empty: the image's default) and image. */
  | { kind: "process"; command: string[]; image: string; server: string; port: number }
  | { kind: "response"; status: number; reason: string }
  /** An ingress controller's routing: the Ingress rule that matched and the endpoint it proxied to. */
  | ({ kind: "ingress" } & IngressRoute)
  /** A Gateway's Envoy routing: the HTTPRoute rule that matched and the Service it connected to. */
  | ({ kind: "httproute" } & GatewayRoute)
  | { kind: "icmp"; ip: string; answered: boolean }
  /** A connection that failed before any hop was recorded. */
  | { kind: "no-hop"; ip: string; port: number };

/**
 * A step, and whether the connection went on after it (false where it stopped, or a policy
 * dropped it). A kube-proxy step also says how much of the rule set the kernel consulted.
 */
export type TraceHop = TraceStep & { ok: boolean; cost?: ProxyCost };

export interface Trace {
  from: TraceFrom;
  /** The target as typed: host and port of a connection, the host alone for ping. */
  to: { host: string; port?: number };
  hops: TraceHop[];
  verdict: Verdict;
}

/** The target as typed: a URL's host and port, or HOST[:PORT]. */
export interface Target {
  host: string;
  port: number;
}

export function traceFrom(net: Network): TraceFrom {
  const v: Vantage = net.from;
  const ip = net.localIP;
  if (v.kind === "outside") return { kind: "outside", ip };
  if (v.kind === "node") return { kind: "node", node: v.node, ip };
  const { namespace, name } = refOf(v.pod);
  return { kind: "pod", namespace, name, container: v.container, ip };
}

function lookupHops(l: Lookup): TraceHop[] {
  const r = l.resolution;
  if (isIP(l.host)) return [];
  const hops: TraceHop[] = [];
  if (!r.tries.length && r.ok)
    return [{ kind: "hosts-file", host: l.host, address: r.address ?? "", ok: true }];
  for (const [i, t] of r.tries.entries()) {
    const last = i === r.tries.length - 1;
    const answer = last && r.ok ? { addresses: r.addresses } : { rcode: t.rcode };
    hops.push({ kind: "dns", name: t.name, server: l.server, answer, ok: r.ok || !last });
  }
  if (r.timedOut) hops.push({ kind: "dns-timeout", server: l.server, ok: false });
  return hops;
}

function processHop(pod: KObject, container: string, port: number): TraceHop {
  const ctr = containerSpec(pod, container);
  const command = [...(ctr.command ?? []), ...(ctr.args ?? [])];
  return { kind: "process", command, image: ctr.image, server: modelOf(ctr.image).repo, port, ok: true };
}

function connectHops(net: Network, a: NetAttempt): TraceHop[] {
  const out: TraceHop[] = [];
  const result = a.result;
  if (!result) return out;
  // The address the packet carries: a host port mapping hands it on to the node's port first.
  let at = { ip: a.ip, port: a.port };
  for (const h of result.hops) {
    const cost =
      h.kind === "kube-proxy"
        ? proxyCost(net.plane, h.node, at.ip, h.chain, nodePortIPs(net.c, h.node))
        : undefined;
    out.push({ ...h, ok: h.kind !== "policy" || h.allowed, ...(cost ? { cost } : {}) });
    if (h.kind === "host-port-mapping") at = h.to;
    if ((h.kind === "kube-proxy" && h.verdict === "dnat") || h.kind === "portmap")
      out.push({ kind: "dnat", from: at, to: h.to, ok: true });
  }
  const o = result.outcome;
  if (o.kind === "ok" && o.endpoint.pod && o.endpoint.container && !o.endpoint.pod.spec.hostNetwork) {
    out.push(processHop(o.endpoint.pod, o.endpoint.container, o.endpoint.port));
  }
  if (o.kind !== "ok") {
    const last = out[out.length - 1];
    if (last) last.ok = false;
    else out.push({ kind: "no-hop", ip: a.ip, port: a.port, ok: false });
  }
  if (a.response?.route) out.push({ kind: "ingress", ...a.response.route, ok: true });
  if (a.response?.gatewayRoute) out.push({ kind: "httproute", ...a.response.gatewayRoute, ok: true });
  if (a.response)
    out.push({ kind: "response", status: a.response.status, reason: a.response.reason, ok: true });
  return out;
}

/** The trace of everything `net` did since it was made, with the verdict on `target`. */
export function collectTrace(net: Network, target: Target): Trace {
  const hops: TraceHop[] = [];
  let lookup: Lookup | undefined;
  let attempt: NetAttempt | undefined;
  for (const e of net.journal) {
    if (e.kind === "lookup") {
      lookup = e.lookup;
      attempt = undefined;
      hops.push(...lookupHops(e.lookup));
    } else {
      attempt = e.attempt;
      hops.push(...connectHops(net, e.attempt));
    }
  }
  const verdict = diagnose(net, { target, lookup, attempt });
  // A lookup that never happened (curl's own usage error) leaves nothing to show.
  if (!verdict.ok && !hops.some((h) => !h.ok) && hops.length) hops[hops.length - 1].ok = false;
  return { from: traceFrom(net), to: { host: target.host, port: target.port }, hops, verdict };
}

/** ping's trace: the lookup, then whether anything answers ICMP echo at that address. */
export function collectPingTrace(
  net: Network,
  host: string,
  ip: string | undefined,
  answered: boolean,
): Trace {
  const hops: TraceHop[] = [];
  for (const e of net.journal) if (e.kind === "lookup") hops.push(...lookupHops(e.lookup));
  const lookup = [...net.journal].reverse().find((e) => e.kind === "lookup");
  if (ip) {
    hops.push({ kind: "icmp", ip, answered, ok: answered });
  }
  const verdict = diagnosePing(net, {
    host,
    ip,
    answered,
    lookup: lookup?.kind === "lookup" ? lookup.lookup : undefined,
  });
  return { from: traceFrom(net), to: { host }, hops, verdict };
}

/** Takes kubesim's `--trace` (a flag, unlike curl's own `--trace FILE`) out of curl's argv. */
export function takeTraceFlag(argv: string[]): { trace: boolean; rest: string[] } {
  const rest = argv.filter((a) => a !== "--trace");
  return { trace: rest.length !== argv.length, rest };
}

/** The target of a curl command line: its first URL, as curl parses it. */
export function curlTarget(argv: string[]): Target | undefined {
  const parsed = parseCurlArgs(argv);
  const url = parsed.ok ? parsed.opts.urls[0] : undefined;
  const u = url ? parseUrl(url) : undefined;
  return u && !("error" in u) ? { host: u.host, port: u.port } : undefined;
}
