// The horizontal-pod-autoscaler controller (pkg/controller/podautoscaler/horizontal.go,
// v1.32) on simulated time: every HPA is reconciled when it appears and then every 15 s
// (--horizontal-pod-autoscaler-sync-period). A pass reads the target's scale, measures the
// metrics through the resource metrics API, computes and normalizes the desired replicas,
// rescales the target, and records the conditions (AbleToScale, ScalingActive,
// ScalingLimited), the status and the events the real controller records.
import type {
  HorizontalPodAutoscalerCondition,
  MetricSpec,
  MetricStatus,
} from "kubernetes-types/autoscaling/v2";
import type { HorizontalPodAutoscaler, KObject, Pod } from "../../api/types.js";
import { updateObject } from "../../apiserver/admit.js";
import { fromLabelSelector, matches } from "../../apiserver/labels.js";
import { BY_KIND, HPAS, PODS, qualifiedPlural } from "../../apiserver/resources.js";
import { rfc3339 } from "../../golang/time.js";
import type { ControllerContext } from "../context.js";
import { listPodMetrics, metricsApiError, type PodMetrics } from "../metrics/server.js";
import { milli } from "../metrics/usage.js";
import type { HpaHistory } from "../state.js";
import { sameJson } from "../status.js";
import { wakeAt } from "../timers.js";
import { normalizeLegacy, normalizeWithBehavior } from "./normalize.js";
import { averageValueReplicas, type PodSample, type ReplicaResult, resourceReplicas } from "./replicas.js";

const SOURCE = { component: "horizontal-pod-autoscaler" };
export const SYNC_PERIOD_MS = 15_000;
/** cpuInitializationPeriod and delayOfInitialReadinessStatus (the controller's flags' defaults). */
const CPU_INIT_MS = 300_000;
const INITIAL_READINESS_MS = 30_000;
const SCALABLE = ["Deployment", "ReplicaSet", "StatefulSet"];

type Condition = HorizontalPodAutoscalerCondition;

function setCondition(
  list: Condition[],
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
) {
  let c = list.find((x) => x.type === type);
  if (!c) {
    c = { type, status: "" };
    list.push(c);
  }
  if (c.status !== status) c.lastTransitionTime = now;
  c.status = status;
  c.reason = reason;
  c.message = message;
}

/** groupPods' verdicts and the samples the replica calculation reads, for one resource. */
function samples(pods: Pod[], metrics: Map<string, PodMetrics>, resource: string, now: number): PodSample[] {
  return pods.map((p) => {
    const s: PodSample = { name: p.metadata.name };
    let request = 0;
    for (const c of p.spec.containers) {
      const r = milli(c.resources?.requests?.[resource]);
      if (r === undefined) {
        s.missingRequestContainer ??= c.name;
        continue;
      }
      request += r;
    }
    if (!s.missingRequestContainer) s.request = request;
    if (p.metadata.deletionTimestamp || p.status?.phase === "Failed" || p.status?.phase === "Pending") {
      s.ignored = true;
      return s;
    }
    const m = metrics.get(p.metadata.uid);
    if (!m) return s;
    const unit = resource === "memory" ? 1000 : 1;
    s.usage = m.containers.reduce(
      (sum, c) => sum + (resource === "memory" ? c.usage.memory : c.usage.cpu) * unit,
      0,
    );
    if (resource === "cpu") {
      const ready = p.status?.conditions?.find((c) => c.type === "Ready");
      const start = p.status?.startTime ? Date.parse(p.status.startTime) : undefined;
      if (!ready || start === undefined) s.unready = true;
      else {
        const transition = Date.parse(ready.lastTransitionTime ?? "") || 0;
        s.unready =
          start + CPU_INIT_MS > now
            ? ready.status === "False" || m.timestamp < transition + 15_000
            : ready.status === "False" && start + INITIAL_READINESS_MS > transition;
      }
    }
    return s;
  });
}

interface Computed {
  replicas: number;
  statuses: MetricStatus[];
  /** rescaleReason's metric name: "cpu resource utilization (percentage of request)". */
  name: string;
}

