// The EndpointSlice and Endpoints controllers: for every Service with a selector, the pods
// it selects, with each targetPort resolved per pod (named ports included). Ready pods are
// endpoints; not-ready and terminating ones are listed as such, as kube-proxy and
// `describe svc` expect. The `kubernetes` Service has no selector: the apiserver keeps
// its endpoints (bootstrap).

import type { EndpointAddress, EndpointPort, EndpointSubset } from "kubernetes-types/core/v1";
import type { Draft, EndpointSlice, Endpoints, Pod, Service } from "../api/types.js";
import { labelValue, POD_LABEL, SLICE_SERVICE_NAME, SVC_SELECTOR } from "../apiserver/indexes.js";
import { fromMap, matches } from "../apiserver/labels.js";
import { ENDPOINTS as EP, PODS, SERVICES as SVC } from "../apiserver/resources.js";
import { compareKeys } from "../golang/sort.js";
import { rfc3339 } from "../golang/time.js";
import type { ControllerContext } from "./context.js";
import { isPodReady, isTerminating } from "./podfactory.js";
import { managedSlices, reconcileSlices, type WantedSlice } from "./slices.js";
import { sameJson } from "./status.js";

const MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
const SERVICE_NAME = "kubernetes.io/service-name";

/** The pod's port for a Service targetPort: a number as is, a name looked up in its containers. */
export function resolveTargetPort(pod: Pod, targetPort: unknown, protocol: string): number | undefined {
  if (typeof targetPort === "number") return targetPort;
  if (/^\d+$/.test(String(targetPort))) return Number(targetPort);
  for (const ctr of pod.spec.containers ?? []) {
    for (const p of ctr.ports ?? []) {
      if (p.name === targetPort && (p.protocol ?? "TCP") === protocol) return p.containerPort;
    }
  }
  return undefined;
}

interface Backend {
  pod: Pod;
  ready: boolean;
  terminating: boolean;
  ports: { name: string; port: number; protocol: string }[];
}

/**
 * The pods (summaries) of ns that carry every pair of the selector map, through the API
 * server's label index: the pair with the fewest pods, then the whole selector.
 */
function selectPods(c: ControllerContext, ns: string, selector: Record<string, string>): Pod[] {
  const pairs = Object.entries(selector);
  if (!pairs.length) return c.api.listSummaries(PODS, ns);
  let best: string[] | undefined;
  for (const [k, v] of pairs) {
    const keys = c.api.indexKeys(POD_LABEL, labelValue(ns, k, v));
    if (!best || keys.length < best.length) best = keys;
  }
  const sel = fromMap(selector);
  const b = c.api.objects.bucket("pods");
  return (best ?? []).flatMap((k) => {
    const p = b.summary(k) as Pod | undefined;
    return p && matches(sel, p.metadata.labels) ? [p] : [];
  });
}

function backendsOf(c: ControllerContext, svc: Service): Backend[] {
  const out: Backend[] = [];
  for (const pod of selectPods(c, svc.metadata.namespace ?? "", svc.spec.selector ?? {})) {
    if (!pod.status?.podIP) continue;
    if (pod.status.phase === "Succeeded" || pod.status.phase === "Failed") continue;
    const ports: Backend["ports"] = [];
    for (const sp of svc.spec.ports ?? []) {
      const protocol = sp.protocol ?? "TCP";
      const port = resolveTargetPort(pod, sp.targetPort ?? sp.port, protocol);
      if (port !== undefined) ports.push({ name: sp.name ?? "", port, protocol });
    }
    if ((svc.spec.ports ?? []).length && !ports.length) continue;
    out.push({ pod, ready: isPodReady(pod) && !isTerminating(pod), terminating: isTerminating(pod), ports });
  }
  return out;
}

/**
 * The endpoint's DNS label, which both controllers copy from a pod that names this Service as
 * its subdomain (endpointutil.ShouldSetHostname): CoreDNS then serves HOSTNAME.SVC.NS.svc.
 */
