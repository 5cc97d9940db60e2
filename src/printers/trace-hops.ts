// The words for a trace's facts: each typed hop as the row `kubesim trace` prints (its step
// column and its text), the vantage point, and a verdict whose cause is the hop where the
// connection stopped. The only place hops become prose.
import { explainAllowed, explainDenial } from "../cni/netpol.js";
import type { GatewayRoute } from "../images/types.js";
import type { Draw, Hop, ProxyHop, RouteHop, SnatHop } from "../net/hops.js";
import type { TraceFrom, TraceStep, Verdict } from "../net/trace.js";
import type { ProxyCost } from "../proxy/index.js";
import { findingsText } from "./ingress-findings.js";

/** The step column: the component that decided, as a learner knows it. */
export function stepName(h: TraceStep): string {
  switch (h.kind) {
    case "loopback":
      return h.in;
    case "listener":
      return "pod";
    case "host-listener":
    case "daemon":
      return "node";
    case "refused":
    case "no-hop":
      return "kernel";
    case "hosts-file":
    case "dns-timeout":
      return "dns";
    default:
      return h.kind;
  }
}

/** "(endpoint 2 of 3: random 0.81 >= 0.3333, 0.12 < 0.5000)": the statistic rules' draws, in order. */
function drawText(draws: Draw[]): string {
  if (!draws.length) return "";
  const n = Math.round(1 / draws[0].p);
  const misses = draws.filter((d) => d.x >= d.p).length;
  const picked = misses === draws.length && misses === n - 1 ? n : misses + 1;
  const each = draws.map((d) => `${d.x.toFixed(2)} ${d.x < d.p ? "<" : ">="} ${d.p.toFixed(4)}`);
  return ` (endpoint ${picked} of ${n}: random ${each.join(", ")}${picked === n ? ", last rule takes the rest" : ""})`;
}

/** The endpoint the draws picked, of how many (ipvs and nftables name no probabilities). */
function picked(draws: Draw[]): { i: number; n: number } | undefined {
  if (!draws.length) return undefined;
  const n = Math.round(1 / draws[0].p);
  const misses = draws.filter((d) => d.x >= d.p).length;
  return { i: misses === draws.length && misses === n - 1 ? n : misses + 1, n };
}

/**
 * The structures the node's mode consulted: "IPVS TCP 10.96.0.10:53 rr -> 10.244.0.3:53
 * (real server 1 of 2, Masq)", or the nft chains with numgen's pick.
 */
function viaText(h: ProxyHop): string {
  const via = h.via;
  if (!via) return "";
  const p = picked(h.draws);
  if (via.mode === "ipvs") {
    const vs = `IPVS ${via.protocol} ${via.ip}:${via.port} ${via.scheduler}`;
    if (h.verdict === "dnat")
      return `${vs} -> ${h.to.ip}:${h.to.port} (${p ? `real server ${p.i} of ${p.n}, ` : ""}Masq)`;
    // A virtual server without real servers: IPVS answers ICMP port unreachable itself.
    if (h.verdict === "reject") return `${vs}: no real server, port unreachable (no endpoints)`;
    return `${vs}${proxyEnd(h)}`;
  }
  const chains = via.chains.join(" -> ") || "services";
  const pick = p && h.verdict === "dnat" ? ` (numgen random mod ${p.n}: endpoint ${p.i} of ${p.n})` : "";
  return `${chains}${pick}${proxyEnd(h)}`;
}

/** What the rules did when they did not DNAT: ": REJECT (no endpoints)", ": DROP (reason)". */
function proxyEnd(h: ProxyHop): string {
  if (h.verdict === "reject") return ": REJECT (no endpoints)";
  if (h.verdict === "drop") return `: DROP (${h.reason})`;
  return "";
}

function routeText(h: RouteHop): string {
  switch (h.to) {
    case "pod":
      return `${h.dst} is pod ${h.pod.namespace}/${h.pod.name} on ${h.node} (${h.podCIDR})`;
    case "no-pod":
      return h.owner
        ? `${h.dst} is in ${h.owner.node}'s pod CIDR ${h.owner.podCIDR}, but no pod has it`
        : `no node owns ${h.dst}`;
    case "service-ip":
      if (h.rejectedBy?.mode === "ipvs")
        return `no IPVS virtual server for ${h.dst}:${h.port}: KUBE-IPVS-FILTER rejects new connections to kube-ipvs0's other ports`;
      if (h.rejectedBy)
        return `${h.dst} is in the cluster-ips set but no Service port is ${h.port}: ${h.rejectedBy.chain} rejects it`;
      return `no kube-proxy rule for ${h.dst}:${h.port}: nothing answers a Service IP by itself`;
    case "nowhere":
      return `${h.dst} is outside the simulated network`;
    case "not-from-outside":
      return `${h.dst} is not reachable from outside the cluster`;
    case "unannounced":
      return `no node answers ARP for ${h.dst} (Service ${h.service.namespace}/${h.service.name}): no MetalLB speaker announces it`;
  }
}

