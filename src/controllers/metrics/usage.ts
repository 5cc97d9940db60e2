// What metrics-server would report for each container: CPU from the work its main process
// does, memory from the image's working set. The model reads the pods' specs, not the
// runtime's process state, the way an operator reads a manifest: a shell loop with no
// sleep and no I/O spins a whole core; a loop that fetches a URL every so often costs
// its client a little and the Service's ready endpoints the server's per-request work,
// spread evenly as kube-proxy spreads connections; a server with no clients idles at a few
// millicores. Usage is capped by the container's CPU limit, as the CFS quota caps it.
import type { Container } from "kubernetes-types/core/v1";
import type { Pod, Service } from "../../api/types.js";
import { parseImageRef } from "../../apiserver/admission/index.js";
import { fromMap, matches } from "../../apiserver/labels.js";
import { PODS, SERVICES } from "../../apiserver/resources.js";
import type { ApiServer } from "../../apiserver/server.js";
import { parseQuantity, quantityMilliValue } from "../../golang/quantity.js";
import { isPodReady } from "../podfactory.js";

/** One container's usage: CPU in millicores, memory in bytes. */
export interface Usage {
  cpu: number;
  memory: number;
}

const Mi = 1024 * 1024;

/**
 * Per image: the working set at rest (bytes), idle CPU (millicores) and the CPU one HTTP
 * request costs the server (ms). hpa-example's index.php runs a million square roots.
 */
const IMAGES: Record<string, { memory: number; idle: number; perRequest: number }> = {
  "registry.k8s.io/hpa-example": { memory: 11 * Mi, idle: 1, perRequest: 25 },
  "k8s.gcr.io/hpa-example": { memory: 11 * Mi, idle: 1, perRequest: 25 },
  "docker.io/library/nginx": { memory: 3 * Mi, idle: 0, perRequest: 0.3 },
  "docker.io/library/httpd": { memory: 7 * Mi, idle: 1, perRequest: 0.4 },
  "docker.io/library/busybox": { memory: 0.4 * Mi, idle: 0, perRequest: 0.5 },
  "docker.io/library/redis": { memory: 4 * Mi, idle: 2, perRequest: 0.1 },
  "docker.io/library/mongo": { memory: 70 * Mi, idle: 4, perRequest: 0.5 },
  "registry.k8s.io/coredns/coredns": { memory: 14 * Mi, idle: 2, perRequest: 0.1 },
  "registry.k8s.io/etcd": { memory: 38 * Mi, idle: 18, perRequest: 0.1 },
  "registry.k8s.io/kube-apiserver": { memory: 230 * Mi, idle: 36, perRequest: 0.5 },
  "registry.k8s.io/kube-controller-manager": { memory: 48 * Mi, idle: 12, perRequest: 0.1 },
  "registry.k8s.io/kube-scheduler": { memory: 21 * Mi, idle: 3, perRequest: 0.1 },
  "registry.k8s.io/kube-proxy": { memory: 16 * Mi, idle: 1, perRequest: 0.1 },
  "docker.io/kindest/kindnetd": { memory: 11 * Mi, idle: 1, perRequest: 0.1 },
  "docker.io/kindest/local-path-provisioner": { memory: 8 * Mi, idle: 1, perRequest: 0.1 },
  "registry.k8s.io/metrics-server/metrics-server": { memory: 18 * Mi, idle: 4, perRequest: 0.1 },
};
const DEFAULT_IMAGE = { memory: 5 * Mi, idle: 1, perRequest: 1 };

function imageModel(image: string | undefined) {
  const repo = parseImageRef(image ?? "")?.repository ?? "";
  return IMAGES[repo] ?? DEFAULT_IMAGE;
}

/** A stable number in [0, 1) from a string, so a pod's jitter does not change between looks. */
function unit(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return h / 2 ** 32;
}

/** What a container's main process does, read from its command line. */
interface Work {
  /** A loop with neither sleep nor I/O: it spins a core. */
  busy: boolean;
  /** Hosts (and ports) it fetches from, once per loop turn. */
  targets: { host: string; port?: number }[];
  /** The sleep of each loop turn, ms. */
  sleepMs: number;
}

