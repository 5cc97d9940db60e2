// Whether the resource metrics API (metrics.k8s.io) answers, and what it answers. kind has
// no metrics-server: the API is there once the published components.yaml is applied and
// its pod is Ready, which on kind needs `--kubelet-insecure-tls` (without it the kubelets'
// self-signed certificates fail its scrapes and its readiness). A container's usage shows
// once metrics-server has scraped it: a resolution (15 s) after the container started.
import type { Pod } from "../../api/types.js";
import { PODS } from "../../apiserver/resources.js";
import type { ApiServer } from "../../apiserver/server.js";
import { isPodReady } from "../podfactory.js";
import { metricsApiAvailable } from "./apiservice.js";
import { podUsage, type Usage } from "./usage.js";

export const METRICS_NAMESPACE = "kube-system";
/** metrics-server's --metric-resolution in components.yaml. */
export const RESOLUTION_MS = 15_000;

/** The metrics-server pods components.yaml makes (label k8s-app=metrics-server). */
export function metricsServerPods(api: ApiServer): Pod[] {
  return api
    .all(PODS)
    .filter(
      (p) =>
        p.metadata.namespace === METRICS_NAMESPACE && p.metadata.labels?.["k8s-app"] === "metrics-server",
    );
}

/** Whether a metrics-server container would trust kind's kubelets. */
export function skipsKubeletTls(p: Pod): boolean {
  return p.spec.containers.some((c) =>
    [...(c.command ?? []), ...(c.args ?? [])].includes("--kubelet-insecure-tls"),
  );
}

/** The API is served by a Ready metrics-server behind an Available APIService. */
export function metricsAvailable(api: ApiServer): boolean {
  return (
    metricsApiAvailable(api) &&
    metricsServerPods(api).some((p) => isPodReady(p) && !p.metadata.deletionTimestamp)
  );
}

export interface PodMetrics {
  pod: Pod;
  /** When the sample was taken (ms). */
  timestamp: number;
  containers: { name: string; usage: Usage }[];
}

/** The PodMetrics the API lists at `now`; undefined when the API is not served. */
export function listPodMetrics(api: ApiServer, now: number): PodMetrics[] | undefined {
  if (!metricsAvailable(api)) return undefined;
  const usage = podUsage(api);
  const out: PodMetrics[] = [];
  for (const p of api.all(PODS)) {
    const u = usage.get(p.metadata.uid);
    if (!u) continue;
    const statuses = p.status?.containerStatuses ?? [];
    const scraped = p.spec.containers.every((c) => {
      const started = statuses.find((s) => s.name === c.name)?.state?.running?.startedAt;
      return started !== undefined && Date.parse(started) + RESOLUTION_MS <= now;
    });
    if (!scraped) continue;
    out.push({
      pod: p,
      timestamp: now - (now % RESOLUTION_MS),
      containers: p.spec.containers.map((c, i) => ({ name: c.name, usage: u[i] })),
    });
  }
  return out;
}
