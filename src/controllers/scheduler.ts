// The default scheduler, reduced to what a learner can observe: it binds each pending pod to a
// node that passes kube-scheduler's filters in their order (NodeUnschedulable, TaintToleration,
// NodeAffinity, NodePorts, NodeResourcesFit, PodTopologySpread, InterPodAffinity; plugins in
// scheduler/), prefers nodes by the scoring plugins (untolerated PreferNoSchedule taints,
// preferred node and pod affinity, ScheduleAnyway spread), then spreads a controller's pods over
// the nodes as the default topology spread does and picks the least loaded node (seeded
// tie-break), and reports FailedScheduling with the real message shape when none fits.

import { type Node, NULL_TIME, type PersistentVolume, type Pod, type PodLike } from "../api/types.js";
import {
  ANTI_REQUIRED,
  ownerValue,
  POD_ANTI_AFFINITY,
  POD_NODE,
  POD_OWNER,
  preferValue,
} from "../apiserver/indexes.js";
import { NAMESPACES, PODS } from "../apiserver/resources.js";
import { compareKeys } from "../golang/sort.js";
import { rfc3339 } from "../golang/time.js";
import type { ControllerContext } from "./context.js";
import { isTerminating } from "./podfactory.js";
import { interPodReason, interPodScore } from "./scheduler/interpod.js";
import { nodeAffinityScore, PREFILTER_REASON, preFilterNodeNames } from "./scheduler/nodeaffinity.js";
import { nodeLoad, nodeLoads } from "./scheduler/nodeloads.js";
import { schedulingNodes } from "./scheduler/nodeview.js";
import { fail, PassNodes, type Verdict } from "./scheduler/pass.js";
import {
  type HostPort,
  hostPortsOf,
  NO_FREE_PORTS,
  podRequests,
  portsConflict,
  type Requests,
  shortfall,
} from "./scheduler/resources.js";
import { Snapshot } from "./scheduler/snapshot.js";
import { spreadCount, spreadReason } from "./scheduler/spread.js";
import { preferNoScheduleCount } from "./scheduler/taints.js";
import { checkVolumes, selectNode, volumeNodeReason } from "./volumebinding.js";

const SOURCE = { component: "default-scheduler" };

/** The uid of the pod's controller (its ReplicaSet, DaemonSet, ...), if it has one. */
function controllerUid(pod: PodLike): string | undefined {
  return pod.metadata.ownerReferences?.find((o) => o.controller)?.uid;
}

/** What a pod asks of every node, worked out once per pod rather than once per node. */
interface Ask {
  pod: Pod;
  ports: HostPort[];
  want: Requests;
  volumeReason?: (n: Node) => string | undefined;
  /** Whether it has DoNotSchedule spread constraints. */
  spread: boolean;
  /** Whether inter-pod affinity can say anything (its own terms, or placed anti-affine pods). */
  inter: boolean;
}

function askOf(pod: Pod, snap: Snapshot, volumes: PersistentVolume[]): Ask {
  const aff = pod.spec.affinity;
  return {
    pod,
    ports: hostPortsOf(pod),
    want: podRequests(pod),
    volumeReason: volumes.length ? (n) => volumeNodeReason(volumes, n) : undefined,
    spread: (pod.spec.topologySpreadConstraints ?? []).some((c) => c.whenUnsatisfiable === "DoNotSchedule"),
    inter: !!aff?.podAffinity || !!aff?.podAntiAffinity || snap.antiAffine.length > 0,
  };
}

/**
 * The filters in the default profile's order; the first that fails decides for the node.
 * Readiness, NodeUnschedulable, TaintToleration and NodeAffinity come first and read only
 * the node and the pod's spec: `staticVerdict` has them (scheduler/pass.ts).
 */