export function workOf(c: Container): Work {
  const text = [...(c.command ?? []), ...(c.args ?? [])].join(" ");
  const loop = /\bwhile\b[\s\S]*\bdo\b[\s\S]*\bdone\b/.test(text) || /^\s*yes\b/.test(text);
  const sleep = /\bsleep\s+([\d.]+)/.exec(text);
  const targets: Work["targets"] = [];
  if (/\b(wget|curl)\b/.test(text))
    for (const m of text.matchAll(/(?:https?:\/\/)([A-Za-z0-9.-]+)(?::(\d+))?/g))
      targets.push({ host: m[1], port: m[2] ? Number(m[2]) : undefined });
  const sleepMs = sleep ? Number(sleep[1]) * 1000 : 0;
  return { busy: loop && !sleep && targets.length === 0, targets: loop ? targets : [], sleepMs };
}

function running(p: Pod): boolean {
  return p.status?.phase === "Running" && !p.metadata.deletionTimestamp;
}

/** The Service a host name or address names from a pod in `ns`. */
function serviceFor(api: ApiServer, ns: string, host: string): Service | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return api.all(SERVICES).find((s) => s.spec.clusterIP === host);
  const parts = host.replace(/\.svc(\.cluster\.local)?$/, "").split(".");
  return api.get(SERVICES, parts[1] ?? ns, parts[0]);
}

/** The load each pod receives from looping HTTP clients: millicores of server work, by pod uid. */
function serverLoad(api: ApiServer, pods: Pod[]): Map<string, number> {
  const load = new Map<string, number>();
  for (const client of pods) {
    if (!running(client)) continue;
    for (const c of client.spec.containers) {
      const w = workOf(c);
      for (const t of w.targets) {
        const svc = serviceFor(api, client.metadata.namespace ?? "default", t.host);
        if (!svc?.spec.selector) continue;
        const sel = fromMap(svc.spec.selector);
        const backends = pods.filter(
          (p) =>
            p.metadata.namespace === svc.metadata.namespace &&
            running(p) &&
            isPodReady(p) &&
            matches(sel, p.metadata.labels),
        );
        if (!backends.length) continue;
        const cost = imageModel(backends[0].spec.containers[0]?.image).perRequest;
        // One request at a time: the turn takes the sleep, the server's work and a network round trip.
        const perSecond = 1000 / (w.sleepMs + cost + 1);
        for (const b of backends)
          load.set(b.metadata.uid, (load.get(b.metadata.uid) ?? 0) + (perSecond * cost) / backends.length);
      }
    }
  }
  return load;
}

/** A quantity in milli-units (MilliValue, rounded up), undefined when absent. */
export function milli(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const q = parseQuantity(String(v));
  return typeof q === "string" ? undefined : Number(quantityMilliValue(q));
}

function cpuLimit(c: Container): number | undefined {
  return milli(c.resources?.limits?.cpu);
}

/** Each running pod's containers' usage, by pod uid (containers in spec order). */
export function podUsage(api: ApiServer): Map<string, Usage[]> {
  const pods = api.all(PODS);
  const load = serverLoad(api, pods);
  const out = new Map<string, Usage[]>();
  for (const p of pods) {
    if (!running(p)) continue;
    const usages = p.spec.containers.map((c, i) => {
      const model = imageModel(c.image);
      const w = workOf(c);
      const jitter = unit(`${p.metadata.uid}/${c.name}`);
      let cpu = model.idle + Math.floor(jitter * 2);
      if (w.busy) cpu = 1000;
      else for (const _ of w.targets) cpu += Math.max(1, Math.round(1000 / (w.sleepMs + 2) / 20));
      // The first container serves what the Service sends to the pod.
      if (i === 0) cpu += load.get(p.metadata.uid) ?? 0;
      const limit = cpuLimit(c);
      if (limit !== undefined) cpu = Math.min(cpu, limit);
      const memory = Math.round(model.memory * (0.92 + jitter * 0.16));
      return { cpu: Math.round(cpu), memory };
    });
    out.set(p.metadata.uid, usages);
  }
  return out;
}
