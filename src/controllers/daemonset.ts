// The DaemonSet controller: one pod per eligible node, pinned there by node affinity on
// metadata.name as the real controller does, so the scheduler places it.

import type { DaemonSetStatus } from "kubernetes-types/apps/v1";
import type { Pod } from "../api/types.js";
import { DAEMONSETS as DS, NODES } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";
import { OwnerNews } from "./news.js";
import { isPodReady, isTerminating, tryCreatePod } from "./podfactory.js";
import { podsByOwner } from "./replicaset.js";
import { putIfChanged } from "./status.js";

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
  return p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]
    ?.matchFields?.[0]?.values?.[0];
}

const news = new OwnerNews("DaemonSet", ["daemonsets/", "nodes/", "resourcequotas/", "limitranges/"]);

export function syncDaemonSets(c: ControllerContext): boolean {
  return news.run(c, () => syncAll(c));
}

function syncAll(c: ControllerContext): boolean {
  let changed = false;
  const owned = podsByOwner(c);
  const nodes = c.api.list(NODES);
  for (const ds of c.api.all(DS)) {
    if (isTerminating(ds)) continue;
    const pods = (owned.get(ds.metadata.uid) ?? []).filter((p) => !isTerminating(p));
    const covered = new Set(pods.map(targetNode));
    for (const n of nodes) {
      if (covered.has(n.metadata.name)) continue;
      const pod = tryCreatePod(c, ds, "daemonset-controller", { affinity: affinityFor(n.metadata.name) });
      if (!pod) break;
      c.recorder.recordEvent(ds, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`, {
        component: "daemonset-controller",
      });
      pods.push(pod);
      changed = true;
    }
    const ready = pods.filter(isPodReady).length;
    const status: DaemonSetStatus = {
      currentNumberScheduled: pods.length,
      desiredNumberScheduled: nodes.length,
      numberAvailable: ready,
      numberMisscheduled: 0,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: pods.length,
    };
    if (!ready) delete status.numberAvailable;
    changed = putIfChanged(c, ds, status) || changed;
  }
  return changed;
}
