// kube-controller-manager and the scheduler: every controller gets one pass per round, in
// dependency order, and the cluster repeats rounds until nothing changes. Like an
// informer-driven controller, each one runs only when a resource type it watches was
// written since its last pass, so a change to one pod does not make every controller
// rescan a large cluster several times.
import { RESOURCES } from "../apiserver/resources.js";
import { syncClusterRoleAggregation } from "./clusterrole-aggregation.js";
import type { ControllerContext } from "./context.js";
import { syncCronJobs } from "./cronjob.js";
import { syncCsrSigning } from "./csrsigning.js";
import { syncDaemonSets } from "./daemonset.js";
import { syncDeployments } from "./deployment.js";
import { syncEndpoints } from "./endpoints.js";
import { syncGatewayApi } from "./gateway/controller.js";
import { syncGarbageCollector } from "./gc.js";
import { syncHpas } from "./hpa/controller.js";
import { syncIngressNginx } from "./ingress-nginx.js";
import { syncJobs } from "./job.js";
import { syncMetalLB } from "./metallb.js";
import { L2_BUCKET, POOL_BUCKET } from "./metallb-config.js";
import { syncApiServices } from "./metrics/apiservice.js";
import { syncMirroring } from "./mirroring.js";
import { syncNamespaces } from "./namespace.js";
import { syncNodeLifecycle } from "./nodelifecycle.js";
import { syncPodGC } from "./podgc.js";
import { syncReplicaSets } from "./replicaset.js";
import { syncResourceQuotas } from "./resourcequota.js";
import { syncScheduler } from "./scheduler.js";
import { syncServiceAccounts } from "./serviceaccount.js";
import { nextLBWake, syncServiceLB } from "./servicelb.js";
import { syncStatefulSets } from "./statefulset.js";
import { syncTaintEviction } from "./tainteviction.js";
import { fireTimers, nextTimer } from "./timers.js";
import { syncVolumes } from "./volumes.js";

/** Types no quota counts whose writes are frequent: they do not wake the quota controller. */
const QUOTA_IGNORES = ["events", "endpoints", "endpointslices", "nodes", "namespaces"];

/** What admission reads besides the pod: its changes can let a refused pod in. */
const ADMISSION_INPUTS = ["resourcequotas", "limitranges", "-removed"];

interface Controller {
  name: string;
  /** Resource types (plurals) whose writes wake it; "-removed" is any removal. */
  watches: string[];
  sync(c: ControllerContext): boolean;
}

