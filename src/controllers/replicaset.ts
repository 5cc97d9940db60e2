// The ReplicaSet controller: keeps spec.replicas pods owned by each ReplicaSet, creating
// and deleting them with the replicaset-controller's events, and writes its status.

import type { ReplicaSetStatus } from "kubernetes-types/apps/v1";
import type { Pod, ReplicaSet } from "../api/types.js";
import { StatusError } from "../apiserver/errors.js";
import { PODS, REPLICASETS as RS } from "../apiserver/resources.js";
import { compareKeys } from "../golang/sort.js";
import { rfc3339 } from "../golang/time.js";
import type { ControllerContext } from "./context.js";
import { OwnerNews, ownedPods } from "./news.js";
import { createPodFromTemplate, deletePodGracefully, isPodReady, isTerminating } from "./podfactory.js";
import { putIfChanged } from "./status.js";
import { wakeAt } from "./timers.js";

const SOURCE = { component: "replicaset-controller" };

/** Which pods go first when scaling down: unscheduled, then not ready, then the newest. */
function deletionOrder(a: Pod, b: Pod): number {
  const rank = (p: Pod) => (!p.spec.nodeName ? 0 : !isPodReady(p) ? 1 : 2);
  return (
    rank(a) - rank(b) ||
    compareKeys(b.metadata.creationTimestamp ?? "", a.metadata.creationTimestamp ?? "") ||
    compareKeys(a.metadata.name ?? "", b.metadata.name ?? "")
  );
}

/**
 * Pods ready for at least minReadySeconds (podutil.IsPodAvailable). A pod still inside that
 * window wakes the controller when it comes out of it. The wait is scaled like the kubelet's
 * delays, so an instant cluster counts pods available at once.
 */
function countAvailable(c: ControllerContext, rs: ReplicaSet, pods: Pod[]): number {
  const minReady = Math.round((rs.spec.minReadySeconds ?? 0) * 1000 * c.clock.timeScale);
  let n = 0;
  for (const p of pods) {
    if (!isPodReady(p)) continue;
    if (minReady === 0) {
      n++;
      continue;
    }
    // Summaries leave out condition times, which only minReadySeconds needs: read the pod.
    const whole = c.api.get(PODS, p.metadata.namespace, p.metadata.name) ?? p;
    const since = whole.status?.conditions?.find((x) => x.type === "Ready")?.lastTransitionTime;
    const at = since ? Date.parse(since) + minReady : c.clock.now();
    if (at <= c.clock.now()) n++;
    else wakeAt(c, "replicaset", rs.metadata.uid, at);
  }
  return n;
}

// A quota or limit range that changes or goes may let a refused pod in.
const news = new OwnerNews("ReplicaSet", RS, ["resourcequotas/", "limitranges/"], "-timer:replicaset");

export function syncReplicaSets(c: ControllerContext): boolean {
  return news.run(c, (owners: ReplicaSet[]) => syncOwners(c, owners));
}

function syncOwners(c: ControllerContext, owners: ReplicaSet[]): boolean {
  let changed = false;
  for (const rs of owners) {
    if (isTerminating(rs)) continue;
    const pods = ownedPods(c, rs);
    let failure: string | undefined;
    const active = pods.filter((p) => !isTerminating(p));
    const want = rs.spec.replicas ?? 1;
    if (active.length < want) {
      for (let i = active.length; i < want; i++) {
        let pod: Pod;
        try {
          pod = createPodFromTemplate(c, rs);
        } catch (e) {
          // An admission refusal (quota, limit range) stops this round, as the controller's
          // slow-start batch does; the ReplicaSet tries again at its next sync.
          if (!(e instanceof StatusError)) throw e;
          c.recorder.recordEvent(rs, "Warning", "FailedCreate", `Error creating: ${e.message}`, SOURCE);
          failure = e.message;
          break;
        }
        active.push(pod);
        c.recorder.recordEvent(rs, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`, SOURCE);
      }
      changed = true;
    } else if (active.length > want) {
      const victims = [...active].sort(deletionOrder).slice(0, active.length - want);
      for (const p of victims) {
        // p may be a summary, which is never written back: delete through the full pod.
        const pod = c.api.get(PODS, p.metadata.namespace, p.metadata.name);
        if (pod) deletePodGracefully(c, pod);
        c.recorder.recordEvent(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, SOURCE);
        active.splice(active.indexOf(p), 1);
      }
      changed = true;
    }
    const ready = active.filter(isPodReady).length;
    const status: ReplicaSetStatus = {
      availableReplicas: countAvailable(c, rs, active),
      fullyLabeledReplicas: active.length,
      observedGeneration: rs.metadata.generation,
      readyReplicas: ready,
      replicas: active.length,
    };
    // A failed create sets the ReplicaFailure condition; a clean pass clears it.
    const prevFail = rs.status?.conditions?.find((x) => x.type === "ReplicaFailure");
    if (failure) {
      status.conditions = [
        prevFail ?? {
          lastTransitionTime: rfc3339(c.clock.now()),
          message: failure,
          reason: "FailedCreate",
          status: "True",
          type: "ReplicaFailure",
        },
      ];
    } else if (prevFail && active.length !== want) {
      status.conditions = [prevFail];
    }
    // Go's omitempty drops zero counts; `replicas` is always written.
    for (const k of ["availableReplicas", "fullyLabeledReplicas", "readyReplicas"] as const)
      if (!status[k]) delete status[k];
    changed = putIfChanged(c, rs, status) || changed;
  }
  return changed;
}
