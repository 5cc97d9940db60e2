// The LoadBalancer implementation a kind cluster gets from cloud-provider-kind: a
// LoadBalancer Service gets an EXTERNAL-IP from the pool 172.18.255.200-250 a moment after
// it is created, with the service controller's events. A cluster created without it
// (`--no-load-balancer`, like minikube or kubeadm) leaves EXTERNAL-IP <pending> forever.
// loadBalancerIP is honoured when free in the pool; a loadBalancerClass names another
// implementation, which this one leaves alone. Once MetalLB's manifest is applied, MetalLB
// owns LoadBalancer Services and this model stands down (metallb.ts says why).

import type { Service } from "../api/types.js";
import { SERVICES as SVC } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";
import { gatewayPoolAddresses } from "./gateway/kinds.js";
import { firstFree, heldAddresses, serviceKey as key, parseRange } from "./lb-pool.js";
import { METALLB_NS, metallbInstalled } from "./metallb-config.js";
import { isTerminating } from "./podfactory.js";

const SOURCE = { component: "service-controller" };
/** cloud-provider-kind's addresses, at the top of kind's docker network. */
const POOL = [parseRange("172.18.255.200-172.18.255.250")].filter((r) => !!r);

/** How long the implementation takes to provision, in ms of cluster time (before scaling). */
const PROVISION_MS = 1500;

function wants(svc: Service): boolean {
  return svc.spec?.type === "LoadBalancer" && !svc.spec.loadBalancerClass && !isTerminating(svc);
}

/**
 * The pool's addresses in use: LoadBalancer Services' and Gateways' (cloud-provider-kind
 * gives both from the same network, so one address never serves two of them).
 */
export function usedPoolAddresses(c: ControllerContext): Set<string> {
  const used = new Set(heldAddresses(c.api.all(SVC)).keys());
  for (const ip of gatewayPoolAddresses(c.api)) used.add(ip);
  return used;
}

/** The requested address when free, else the first free one of the pool. */
export function allocatePoolAddress(used: Set<string>, requested?: string): string | undefined {
  if (requested && !used.has(requested)) return requested;
  return firstFree(POOL, (a) => !used.has(a));
}

/** Where each loaded cluster's last pass left off in the change log. */
const cursors = new WeakMap<ControllerContext, number>();

/**
 * The Services a pass must look at: those written since the last one (this process's
 * change log: a loaded cluster is settled) and those whose provisioning is due. The clock's
 * ticks wake the controller, which then reads nothing unless one of these exists.
 */
function concerned(
  c: ControllerContext,
  pending: Record<string, number>,
): { keys: Set<string>; every: boolean } {
  const log = c.api.changeLog;
  const keys = new Set<string>();
  let every = false;
  for (let i = cursors.get(c) ?? 0; i < log.length; i++) {
    if (log[i].startsWith("services/")) keys.add(log[i].slice("services/".length));
    // MetalLB's controller coming or going hands every LoadBalancer Service over.
    else if (log[i] === `deployments/${METALLB_NS}/controller`) every = true;
  }
  cursors.set(c, log.length);
  const now = c.clock.now();
  for (const [k, at] of Object.entries(pending)) if (at <= now) keys.add(k);
  return { keys, every };
}

export function syncServiceLB(c: ControllerContext): boolean {
  if (!c.state.settings.loadBalancer) return false;
  let changed = false;
  const pending = c.state.lbPending ?? {};
  c.state.lbPending = pending;
  const { keys, every } = concerned(c, pending);
  if (!keys.size && !every) return false;
  if (metallbInstalled(c.api)) {
    // Nothing left to provision here: MetalLB answers for these Services now.
    if (Object.keys(pending).length) c.state.lbPending = {};
    return Object.keys(pending).length > 0;
  }
  if (every) for (const svc of c.api.all(SVC)) keys.add(key(svc));
  // The pool's addresses in use are read once a Service is due an address (with those this
  // pass gave back, still counted as in use until the next, as a pass over all of them did).
  let used: Set<string> | undefined;
  const released: string[] = [];
  const bucket = c.api.objects.bucket(SVC.plural);
  // A Service deleted while its load balancer was pending leaves nothing to provision; kept,
  // its due time would wake the cluster's timer forever.
  for (const k of keys) {
    if (pending[k] !== undefined && !bucket.get(k)) {
      delete pending[k];
      changed = true;
    }
  }
  // In store order, as a pass over every Service takes them, so addresses go out as before.
  for (const k of bucket.inStoreOrder(keys)) {
    const svc = bucket.get(k) as Service;
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (!wants(svc)) {
      // A Service that stops being a LoadBalancer gives its address back.
      if (ingress.length && svc.spec?.type !== "LoadBalancer") {
        for (const i of ingress) if (i.ip) released.push(i.ip);
        svc.status = { ...svc.status, loadBalancer: {} };
        c.api.put(svc);
        changed = true;
      }
      if (pending[k]) {
        delete pending[k];
        changed = true;
      }
      continue;
    }
    if (ingress.length) continue;
    if (pending[k] === undefined) {
      pending[k] = c.clock.now() + Math.round(PROVISION_MS * c.clock.timeScale);
      c.recorder.recordEvent(svc, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer", SOURCE);
      changed = true;
    }
    if (pending[k] > c.clock.now()) continue;
    used ??= new Set([...usedPoolAddresses(c), ...released]);
    const ip = allocatePoolAddress(used, svc.spec.loadBalancerIP);
    delete pending[k];
    changed = true;
    if (!ip) {
      c.recorder.recordEvent(
        svc,
        "Warning",
        "SyncLoadBalancerFailed",
        "Error syncing load balancer: failed to ensure load balancer: no available IPs in the pool",
        SOURCE,
      );
      continue;
    }
    used.add(ip);
    svc.status = { ...svc.status, loadBalancer: { ingress: [{ ip, ipMode: "VIP" }] } };
    c.api.put(svc);
    c.recorder.recordEvent(svc, "Normal", "EnsuredLoadBalancer", "Ensured load balancer", SOURCE);
  }
  return changed;
}

/** The next moment a pending load balancer is due, for the cluster's timer. */
export function nextLBWake(c: ControllerContext): number | undefined {
  const times = Object.values(c.state.lbPending ?? {});
  return times.length ? Math.min(...times) : undefined;
}
