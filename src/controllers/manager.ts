// kube-controller-manager and the scheduler: every controller gets one pass per round, in
// dependency order, and the cluster repeats rounds until nothing changes.
import type { Cluster } from "../cluster/cluster.js";
import { syncDaemonSets } from "./daemonset.js";
import { syncDeployments } from "./deployment.js";
import { syncEndpoints } from "./endpoints.js";
import { syncGarbageCollector } from "./gc.js";
import { syncNamespaces } from "./namespace.js";
import { syncReplicaSets } from "./replicaset.js";
import { syncScheduler } from "./scheduler.js";

const CONTROLLERS: ((c: Cluster) => boolean)[] = [
  syncNamespaces,
  syncGarbageCollector,
  syncDeployments,
  syncReplicaSets,
  syncDaemonSets,
  syncScheduler,
  syncEndpoints,
];

export function runControllers(c: Cluster, _t: number): boolean {
  let changed = false;
  for (const sync of CONTROLLERS) changed = sync(c) || changed;
  return changed;
}
