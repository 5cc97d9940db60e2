// The pod garbage collector's orphan pass (kube-controller-manager's podgc, gcOrphaned): a
// pod bound to a node that does not exist (the Node was deleted, or the pod named one in
// spec.nodeName that never was) has no kubelet to run or stop it. Once the node has been
// missing for the quarantine of 40 s, the collector marks the pod Failed with a
// DisruptionTarget condition (DeletionByPodGC) and deletes it at once, with no grace.
// Candidates come from this process's writes: a deleted node's pods (by the index of pods
// per node) and pods written with a node that is not there; the ones waiting out the
// quarantine are kept in the cluster state.
import { NULL_TIME, type Pod } from "../api/types.js";
import { POD_NODE } from "../apiserver/indexes.js";
import { NODES, PODS } from "../apiserver/resources.js";
import { rfc3339 } from "../golang/time.js";
import type { ControllerContext } from "./context.js";
import { wakeAt } from "./timers.js";

const NAME = "podgc";
/** gcOrphaned's quarantineTime: a node missing this long is gone, not being re-registered. */
export const QUARANTINE_MS = 40_000;

/** Where each loaded cluster's last pass left the change log. */
const seen = new WeakMap<ControllerContext, number>();

function nodeExists(c: ControllerContext, name: string): boolean {
  return !!c.api.objects.bucket(NODES.plural).summary(name);
}

export function syncPodGC(c: ControllerContext): boolean {
  const log = c.api.changeLog;
  const orphans = c.state.podGcOrphans ?? {};
  const now = c.clock.now();
  // New candidates: the pods of a node this process deleted, and pods written onto a node
  // that is not there.
  for (let i = seen.get(c) ?? 0; i < log.length; i++) {
    const entry = log[i];
    if (entry.startsWith("nodes/")) {
      const node = entry.slice("nodes/".length);
      if (!nodeExists(c, node)) for (const key of c.api.indexKeys(POD_NODE, node)) orphans[key] ??= now;
    } else if (entry.startsWith("pods/")) {
      const key = entry.slice("pods/".length);
      const node = (c.api.objects.bucket(PODS.plural).summary(key) as Pod | undefined)?.spec.nodeName;
      if (node && !nodeExists(c, node)) orphans[key] ??= now;
    }
  }
  seen.set(c, log.length);
  let changed = false;
  for (const [key, since] of Object.entries(orphans)) {
    const summary = c.api.objects.bucket(PODS.plural).summary(key) as Pod | undefined;
    const node = summary?.spec.nodeName;
    // Gone, or its node is back: nothing to collect.
    if (!summary || !node || nodeExists(c, node)) {
      delete orphans[key];
      continue;
    }
    if (now < since + QUARANTINE_MS) {
      wakeAt(c, NAME, key, since + QUARANTINE_MS);
      continue;
    }
    delete orphans[key];
    const pod = c.api.get(PODS, summary.metadata.namespace, summary.metadata.name);
    if (!pod) continue;
    // markFailedAndDeletePodWithCondition: a pod not yet finished is marked Failed first.
    const finished = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
    pod.status = {
      ...pod.status,
      ...(finished ? {} : { phase: "Failed" }),
      conditions: [
        ...(pod.status?.conditions ?? []).filter((x) => x.type !== "DisruptionTarget"),
        {
          lastProbeTime: NULL_TIME,
          lastTransitionTime: rfc3339(now),
          message: "PodGC: node no longer exists",
          reason: "DeletionByPodGC",
          status: "True",
          type: "DisruptionTarget",
        },
      ],
    };
    c.api.put(pod);
    c.api.remove(pod);
    changed = true;
  }
  if (Object.keys(orphans).length) c.state.podGcOrphans = orphans;
  else delete c.state.podGcOrphans;
  return changed;
}
