// MetalLB's controller (v0.14.9): once its pod is ready and an IPAddressPool exists, each
// LoadBalancer Service without a loadBalancerClass gets its EXTERNAL-IP from the pools, as
// convergeBalancer and the allocator decide: the address it already has if a pool owns it,
// else the one asked for (the loadBalancerIPs annotation or spec.loadBalancerIP), else the
// first free one of the named pool (address-pool annotation), else of the first auto-assign
// pool that serviceAllocation lets the Service use. It writes the status and the
// ip-allocated-from-pool annotation, with its real events (`IPAllocated`, `AllocationFailed`).
// The speaker (metallb-speaker.ts) then announces the address from one node.
//
// Coexistence with cloud-provider-kind (servicelb.ts): on a real kind cluster both would
// write the same Services' status and undo each other's address on every resync. kind's
// guide installs MetalLB where no other implementation runs (`--no-load-balancer` here); when
// both are present, kubesim lets MetalLB own LoadBalancer Services from the moment its
// manifest is applied (servicelb.ts stands down), the outcome a user who installs MetalLB
// expects. An address cloud-provider-kind gave before is kept when a pool owns it (MetalLB's
// Assign accepts it) and replaced otherwise.

import type { Draft, Secret, Service } from "../api/types.js";
import { fromLabelSelector, matches } from "../apiserver/labels.js";
import { NAMESPACES, PODS, SECRETS, SERVICES as SVC } from "../apiserver/resources.js";
import { Rng } from "../util/rng.js";
import type { ControllerContext } from "./context.js";
import { firstFree, heldAddresses, isBuggyIP, serviceKey } from "./lb-pool.js";
import {
  controllerReady,
  isMetalLBService,
  METALLB_NS,
  metallbInstalled,
  metallbMemory,
  OLD_POOL_ANNOTATION,
  POOL_ANNOTATION,
  type Pool,
  poolFor,
  readPools,
} from "./metallb-config.js";
import { syncSpeakers } from "./metallb-speaker.js";
import { isTerminating } from "./podfactory.js";

const SOURCE = { component: "metallb-controller" };
// v0.14.9 reads the metallb.io annotations first, then the deprecated metallb.universe.tf ones.
const LB_IPS = "metallb.io/loadBalancerIPs";
const LB_IPS_OLD = "metallb.universe.tf/loadBalancerIPs";
const ADDRESS_POOL = ["metallb.io/address-pool", "metallb.universe.tf/address-pool"];
const SHARED_IP = ["metallb.io/allow-shared-ip", "metallb.universe.tf/allow-shared-ip"];

const quote = (ips: string[]) => JSON.stringify(ips);

function annotation(svc: Service, names: string[]): string {
  const a = svc.metadata.annotations ?? {};
  for (const n of names) if (a[n] !== undefined) return a[n];
  return "";
}

/** The addresses the Service asks for, or MetalLB's error about them (getDesiredLbIPs). */
function desiredIPs(svc: Service): { ips: string[] } | { error: string } {
  const listed = annotation(svc, [LB_IPS, LB_IPS_OLD]);
  const spec = svc.spec?.loadBalancerIP ?? "";
  if (!listed && !spec) return { ips: [] };
  if (listed && spec) return { error: `service can not have both ${LB_IPS} and svc.Spec.LoadBalancerIP` };
  if (listed) {
    const ips = listed.split(",").map((s) => s.trim());
    if (ips.some((ip) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)))
      return { error: `invalid ${LB_IPS}: ${JSON.stringify(listed)}` };
    return { ips };
  }
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(spec))
    return { error: `invalid spec.loadBalancerIP ${JSON.stringify(spec)}` };
  return { ips: [spec] };
}

function ports(svc: Service): string[] {
  return (svc.spec?.ports ?? []).map((p) => `${p.protocol ?? "TCP"}/${p.port}`);
}

/** One allocation pass: the pools and who holds which address, updated as addresses are given. */
export class Allocator {
  constructor(
    readonly pools: Pool[],
    private readonly held: Map<string, Service[]>,
    private readonly nsLabels: (ns: string) => Record<string, string> | undefined,
  ) {}