function filter(
  ask: Ask,
  i: number,
  pass: PassNodes,
  snap: Snapshot,
  staticVerdict: (i: number) => Verdict | undefined,
): Verdict | undefined {
  const fixed = staticVerdict(i);
  if (fixed) return fixed;
  const n = pass.nodes[i];
  const load = snap.loadOf(n);
  if (ask.ports.length && portsConflict(ask.ports, load.ports)) return fail(NO_FREE_PORTS, true);
  const short = shortfall(ask.want, pass.facts(i).capacity, load);
  if (short.length) return { reasons: [...short], resolvable: true };
  // VolumeBinding: a bound volume's node affinity (a local-path PV lives on one node).
  const volume = ask.volumeReason?.(n);
  if (volume) return fail(volume);
  if (ask.spread) {
    const spread = spreadReason(ask.pod, n, snap);
    // A node without the topology key can never do; a skewed one might once pods go.
    if (spread) return fail(spread, !spread.includes("missing required label"));
  }
  if (ask.inter) {
    const inter = interPodReason(ask.pod, n, snap);
    if (inter) return fail(inter, !inter.includes("didn't match pod affinity rules"));
  }
  return undefined;
}

/** Scales raw plugin scores over the feasible nodes to 0-100 (higher is better), as NormalizeScore does. */
function normalize(raw: number[], lowerIsBetter = false): number[] {
  const max = Math.max(...raw);
  const min = Math.min(...raw, 0);
  if (max === min) return raw.map(() => (lowerIsBetter ? 100 : 0));
  return raw.map((v) => {
    const s = ((v - min) * 100) / (max - min);
    return lowerIsBetter ? 100 - s : s;
  });
}

/**
 * Whether any scoring plugin can tell the feasible nodes apart for this pod. When none can,
 * every node normalizes to the same score and all are preferred, so the scores need not be
 * computed (a pass asks this of hundreds of nodes per pod).
 */
function scores(pod: Pod, pass: PassNodes, snap: Snapshot): boolean {
  const aff = pod.spec.affinity;
  return (
    pass.anyPreferTaints ||
    !!aff?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ||
    !!aff?.podAffinity ||
    !!aff?.podAntiAffinity ||
    snap.antiAffine.length > 0 ||
    (pod.spec.topologySpreadConstraints ?? []).some((c) => c.whenUnsatisfiable === "ScheduleAnyway")
  );
}

/** The scoring plugins a learner steers with, weighted as the default profile weighs them. */
function preference(pod: Pod, fits: Node[], snap: Snapshot): number[] {
  const taints = normalize(
    fits.map((n) => preferNoScheduleCount(pod.spec.tolerations, n.spec?.taints)),
    true,
  );
  const affinity = normalize(fits.map((n) => nodeAffinityScore(pod, n)));
  const inter = normalize(fits.map((n) => interPodScore(pod, n, snap)));
  const spread = normalize(
    fits.map((n) => spreadCount(pod, n, snap)),
    true,
  );
  return fits.map((_, i) => 3 * taints[i] + 2 * affinity[i] + 2 * inter[i] + 2 * spread[i]);
}

/** The fits with the top score. */
function preferred(pod: Pod, fits: Node[], pass: PassNodes, snap: Snapshot): Node[] {
  if (!scores(pod, pass, snap)) return fits;
  const pref = preference(pod, fits, snap);
  const top = Math.max(...pref);
  return fits.filter((_, i) => pref[i] >= top - 1e-9);
}

/** Among the preferred nodes, those with the fewest of the pod's siblings, then the fewest pods. */
function leastLoaded(preferred: Node[], mine: Map<string, number> | undefined, snap: Snapshot): Node[] {
  let fewest = Number.POSITIVE_INFINITY;
  for (const n of preferred) fewest = Math.min(fewest, mine?.get(n.metadata.name) ?? 0);
  let least = Number.POSITIVE_INFINITY;
  const spreadBest: Node[] = [];
  for (const n of preferred) {
    if ((mine?.get(n.metadata.name) ?? 0) !== fewest) continue;
    spreadBest.push(n);
    least = Math.min(least, snap.loadOf(n).pods);
  }
  return spreadBest.filter((n) => snap.loadOf(n).pods === least);
}

