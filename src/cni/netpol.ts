// NetworkPolicy enforcement as a policy-capable CNI (Calico, Cilium, kube-router...) decides
// it for one new connection, after kube-proxy's DNAT: a Service ClusterIP has already become
// a pod IP and the target port, so policies only ever see pods, nodes and outside addresses.
//
// The rules, from the NetworkPolicy concept page and the API reference:
// - a pod is isolated for egress (ingress) once a policy in its namespace selects it and
//   lists Egress (Ingress) in policyTypes; an isolated pod only gets the connections some
//   rule of some selecting policy allows (policies are additive, a union, order-free);
// - a connection needs both sides: egress of the source pod and ingress of the destination;
// - traffic to and from the node where a pod runs is always allowed, and a pod cannot
//   block access to itself;
// - hostNetwork pods are not selected (their traffic is the node's);
// - replies of an allowed connection are allowed (the CNI is stateful), so only the
//   direction that opened the connection is evaluated.
// Pure: the caller loads policies, namespaces and pods once and passes them in.

import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { NetworkPolicyPeer, NetworkPolicyPort } from "kubernetes-types/networking/v1";
import type { KObject, NetworkPolicy } from "../api/types.js";
import { fromLabelSelector, matches } from "../apiserver/labels.js";
import { inCIDR } from "../util/ipv4.js";

export type Protocol = "TCP" | "UDP" | "SCTP";

/** One end of a connection, as the policy engine sees its address. */
export type Peer =
  | { kind: "pod"; pod: KObject }
  | { kind: "node"; node: string; ip: string }
  | { kind: "external"; ip: string };

export interface Flow {
  src: Peer;
  dst: Peer;
  /** Destination port after DNAT. */
  port: number;
  protocol: Protocol;
  /** A packet on the return path of an established connection. */
  reply?: boolean;
}

/** What the engine reads. Untyped lists: tests build them by hand; the engine reads them as the stored types. */
export interface NetpolWorld {
  policies: KObject[];
  namespaces: KObject[];
}

export interface PolicyRef {
  namespace: string;
  name: string;
}

export type Direction = "egress" | "ingress";

export interface DirectionResult {
  direction: Direction;
  allowed: boolean;
  /**
   * not-isolated: no policy selects the pod for this direction (or it is no pod);
   * rule: a rule of `allowedBy` matched; denied: `isolatedBy` select it and no rule matched;
   * host-network, node-local, self, reply: allowed before any policy is looked at.
   */
  reason: "not-isolated" | "rule" | "denied" | "host-network" | "node-local" | "self" | "reply";
  /** The policies that select the pod for this direction. */
  isolatedBy: PolicyRef[];
  /** The policies with a rule that admits the connection. */
  allowedBy: PolicyRef[];
}

export interface NetpolVerdict {
  allowed: boolean;
  egress: DirectionResult;
  ingress: DirectionResult;
}

const ref = (p: KObject): PolicyRef => ({
  namespace: p.metadata.namespace ?? "",
  name: p.metadata.name ?? "",
});
const nsOf = (pod: KObject) => pod.metadata.namespace ?? "default";

function selects(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  return matches(fromLabelSelector(selector ?? {}), labels);
}

/** Namespace labels, with the kubernetes.io/metadata.name label the apiserver always sets. */
function namespaceLabels(world: NetpolWorld, ns: string): Record<string, string> {
  const obj = world.namespaces.find((n) => n.metadata.name === ns);
  return { ...(obj?.metadata.labels ?? {}), "kubernetes.io/metadata.name": ns };
}

function peerIP(p: Peer): string {
  return p.kind === "pod" ? (p.pod.status?.podIP ?? "") : p.ip;
}

