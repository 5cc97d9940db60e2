// ResourceQuota evaluation (pkg/quota/v1/evaluator/core and the ResourceQuota admission
// plugin, v1.32): what an object charges to a quota, whether a quota's scopes select it, and
// the admission check that refuses an object which would take a quota over its hard limits.
// The quota controller (src/controllers/resourcequota.ts) recounts `used` from the same
// usage functions.
import type { Container } from "kubernetes-types/core/v1";
import type { KObject, Pod, ResourceQuota } from "../api/types.js";
import {
  addQuantity,
  compareQuantity,
  formatQuantity,
  isZero,
  parseQuantity,
  type Quantity,
} from "../golang/quantity.js";
import { StatusError } from "./errors.js";
import { qualifiedPlural, RESOURCEQUOTAS, type ResourceType } from "./resources.js";
import type { ApiServer } from "./server.js";

export type Usage = Record<string, Quantity>;

const ONE = parseQuantity("1") as Quantity;
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function parse(v: unknown): Quantity | undefined {
  const q = parseQuantity(String(v));
  return typeof q === "string" ? undefined : q;
}

/** The object-count name of a resource: count/pods, count/deployments.apps. */
export function countName(r: ResourceType): string {
  return `count/${qualifiedPlural(r)}`;
}

/** The legacy names a kind's evaluator also tracks besides count/<resource>. */
const LEGACY: Record<string, string[]> = {
  Pod: [
    "pods",
    "cpu",
    "memory",
    "requests.cpu",
    "requests.memory",
    "limits.cpu",
    "limits.memory",
    "ephemeral-storage",
    "requests.ephemeral-storage",
    "limits.ephemeral-storage",
  ],
  Service: ["services", "services.nodeports", "services.loadbalancers"],
  ConfigMap: ["configmaps"],
  Secret: ["secrets"],
  ResourceQuota: ["resourcequotas"],
  PersistentVolumeClaim: ["persistentvolumeclaims", "requests.storage"],
};

/** The kinds whose objects a quota's resource names count. */
export function kindsCounted(names: string[]): string[] {
  const kinds = new Set<string>();
  for (const n of names) {
    for (const [kind, legacy] of Object.entries(LEGACY)) if (legacy.includes(n)) kinds.add(kind);
    if (n.startsWith("count/")) kinds.add(n);
  }
  return [...kinds];
}

/** MatchingResources: the quota's resources this kind's evaluator counts. */
export function matchingResources(r: ResourceType, names: string[]): string[] {
  const own = new Set([countName(r), ...(LEGACY[r.kind] ?? [])]);
  return names.filter((n) => own.has(n));
}

/** resourcehelper.PodRequests / PodLimits: containers summed, each init container at least. */
function podTotal(pod: Pod, field: "requests" | "limits"): Usage {
  const sum: Usage = {};
  const read = (c: Container) => (c.resources?.[field] ?? {}) as Record<string, string>;
  for (const c of pod.spec?.containers ?? [])
    for (const [k, v] of Object.entries(read(c))) {
      const q = parse(v);
      if (q) sum[k] = sum[k] ? addQuantity(sum[k], q) : q;
    }
  for (const c of pod.spec?.initContainers ?? [])
    for (const [k, v] of Object.entries(read(c))) {
      const q = parse(v);
      if (q && (!sum[k] || compareQuantity(q, sum[k]) > 0)) sum[k] = q;
    }
  return sum;
}

/** podComputeUsageHelper: pods=1 and the compute names a pod's requests and limits give. */
function computeUsage(requests: Usage, limits: Usage): Usage {
  const u: Usage = { pods: ONE };
  for (const r of ["cpu", "memory", "ephemeral-storage"]) {
    if (requests[r]) {
      u[r] = requests[r];
      u[`requests.${r}`] = requests[r];
    }
    if (limits[r]) u[`limits.${r}`] = limits[r];
  }
  return u;
}

/** QuotaV1Pod: terminal pods, and pods past their deletion grace period, charge no compute. */
function podCharged(pod: Pod, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  const del = pod.metadata.deletionTimestamp;
  const grace = pod.metadata.deletionGracePeriodSeconds;
  if (del && grace !== undefined && now > Date.parse(del) + grace * 1000) return false;
  return true;
}

/** What `obj` charges to quota (Usage of its evaluator). */
export function usageOf(r: ResourceType, obj: KObject, now: number): Usage {
  const u: Usage = { [countName(r)]: ONE };
  switch (r.kind) {
    case "Pod": {
      const pod = obj as Pod;
      if (podCharged(pod, now))
        Object.assign(u, computeUsage(podTotal(pod, "requests"), podTotal(pod, "limits")));
      break;
    }
    case "Service": {
      u.services = ONE;
      const type = obj.spec?.type ?? "ClusterIP";
      const ports = (obj.spec?.ports ?? []).length;
      if (type === "NodePort" || type === "LoadBalancer")
        u["services.nodeports"] = parse(String(ports)) as Quantity;
      if (type === "LoadBalancer") u["services.loadbalancers"] = ONE;
      break;
    }
    default:
      for (const n of LEGACY[r.kind] ?? []) if (!n.includes(".")) u[n] = ONE;
  }
  return u;
}