/** computeReplicasForMetrics: the largest proposal of the valid metrics, or the first error. */
function computeForMetrics(
  c: ControllerContext,
  hpa: HorizontalPodAutoscaler,
  conds: Condition[],
  current: number,
  pods: Pod[],
  now: number,
): Computed | { error: string } {
  const metrics = listPodMetrics(c.api, now);
  const byUid = new Map((metrics ?? []).map((m) => [m.pod.metadata.uid, m]));
  const specs: MetricSpec[] = hpa.spec.metrics ?? [];
  const statuses: MetricStatus[] = [];
  let best: Computed | undefined;
  let invalid = 0;
  let firstError = "";
  const ts = rfc3339(now);
  specs.forEach((m, i) => {
    const src = m.type === "Resource" ? m.resource : undefined;
    let result: ReplicaResult;
    let what = "";
    if (!src) result = { ok: false, error: `unsupported metric source type "${m.type}"` };
    else if (!metrics)
      result = {
        ok: false,
        error: `unable to get metrics for resource ${src.name}: unable to fetch metrics from resource metrics API: ${metricsApiError(c.api, "get pods.metrics.k8s.io")}`,
      };
    else if (src.target.averageUtilization !== undefined) {
      what = `${src.name} resource utilization (percentage of request)`;
      result = resourceReplicas(
        src.name,
        current,
        src.target.averageUtilization,
        samples(pods, byUid, src.name, now),
      );
    } else {
      what = `${src.name} resource`;
      const target = milli(src.target.averageValue) ?? 1;
      result = averageValueReplicas(current, target, samples(pods, byUid, src.name, now));
    }
    if (!result.ok) {
      const kind = src?.target.averageUtilization !== undefined ? "utilization" : "value";
      const msg = src ? `failed to get ${src.name} ${kind}: ${result.error}` : result.error;
      c.recorder.recordEvent(hpa, "Warning", "FailedGetResourceMetric", msg, SOURCE);
      setCondition(
        conds,
        "ScalingActive",
        "False",
        "FailedGetResourceMetric",
        `the HPA was unable to compute the replica count: ${msg}`,
        ts,
      );
      statuses[i] = { type: "" };
      invalid++;
      if (!firstError) firstError = src ? `failed to get ${src.name} resource metric value: ${msg}` : msg;
      return;
    }
    const current_ =
      src?.target.averageUtilization !== undefined
        ? { averageUtilization: result.utilization, averageValue: milliQuantity(result.rawAverage, src.name) }
        : { averageValue: milliQuantity(result.rawAverage, src?.name ?? "") };
    statuses[i] = { type: "Resource", resource: { name: src?.name ?? "", current: current_ } };
    if (!best || result.replicas > best.replicas) best = { replicas: result.replicas, statuses, name: what };
  });
  if (!best || (invalid > 0 && invalid === specs.length)) {
    return {
      error: `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError}`,
    };
  }
  setCondition(
    conds,
    "ScalingActive",
    "True",
    "ValidMetricFound",
    `the HPA was able to successfully calculate a replica count from ${best.name}`,
    ts,
  );
  return { ...best, statuses };
}

/** A measured average as the API's Quantity: millicores for CPU, bytes for memory. */
function milliQuantity(v: number, resource: string): string {
  if (resource === "memory") return String(Math.round(v / 1000));
  return v % 1000 === 0 ? String(v / 1000) : `${v}m`;
}

