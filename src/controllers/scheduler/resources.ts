// NodeResourcesFit and NodePorts: what a pod asks of a node (requests, host ports) against
// what the node's other pods hold and its status.allocatable says.
import type { Node, Pod } from "../../api/types.js";
import { parseQuantity, quantityMilliValue } from "../../golang/quantity.js";

/** cpu in millicores, memory in bytes. */
export interface Requests {
  cpu: number;
  memory: number;
}

/** Quantities already parsed: a pass reads the same few ("8", "16318208Ki") on every node. */
const parsed = new Map<string, number>();

function milli(v: unknown): number {
  if (v === undefined || v === null) return 0;
  const text = String(v);
  let m = parsed.get(text);
  if (m === undefined) {
    const q = parseQuantity(text);
    m = typeof q === "string" ? 0 : Number(quantityMilliValue(q));
    // Bounded: a cluster has few distinct quantities, but nothing stops one having many.
    if (parsed.size >= 4096) parsed.clear();
    parsed.set(text, m);
  }
  return m;
}

/** Requests and host ports per pod object: a pass asks them of one pod for every node. */
const requestsOf = new WeakMap<Pod, Requests>();
const portsOf = new WeakMap<Pod, HostPort[]>();

/** The pod's effective requests: the containers' sum, or an init container's if larger. */
export function podRequests(pod: Pod): Requests {
  let r = requestsOf.get(pod);
  if (!r) {
    r = computeRequests(pod);
    requestsOf.set(pod, r);
  }
  return r;
}

function computeRequests(pod: Pod): Requests {
  const sum: Requests = { cpu: 0, memory: 0 };
  for (const c of pod.spec?.containers ?? []) {
    sum.cpu += milli(c.resources?.requests?.cpu);
    sum.memory += milli(c.resources?.requests?.memory) / 1000;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    sum.cpu = Math.max(sum.cpu, milli(c.resources?.requests?.cpu));
    sum.memory = Math.max(sum.memory, milli(c.resources?.requests?.memory) / 1000);
  }
  return sum;
}

/** What the scheduler's NodeInfo keeps of a node: its pods' count, requests and host ports. */
export interface NodeLoad {
  pods: number;
  requested: Requests;
  ports: HostPort[];
}

/**
 * A copy the caller may change (the scheduler adds the pods it places). By hand rather than
 * structuredClone, which cost 20 ms across a 1,000-node cluster's loads per placement.
 */
export function copyLoad(l: NodeLoad): NodeLoad {
  return {
    pods: l.pods,
    requested: { cpu: l.requested.cpu, memory: l.requested.memory },
    ports: l.ports.map((p) => ({ ip: p.ip, protocol: p.protocol, port: p.port })),
  };
}

export function emptyLoad(): NodeLoad {
  return { pods: 0, requested: { cpu: 0, memory: 0 }, ports: [] };
}

export function addToLoad(load: NodeLoad, pod: Pod): void {
  const r = podRequests(pod);
  load.pods++;
  load.requested.cpu += r.cpu;
  load.requested.memory += r.memory;
  load.ports.push(...hostPortsOf(pod));
}

/** A node's status.allocatable as NodeResourcesFit compares it: pods, cpu in millicores, memory in bytes. */
export interface Capacity {
  pods: number;
  cpu: number;
  memory: number;
}

export function capacityOf(node: Node): Capacity {
  const alloc = node.status?.allocatable ?? {};
  return { pods: Number(alloc.pods ?? 110), cpu: milli(alloc.cpu), memory: milli(alloc.memory) / 1000 };
}

const ROOM: readonly string[] = [];

/** NodeResourcesFit's reasons, in its order: pods, then cpu, then memory (empty when it fits). */
export function shortfall(want: Requests, cap: Capacity, load: NodeLoad): readonly string[] {
  const pods = load.pods + 1 > cap.pods;
  const cpu = want.cpu > 0 && want.cpu + load.requested.cpu > cap.cpu;
  const memory = want.memory > 0 && want.memory + load.requested.memory > cap.memory;
  // The common answer allocates nothing: a pass asks it of hundreds of nodes per pod.
  if (!pods && !cpu && !memory) return ROOM;
  const out: string[] = [];
  if (pods) out.push("Too many pods");
  if (cpu) out.push("Insufficient cpu");
  if (memory) out.push("Insufficient memory");
  return out;
}

/** LeastAllocated's score (0-100): the share of cpu and memory left once the pod is placed. */
export function leastAllocatedScore(pod: Pod, node: Node, load: NodeLoad): number {
  const alloc = node.status?.allocatable ?? {};
  const want = podRequests(pod);
  // The scheduler counts a pod without requests as 100m cpu and 200Mi memory when scoring.
  const cpu = (want.cpu || 100) + load.requested.cpu;
  const mem = (want.memory || 200 * 1024 * 1024) + load.requested.memory;
  const free = (used: number, cap: number) => (cap > 0 ? Math.max(0, (cap - used) * 100) / cap : 0);
  return (free(cpu, milli(alloc.cpu)) + free(mem, milli(alloc.memory) / 1000)) / 2;
}

/** A host port a container asks for: hostIP (0.0.0.0 when unset), protocol and port. */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** The pod's hostPorts, as the NodePorts plugin's PreFilter collects them from its containers. */
export function hostPortsOf(pod: Pod): HostPort[] {
  let ports = portsOf.get(pod);
  if (!ports) {
    ports = computeHostPorts(pod);
    portsOf.set(pod, ports);
  }
  return ports;
}

function computeHostPorts(pod: Pod): HostPort[] {
  return (pod.spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => (p.hostPort ?? 0) > 0)
      .map((p) => ({ ip: p.hostIP || "0.0.0.0", protocol: p.protocol ?? "TCP", port: p.hostPort ?? 0 })),
  );
}

/** HostPortInfo.CheckConflict: same protocol and port, on the same address or either on 0.0.0.0. */
export function portsConflict(want: HostPort[], used: HostPort[]): boolean {
  return want.some((w) =>
    used.some(
      (u) =>
        u.port === w.port &&
        u.protocol === w.protocol &&
        (u.ip === w.ip || u.ip === "0.0.0.0" || w.ip === "0.0.0.0"),
    ),
  );
}

/** The NodePorts plugin's ErrReason. */
export const NO_FREE_PORTS = "node(s) didn't have free ports for the requested pod ports";