/** Whether one NetworkPolicyPeer of a policy in `policyNs` covers the other end `other`. */
function peerMatches(world: NetpolWorld, peer: NetworkPolicyPeer, policyNs: string, other: Peer): boolean {
  if (peer.ipBlock) {
    const ip = peerIP(other);
    if (!ip || !inCIDR(ip, peer.ipBlock.cidr)) return false;
    return !(peer.ipBlock.except ?? []).some((c) => inCIDR(ip, c));
  }
  // Selectors only ever match pods on the pod network.
  if (other.kind !== "pod" || other.pod.spec?.hostNetwork) return false;
  const ns = nsOf(other.pod);
  const nsOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector, namespaceLabels(world, ns))
    : ns === policyNs;
  if (!nsOk) return false;
  return peer.podSelector ? selects(peer.podSelector, other.pod.metadata.labels) : true;
}

/** Ports named in the destination pod's containers, resolved for a named rule port. */
function namedPorts(pod: KObject | undefined, name: string, protocol: Protocol): number[] {
  const out: number[] = [];
  for (const c of pod?.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === name && (p.protocol ?? "TCP") === protocol) out.push(p.containerPort);
    }
  }
  return out;
}

function portMatches(rulePorts: NetworkPolicyPort[] | undefined, flow: Flow): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  const dstPod = flow.dst.kind === "pod" ? flow.dst.pod : undefined;
  return rulePorts.some((p) => {
    if ((p.protocol ?? "TCP") !== flow.protocol) return false;
    const port = p.port;
    if (port === undefined || port === null) return true;
    if (typeof port === "string") return namedPorts(dstPod, port, flow.protocol).includes(flow.port);
    const end = p.endPort ?? port;
    return flow.port >= port && flow.port <= end;
  });
}

/** An ingress or egress rule: its ports and, by direction, the peers it admits. */
interface Rule {
  ports?: NetworkPolicyPort[];
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
}

function rulesOf(p: NetworkPolicy, key: "egress" | "ingress"): Rule[] {
  return p.spec?.[key] ?? [];
}

/** Policies of the pod's namespace that select it for `direction`. */
export function selectingPolicies(world: NetpolWorld, pod: KObject, direction: Direction): NetworkPolicy[] {
  const type = direction === "egress" ? "Egress" : "Ingress";
  return (world.policies as NetworkPolicy[]).filter(
    (p) =>
      p.metadata.namespace === nsOf(pod) &&
      (p.spec?.policyTypes ?? ["Ingress"]).includes(type) &&
      selects(p.spec?.podSelector, pod.metadata.labels),
  );
}

function evaluateDirection(world: NetpolWorld, flow: Flow, direction: Direction): DirectionResult {
  const self = direction === "egress" ? flow.src : flow.dst;
  const other = direction === "egress" ? flow.dst : flow.src;
  const result = (
    reason: DirectionResult["reason"],
    isolatedBy: KObject[] = [],
    allowedBy: KObject[] = [],
  ) => ({
    direction,
    allowed: reason !== "denied",
    reason,
    isolatedBy: isolatedBy.map(ref),
    allowedBy: allowedBy.map(ref),
  });
  if (flow.reply) return result("reply");
  if (self.kind !== "pod") return result("not-isolated");
  if (self.pod.spec?.hostNetwork) return result("host-network");
  if (other.kind === "node" && other.node === self.pod.spec?.nodeName) return result("node-local");
  if (
    other.kind === "pod" &&
    nsOf(other.pod) === nsOf(self.pod) &&
    other.pod.metadata.name === self.pod.metadata.name
  )
    return result("self");
  const selecting = selectingPolicies(world, self.pod, direction);
  if (selecting.length === 0) return result("not-isolated");
  const key = direction === "egress" ? "egress" : "ingress";
  const peersKey = direction === "egress" ? "to" : "from";
  const allowing = selecting.filter((p) =>
    rulesOf(p, key).some((rule) => {
      if (!portMatches(rule.ports, flow)) return false;
      const peers = rule[peersKey] ?? [];
      return (
        peers.length === 0 ||
        peers.some((peer) => peerMatches(world, peer, p.metadata.namespace ?? "", other))
      );
    }),
  );
  return allowing.length > 0 ? result("rule", selecting, allowing) : result("denied", selecting);
}

