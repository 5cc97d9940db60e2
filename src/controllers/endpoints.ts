// The EndpointSlice and Endpoints controllers: for every Service with a selector, the pods
// it selects, with each targetPort resolved per pod (named ports included). Ready pods are
// endpoints; not-ready and terminating ones are listed as such, as kube-proxy and
// `describe svc` expect. The `kubernetes` Service has no selector: the apiserver keeps
// its endpoints (bootstrap).

import type { EndpointAddress, EndpointPort, EndpointSubset } from "kubernetes-types/core/v1";
import type { Draft, EndpointSlice, Endpoints, Pod, Service } from "../api/types.js";
import { fromMap, matches } from "../apiserver/labels.js";
import { ENDPOINTS as EP, PODS, ENDPOINTSLICES as SLICE, SERVICES as SVC } from "../apiserver/resources.js";
import { rfc3339 } from "../golang/time.js";
import type { ControllerContext } from "./context.js";
import { isPodReady, isTerminating } from "./podfactory.js";
import { reconcileSlices, type WantedSlice } from "./slices.js";
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

/** Pod summaries per namespace and per `key=value` label, so a selector looks at few pods. */
class PodIndex {
  private readonly byLabel = new Map<string, Pod[]>();
  private readonly byNs = new Map<string, Pod[]>();

  constructor(pods: Pod[]) {
    for (const p of pods) {
      const ns = p.metadata.namespace ?? "";
      push(this.byNs, ns, p);
      for (const [k, v] of Object.entries(p.metadata.labels ?? {})) push(this.byLabel, `${ns}\0${k}=${v}`, p);
    }
  }

  /** The pods of ns that carry every pair of the selector map. */
  select(ns: string, selector: Record<string, string>): Pod[] {
    const pairs = Object.entries(selector);
    let best = this.byNs.get(ns) ?? [];
    for (const [i, [k, v]] of pairs.entries()) {
      const l = this.byLabel.get(`${ns}\0${k}=${v}`) ?? [];
      if (i === 0 || l.length < best.length) best = l;
    }
    if (!pairs.length) return best;
    const sel = fromMap(selector);
    return best.filter((p) => matches(sel, p.metadata.labels));
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function backendsOf(svc: Service, pods: PodIndex): Backend[] {
  const out: Backend[] = [];
  for (const pod of pods.select(svc.metadata.namespace ?? "", svc.spec.selector ?? {})) {
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
 * The Services whose endpoints may have changed since the last pass: those written, those
 * selecting a changed pod now, and those whose slices list a changed pod (it may have
 * stopped matching or be gone). Undefined means all of them.
 */
function affectedServices(
  c: ControllerContext,
  slicesBySvc: Map<string, EndpointSlice[]>,
): Set<string> | undefined {
  const log = c.api.changeLog;
  const from = cursors.get(c) ?? 0;
  const out = new Set<string>();
  const changedPods = new Set<string>();
  for (let i = from; i < log.length; i++) {
    const e = log[i];
    if (e.startsWith("pods/")) changedPods.add(e.slice(5));
    else if (e.startsWith("services/")) out.add(e.slice(9));
    else if (e.startsWith("endpoints/")) out.add(e.slice(10));
    else if (e.startsWith("endpointslices/")) return undefined;
  }
  if (!changedPods.size) return out;
  for (const [svcKey, slices] of slicesBySvc) {
    for (const s of slices) {
      for (const ep of s.endpoints ?? []) {
        const ref = ep.targetRef;
        if (ref && changedPods.has(`${ref.namespace}/${ref.name}`)) out.add(svcKey);
      }
    }
  }
  const byNs = new Map<string, Pod[]>();
  for (const key of changedPods) {
    const ns = key.slice(0, key.indexOf("/"));
    const p = c.api.objects.bucket("pods").summary(key) as Pod | undefined;
    if (p) byNs.set(ns, [...(byNs.get(ns) ?? []), p]);
  }
  for (const svc of c.api.all(SVC)) {
    const pods = byNs.get(svc.metadata.namespace ?? "");
    if (!pods || !svc.spec.selector) continue;
    const sel = fromMap(svc.spec.selector);
    if (pods.some((p) => matches(sel, p.metadata.labels)))
      out.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
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
  const slicesBySvc = new Map<string, EndpointSlice[]>();
  for (const s of c.api.all(SLICE)) {
    if (s.metadata.labels?.[MANAGED_BY] !== "endpointslice-controller.k8s.io") continue;
    const key = `${s.metadata.namespace}/${s.metadata.labels?.[SERVICE_NAME]}`;
    slicesBySvc.set(key, [...(slicesBySvc.get(key) ?? []), s]);
  }
  const removed = removeEndpointsOfDeletedServices(c, cursors.get(c) ?? 0);
  const affected = affectedServices(c, slicesBySvc);
  try {
    if (affected && !affected.size) return removed;
    return syncServices(c, affected, slicesBySvc) || removed;
  } finally {
    // The controller's own writes are not news to it.
    cursors.set(c, c.api.changeLog.length);
  }
}

function syncServices(
  c: ControllerContext,
  affected: Set<string> | undefined,
  slicesBySvc: Map<string, EndpointSlice[]>,
): boolean {
  let changed = false;
  const pods = new PodIndex(c.api.listSummaries(PODS));
  for (const svc of c.api.all(SVC)) {
    if (affected && !affected.has(`${svc.metadata.namespace}/${svc.metadata.name}`)) continue;
    if (!svc.spec.selector || svc.spec.type === "ExternalName" || isTerminating(svc)) continue;
    const backends = backendsOf(svc, pods);
    changed =
      syncSlices(c, svc, backends, slicesBySvc.get(`${svc.metadata.namespace}/${svc.metadata.name}`) ?? []) ||
      changed;
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
    if (s.addresses.length) out.addresses = s.addresses.sort((a, b) => a.ip.localeCompare(b.ip));
    if (s.notReadyAddresses.length)
      out.notReadyAddresses = s.notReadyAddresses.sort((a, b) => a.ip.localeCompare(b.ip));
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