/**
 * "kubesim-worker: KUBE-POSTROUTING: MASQUERADE 172.18.0.1 -> 10.244.1.1 (the gateway on the
 * pod's veth), marked by KUBE-EXT-X "masquerade traffic for default/web external destinations"".
 */
function snatText(h: SnatHop): string {
  const where =
    h.device === "veth" ? "its address on the pod's veth, the pod CIDR's gateway" : "its eth0 address";
  const chain = h.by ? (h.postrouting ?? "KUBE-POSTROUTING") : "CNI-HOSTPORT-MASQ";
  const why = h.by
    ? `, marked by ${h.by.chain}${h.by.comment ? ` "${h.by.comment}"` : ""}`
    : ", marked by portmap's hairpin rule";
  return `${h.node}: ${chain}: MASQUERADE ${h.from} -> ${h.to} (${where})${why}`;
}

/** "HTTPRoute default/echo rule 0 (PathPrefix /v2, header env): Service default/echo-v2:8080 at 10.96.13.11:8080". */
function httpRouteText(h: GatewayRoute): string {
  if (!h.route)
    return `Envoy of Gateway ${h.gateway.namespace}/${h.gateway.name}: no HTTPRoute matches: it answers 404 itself`;
  const m = h.match;
  const on = m
    ? [
        `${m.pathType} ${m.path}`,
        ...m.headers.map((x) => `header ${x}`),
        ...m.query.map((x) => `query ${x}`),
      ].join(", ")
    : "";
  const rule = `HTTPRoute ${h.route.namespace}/${h.route.name} rule ${h.route.rule}${on ? ` (${on})` : ""}`;
  const svc = h.service ? `Service ${h.service.namespace}/${h.service.name}:${h.service.port}` : "";
  if (h.action === "redirect") return `${rule}: a redirect Envoy answers itself`;
  if (h.action === "direct") return `${rule}: a backend is missing: Envoy answers 500 itself`;
  return h.to
    ? `${rule}: ${svc} via its ClusterIP ${h.to}`
    : `${rule}: ${svc} has no ClusterIP to connect to`;
}

const cmdText = (cmd: string) => (cmd.length > 48 ? `${cmd.slice(0, 45)}...` : cmd);