function reconcile(c: ControllerContext, hpa: HorizontalPodAutoscaler, history: HpaHistory): void {
  const now = c.clock.now();
  const ts = rfc3339(now);
  const conds: Condition[] = structuredClone(hpa.status?.conditions ?? []);
  const status = { desiredReplicas: 0, ...(hpa.status ?? {}) };
  const ref = hpa.spec.scaleTargetRef;
  const ns = hpa.metadata.namespace;
  const r = BY_KIND.get(ref.kind);
  const target =
    r && SCALABLE.includes(ref.kind) ? (c.api.get(r, ns, ref.name) as KObject | undefined) : undefined;
  const write = () => {
    status.conditions = conds;
    if (!sameJson(hpa.status, status)) {
      hpa.status = status;
      c.api.put(hpa);
    }
  };
  if (!target) {
    const msg = r ? `${qualifiedPlural(r)} "${ref.name}" not found` : `no matches for kind "${ref.kind}"`;
    c.recorder.recordEvent(hpa, "Warning", "FailedGetScale", msg, SOURCE);
    setCondition(
      conds,
      "AbleToScale",
      "False",
      "FailedGetScale",
      `the HPA controller was unable to get the target's current scale: ${msg}`,
      ts,
    );
    // The status keeps its last replica counts: only the condition changes.
    write();
    return;
  }
  setCondition(
    conds,
    "AbleToScale",
    "True",
    "SucceededGetScale",
    "the HPA controller was able to get the target's current scale",
    ts,
  );
  const current: number = target.spec?.replicas ?? 1;
  const min = hpa.spec.minReplicas ?? 1;
  const max = hpa.spec.maxReplicas;
  let desired: number;
  let reason = "";
  if (current === 0 && min !== 0) {
    desired = 0;
    setCondition(
      conds,
      "ScalingActive",
      "False",
      "ScalingDisabled",
      "scaling is disabled since the replica count of the target is zero",
      ts,
    );
  } else if (current > max) {
    [desired, reason] = [max, "Current number of replicas above Spec.MaxReplicas"];
  } else if (current < min) {
    [desired, reason] = [min, "Current number of replicas below Spec.MinReplicas"];
  } else {
    const sel = fromLabelSelector(target.spec?.selector);
    const pods = c.api
      .all(PODS)
      .filter((p) => p.metadata.namespace === ns && matches(sel, p.metadata.labels));
    const computed = computeForMetrics(c, hpa, conds, current, pods, now);
    if ("error" in computed) {
      status.currentReplicas = current;
      status.currentMetrics = (hpa.spec.metrics ?? []).map(() => ({ type: "" }));
      write();
      c.recorder.recordEvent(hpa, "Warning", "FailedComputeMetricsReplicas", computed.error, SOURCE);
      return;
    }
    status.currentMetrics = computed.statuses;
    const limited = hpa.spec.behavior
      ? normalizeWithBehavior(
          history.recommendations,
          history,
          now,
          current,
          computed.replicas,
          min,
          max,
          hpa.spec.behavior,
        )
      : normalizeLegacy(history.recommendations, now, current, computed.replicas, min, max);
    setCondition(conds, "AbleToScale", "True", limited.able[0], limited.able[1], ts);
    const [on, why, text] = limited.limited;
    setCondition(conds, "ScalingLimited", on ? "True" : "False", why, text, ts);
    desired = limited.replicas;
    reason = desired > current ? `${computed.name} above target` : "All metrics below target";
  }
  status.currentReplicas = current;
  status.desiredReplicas = desired;
  if (desired !== current && r) {
    const next = structuredClone(target);
    next.spec.replicas = desired;
    updateObject({ api: c.api, rng: c.rng, t: now }, next, target);
    setCondition(
      conds,
      "AbleToScale",
      "True",
      "SucceededRescale",
      `the HPA controller was able to update the target scale to ${desired}`,
      ts,
    );
    c.recorder.recordEvent(
      hpa,
      "Normal",
      "SuccessfulRescale",
      `New size: ${desired}; reason: ${reason}`,
      SOURCE,
    );
    (desired > current ? history.up : history.down).push({ change: Math.abs(desired - current), at: now });
    status.lastScaleTime = ts;
  }
  // Scale events older than the longest policy period are of no more use.
  history.up = history.up.filter((e) => e.at > now - 1_800_000);
  history.down = history.down.filter((e) => e.at > now - 1_800_000);
  write();
}

export function syncHpas(c: ControllerContext): boolean {
  const start = c.api.changeLog.length;
  const timers = c.state.controllerTimers ?? {};
  c.state.hpaHistory ??= {};
  const histories = c.state.hpaHistory;
  const live = new Set<string>();
  for (const hpa of c.api.all(HPAS)) {
    const uid = hpa.metadata.uid;
    live.add(uid);
    // Due when new or when its resync timer fired; its own status writes wake no pass.
    if (timers[`hpa\t${uid}`] !== undefined) continue;
    histories[uid] ??= { recommendations: [], up: [], down: [] };
    reconcile(c, hpa, histories[uid]);
    wakeAt(c, "hpa", uid, c.clock.now() + SYNC_PERIOD_MS);
  }
  for (const uid of Object.keys(histories)) if (!live.has(uid)) delete histories[uid];
  for (const k of Object.keys(timers)) if (k.startsWith("hpa\t") && !live.has(k.slice(4))) delete timers[k];
  return c.api.changeLog.length !== start;
}
