// The HPA's replica calculation for a resource utilization target (GetResourceReplicas in
// pkg/controller/podautoscaler/replica_calculator.go, v1.32), as a pure function of the
// pods, their measured usage and their requests: the usage ratio over the pods that have a
// measurement, a 10% tolerance band, and the second, conservative pass when some pods have
// no measurement (assumed at 100% of their request when scaling down, 0% when scaling up)
// or are not ready yet (assumed at 0% when scaling up).

/** HorizontalPodAutoscalerTolerance's default (--horizontal-pod-autoscaler-tolerance). */
export const TOLERANCE = 0.1;

/** What the calculation knows of one pod selected by the target. */
export interface PodSample {
  name: string;
  /** Counted out: being deleted, Failed or Pending (groupPods' ignoredPods). */
  ignored?: boolean;
  /** Not ready yet for CPU (groupPods' unreadyPods). */
  unready?: boolean;
  /** Measured usage in milli-units, undefined when the metrics API has none for it. */
  usage?: number;
  /** The sum of its containers' requests in milli-units; undefined when one lacks a request. */
  request?: number;
  /** The first container without a request, for the error text. */
  missingRequestContainer?: string;
}

export type ReplicaResult =
  | { ok: true; replicas: number; utilization: number; rawAverage: number }
  | { ok: false; error: string };

/** GetResourceUtilizationRatio: usage over requests of the pods that have both. */
function utilizationRatio(
  usage: Map<string, number>,
  requests: Map<string, number>,
  target: number,
): { ratio: number; utilization: number; rawAverage: number } {
  let used = 0;
  let requested = 0;
  for (const [pod, u] of usage) {
    const r = requests.get(pod);
    if (r === undefined) continue;
    used += u;
    requested += r;
  }
  const utilization = Math.trunc((used * 100) / requested);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(used / usage.size) };
}

/** The replica count for a utilization `target` (percent) over `pods`, with `current` replicas now. */
export function resourceReplicas(
  resource: string,
  current: number,
  target: number,
  pods: PodSample[],
): ReplicaResult {
  if (pods.length === 0)
    return { ok: false, error: "no pods returned by selector while calculating replica count" };
  const usage = new Map<string, number>();
  const requests = new Map<string, number>();
  const missing: PodSample[] = [];
  const unready: PodSample[] = [];
  let ready = 0;
  for (const p of pods) {
    if (p.request === undefined)
      return {
        ok: false,
        error: `missing request for ${resource} in container ${p.missingRequestContainer ?? ""} of Pod ${p.name}`,
      };
    requests.set(p.name, p.request);
    if (p.ignored) continue;
    if (p.usage === undefined) {
      missing.push(p);
      continue;
    }
    if (p.unready) {
      unready.push(p);
      continue;
    }
    ready++;
    usage.set(p.name, p.usage);
  }
  if (usage.size === 0)
    return { ok: false, error: "did not receive metrics for targeted pods (pods might be unready)" };
  const first = utilizationRatio(usage, requests, target);
  // What is reported is always the first pass's measurement.
  const done = (replicas: number): ReplicaResult => ({
    ok: true,
    replicas,
    utilization: first.utilization,
    rawAverage: first.rawAverage,
  });
  const scaleUpWithUnready = unready.length > 0 && first.ratio > 1.0;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (Math.abs(1.0 - first.ratio) <= TOLERANCE) return done(current);
    return done(Math.ceil(first.ratio * ready));
  }
  if (missing.length > 0) {
    // Scaling down, a pod without a measurement counts as using its whole request; scaling
    // up, as using nothing.
    for (const p of missing) usage.set(p.name, first.ratio < 1.0 ? (p.request ?? 0) : 0);
  }
  if (scaleUpWithUnready) for (const p of unready) usage.set(p.name, 0);
  const next = utilizationRatio(usage, requests, target);
  if (
    Math.abs(1.0 - next.ratio) <= TOLERANCE ||
    (first.ratio < 1.0 && next.ratio > 1.0) ||
    (first.ratio > 1.0 && next.ratio < 1.0)
  )
    return done(current);
  const replicas = Math.ceil(next.ratio * usage.size);
  // A second pass that would move the other way than the first keeps the size.
  if ((next.ratio < 1.0 && replicas > current) || (next.ratio > 1.0 && replicas < current))
    return done(current);
  return done(replicas);
}

/** GetRawResourceReplicas's plain-average path: usage per pod against an average value target. */
export function averageValueReplicas(current: number, targetMilli: number, pods: PodSample[]): ReplicaResult {
  const measured = pods.filter((p) => !p.ignored && !p.unready && p.usage !== undefined);
  if (pods.length === 0)
    return { ok: false, error: "no pods returned by selector while calculating replica count" };
  if (measured.length === 0)
    return { ok: false, error: "did not receive metrics for targeted pods (pods might be unready)" };
  const total = measured.reduce((s, p) => s + (p.usage ?? 0), 0);
  const ratio = total / (targetMilli * measured.length);
  const rawAverage = Math.trunc(total / measured.length);
  const replicas = Math.abs(1.0 - ratio) <= TOLERANCE ? current : Math.ceil(ratio * measured.length);
  return { ok: true, replicas, utilization: 0, rawAverage };
}