function isBestEffort(pod: KObject): boolean {
  const all: Container[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return all.every(
    (c) => !Object.keys(c.resources?.requests ?? {}).length && !Object.keys(c.resources?.limits ?? {}).length,
  );
}

/** podMatchesScopeFunc; objects of other kinds match no scope. */
function matchesScope(r: ResourceType, obj: KObject, scope: string): boolean {
  if (r.kind !== "Pod") return false;
  const terminating =
    typeof obj.spec?.activeDeadlineSeconds === "number" && obj.spec.activeDeadlineSeconds >= 0;
  switch (scope) {
    case "Terminating":
      return terminating;
    case "NotTerminating":
      return !terminating;
    case "BestEffort":
      return isBestEffort(obj);
    case "NotBestEffort":
      return !isBestEffort(obj);
    case "PriorityClass":
      return !!obj.spec?.priorityClassName;
    default:
      return false;
  }
}

/** generic.Matches: the quota tracks some of the kind's resources and every scope selects it. */
export function quotaMatches(rq: ResourceQuota, r: ResourceType, obj: KObject): boolean {
  const hard = Object.keys(rq.status?.hard ?? rq.spec?.hard ?? {});
  if (!matchingResources(r, hard).length) return false;
  const scopes = [
    ...(rq.spec?.scopes ?? []),
    ...(rq.spec?.scopeSelector?.matchExpressions ?? []).map((e) => e.scopeName ?? ""),
  ];
  return scopes.every((s) => matchesScope(r, obj, s));
}

/** The pod evaluator's Constraints: each container must name every quota'd cpu/memory. */
function podConstraints(pod: KObject, tracked: string[]): string | undefined {
  const required = tracked.filter((t) =>
    ["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"].includes(t),
  );
  const missing = new Map<string, Set<string>>();
  const all: Container[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of all) {
    const have = computeUsage(
      Object.fromEntries(
        Object.entries((c.resources?.requests ?? {}) as Record<string, string>).map(([k, v]) => [
          k,
          parse(v) ?? ONE,
        ]),
      ),
      Object.fromEntries(
        Object.entries((c.resources?.limits ?? {}) as Record<string, string>).map(([k, v]) => [
          k,
          parse(v) ?? ONE,
        ]),
      ),
    );
    for (const r of required) {
      if (r in have) continue;
      const set = missing.get(r) ?? new Set<string>();
      set.add(c.name);
      missing.set(r, set);
    }
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()]
    .sort(byteOrder)
    .map((r) => `${r} for: ${[...(missing.get(r) ?? [])].sort(byteOrder).join(",")}`);
  return `must specify ${parts.join("; ")}`;
}

/** prettyPrint: resources in byte order as name=quantity, comma-joined. */
function pretty(u: Usage, names: string[]): string {
  return names
    .filter((n) => u[n])
    .map((n) => `${n}=${formatQuantity(u[n])}`)
    .join(",");
}

function mask(u: Usage, names: string[]): Usage {
  const out: Usage = {};
  for (const n of names) if (u[n]) out[n] = u[n];
  return out;
}

function readList(l: Record<string, string> | undefined): Usage {
  const out: Usage = {};
  for (const [k, v] of Object.entries(l ?? {})) {
    const q = parse(v);
    if (q) out[k] = q;
  }
  return out;
}

export function formatUsage(u: Usage): Record<string, string> {
  return Object.fromEntries(
    Object.keys(u)
      .sort(byteOrder)
      .map((k) => [k, formatQuantity(u[k])]),
  );
}

/**
 * The ResourceQuota admission check for a new object: refused as Forbidden when a matching
 * quota would go over a hard limit (or, for a pod, when a container leaves out a quota'd
 * cpu/memory); otherwise every matching quota's status.used is raised by the object's usage,
 * as the plugin reserves it before the controller recounts.
 */
export function admitQuota(api: ApiServer, r: ResourceType, obj: KObject, now: number, dryRun = false): void {
  const ns = obj.metadata.namespace;
  if (!r.namespaced || !ns) return;
  const quotas = api.list(RESOURCEQUOTAS, ns);
  if (!quotas.length) return;
  const name = obj.metadata.name || obj.metadata.generateName || "";
  const forbid = (msg: string) =>
    new StatusError("Forbidden", `${qualifiedPlural(r)} "${name}" is forbidden: ${msg}`, 403);
  const usage = usageOf(r, obj, now);
  const reserved: Array<[ResourceQuota, Usage]> = [];
  for (const rq of quotas) {
    if (!quotaMatches(rq, r, obj)) continue;
    const hard = readList(rq.status?.hard ?? rq.spec?.hard);
    const tracked = matchingResources(r, Object.keys(hard)).sort(byteOrder);
    if (r.kind === "Pod") {
      const missing = podConstraints(obj, tracked);
      if (missing) throw forbid(`failed quota: ${rq.metadata.name}: ${missing}`);
    }
    const used = readList(rq.status?.used);
    const requested = mask(usage, tracked);
    for (const k of Object.keys(requested)) if (isZero(requested[k])) delete requested[k];
    const names = Object.keys(requested).sort(byteOrder);
    if (!names.length) continue;
    const next: Usage = { ...used };
    for (const k of names) next[k] = used[k] ? addQuantity(used[k], requested[k]) : requested[k];
    const exceeded = names.filter((k) => hard[k] && compareQuantity(next[k], hard[k]) > 0);
    if (exceeded.length) {
      throw forbid(
        `exceeded quota: ${rq.metadata.name}, requested: ${pretty(requested, exceeded)}, used: ${pretty(used, exceeded)}, limited: ${pretty(hard, exceeded)}`,
      );
    }
    reserved.push([rq, mask(next, Object.keys(hard))]);
  }
  if (dryRun) return;
  for (const [rq, used] of reserved) {
    const hardNames = Object.keys(readList(rq.status?.hard ?? rq.spec?.hard));
    const full: Usage = {};
    for (const k of hardNames) full[k] = used[k] ?? (parseQuantity("0") as Quantity);
    const next = structuredClone(rq);
    next.status = { ...next.status, used: formatUsage(full) };
    api.put(next);
  }
}