function hostnameFor(pod: Pod, svc: Service): string | undefined {
  const h = pod.spec.hostname;
  return h && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace
    ? h
    : undefined;
}

function targetRef(pod: Pod) {
  return { kind: "Pod", name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid };
}

/** Where the controller's last pass left off in each loaded cluster's change log. */
const cursors = new WeakMap<ControllerContext, number>();

/**
 * The Services whose endpoints may have changed since the last pass: those written (or
 * their Endpoints or slices), and those selecting a changed pod by its labels now or
 * before (it may have stopped matching, or be gone). Found through the API server's
 * indexes, so a pod's change looks at the few Services that can select it.
 */
function affectedServices(c: ControllerContext): Set<string> {
  const log = c.api.changeLog;
  const from = cursors.get(c) ?? 0;
  const out = new Set<string>();
  // A pod's labels are read as they are now: one written several times is looked up once.
  const podsSeen = new Set<string>();
  for (let i = from; i < log.length; i++) {
    const e = log[i];
    if (e.startsWith("services/")) out.add(e.slice(9));
    else if (e.startsWith("endpoints/")) out.add(e.slice(10));
    else if (e.startsWith("endpointslices/")) {
      const { now, former } = c.api.indexValues(SLICE_SERVICE_NAME, e.slice(15));
      for (const v of [...now, ...former]) out.add(v);
    } else if (e.startsWith("pods/")) {
      if (podsSeen.has(e)) continue;
      podsSeen.add(e);
      const { now, former } = c.api.indexValues(POD_LABEL, e.slice(5));
      for (const values of [now, former])
        for (const pair of values) for (const svc of c.api.indexKeys(SVC_SELECTOR, pair)) out.add(svc);
    }
  }
  return out;
}

/**
 * The Endpoints controller deletes the Endpoints object of a Service that is gone (its
 * syncService on a NotFound Service), whether it wrote the object or a user did; the
 * slices go with their owner through the garbage collector.
 */
function removeEndpointsOfDeletedServices(c: ControllerContext, from: number): boolean {
  let removed = false;
  const log = c.api.changeLog;
  for (let i = from; i < log.length; i++) {
    if (!log[i].startsWith("services/")) continue;
    const key = log[i].slice(9);
    const slash = key.indexOf("/");
    const [ns, name] = [key.slice(0, slash), key.slice(slash + 1)];
    if (c.api.get(SVC, ns, name)) continue;
    const ep = c.api.get(EP, ns, name);
    if (ep) {
      c.api.remove(ep);
      removed = true;
    }
  }
  return removed;
}

export function syncEndpoints(c: ControllerContext): boolean {
  const removed = removeEndpointsOfDeletedServices(c, cursors.get(c) ?? 0);
  const affected = affectedServices(c);
  try {
    if (!affected.size) return removed;
    return syncServices(c, affected) || removed;
  } finally {
    // The controller's own writes are not news to it.
    cursors.set(c, c.api.changeLog.length);
  }
}

function syncServices(c: ControllerContext, affected: Set<string>): boolean {
  let changed = false;
  const b = c.api.objects.bucket("services");
  // In store order, as a pass over every Service meets them.
  for (const key of b.inStoreOrder(affected)) {
    const svc = b.get(key) as Service;
    if (!svc.spec.selector || svc.spec.type === "ExternalName" || isTerminating(svc)) continue;
    const backends = backendsOf(c, svc);
    const slices = managedSlices(c, key, "endpointslice-controller.k8s.io");
    changed = syncSlices(c, svc, backends, slices) || changed;
    changed = syncEndpointsObject(c, svc, backends) || changed;
  }
  return changed;
}

