// The default scheduler, reduced to what a learner can observe: it binds each pending pod
// to a schedulable node whose taints it tolerates, whose labels match its nodeSelector
// and node affinity and whose host ports the pod's hostPorts leave free, spreading a controller's pods over the nodes as the default topology
// spread does, then picking the least loaded node (seeded tie-break),
// and reports FailedScheduling with the real message shape when none fits.

import type { NodeSelectorRequirement, Taint, Toleration } from "kubernetes-types/core/v1";
import { type Node, NULL_TIME, type Pod, type PodLike } from "../api/types.js";
import { NODES, PODS } from "../apiserver/resources.js";
import { rfc3339 } from "../golang/time.js";
import type { ControllerContext } from "./context.js";
import { isTerminating } from "./podfactory.js";
import { checkVolumes, selectNode, volumeNodeReason } from "./volumebinding.js";

const SOURCE = { component: "default-scheduler" };

/** The uid of the pod's controller (its ReplicaSet, DaemonSet, ...), if it has one. */
function controllerUid(pod: PodLike): string | undefined {
  return pod.metadata.ownerReferences?.find((o) => o.controller)?.uid;
}

function tolerates(pod: Pod, taint: Pick<Taint, "key" | "effect" | "value">): boolean {
  return (pod.spec.tolerations ?? []).some(
    (t: Toleration) =>
      (!t.effect || t.effect === taint.effect) &&
      (t.operator === "Exists"
        ? !t.key || t.key === taint.key
        : t.key === taint.key && (t.value ?? "") === (taint.value ?? "")),
  );
}

/** A host port a container asks for: hostIP (0.0.0.0 when unset), protocol and port. */
interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** The pod's hostPorts, as the NodePorts plugin's PreFilter collects them from its containers. */
function hostPortsOf(pod: Pod): HostPort[] {
  return (pod.spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => (p.hostPort ?? 0) > 0)
      .map((p) => ({ ip: p.hostIP || "0.0.0.0", protocol: p.protocol ?? "TCP", port: p.hostPort ?? 0 })),
  );
}

/** HostPortInfo.CheckConflict: same protocol and port, on the same address or either on 0.0.0.0. */
function portsConflict(want: HostPort[], used: HostPort[]): boolean {
  return want.some((w) =>
    used.some(
      (u) =>
        u.port === w.port &&
        u.protocol === w.protocol &&
        (u.ip === w.ip || u.ip === "0.0.0.0" || w.ip === "0.0.0.0"),
    ),
  );
}

function nodeReady(n: Node): boolean {
  return !!n.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True");
}

function affinityAllows(pod: Pod, node: Node): boolean {
  const terms =
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (!terms.length) return true;
  return terms.some((term) =>
    [...(term.matchFields ?? []), ...(term.matchExpressions ?? [])].every((e: NodeSelectorRequirement) => {
      const value =
        e.key === "metadata.name" && term.matchFields?.includes(e)
          ? node.metadata.name
          : node.metadata.labels?.[e.key];
      switch (e.operator) {
        case "In":
          return value !== undefined && (e.values ?? []).includes(value);
        case "NotIn":
          return value === undefined || !(e.values ?? []).includes(value);
        case "Exists":
          return value !== undefined;
        case "DoesNotExist":
          return value === undefined;
      }
      return false;
    }),
  );
}