/** Whether placing these pods needs every placed pod (inter-pod terms, spread constraints). */
function needsPlacedPods(c: ControllerContext, pending: Pod[]): boolean {
  return (
    pending.some(
      (p) =>
        p.spec.affinity?.podAffinity ||
        p.spec.affinity?.podAntiAffinity ||
        (p.spec.topologySpreadConstraints ?? []).length,
    ) ||
    [
      ANTI_REQUIRED,
      preferValue("*"),
      ...new Set(pending.map((p) => preferValue(p.metadata.namespace ?? "default"))),
    ].some((v) => c.api.indexKeys(POD_ANTI_AFFINITY, v).length > 0)
  );
}

/** A controller's pods per node (owner uid -> node -> count), for the default spread. */
type Spread = Map<string, Map<string, number>>;

function countSpread(spread: Spread, p: Pod): void {
  const owner = isTerminating(p) ? undefined : controllerUid(p);
  if (owner && p.spec.nodeName && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed")
    addSpread(spread, owner, p.spec.nodeName);
}

function addSpread(spread: Spread, owner: string, node: string): void {
  let m = spread.get(owner);
  if (!m) {
    m = new Map();
    spread.set(owner, m);
  }
  m.set(node, (m.get(node) ?? 0) + 1);
}

/**
 * numFeasibleNodesToFind: on a cluster of 100 nodes or more the scheduler stops filtering
 * once it has found this many feasible nodes (percentageOfNodesToScore, adaptive: 50% less
 * a point per 125 nodes, at least 5%, at least 100 nodes), starting where its last search
 * stopped.
 */
export function feasibleNodesToFind(all: number): number {
  if (all < 100) return all;
  const pct = Math.max(5, 50 - Math.floor(all / 125));
  return Math.max(100, Math.floor((all * pct) / 100));
}

export function syncScheduler(c: ControllerContext): boolean {
  // The queue: pods not yet bound, from the API server's index (no scan of the bound ones).
  const pending = c.api
    .indexed<Pod>(PODS, POD_NODE, "")
    .filter((p) => !p.spec.nodeName && !isTerminating(p))
    .flatMap((p) => c.api.get(PODS, p.metadata.namespace, p.metadata.name) ?? []);
  if (!pending.length) return false;
  // Nodes as the filters and scores read them, kept while the nodes are unchanged.
  const nodes = schedulingNodes(c);
  const nsLabels = new Map(c.api.list(NAMESPACES).map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  const everyPod = needsPlacedPods(c, pending);
  // Without placed pods to read, each node's load comes from the cache as the pass reaches it.
  const snap = new Snapshot(nodes, nsLabels, everyPod ? undefined : (n) => nodeLoad(c, n));
  const pass = new PassNodes(nodes);
  const spread: Spread = new Map();
  if (everyPod) {
    for (const p of c.api.summaries(PODS)) {
      if (p.spec.nodeName && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed") snap.add(p);
      countSpread(spread, p);
    }
  } else {
    // Only loads and the pending pods' own siblings matter: no pod of another owner is read.
    const owners = new Map(
      pending.flatMap((p) =>
        (p.metadata.ownerReferences ?? [])
          .filter((o) => o.controller)
          .map((o) => [o.uid, { ...o, namespace: p.metadata.namespace }] as const),
      ),
    );
    for (const o of owners.values())
      for (const p of c.api.indexed<Pod>(
        PODS,
        POD_OWNER,
        ownerValue(o.kind, o.namespace ?? "", o.name, o.uid),
      ))
        countSpread(spread, p);
  }
  let changed = false;
  const placedOn = new Set<string>();
  // The scheduling queue: higher priority first, then the order the pods were created (names
  // break ties within a second, where the real queue keeps arrival order).
  pending.sort(
    (a, b) =>
      (b.spec.priority ?? 0) - (a.spec.priority ?? 0) ||
      compareKeys(a.metadata.creationTimestamp ?? "", b.metadata.creationTimestamp ?? "") ||
      compareKeys(`${a.metadata.namespace}/${a.metadata.name}`, `${b.metadata.namespace}/${b.metadata.name}`),
  );
  for (const pod of pending) {
    // VolumeBinding's PreFilter: a claim being provisioned waits; a missing one fails on every node.
    const vol = checkVolumes(c, pod);
    if (vol.kind === "wait") continue;
    if (vol.kind === "unresolvable") {
      const all = nodes.map(() => fail(vol.message));
      changed = markUnschedulable(c, pod, nodes.length, all, vol.message) || changed;
      continue;
    }
    const verdicts: Verdict[] = [];
    const only = preFilterNodeNames(pod);
    const ask = askOf(pod, snap, vol.volumes);
    const staticVerdict = pass.forPod(pod);
    const toFind = feasibleNodesToFind(nodes.length);
    const start = nodes.length >= 100 ? (c.state.schedulerNextStart ?? 0) % nodes.length : 0;
    const fits: Node[] = [];
    let processed = 0;
    for (; processed < nodes.length && fits.length < toFind; processed++) {
      const i = (start + processed) % nodes.length;
      const v =
        only && !only.has(nodes[i].metadata.name)
          ? fail(PREFILTER_REASON)
          : filter(ask, i, pass, snap, staticVerdict);
      if (v) verdicts.push(v);
      else fits.push(nodes[i]);
    }
    if (nodes.length >= 100) c.state.schedulerNextStart = (start + processed) % nodes.length;
    if (!fits.length) {
      changed = markUnschedulable(c, pod, nodes.length, verdicts) || changed;
      continue;
    }
    // PodTopologySpread's default constraint spreads a controller's pods over the nodes; among
    // equals, the least loaded node wins.
    const owner = controllerUid(pod);
    const best = leastLoaded(preferred(pod, fits, pass, snap), owner ? spread.get(owner) : undefined, snap);
    const node = best[c.rng.int(best.length)];
    if (vol.delayed.length) {
      // The pod is bound once the provisioner has made its volumes on this node.
      selectNode(c, vol.delayed, node.metadata.name);
      changed = true;
      continue;
    }
    if (owner) addSpread(spread, owner, node.metadata.name);
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
    snap.add(pod);
    placedOn.add(node.metadata.name);
    c.recorder.recordEvent(
      pod,
      "Normal",
      "Scheduled",
      `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`,
      SOURCE,
    );
    changed = true;
  }
  // The load cache learns of the pods placed here now, not in the next pass: after a
  // 100,000-pod apply the next command would otherwise read every pod to catch up.
  if (!everyPod && placedOn.size)
    nodeLoads(
      c,
      nodes.filter((n) => placedOn.has(n.metadata.name)),
    );
  return changed;
}

/** `N reason` strings, sorted as FitError sorts them. */
function histogram(reasons: string[]): string[] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()].map(([r, n]) => `${n} ${r}`).sort();
}

function markUnschedulable(
  c: ControllerContext,
  pod: Pod,
  total: number,
  verdicts: Verdict[],
  preFilterMsg?: string,
): boolean {
  // A PreFilter's rejection is its own message; FitError sorts the filters' "N node(s) ..." strings.
  const parts = preFilterMsg ? [preFilterMsg] : histogram(verdicts.flatMap((v) => v.reasons));
  // The post-filter's verdict per node: where evicting pods could help, every pod here has the
  // same priority as the incoming one, so no victims are found.
  const after = histogram(
    verdicts.map((v) =>
      v.resolvable
        ? "No preemption victims found for incoming pod"
        : "Preemption is not helpful for scheduling",
    ),
  );
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