function syncSlices(
  c: ControllerContext,
  svc: Service,
  backends: Backend[],
  existing: EndpointSlice[],
): boolean {
  // Pods whose named ports resolve differently need separate slices: group by port set.
  const groups = new Map<string, Backend[]>();
  for (const b of backends) {
    const k = JSON.stringify(b.ports);
    groups.set(k, [...(groups.get(k) ?? []), b]);
  }
  if (!groups.size) groups.set("null", []);
  const labels: Record<string, string> = {
    ...svc.metadata.labels,
    [MANAGED_BY]: "endpointslice-controller.k8s.io",
    [SERVICE_NAME]: svc.metadata.name,
  };
  if (svc.spec.clusterIP === "None") labels["service.kubernetes.io/headless"] = "";
  const annotations = { "endpoints.kubernetes.io/last-change-trigger-time": rfc3339(c.clock.now()) };
  const wanted: WantedSlice[] = [...groups].map(([portsKey, group]) => ({
    ports: portsKey === "null" ? null : (JSON.parse(portsKey) as EndpointPort[]),
    endpoints: group.length
      ? group.map((b) => {
          const hostname = hostnameFor(b.pod, svc);
          return {
            addresses: [b.pod.status?.podIP ?? ""], // backendsOf keeps only pods with an IP
            conditions: {
              // A Service that publishes not-ready addresses wants them used: ready for kube-proxy.
              ready: b.ready || svc.spec.publishNotReadyAddresses === true,
              serving: isPodReady(b.pod),
              terminating: b.terminating,
            },
            ...(hostname ? { hostname } : {}),
            nodeName: b.pod.spec.nodeName,
            targetRef: targetRef(b.pod),
          };
        })
      : null,
    labels,
    annotations,
  }));
  return reconcileSlices(c, svc, svc.metadata.name, existing, wanted, false);
}

function syncEndpointsObject(c: ControllerContext, svc: Service, backends: Backend[]): boolean {
  const bySet = new Map<
    string,
    { addresses: EndpointAddress[]; notReadyAddresses: EndpointAddress[]; ports: EndpointPort[] }
  >();
  for (const b of backends) {
    if (b.terminating && !svc.spec.publishNotReadyAddresses) continue;
    const ports = b.ports.map((p) =>
      p.name ? { name: p.name, port: p.port, protocol: p.protocol } : { port: p.port, protocol: p.protocol },
    );
    const k = JSON.stringify(ports);
    let subset = bySet.get(k);
    if (!subset) {
      subset = { addresses: [], notReadyAddresses: [], ports };
      bySet.set(k, subset);
    }
    const hostname = hostnameFor(b.pod, svc);
    const addr = {
      ip: b.pod.status?.podIP ?? "",
      ...(hostname ? { hostname } : {}),
      nodeName: b.pod.spec.nodeName,
      targetRef: targetRef(b.pod),
    };
    if (b.ready || svc.spec.publishNotReadyAddresses) subset.addresses.push(addr);
    else subset.notReadyAddresses.push(addr);
  }
  const subsets = [...bySet.values()].map((s) => {
    const out: EndpointSubset = {};
    if (s.addresses.length) out.addresses = s.addresses.sort((a, b) => compareKeys(a.ip, b.ip));
    if (s.notReadyAddresses.length)
      out.notReadyAddresses = s.notReadyAddresses.sort((a, b) => compareKeys(a.ip, b.ip));
    if (s.ports.length) out.ports = s.ports;
    return out;
  });
  const existing = c.api.get(EP, svc.metadata.namespace, svc.metadata.name);
  const want = subsets.length ? subsets : undefined;
  if (existing && sameJson(existing.subsets, want)) return false;
  const ep: Draft<Endpoints> = existing ?? {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels: svc.metadata.labels },
  };
  ep.metadata.annotations = { "endpoints.kubernetes.io/last-change-trigger-time": rfc3339(c.clock.now()) };
  if (!ep.metadata.labels) delete ep.metadata.labels;
  if (want) ep.subsets = want;
  else delete ep.subsets;
  if (existing) c.api.put(ep);
  else c.api.insert<Endpoints>(ep);
  return true;
}