  /** The allocator's Assign: the address must be in a pool, and shareable if someone holds it. */
  assign(svc: Service, ip: string): string | undefined {
    if (!poolFor(this.pools, ip)) return `${JSON.stringify(ip)} is not allowed in config`;
    const key = serviceKey(svc);
    const others = (this.held.get(ip) ?? []).filter((s) => serviceKey(s) !== key);
    if (!others.length) return undefined;
    const mine = annotation(svc, SHARED_IP);
    const theirs = annotation(others[0], SHARED_IP);
    if (!mine || !theirs || mine !== theirs)
      return `can't change sharing key for ${JSON.stringify(key)}, address also in use by ${others.map(serviceKey).join(",")}`;
    const used = new Set(others.flatMap(ports));
    const clash = ports(svc).find((p) => used.has(p));
    if (clash) return `port ${clash} is already in use on ${JSON.stringify(ip)}`;
    return undefined;
  }

  take(svc: Service, ips: string[]): void {
    const key = serviceKey(svc);
    for (const [ip, list] of this.held) {
      const rest = list.filter((s) => serviceKey(s) !== key);
      if (rest.length) this.held.set(ip, rest);
      else this.held.delete(ip);
    }
    for (const ip of ips) this.held.set(ip, [...(this.held.get(ip) ?? []), svc]);
  }

  fromPool(svc: Service, pool: Pool): string | undefined {
    return firstFree(pool.ranges, (ip) => !(pool.avoidBuggyIPs && isBuggyIP(ip)) && !this.assign(svc, ip));
  }

  /** serviceAllocation: the namespaces and Services a pool is limited to. */
  allows(pool: Pool, svc: Service): boolean {
    const a = pool.allocation;
    if (!a) return true;
    const ns = svc.metadata.namespace ?? "default";
    const byName = a.namespaces ?? [];
    const bySelector = a.namespaceSelectors ?? [];
    if (byName.length || bySelector.length) {
      const labels = this.nsLabels(ns);
      if (!byName.includes(ns) && !bySelector.some((s) => matches(fromLabelSelector(s), labels)))
        return false;
    }
    const svcSel = a.serviceSelectors ?? [];
    return !svcSel.length || svcSel.some((s) => matches(fromLabelSelector(s), svc.metadata.labels));
  }

  /** allocateIPs: the requested addresses, the named pool, or any auto-assign pool. */
  allocate(svc: Service): { ips: string[] } | { error: string } {
    const desired = desiredIPs(svc);
    if ("error" in desired) return desired;
    const wantPool = annotation(svc, ADDRESS_POOL);
    if (desired.ips.length) {
      for (const ip of desired.ips) {
        const err = this.assign(svc, ip);
        if (err) return { error: err };
      }
      if (wantPool && poolFor(this.pools, desired.ips[0])?.name !== wantPool)
        return {
          error: `requested loadBalancer IP(s) ${quote(desired.ips)} is not compatible with requested address pool ${wantPool}`,
        };
      return desired;
    }
    if (wantPool) {
      const pool = this.pools.find((p) => p.name === wantPool);
      if (!pool) return { error: `unknown pool ${JSON.stringify(wantPool)}` };
      const ip = this.fromPool(svc, pool);
      return ip ? { ips: [ip] } : { error: `no available IPs in pool ${JSON.stringify(wantPool)}` };
    }
    // Pools with a serviceAllocation priority first (lowest value first), then the others.
    const prio = (p: Pool) => p.allocation?.priority ?? Number.POSITIVE_INFINITY;
    const candidates = this.pools
      .filter((p) => p.autoAssign && this.allows(p, svc))
      .sort((a, b) => prio(a) - prio(b));
    for (const pool of candidates) {
      const ip = this.fromPool(svc, pool);
      if (ip) return { ips: [ip] };
    }
    return { error: "no available IPs" };
  }
}

function handles(svc: Service): boolean {
  return svc.spec?.type === "LoadBalancer" && !svc.spec.loadBalancerClass && !isTerminating(svc);
}

