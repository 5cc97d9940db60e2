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
import { metallbInstalled } from "./metallb-config.js";
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

export function syncServiceLB(c: ControllerContext): boolean {
  if (!c.state.settings.loadBalancer) return false;
  let changed = false;
  const pending = c.state.lbPending ?? {};
  c.state.lbPending = pending;
  if (metallbInstalled(c.api)) {
    // Nothing left to provision here: MetalLB answers for these Services now.
    if (Object.keys(pending).length) c.state.lbPending = {};
    return Object.keys(pending).length > 0;
  }
  const used = usedPoolAddresses(c);
  const services = c.api.all(SVC);
  // A Service deleted while its load balancer was pending leaves nothing to provision; kept,
  // its due time would wake the cluster's timer forever.
  const present = new Set(services.map(key));
  for (const k of Object.keys(pending)) {
    if (!present.has(k)) {
      delete pending[k];
      changed = true;
    }
  }
  for (const svc of services) {
    const k = key(svc);
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (!wants(svc)) {
      // A Service that stops being a LoadBalancer gives its address back.
      if (ingress.length && svc.spec?.type !== "LoadBalancer") {
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
