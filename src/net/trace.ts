// A trace: what one client did on the simulated network, hop by hop, read back from the
// Network's journal (the lookups and connections the client really made), followed by the
// verdict diagnose.ts draws from the model. Nothing is replayed: the hops are the ones the
// data plane recorded while deciding the client's fate, so a trace cannot disagree with the
// output it explains.
import { isIP } from "node:net";
import type { KObject } from "../apiserver/types.js";
import { containerSpec, modelOf } from "../kubelet/runtime.js";
import { parseCurlArgs } from "./clients/curl-args.js";
import { parseUrl } from "./clients/url.js";
import type { Hop, Vantage } from "./connect.js";
import { diagnose, diagnosePing, type Verdict } from "./diagnose.js";
import type { Lookup, NetAttempt, Network } from "./network.js";

export type { Verdict };

export interface TraceHop {
  /** dns, kube-proxy, dnat, load-balancer, route, policy, pod, process, node, kernel, response, icmp */
  step: string;
  text: string;
  /** False on the hop where the connection stopped (or a policy dropped it). */
  ok: boolean;
}

export interface Trace {
  from: string;
  to: string;
  hops: TraceHop[];
  verdict: Verdict;
}

/** The target as typed: a URL's host and port, or HOST[:PORT]. */
export interface Target {
  host: string;
  port: number;
}

export function describeVantage(net: Network): string {
  const v: Vantage = net.from;
  if (v.kind === "outside") return `outside the cluster (${net.localIP})`;
  if (v.kind === "node") return `node ${v.node} (${net.localIP})`;
  return `pod ${v.pod.metadata.namespace}/${v.pod.metadata.name}, container ${v.container} (${net.localIP || "no IP"})`;
}

function lookupHops(l: Lookup): TraceHop[] {
  const r = l.resolution;
  if (isIP(l.host)) return [];
  const hops: TraceHop[] = [];
  if (!r.tries.length && r.ok) {
    return [{ step: "dns", text: `${l.host} -> ${r.address} (/etc/hosts)`, ok: true }];
  }
  for (const [i, t] of r.tries.entries()) {
    const last = i === r.tries.length - 1;
    const answer =
      last && r.ok ? r.addresses.join(", ") : t.rcode === "NOERROR" ? "no address (NODATA)" : t.rcode;
    hops.push({ step: "dns", text: `${t.name} -> ${answer}  @${l.server}`, ok: r.ok || !last });
  }
  if (r.timedOut)
    hops.push({ step: "dns", text: `no answer from ${l.server}: the query timed out`, ok: false });
  return hops;
}

/** "2 of 3 endpoints: 0.81 >= 0.3333, 0.12 < 0.5000": the statistic rules' draws, in order. */
function drawText(draws: { p: number; x: number }[]): string {
  if (!draws.length) return "";
  const n = Math.round(1 / draws[0].p);
  const misses = draws.filter((d) => d.x >= d.p).length;
  const picked = misses === draws.length && misses === n - 1 ? n : misses + 1;
  const each = draws.map((d) => `${d.x.toFixed(2)} ${d.x < d.p ? "<" : ">="} ${d.p.toFixed(4)}`);
  return ` (endpoint ${picked} of ${n}: random ${each.join(", ")}${picked === n ? ", last rule takes the rest" : ""})`;
}

function processText(pod: KObject, container: string, port: number): string {
  const ctr = containerSpec(pod, container);
  const model = modelOf(ctr.image);
  const cmd = [...(ctr.command ?? []), ...(ctr.args ?? [])].join(" ");
  const what = cmd ? `\`${cmd.length > 48 ? `${cmd.slice(0, 45)}...` : cmd}\`` : `${model.repo}'s server`;
  return `${what} (image ${ctr.image}) listens on TCP ${port}`;
}

function connectHops(a: NetAttempt): TraceHop[] {
  const out: TraceHop[] = [];
  const result = a.result;
  if (!result) return out;
  for (const h of result.hops) out.push(...hopRows(a, h));
  const o = result.outcome;
  if (o.kind === "ok" && o.endpoint.pod && o.endpoint.container && !o.endpoint.pod.spec.hostNetwork) {
    out.push({
      step: "process",
      text: processText(o.endpoint.pod, o.endpoint.container, o.endpoint.port),
      ok: true,
    });
  }
  if (o.kind !== "ok") {
    const last = out[out.length - 1];
    if (last) last.ok = false;
    else out.push({ step: "kernel", text: `${a.ip}:${a.port} refused`, ok: false });
  }
  if (a.response) {
    out.push({ step: "response", text: `HTTP ${a.response.status} ${a.response.reason}`.trim(), ok: true });
  }
  return out;
}

function hopRows(a: NetAttempt, h: Hop): TraceHop[] {
  if (h.what === "kube-proxy" && h.proxy) {
    const chain = h.proxy.chain.join(" -> ") || "no chain";
    const rows: TraceHop[] = [];
    const verdict = h.proxy.to ? "" : h.detail.slice(h.detail.lastIndexOf(": ") + 1);
    rows.push({
      step: "kube-proxy",
      text: `${h.proxy.node}: ${chain}${drawText(h.proxy.draws)}${verdict ? `:${verdict}` : ""}`,
      ok: true,
    });
    if (h.proxy.to) rows.push({ step: "dnat", text: `${a.ip}:${a.port} -> ${h.proxy.to}`, ok: true });
    return rows;
  }
  if (h.what === "networkpolicy") return [{ step: "policy", text: h.detail, ok: h.allowed !== false }];
  return [{ step: h.what, text: h.detail, ok: true }];
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
      hops.push(...connectHops(e.attempt));
    }
  }
  const verdict = diagnose(net, { target, lookup, attempt });
  // A lookup that never happened (curl's own usage error) leaves nothing to show.
  if (!verdict.ok && !hops.some((h) => !h.ok) && hops.length) hops[hops.length - 1].ok = false;
  return { from: describeVantage(net), to: `${target.host}:${target.port}`, hops, verdict };
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
    hops.push({
      step: "icmp",
      text: answered ? `echo reply from ${ip}` : `echo request to ${ip}: no reply`,
      ok: answered,
    });
  }
  const verdict = diagnosePing(net, {
    host,
    ip,
    answered,
    lookup: lookup?.kind === "lookup" ? lookup.lookup : undefined,
  });
  return { from: describeVantage(net), to: host, hops, verdict };
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
