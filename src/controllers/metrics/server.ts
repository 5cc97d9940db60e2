// Whether the resource metrics API (metrics.k8s.io) answers, and what it answers. kind has
// no metrics-server: the API is there once the published components.yaml is applied and
// its pod is Ready, which on kind needs `--kubelet-insecure-tls` (without it the kubelets'
// self-signed certificates fail its scrapes and its readiness). A container's usage shows
// once metrics-server has scraped it: a resolution (15 s) after the container started.
import type { Pod } from "../../api/types.js";
import { APISERVICES, NODES, PODS } from "../../apiserver/resources.js";
import type { ApiServer } from "../../apiserver/server.js";
import { isPodReady } from "../podfactory.js";
import { metricsApiAvailable } from "./apiservice.js";
import { podUsage, type Usage } from "./usage.js";

export const METRICS_NAMESPACE = "kube-system";
export const METRICS_APISERVICE = "v1beta1.metrics.k8s.io";
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

/**
 * What a client finds at metrics.k8s.io: nothing registered (discovery has no such group),
 * an APIService the aggregator cannot reach (503 ServiceUnavailable), or a Ready
 * metrics-server behind an Available APIService.
 */
export function metricsApiState(api: ApiServer): "absent" | "unavailable" | "available" {
  if (!api.get(APISERVICES, undefined, METRICS_APISERVICE)) return "absent";
  const ready = metricsServerPods(api).some((p) => isPodReady(p) && !p.metadata.deletionTimestamp);
  return metricsApiAvailable(api) && ready ? "available" : "unavailable";
}

export function metricsAvailable(api: ApiServer): boolean {
  return metricsApiState(api) === "available";
}

/** The error a client of the API gets for `verb resource` (e.g. "get pods.metrics.k8s.io"). */
export function metricsApiError(api: ApiServer, what: string): string {
  return metricsApiState(api) === "absent"
    ? `the server could not find the requested resource (${what})`
    : `the server is currently unable to handle the request (${what})`;
}

/** A node's own processes besides its pods: kubelet, containerd, systemd. */
const SYSTEM = { cpu: 25, memory: 170 * 1024 * 1024 };

/** The NodeMetrics the API lists at `now`: the node's pods plus its own processes. */
export function listNodeMetrics(api: ApiServer, now: number): { name: string; usage: Usage }[] | undefined {
  const pods = listPodMetrics(api, now);
  if (!pods) return undefined;
  return api.all(NODES).map((n) => {
    const usage = { ...SYSTEM };
    for (const m of pods)
      if (m.pod.spec.nodeName === n.metadata.name)
        for (const c of m.containers) {
          usage.cpu += c.usage.cpu;
          usage.memory += c.usage.memory;
        }
    return { name: n.metadata.name, usage };
  });
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
