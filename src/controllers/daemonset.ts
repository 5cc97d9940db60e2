// The DaemonSet controller: one pod per node the daemon should run on, pinned there by node
// affinity on metadata.name as the real controller does, so the scheduler places it. Its own
// predicate decides the nodes (the template's nodeSelector and required node affinity, and
// the NoSchedule/NoExecute taints its tolerations, with the daemon defaults added, leave);
// a pod on a node whose NoExecute taint it does not tolerate, or whose labels no longer
// match, is deleted, while one on a node tainted NoSchedule since stays and counts as
// misscheduled.

import type { DaemonSetStatus } from "kubernetes-types/apps/v1";
import type { PodSpec, Toleration } from "kubernetes-types/core/v1";
import type { DaemonSet, Node, Pod } from "../api/types.js";
import { DAEMONSETS as DS, NODES, PODS } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";
import {
  cleanupHistory,
  currentRevision,
  daemonPodLabels,
  isPodUpdated,
  podsToReplace,
} from "./daemonset-update.js";
import { OwnerNews, ownedPods } from "./news.js";
import { deletePodGracefully, isPodReady, isTerminating, tryCreatePod } from "./podfactory.js";
import { nodeAffinityAllows } from "./scheduler/nodeaffinity.js";
import { untoleratedTaint } from "./scheduler/taints.js";
import { putIfChanged } from "./status.js";

const SOURCE = { component: "daemonset-controller" };

function affinityFor(node: string) {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [node] }] }],
      },
    },
  };
}

function targetNode(p: Pod): string | undefined {
  return (
    p.spec.nodeName ??
    p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]
      ?.matchFields?.[0]?.values?.[0]
  );
}

const exists = (key: string, effect: "NoSchedule" | "NoExecute"): Toleration => ({
  effect,
  key,
  operator: "Exists",
});

/**
 * util.AddOrUpdateDaemonPodTolerations: the tolerations every daemon pod gets, appended unless
 * the template already has the same one; network-unavailable only for hostNetwork pods.
 */
export function daemonTolerations(spec: PodSpec | undefined): Toleration[] {
  const out = [...(spec?.tolerations ?? [])];
  const defaults = [
    exists("node.kubernetes.io/not-ready", "NoExecute"),
    exists("node.kubernetes.io/unreachable", "NoExecute"),
    exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
    exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
    exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
    exists("node.kubernetes.io/unschedulable", "NoSchedule"),
    ...(spec?.hostNetwork ? [exists("node.kubernetes.io/network-unavailable", "NoSchedule")] : []),
  ];
  for (const d of defaults) {
    const same = (t: Toleration) =>
      t.key === d.key &&
      (t.operator ?? "Equal") === d.operator &&
      (t.value ?? "") === "" &&
      t.effect === d.effect;
    if (!out.some(same)) out.push(d);
  }
  return out;
}

/** NodeShouldRunDaemonPod: whether a new pod belongs there, and whether an existing one may stay. */
export function shouldRun(ds: DaemonSet, node: Node): { run: boolean; stay: boolean } {
  const spec = ds.spec.template?.spec;
  const pod = { metadata: {}, spec: { ...spec, tolerations: daemonTolerations(spec) } } as Pod;
  if (spec?.nodeName && spec.nodeName !== node.metadata.name) return { run: false, stay: false };
  if (!nodeAffinityAllows(pod, node)) return { run: false, stay: false };
  const taints = node.spec?.taints;
  if (untoleratedTaint(pod.spec.tolerations, taints, ["NoExecute"])) return { run: false, stay: false };
  if (untoleratedTaint(pod.spec.tolerations, taints, ["NoSchedule"])) return { run: false, stay: true };
  return { run: true, stay: true };
}

const news = new OwnerNews("DaemonSet", DS, ["nodes/", "resourcequotas/", "limitranges/"]);

export function syncDaemonSets(c: ControllerContext): boolean {
  return news.run(c, (owners: DaemonSet[]) => syncOwners(c, owners));
}

function syncOwners(c: ControllerContext, owners: DaemonSet[]): boolean {
  let changed = false;
  const nodes = c.api.list(NODES);
  for (const ds of owners) {
    if (isTerminating(ds)) continue;
    let pods = ownedPods(c, ds).filter((p) => !isTerminating(p));
    let desired = 0;
    let scheduled = 0;
    let ready = 0;
    let misscheduled = 0;
    const hash = currentRevision(c, ds);
    const onDesired: Pod[] = [];
    for (const n of nodes) {
      const { run, stay } = shouldRun(ds, n);
      const here = pods.filter((p) => targetNode(p) === n.metadata.name);
      if (!stay) {
        for (const p of here) {
          const full = c.api.get(PODS, p.metadata.namespace, p.metadata.name);
          if (full) deletePodGracefully(c, full);
          c.recorder.recordEvent(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, SOURCE);
          changed = true;
        }
        pods = pods.filter((p) => !here.includes(p));
        continue;
      }
      if (run && !here.length) {
        const pod = tryCreatePod(
          c,
          ds,
          "daemonset-controller",
          { affinity: affinityFor(n.metadata.name), tolerations: daemonTolerations(ds.spec.template?.spec) },
          { labels: daemonPodLabels(ds, hash) },
        );
        // Refused by admission: the FailedCreate event is recorded; the node still counts as desired.
        if (!pod) {
          desired++;
          continue;
        }
        c.recorder.recordEvent(ds, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`, SOURCE);
        here.push(pod);
        pods.push(pod);
        changed = true;
      }
      // updateDaemonSetStatus: a node the daemon should run on counts its pod; a pod elsewhere is misscheduled.
      if (run) {
        desired++;
        if (here.length) scheduled++;
        if (here.some(isPodReady)) ready++;
        onDesired.push(...here);
      } else if (here.length) misscheduled++;
    }
    // RollingUpdate: pods of an older revision make way, maxUnavailable at a time; the next
    // pass creates their replacements.
    for (const p of podsToReplace(ds, onDesired, hash, desired)) {
      const full = c.api.get(PODS, p.metadata.namespace, p.metadata.name);
      if (full) deletePodGracefully(c, full);
      c.recorder.recordEvent(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, SOURCE);
      changed = true;
    }
    changed = cleanupHistory(c, ds, pods, hash) || changed;
    const updated = onDesired.filter((p) => isPodUpdated(ds, p, hash)).length;
    const status: DaemonSetStatus = {
      currentNumberScheduled: scheduled,
      desiredNumberScheduled: desired,
      numberAvailable: ready,
      numberMisscheduled: misscheduled,
      numberReady: ready,
      numberUnavailable: desired - ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: updated,
    };
    if (!ready) delete status.numberAvailable;
    if (!status.numberUnavailable) delete status.numberUnavailable;
    changed = putIfChanged(c, ds, status) || changed;
  }
  return changed;
}