const CONTROLLERS: Controller[] = [
  { name: "clusterrole-aggregation", watches: ["clusterroles"], sync: syncClusterRoleAggregation },
  { name: "csrsigning", watches: ["certificatesigningrequests"], sync: syncCsrSigning },
  { name: "namespace", watches: ["namespaces", "pods", "events"], sync: syncNamespaces },
  {
    name: "serviceaccount",
    watches: ["namespaces", "serviceaccounts", "configmaps"],
    sync: syncServiceAccounts,
  },
  // Quota usage is recounted before the workload controllers create pods against it.
  {
    name: "resourcequota",
    watches: [...RESOURCES.map((r) => r.plural).filter((p) => !QUOTA_IGNORES.includes(p)), "-removed"],
    sync: syncResourceQuotas,
  },
  // Dependents are orphaned when their owner is removed.
  { name: "garbagecollector", watches: ["-removed", "-owners"], sync: syncGarbageCollector },
  // Recreate waits for the old pods to be gone: pod removals wake it too.
  {
    name: "deployment",
    watches: ["deployments", "replicasets", "-removed", "-timer:deployment"],
    sync: syncDeployments,
  },
  // A pod refused by admission is tried again when a quota or limit range changes or goes.
  {
    name: "replicaset",
    watches: ["replicasets", "pods", "-timer:replicaset", ...ADMISSION_INPUTS],
    sync: syncReplicaSets,
  },
  { name: "statefulset", watches: ["statefulsets", "pods", "controllerrevisions"], sync: syncStatefulSets },
  { name: "job", watches: ["jobs", "pods", "-timer:job", ...ADMISSION_INPUTS], sync: syncJobs },
  { name: "cronjob", watches: ["cronjobs", "jobs", "-timer:cronjob"], sync: syncCronJobs },
  { name: "nodelifecycle", watches: ["nodes"], sync: syncNodeLifecycle },
  { name: "podgc", watches: ["nodes", "pods", "-timer:podgc"], sync: syncPodGC },
  // Before the DaemonSet controller, so a daemon pod a NoExecute taint evicts goes by the
  // taint manager, as on a real cluster, rather than as misplaced.
  { name: "taint-eviction", watches: ["nodes", "pods", "-timer:taint-eviction"], sync: syncTaintEviction },
  { name: "daemonset", watches: ["daemonsets", "pods", "nodes", ...ADMISSION_INPUTS], sync: syncDaemonSets },
  { name: "scheduler", watches: ["pods", "nodes", "persistentvolumeclaims"], sync: syncScheduler },
  {
    name: "persistentvolume",
    watches: [
      "persistentvolumeclaims",
      "persistentvolumes",
      "storageclasses",
      "-removed",
      "-timer:persistentvolume",
    ],
    sync: syncVolumes,
  },
  { name: "service-lb", watches: ["services", "-timer"], sync: syncServiceLB },
  {
    name: "endpointslice",
    watches: ["services", "pods", "endpoints", "endpointslices"],
    sync: syncEndpoints,
  },
  {
    name: "endpointslicemirroring",
    watches: ["services", "endpoints", "endpointslices"],
    sync: syncMirroring,
  },
  // kube-apiserver's aggregator, before the HPA controller that reads metrics through it.
  {
    name: "apiservice-availability",
    watches: ["apiservices", "services", "endpoints"],
    sync: syncApiServices,
  },
  { name: "horizontal-pod-autoscaler", watches: ["horizontalpodautoscalers", "-timer:hpa"], sync: syncHpas },
  { name: "ingress-nginx", watches: ["pods", "ingresses", "ingressclasses"], sync: syncIngressNginx },
  // cloud-provider-kind's Gateway API controller, once the CRDs serve its kinds.
  {
    name: "gateway-api",
    watches: [
      "customresourcedefinitions",
      "gatewayclasses.gateway.networking.k8s.io",
      "gateways.gateway.networking.k8s.io",
      "httproutes.gateway.networking.k8s.io",
      "referencegrants.gateway.networking.k8s.io",
      "services",
      "secrets",
      "namespaces",
      "-timer:gateway-api",
    ],
    sync: syncGatewayApi,
  },
  // After the EndpointSlice controller: MetalLB's speakers announce only Services with a ready endpoint.
  {
    name: "metallb",
    watches: ["services", "pods", "nodes", "endpointslices", "deployments", POOL_BUCKET, L2_BUCKET],
    sync: syncMetalLB,
  },
];

/** What each controller saw of the write counters at its last pass (per loaded cluster). */
const seen = new WeakMap<ControllerContext, Map<string, string>>();

function signature(c: ControllerContext, watches: string[]): string {
  return watches.map((w) => c.api.writes.get(w) ?? 0).join(",");
}

/** The earliest moment a controller (not the kubelet) has something timed to do. */
export function controllersNextWake(c: ControllerContext): number | undefined {
  const a = nextLBWake(c);
  const b = nextTimer(c);
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

/** The clock reached `now`: timed controllers are woken. */
export function wakeControllers(c: ControllerContext, now: number): void {
  c.api.writes.set("-timer", (c.api.writes.get("-timer") ?? 0) + 1);
  fireTimers(c, now);
}

export function runControllers(c: ControllerContext): boolean {
  let last = seen.get(c);
  if (!last) {
    // A loaded cluster is settled: controllers wait for writes made after loading.
    last = new Map(CONTROLLERS.map((ctl) => [ctl.name, ctl.watches.map(() => 0).join(",")]));
    seen.set(c, last);
  }
  let changed = false;
  for (const ctl of CONTROLLERS) {
    const sig = signature(c, ctl.watches);
    if (last.get(ctl.name) === sig) continue;
    changed = ctl.sync(c) || changed;
    // What the controller wrote itself wakes it again next round, which finds nothing to do.
    last.set(ctl.name, sig);
  }
  return changed;
}