export function syncScheduler(c: ControllerContext): boolean {
  const summaries = c.api.summaries(PODS);
  const pending = summaries
    .filter((p) => !p.spec.nodeName && !isTerminating(p))
    .flatMap((p) => c.api.get(PODS, p.metadata.namespace, p.metadata.name) ?? []);
  if (!pending.length) return false;
  const nodes = c.api.list(NODES);
  // The scheduler's NodeInfo counts the node's pods that have not finished (terminating ones
  // still hold their place), against status.allocatable.pods (110 on kind).
  const load = new Map<string, number>(nodes.map((n) => [n.metadata.name, 0]));
  // Pods of one controller per node ("uid\tnode"), for the spread.
  const spread = new Map<string, number>();
  // Host ports held per node (the NodePorts plugin reads NodeInfo.UsedPorts).
  const usedPorts = new Map<string, HostPort[]>();
  for (const p of summaries)
    if (p.spec.nodeName && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed") {
      load.set(p.spec.nodeName, (load.get(p.spec.nodeName) ?? 0) + 1);
      const ports = hostPortsOf(p);
      if (ports.length) usedPorts.set(p.spec.nodeName, [...(usedPorts.get(p.spec.nodeName) ?? []), ...ports]);
      const owner = isTerminating(p) ? undefined : controllerUid(p);
      if (owner)
        spread.set(`${owner}\t${p.spec.nodeName}`, (spread.get(`${owner}\t${p.spec.nodeName}`) ?? 0) + 1);
    }
  let changed = false;
  // The scheduling queue: higher priority first, then the order the pods were created (names
  // break ties within a second, where the real queue keeps arrival order).
  pending.sort(
    (a, b) =>
      (b.spec.priority ?? 0) - (a.spec.priority ?? 0) ||
      (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") ||
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
  );
  for (const pod of pending) {
    const vol = checkVolumes(c, pod);
    if (vol.kind === "wait") continue;
    if (vol.kind === "unresolvable") {
      changed = markUnschedulable(c, pod, nodes.length, new Map(), vol.message) || changed;
      continue;
    }
    const reasons = new Map<string, number>();
    const wantPorts = hostPortsOf(pod);
    const fits = nodes.filter((n) => {
      const why =
        unfit(pod, n) ??
        (portsConflict(wantPorts, usedPorts.get(n.metadata.name) ?? []) ? NO_FREE_PORTS : undefined) ??
        tooManyPods(n, load.get(n.metadata.name) ?? 0) ??
        volumeNodeReason(vol.volumes, n);
      if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1);
      return !why;
    });
    if (!fits.length) {
      changed = markUnschedulable(c, pod, nodes.length, reasons) || changed;
      continue;
    }
    // PodTopologySpread's default constraint (weight 2, the heaviest score) spreads a
    // controller's pods over the nodes; among equals, the least loaded node wins.
    const owner = controllerUid(pod);
    const siblings = (n: Node) => (owner ? (spread.get(`${owner}\t${n.metadata.name}`) ?? 0) : 0);
    const fewest = Math.min(...fits.map(siblings));
    const spreadBest = fits.filter((n) => siblings(n) === fewest);
    const least = Math.min(...spreadBest.map((n) => load.get(n.metadata.name) ?? 0));
    const best = spreadBest.filter((n) => (load.get(n.metadata.name) ?? 0) === least);
    const node = best[c.rng.int(best.length)];
    if (vol.delayed.length) {
      // The pod is bound once the provisioner has made its volumes on this node.
      selectNode(c, vol.delayed, node.metadata.name);
      changed = true;
      continue;
    }
    if (owner) spread.set(`${owner}\t${node.metadata.name}`, siblings(node) + 1);
    pod.spec.nodeName = node.metadata.name;
    pod.status = {
      ...pod.status,
      conditions: [
        {
          lastProbeTime: NULL_TIME,
          lastTransitionTime: rfc3339(c.clock.now()),
          status: "True",
          type: "PodScheduled",
        },
      ],
      phase: "Pending",
      qosClass: pod.status?.qosClass ?? "BestEffort",
    };
    c.api.put(pod);
    load.set(node.metadata.name, least + 1);
    if (wantPorts.length)
      usedPorts.set(node.metadata.name, [...(usedPorts.get(node.metadata.name) ?? []), ...wantPorts]);
    c.recorder.recordEvent(
      pod,
      "Normal",
      "Scheduled",
      `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`,
      SOURCE,
    );
    changed = true;
  }
  return changed;
}

function unfit(pod: Pod, n: Node): string | undefined {
  if (!nodeReady(n)) return "node(s) were not ready";
  if (
    n.spec?.unschedulable &&
    !tolerates(pod, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" })
  ) {
    return "node(s) were unschedulable";
  }
  for (const t of n.spec?.taints ?? []) {
    if ((t.effect === "NoSchedule" || t.effect === "NoExecute") && !tolerates(pod, t)) {
      return `node(s) had untolerated taint {${t.key}: ${t.value ?? ""}}`;
    }
  }
  const sel = pod.spec.nodeSelector ?? {};
  if (Object.keys(sel).some((k) => n.metadata.labels?.[k] !== sel[k]) || !affinityAllows(pod, n)) {
    return "node(s) didn't match Pod's node affinity/selector";
  }
  return undefined;
}

/** The NodePorts plugin's ErrReason, the filter after the taint and affinity ones. */
const NO_FREE_PORTS = "node(s) didn't have free ports for the requested pod ports";

/** NodeResourcesFit, the filter after NodePorts: room for one more pod. */
function tooManyPods(n: Node, load: number): string | undefined {
  const max = Number(n.status?.allocatable?.pods ?? 110);
  return load >= max ? "Too many pods" : undefined;
}

/**
 * The post-filter's verdict per node: a node short of room or of free host ports could take the
 * pod if lower-priority pods were evicted, and every pod here has the same priority, so no
 * victims are found; the other filters fail whatever is evicted (UnschedulableAndUnresolvable).
 */
function preemptionReason(filterReason: string): string {
  return filterReason === "Too many pods" || filterReason === NO_FREE_PORTS
    ? "No preemption victims found for incoming pod"
    : "Preemption is not helpful for scheduling";
}

function markUnschedulable(
  c: ControllerContext,
  pod: Pod,
  total: number,
  reasons: Map<string, number>,
  preFilterMsg?: string,
): boolean {
  // FitError sorts the "N node(s) ..." strings themselves; a PreFilter's rejection is its own message.
  const parts = preFilterMsg ? [preFilterMsg] : [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
  if (preFilterMsg) reasons.set(preFilterMsg, total);
  const preemption = new Map<string, number>();
  for (const [r, n] of reasons)
    preemption.set(preemptionReason(r), (preemption.get(preemptionReason(r)) ?? 0) + n);
  const after = [...preemption.entries()].map(([r, n]) => `${n} ${r}`).sort();
  const message = `0/${total} nodes are available: ${parts.join(", ")}. preemption: 0/${total} nodes are available: ${after.join(", ")}.`;
  const prev = pod.status?.conditions?.[0];
  if (prev?.reason === "Unschedulable" && prev.message === message) return false;
  pod.status = {
    conditions: [
      {
        lastProbeTime: NULL_TIME,
        lastTransitionTime: rfc3339(c.clock.now()),
        message,
        reason: "Unschedulable",
        status: "False",
        type: "PodScheduled",
      },
    ],
    phase: "Pending",
    qosClass: pod.status?.qosClass ?? "BestEffort",
  };
  c.api.put(pod);
  c.recorder.recordEvent(pod, "Warning", "FailedScheduling", message, SOURCE);
  return true;
}
