// The taint-eviction controller (kube-controller-manager's taint-eviction-controller): a pod
// bound to a node with a NoExecute taint it does not tolerate is deleted at once; one that
// tolerates every such taint for a limited tolerationSeconds is deleted when the shortest runs
// out, counted from when the controller first saw it tolerated; a taint removed in time
// cancels that. Deletion adds the DisruptionTarget condition first, as the real one does.
import type { Taint } from "kubernetes-types/core/v1";
import { NULL_TIME, type Pod } from "../api/types.js";
import { NODES, PODS } from "../apiserver/resources.js";
import { rfc3339 } from "../golang/time.js";
import type { ControllerContext } from "./context.js";
import { deletePodGracefully, isTerminating } from "./podfactory.js";
import { toleratesTaint } from "./scheduler/taints.js";
import { wakeAt } from "./timers.js";

const SOURCE = { component: "taint-eviction-controller" };
const NAME = "taint-eviction";

/**
 * How long the pod may stay: 0 when a NoExecute taint is not tolerated, the shortest
 * tolerationSeconds among the tolerations used, or undefined when none limits it.
 */
export function tolerationLimit(pod: Pod, taints: Taint[]): number | undefined {
  let min: number | undefined;
  for (const taint of taints) {
    const used = (pod.spec.tolerations ?? []).filter((t) => toleratesTaint(t, taint));
    if (!used.length) return 0;
    for (const t of used) {
      if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
      const s = Math.max(0, t.tolerationSeconds);
      if (min === undefined || s < min) min = s;
    }
  }
  return min;
}

function nsName(p: Pod): string {
  return `${p.metadata.namespace}/${p.metadata.name}`;
}

function evict(c: ControllerContext, summary: Pod): void {
  const pod = c.api.get(PODS, summary.metadata.namespace, summary.metadata.name);
  if (!pod || isTerminating(pod)) return;
  c.recorder.recordEvent(
    pod,
    "Normal",
    "TaintManagerEviction",
    `Marking for deletion Pod ${nsName(pod)}`,
    SOURCE,
  );
  pod.status = {
    ...pod.status,
    conditions: [
      ...(pod.status?.conditions ?? []).filter((x) => x.type !== "DisruptionTarget"),
      {
        lastProbeTime: NULL_TIME,
        lastTransitionTime: rfc3339(c.clock.now()),
        message: "Taint manager: deleting due to NoExecute taint",
        reason: "DeletionByTaintManager",
        status: "True",
        type: "DisruptionTarget",
      },
    ],
  };
  c.api.put(pod);
  deletePodGracefully(c, pod);
}

/** Where each loaded cluster's last pass left the change log. */
const seen = new WeakMap<ControllerContext, number>();

/**
 * The NoExecute taints of every node that has some, kept in the cluster state and updated
 * from the nodes this process wrote: reading every node on every pod write made a label
 * change on a 1,000-node cluster read 2.4 MB of nodes. A state from before the record was
 * kept lists the nodes once.
 */
function noExecuteTaints(c: ControllerContext): Map<string, Taint[]> {
  const noExecute = (taints: Taint[] | undefined) => (taints ?? []).filter((x) => x.effect === "NoExecute");
  let known = c.state.noExecuteTaints;
  const log = c.api.changeLog;
  if (!known) {
    known = {};
    for (const n of c.api.list(NODES)) {
      const t = noExecute(n.spec?.taints);
      if (t.length) known[n.metadata.name] = t;
    }
    c.state.noExecuteTaints = known;
  } else {
    for (let i = seen.get(c) ?? 0; i < log.length; i++) {
      if (!log[i].startsWith("nodes/")) continue;
      const name = log[i].slice("nodes/".length);
      const t = noExecute(c.api.get(NODES, undefined, name)?.spec?.taints);
      if (t.length) known[name] = t;
      else delete known[name];
    }
  }
  seen.set(c, log.length);
  return new Map(Object.entries(known));
}

export function syncTaintEviction(c: ControllerContext): boolean {
  c.state.taintEvictions ??= {};
  const due = c.state.taintEvictions;
  const noExecute = noExecuteTaints(c);
  // No NoExecute taint anywhere and no eviction counting down: no pod to look at.
  if (!noExecute.size && !Object.keys(due).length) return false;
  let changed = false;
  const now = c.clock.now();
  const seen = new Set<string>();
  for (const p of c.api.summaries(PODS)) {
    const uid = p.metadata.uid;
    if (!p.spec.nodeName || isTerminating(p)) continue;
    // Summaries leave tolerations out: a pod on a NoExecute-tainted node is read whole.
    const taints = noExecute.get(p.spec.nodeName);
    const whole = taints ? c.api.get(PODS, p.metadata.namespace, p.metadata.name) : undefined;
    const limit = taints && whole ? tolerationLimit(whole, taints) : undefined;
    if (limit === undefined) {
      if (due[uid] !== undefined) {
        delete due[uid];
        c.recorder.recordEvent(
          p,
          "Normal",
          "TaintManagerEviction",
          `Cancelling deletion of Pod ${nsName(p)}`,
          SOURCE,
        );
        changed = true;
      }
      continue;
    }
    seen.add(uid);
    due[uid] ??= now + limit * 1000;
    if (due[uid] <= now) {
      delete due[uid];
      evict(c, p);
      changed = true;
    } else wakeAt(c, NAME, uid, due[uid]);
  }
  for (const uid of Object.keys(due)) if (!seen.has(uid)) delete due[uid];
  return changed;
}