/** A row's text. */
export function hopText(h: TraceStep): string {
  switch (h.kind) {
    case "dns": {
      const answer =
        "addresses" in h.answer
          ? h.answer.addresses.join(", ")
          : h.answer.rcode === "NOERROR"
            ? "no address (NODATA)"
            : h.answer.rcode;
      return `${h.name} -> ${answer}  @${h.server}`;
    }
    case "hosts-file":
      return `${h.host} -> ${h.address} (/etc/hosts)`;
    case "dns-timeout":
      return `no answer from ${h.server}: the query timed out`;
    case "kube-proxy":
      if (h.via) return `${h.node}: ${viaText(h)}`;
      return `${h.node}: ${h.chain.join(" -> ") || "no chain"}${drawText(h.draws)}${proxyEnd(h)}`;
    case "portmap":
      return `${h.node}: ${h.chain.join(" -> ")} (hostPort ${h.hostPort} of pod ${h.pod.namespace}/${h.pod.name})`;
    case "dnat":
      return `${h.from.ip}:${h.from.port} -> ${h.to.ip}:${h.to.port}`;
    case "process": {
      const cmd = h.command.join(" ");
      return `${cmd ? `\`${cmdText(cmd)}\`` : `${h.server}'s server`} (image ${h.image}) listens on TCP ${h.port}`;
    }
    case "response":
      return `HTTP ${h.status} ${h.reason}`.trim();
    case "ingress": {
      const rule = `${h.host || "*"}${h.path} (${h.pathType})`;
      const to = h.endpoint ? `-> ${h.endpoint}` : "has no ready endpoint: the controller answers itself";
      const rewritten = h.uri !== "" ? ` as ${h.uri}` : "";
      return `Ingress ${h.ingress.namespace}/${h.ingress.name} rule ${rule}: Service ${h.service}:${h.port} ${to}${h.endpoint ? rewritten : ""}`;
    }
    case "httproute":
      return httpRouteText(h);
    case "icmp":
      return h.answered ? `echo reply from ${h.ip}` : `echo request to ${h.ip}: no reply`;
    case "no-hop":
      return `${h.ip}:${h.port} refused`;
    default:
      return hopDetail(h);
  }
}

/** A data-plane hop in a sentence: its row, but kube-proxy's as the rule path and target. */
export function hopDetail(h: Hop): string {
  switch (h.kind) {
    case "loopback":
      return h.in === "pod" ? `loopback inside pod ${h.pod}` : `loopback on ${h.node}`;
    case "host-port-mapping":
      return `extraPortMappings: ${h.listen}:${h.hostPort}/${h.protocol} is published to ${h.node} (${h.to.ip}:${h.to.port})`;
    case "load-balancer":
      return h.l2
        ? `${h.ip} (Service ${h.service.namespace}/${h.service.name}) is announced by ${h.node}'s MetalLB speaker (layer 2: it answers ARP)`
        : `${h.ip} (Service ${h.service.namespace}/${h.service.name}) forwards to ${h.node}`;
    case "gateway":
      return h.listening
        ? `${h.ip} is Gateway ${h.gateway.namespace}/${h.gateway.name}: its Envoy listens on ${h.port}`
        : `${h.ip} is Gateway ${h.gateway.namespace}/${h.gateway.name}: no listener on ${h.port}, connection reset`;
    case "kube-proxy": {
      if (h.via) return `${h.node}: ${viaText(h)}`;
      const chain = h.chain.join(" -> ");
      return h.verdict === "dnat"
        ? `${h.node}: ${chain}: DNAT to ${h.to.ip}:${h.to.port}`
        : `${chain}${proxyEnd(h)}`;
    }
    case "portmap":
      return `${h.node}: portmap's ${h.chain.join(" -> ")}: DNAT hostPort ${h.hostPort} to ${h.to.ip}:${h.to.port} (pod ${h.pod.namespace}/${h.pod.name})`;
    case "route":
      return routeText(h);
    case "snat":
      return snatText(h);
    case "policy":
      return h.allowed ? explainAllowed(h.allowedBy) : explainDenial(h.verdict, h.flow);
    case "listener":
      return `container ${h.container} of ${h.pod.namespace}/${h.pod.name} accepts on port ${h.port}`;
    case "host-listener":
      return `${h.container} (host network pod ${h.pod}) accepts on ${h.node}:${h.port}`;
    case "daemon":
      return `${h.name} accepts on ${h.node}:${h.port}`;
    case "refused":
      return h.at === "pod"
        ? `nothing listens on ${h.protocol} port ${h.port} in pod ${h.pod}: connection refused`
        : `nothing listens on ${h.node}:${h.port}: connection refused`;
  }
}

const ordinal = (n: number) => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${s}`;
};

/**
 * How much of the rule set the kernel consulted to find the Service: the line under a
 * kube-proxy row that says why ipvs and nftables modes exist.
 */
export function costText(c: ProxyCost): string {
  if (c.mode === "ipvs")
    return `IPVS: one hash lookup among ${c.virtualServers} virtual servers; its ${c.iptablesRules} iptables nat rules match ipsets, as many for any number of Services`;
  if (c.mode === "nftables")
    return `nftables: one lookup in the ${c.map} verdict map (${c.elements} elements), however many Services there are`;
  const walk = c.matched
    ? `matched at the ${ordinal(c.walked)} of ${c.total} rules in KUBE-SERVICES`
    : `tested all ${c.total} rules in KUBE-SERVICES without a match`;
  const nodePorts = c.nodePorts
    ? `, then the ${ordinal(c.nodePorts.walked)} of ${c.nodePorts.total} in KUBE-NODEPORTS`
    : "";
  return `iptables: ${walk}${nodePorts}: a linear walk that grows with every Service`;
}

/** Where the trace starts, with the address the connection leaves from. */
export function vantageText(f: TraceFrom): string {
  if (f.kind === "outside") return `outside the cluster (${f.ip})`;
  if (f.kind === "node") return `node ${f.node} (${f.ip})`;
  return `pod ${f.namespace}/${f.name}, container ${f.container} (${f.ip || "no IP"})`;
}

/** The verdict's cause in words: its own, or the hop where the connection stopped. */
export function verdictCause(v: Verdict): string | undefined {
  if (v.cause) return v.cause;
  if (v.ingress?.length) return findingsText(v.ingress).cause;
  return v.stoppedAt ? hopDetail(v.stoppedAt) : undefined;
}

/** The verdict's fix in words: its own, or the Ingress findings'. */
export function verdictFix(v: Verdict): string | undefined {
  if (v.fix) return v.fix;
  return v.ingress?.length ? findingsText(v.ingress).fix : v.fix;
}

/** The verdict as scripts get it (-o json): ok, cause and fix. */
export function verdictData(v: Verdict): { ok: boolean; cause?: string; fix?: string } {
  return { ok: v.ok, cause: verdictCause(v), fix: verdictFix(v) };
}