/** convergeBalancer for one Service; true when it wrote the Service. */
function converge(
  c: ControllerContext,
  alloc: Allocator,
  svc: Service,
  failed: Record<string, string>,
): boolean {
  const key = serviceKey(svc);
  const current = (svc.status?.loadBalancer?.ingress ?? [])
    .map((i) => i.ip)
    .filter((ip): ip is string => !!ip);
  let keep = current.length > 0 && current.every((ip) => !alloc.assign(svc, ip));
  const wantPool = annotation(svc, ADDRESS_POOL);
  if (keep && wantPool && poolFor(alloc.pools, current[0])?.name !== wantPool) keep = false;
  const desired = desiredIPs(svc);
  if (keep && "ips" in desired && desired.ips.length && desired.ips.join() !== [...current].sort().join())
    keep = false;
  let ips = current;
  if (!keep) {
    const got = alloc.allocate(svc);
    if ("error" in got) {
      const message = `Failed to allocate IP for ${JSON.stringify(key)}: ${got.error}`;
      if (failed[key] !== message) {
        failed[key] = message;
        c.recorder.recordEvent(svc, "Warning", "AllocationFailed", message, SOURCE);
      }
      return false;
    }
    ips = got.ips;
    delete failed[key];
    c.recorder.recordEvent(svc, "Normal", "IPAllocated", `Assigned IP ${quote(ips)}`, SOURCE);
  }
  alloc.take(svc, ips);
  const pool = poolFor(alloc.pools, ips[0])?.name ?? "";
  const annotations = { ...svc.metadata.annotations };
  if (keep && annotations[POOL_ANNOTATION] === pool && !(OLD_POOL_ANNOTATION in annotations)) return false;
  delete annotations[OLD_POOL_ANNOTATION];
  svc.metadata.annotations = { ...annotations, [POOL_ANNOTATION]: pool };
  // The apiserver defaults ipMode to VIP (LoadBalancerIPMode, on since v1.30).
  svc.status = { ...svc.status, loadBalancer: { ingress: ips.map((ip) => ({ ip, ipMode: "VIP" })) } };
  c.api.put(svc);
  return true;
}

/** clearServiceState for a Service that stopped being a LoadBalancer MetalLB served. */
function release(c: ControllerContext, svc: Service): boolean {
  if (!isMetalLBService(svc) || handles(svc)) return false;
  const annotations = { ...svc.metadata.annotations };
  delete annotations[POOL_ANNOTATION];
  delete annotations[OLD_POOL_ANNOTATION];
  svc.metadata.annotations = annotations;
  svc.status = { ...svc.status, loadBalancer: {} };
  c.api.put(svc);
  return true;
}

/**
 * The controller, once started, creates the `memberlist` Secret (METALLB_ML_SECRET_NAME) that
 * the speakers mount: until then their pods wait in ContainerCreating with FailedMount.
 */
function syncMemberlist(c: ControllerContext): boolean {
  if (c.api.get(SECRETS, METALLB_NS, "memberlist")) return false;
  const started = c.api
    .list(PODS, METALLB_NS)
    .find(
      (p) =>
        p.metadata.labels?.component === "controller" &&
        (p.status?.containerStatuses ?? []).some((cs) => cs.state?.running),
    );
  if (!started) return false;
  const rng = Rng.forKey(`${started.metadata.uid}/memberlist`);
  const secret: Draft<Secret> = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "memberlist", namespace: METALLB_NS },
    type: "Opaque",
    data: { secretkey: Buffer.from(rng.hex(128), "hex").toString("base64") },
  };
  c.api.insert(secret, rng);
  return true;
}

export function syncMetalLB(c: ControllerContext): boolean {
  if (!metallbInstalled(c.api)) return false;
  const failed = metallbMemory(c).failed;
  let changed = syncMemberlist(c);
  const services = c.api.all(SVC);
  const present = new Set(services.map(serviceKey));
  for (const k of Object.keys(failed)) if (!present.has(k)) delete failed[k];
  const pools = readPools(c.api);
  // Without a ready controller or any pool, nothing is assigned: EXTERNAL-IP stays <pending>.
  if (controllerReady(c.api) && pools.length) {
    const alloc = new Allocator(
      pools,
      heldAddresses(services.filter((s) => handles(s) && isMetalLBService(s))),
      (ns) => c.api.get(NAMESPACES, "", ns)?.metadata.labels,
    );
    // Services that hold an address first, so a new one cannot take theirs.
    const order = [...services].sort(
      (a, b) =>
        Number(!(a.status?.loadBalancer?.ingress ?? []).length) -
        Number(!(b.status?.loadBalancer?.ingress ?? []).length),
    );
    for (const svc of order) {
      if (release(c, svc)) changed = true;
      else if (handles(svc)) changed = converge(c, alloc, svc, failed) || changed;
    }
  }
  return syncSpeakers(c) || changed;
}
