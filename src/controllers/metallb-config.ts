// What MetalLB (v0.14.9, the native manifest kind's LoadBalancer guide applies) reads: its
// controller and speaker pods in metallb-system, and its configuration, the IPAddressPools
// and L2Advertisements in its own namespace (MetalLB ignores those elsewhere). Shared by the
// controller (metallb.ts), the speaker (metallb-speaker.ts) and the data plane, which asks
// which node answers ARP for an address.

import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { KObject, Pod, Service } from "../api/types.js";
import { fromLabelSelector, matches } from "../apiserver/labels.js";
import { customResources, DEPLOYMENTS, NAMESPACES, PODS, type ResourceType } from "../apiserver/resources.js";
import type { ApiServer } from "../apiserver/server.js";
import { compareKeys } from "../golang/sort.js";
import type { ControllerContext } from "./context.js";
import { type IPRange, inRanges, isBuggyIP, parseRange } from "./lb-pool.js";

export const METALLB_NS = "metallb-system";
/**
 * Where the controller records the pool an address came from: v0.14.9 writes the metallb.io
 * prefix and removes the deprecated metallb.universe.tf one (both are read).
 */
export const POOL_ANNOTATION = "metallb.io/ip-allocated-from-pool";
export const OLD_POOL_ANNOTATION = "metallb.universe.tf/ip-allocated-from-pool";
/** The buckets of MetalLB's configuration kinds, which wake its controller and speaker. */
export const POOL_BUCKET = "ipaddresspools.metallb.io";
export const L2_BUCKET = "l2advertisements.metallb.io";

/** A pool as MetalLB's config parser reads it. */
export interface Pool {
  name: string;
  ranges: IPRange[];
  autoAssign: boolean;
  avoidBuggyIPs: boolean;
  allocation?: {
    priority?: number;
    namespaces?: string[];
    namespaceSelectors?: LabelSelector[];
    serviceSelectors?: LabelSelector[];
  };
}

interface PoolSpec {
  addresses?: string[];
  autoAssign?: boolean;
  avoidBuggyIPs?: boolean;
  serviceAllocation?: Pool["allocation"];
}

interface L2Spec {
  ipAddressPools?: string[];
  ipAddressPoolSelectors?: LabelSelector[];
  nodeSelectors?: LabelSelector[];
}

function customType(bucket: string): ResourceType | undefined {
  return customResources().find((r) => `${r.plural}.${r.group}` === bucket);
}

function configObjects(api: ApiServer, bucket: string): KObject[] {
  const r = customType(bucket);
  return r ? api.list(r, METALLB_NS) : [];
}

const specOf = <S>(o: KObject): S => ((o as { spec?: S }).spec ?? {}) as S;

/** The pools, by name order (Go ranges over a map; kubesim picks a stable order instead). */
export function readPools(api: ApiServer): Pool[] {
  return configObjects(api, POOL_BUCKET)
    .map((o) => {
      const s = specOf<PoolSpec>(o);
      const ranges = (s.addresses ?? []).map(parseRange).filter((r): r is IPRange => !!r);
      return {
        name: o.metadata.name ?? "",
        ranges,
        autoAssign: s.autoAssign !== false,
        avoidBuggyIPs: s.avoidBuggyIPs === true,
        allocation: s.serviceAllocation,
      };
    })
    .sort((a, b) => compareKeys(a.name, b.name));
}

/** The pool that owns an address: the allocator's poolFor. */
export function poolFor(pools: Pool[], ip: string): Pool | undefined {
  return pools.find((p) => !(p.avoidBuggyIPs && isBuggyIP(ip)) && inRanges(ip, p.ranges));
}

const isReady = (pod: Pod) =>
  !pod.metadata.deletionTimestamp &&
  (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

function metallbPods(api: ApiServer, component: string): Pod[] {
  return api
    .list(PODS, METALLB_NS)
    .filter((p) => p.metadata.labels?.app === "metallb" && p.metadata.labels?.component === component);
}

/**
 * Whether MetalLB's manifest was applied: its controller Deployment exists. Its namespace is
 * asked first: a namespace is one small record, a Deployment one of 10,000 in a large cluster.
 */
export function metallbInstalled(api: ApiServer): boolean {
  return !!api.get(NAMESPACES, undefined, METALLB_NS) && !!api.get(DEPLOYMENTS, METALLB_NS, "controller");
}

/** Whether a controller pod is ready: only then are Services given addresses. */
export function controllerReady(api: ApiServer): boolean {
  return metallbPods(api, "controller").some(isReady);
}

/** The nodes whose speaker pod is ready (the memberlist members that can announce). */
export function speakerNodes(api: ApiServer): Set<string> {
  return new Set(
    metallbPods(api, "speaker")
      .filter(isReady)
      .map((p) => p.spec.nodeName ?? ""),
  );
}

/** Whether the Service's address came from MetalLB (it annotated the pool). */
export function isMetalLBService(svc: Service): boolean {
  const a = svc.metadata.annotations;
  return !!(a?.[POOL_ANNOTATION] ?? a?.[OLD_POOL_ANNOTATION]);
}

/** The L2Advertisements that announce a pool, and their node selectors. */
export function l2AdvertisementsFor(
  api: ApiServer,
  pool: string,
  poolLabels: Record<string, string> | undefined,
): { name: string; nodeSelectors: LabelSelector[] }[] {
  return configObjects(api, L2_BUCKET)
    .filter((o) => {
      const s = specOf<L2Spec>(o);
      const names = s.ipAddressPools ?? [];
      const selectors = s.ipAddressPoolSelectors ?? [];
      if (!names.length && !selectors.length) return true;
      return names.includes(pool) || selectors.some((sel) => matches(fromLabelSelector(sel), poolLabels));
    })
    .map((o) => ({ name: o.metadata.name ?? "", nodeSelectors: specOf<L2Spec>(o).nodeSelectors ?? [] }));
}

/** A pool's labels, for L2Advertisements that select pools by label. */
export function poolLabels(api: ApiServer, name: string): Record<string, string> | undefined {
  return configObjects(api, POOL_BUCKET).find((o) => o.metadata.name === name)?.metadata.labels;
}

/** MetalLB's memory in the controllers' state: last failure and announcing node per Service. */
export function metallbMemory(c: ControllerContext): {
  failed: Record<string, string>;
  announced: Record<string, string>;
} {
  const m = c.state.metallb ?? {};
  c.state.metallb = m;
  m.failed = m.failed ?? {};
  m.announced = m.announced ?? {};
  return { failed: m.failed, announced: m.announced };
}