/** The fate of a new connection (or a reply) under the cluster's NetworkPolicies. */
export function evaluateFlow(world: NetpolWorld, flow: Flow): NetpolVerdict {
  const egress = evaluateDirection(world, flow, "egress");
  // Both are reported, so a trace can name every policy in the way.
  const ingress = evaluateDirection(world, flow, "ingress");
  return { allowed: egress.allowed && ingress.allowed, egress, ingress };
}

function describePeer(p: Peer): string {
  if (p.kind === "pod") return `pod ${nsOf(p.pod)}/${p.pod.metadata.name}`;
  if (p.kind === "node") return `node ${p.node} (${p.ip})`;
  return p.ip;
}

function labelText(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {})
    .filter((k) => k !== "pod-template-hash")
    .sort();
  return keys.map((k) => `${k}=${labels?.[k]}`).join(",");
}

/** What kind of rule would let the other end in (or out), for the learner. */
function hint(flow: Flow, direction: Direction): string {
  const other = direction === "egress" ? flow.dst : flow.src;
  const where = `${flow.protocol} port ${flow.port}`;
  const verb = direction === "egress" ? "to" : "from";
  if (other.kind === "pod") {
    const labels = labelText(other.pod.metadata.labels);
    const self = direction === "egress" ? flow.src : flow.dst;
    const sameNs = self.kind === "pod" && nsOf(self.pod) === nsOf(other.pod);
    const nsPart = sameNs ? "" : ` in namespaces with kubernetes.io/metadata.name=${nsOf(other.pod)}`;
    const who = labels ? `pods with ${labels}${nsPart}` : `all pods${nsPart}`;
    return `a rule allowing ${verb} ${who} on ${where} would admit it`;
  }
  return `a rule allowing ${verb} ipBlock ${peerIP(other)}/32 on ${where} would admit it`;
}

/**
 * Per denying direction (egress first): what denied it, "denied by NetworkPolicy
 * default-deny in namespace lab (ingress of pod lab/web-1 from pod default/client, TCP port
 * 80)", and the rule that would admit it, "a rule allowing from pods with run=client ...
 * would admit it". Kept apart so a diagnosis can name the cause and the fix separately.
 */
export function denials(verdict: NetpolVerdict, flow: Flow): { denial: string; admit: string }[] {
  const parts: { denial: string; admit: string }[] = [];
  for (const d of [verdict.egress, verdict.ingress]) {
    if (d.allowed) continue;
    const names = d.isolatedBy.map((p) => p.name).join(", ");
    const ns = d.isolatedBy[0]?.namespace ?? "";
    const noun = d.isolatedBy.length > 1 ? "NetworkPolicies" : "NetworkPolicy";
    const self = d.direction === "egress" ? flow.src : flow.dst;
    const other = d.direction === "egress" ? flow.dst : flow.src;
    const rel = d.direction === "egress" ? "to" : "from";
    parts.push({
      denial: `denied by ${noun} ${names} in namespace ${ns} (${d.direction} of ${describePeer(self)} ${rel} ${describePeer(other)}, ${flow.protocol} port ${flow.port})`,
      admit: hint(flow, d.direction),
    });
  }
  return parts;
}

/** One sentence per denying direction, for hops and traces: the denial, then the admitting rule. */
export function explainDenial(verdict: NetpolVerdict, flow: Flow): string {
  return denials(verdict, flow)
    .map((d) => `${d.denial}; ${d.admit}`)
    .join("; ");
}

/** The policies that let a flow through (deduplicated), or that none isolates either end. */
export function explainAllowed(allowedBy: PolicyRef[]): string {
  const by = [...new Set(allowedBy.map((p) => `${p.namespace}/${p.name}`))];
  return by.length ? `allowed by NetworkPolicy ${by.join(", ")}` : "no NetworkPolicy isolates either end";
}
