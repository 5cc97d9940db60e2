// A connection as the nodes' conntrack tables and interfaces saw it, read from its hops: the
// tuple before and after NAT on each node it crossed, and the interfaces it came in and went
// out by (eth0 between nodes and from outside, the pod's veth on its node, lo on the node
// itself). The record is an effect: only committed requests leave one.
import { podOf } from "../api/types.js";
import type { ConnRecord, NodeFlow, Tuple } from "../proxy/index.js";
import type { ConnectResult, Vantage } from "./connect.js";
import { type ObjectRef, refOf } from "./hops.js";

/** The host side of a pod's veth: kindnet's ptp plugin names it veth + 8 hex digits. */
export function vethName(pod: ObjectRef): string {
  let h = 2166136261;
  for (const ch of `${pod.namespace}/${pod.name}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `veth${h.toString(16).padStart(8, "0")}`;
}

interface End {
  node: string;
  /** The pod's veth, when the connection is delivered to a pod. */
  veth?: string;
}

function endOf(r: ConnectResult): End | undefined {
  if (r.outcome.kind === "ok") {
    const ep = r.outcome.endpoint;
    // A Gateway's Envoy runs beside the nodes: no node tracks the connection.
    if (ep.gateway) return undefined;
    if (ep.pod && !ep.pod.spec.hostNetwork) return { node: ep.node, veth: vethName(refOf(ep.pod)) };
    return { node: ep.node };
  }
  for (const h of [...r.hops].reverse()) {
    if (h.kind === "route" && h.to === "pod") return { node: h.node, veth: vethName(h.pod) };
    if (h.kind === "refused" && h.at === "node") return { node: h.node };
  }
  return undefined;
}

function sourceOf(from: Vantage): { node?: string; veth?: string } {
  if (from.kind === "node") return { node: from.node };
  if (from.kind === "outside") return {};
  const pod = podOf(from.pod);
  if (pod.spec.hostNetwork) return { node: pod.spec.nodeName };
  return { node: pod.spec.nodeName, veth: vethName(refOf(pod)) };
}

/** What the nodes tracked of one connection attempt from `from` to dst:dport, from source port sport. */
export function connectionRecord(
  from: Vantage,
  dst: string,
  dport: number,
  sport: number,
  r: ConnectResult,
  at: number,
): Omit<ConnRecord, "seq"> {
  const natHop = r.hops.find(
    (h) => (h.kind === "kube-proxy" && h.verdict === "dnat") || h.kind === "portmap",
  );
  const nat =
    natHop && (natHop.kind === "portmap" || natHop.kind === "kube-proxy") && "to" in natHop
      ? { node: natHop.node, ip: natHop.to.ip, port: natHop.to.port }
      : undefined;
  const pre: Tuple = [nat ? r.srcIP : r.peerIP, dst, sport, dport];
  const post: Tuple = [r.peerIP, nat?.ip ?? dst, sport, nat?.port ?? dport];
  const end = endOf(r);
  const src = sourceOf(from);
  const loopback = r.hops[0]?.kind === "loopback";
  if (loopback && r.hops[0].kind === "loopback" && r.hops[0].in === "pod") {
    // Inside the pod's own network namespace: no node sees it.
    return { at, proto: "tcp", end: endState(r), flows: [] };
  }
  const flows: NodeFlow[] = [];
  const add = (node: string, a: Tuple, b: Tuple, inIf?: string, outIf?: string) => {
    if (flows.some((f) => f.node === node)) return;
    flows.push({ node, pre: a, post: b, ...(inIf ? { inIf } : {}), ...(outIf ? { outIf } : {}) });
  };
  // Out of a node: to a pod there by its veth, to the node itself (lo for its own traffic), else eth0.
  const outOf = (node: string): string | undefined => {
    if (!end) return r.outcome.kind === "ok" ? undefined : "eth0";
    if (end.node !== node) return "eth0";
    return end.veth ?? (src.node === node ? "lo" : undefined);
  };
  if (src.node) add(src.node, pre, nat && nat.node !== src.node ? pre : post, src.veth, outOf(src.node));
  if (nat) add(nat.node, pre, post, "eth0", outOf(nat.node));
  if (end) add(end.node, post, post, "eth0", end.veth);
  if (!flows.length) {
    // From outside, dropped where it arrived: the SYN reached that node's conntrack and no further.
    const entry = r.hops.find((h) => h.kind === "kube-proxy" || h.kind === "load-balancer");
    if (entry && "node" in entry) add(entry.node, pre, pre, "eth0");
  }
  return { at, proto: "tcp", end: endState(r), flows };
}

function endState(r: ConnectResult): ConnRecord["end"] {
  if (r.outcome.kind === "ok") return "closed";
  return r.outcome.kind === "refused" ? "refused" : "timeout";
}
