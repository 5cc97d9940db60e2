// The EndpointSlice mirroring controller: a Service without a selector gets no slices from
// the EndpointSlice controller, so the Endpoints object a user writes for it is mirrored into
// EndpointSlices (one per subset's port set) labelled managed-by
// endpointslicemirroring-controller.k8s.io, which kube-proxy then routes to. Endpoints marked
// skip-mirror (the apiserver's own `kubernetes` ones) and those of Services with a selector
// are left alone; slices whose Endpoints or Service is gone are removed.

import type { EndpointAddress, EndpointPort, EndpointSubset } from "kubernetes-types/core/v1";
import type { EndpointSlice, Endpoints, Service } from "../api/types.js";
import { SLICE_MIRROR } from "../apiserver/indexes.js";
import { ENDPOINTS as EP, ENDPOINTSLICES as SLICE, SERVICES as SVC } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";
import { reconcileSlices, type WantedSlice } from "./slices.js";

const MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
const MIRRORING = "endpointslicemirroring-controller.k8s.io";
const SERVICE_NAME = "kubernetes.io/service-name";
const SKIP_MIRROR = "endpointslice.kubernetes.io/skip-mirror";

/** Whether the Endpoints are to be mirrored: a selectorless Service of the same name, no skip label. */
function shouldMirror(ep: Endpoints, svc: Service | undefined): svc is Service {
  if (!svc || svc.spec.selector || svc.spec.type === "ExternalName") return false;
  if (ep.metadata.labels?.[SKIP_MIRROR] === "true") return false;
  // The leader-election Endpoints of old control planes are not endpoints at all.
  return !ep.metadata.annotations?.["control-plane.alpha.kubernetes.io/leader"];
}

function toEndpoint(a: EndpointAddress, ready: boolean) {
  return {
    addresses: [a.ip],
    conditions: { ready },
    ...(a.hostname ? { hostname: a.hostname } : {}),
    ...(a.nodeName ? { nodeName: a.nodeName } : {}),
    ...(a.targetRef ? { targetRef: a.targetRef } : {}),
  };
}

/** What a subset becomes in a slice: its ports (each named, "" when unnamed) and endpoints. */
function sliceFields(s: EndpointSubset) {
  const ports: EndpointPort[] = (s.ports ?? []).map((p) => ({
    name: p.name ?? "",
    port: p.port,
    protocol: p.protocol ?? "TCP",
    ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
  }));
  const endpoints = [
    ...(s.addresses ?? []).map((a) => toEndpoint(a, true)),
    ...(s.notReadyAddresses ?? []).map((a) => toEndpoint(a, false)),
  ];
  return {
    addressType: "IPv4",
    endpoints: endpoints.length ? endpoints : null,
    ports: ports.length ? ports : null,
  };
}

/** The Endpoints' labels and annotations as the slices carry them, with the mirroring's own labels. */
function sliceMeta(ep: Endpoints, svc: Service) {
  const labels: Record<string, string> = { ...ep.metadata.labels };
  labels[MANAGED_BY] = MIRRORING;
  labels[SERVICE_NAME] = svc.metadata.name;
  const annotations: Record<string, string> = { ...ep.metadata.annotations };
  delete annotations["endpoints.kubernetes.io/last-change-trigger-time"];
  delete annotations["kubectl.kubernetes.io/last-applied-configuration"];
  return { labels, annotations };
}

/** Where each loaded cluster's last pass left off in the change log. */
const cursors = new WeakMap<ControllerContext, number>();

/**
 * The Services (`namespace/name`) a write since the last pass concerns: a written Service or
 * Endpoints of that name, a mirrored slice written or removed. A loaded cluster is settled:
 * only this process's change log can hold news, and nothing else is read.
 */
function news(c: ControllerContext): Set<string> {
  const log = c.api.changeLog;
  const keys = new Set<string>();
  for (let i = cursors.get(c) ?? 0; i < log.length; i++) {
    const e = log[i];
    const slash = e.indexOf("/");
    const plural = e.slice(0, slash);
    const key = e.slice(slash + 1);
    if (plural === "services" || plural === "endpoints") keys.add(key);
    else if (plural === "endpointslices") {
      const { now, former } = c.api.indexValues(SLICE_MIRROR, key);
      for (const v of [...now, ...former]) keys.add(v);
    }
  }
  cursors.set(c, log.length);
  return keys;
}

export function syncMirroring(c: ControllerContext): boolean {
  const keys = news(c);
  if (!keys.size) return false;
  let changed = false;
  const stale: string[] = [];
  const endpoints = c.api.objects.bucket(EP.plural);
  // Endpoints in store order, as a pass over all of them meets them (slice names draw on the rng).
  const present = new Set(endpoints.inStoreOrder(keys));
  for (const key of present) {
    const ep = endpoints.get(key) as Endpoints;
    const ns = ep.metadata.namespace ?? "default";
    const svc = c.api.get(SVC, ns, ep.metadata.name);
    if (!shouldMirror(ep, svc)) {
      stale.push(key);
      continue;
    }
    changed = syncSlices(c, ep, svc, c.api.indexed(SLICE, SLICE_MIRROR, key, true)) || changed;
  }
  // Slices whose Endpoints are gone, or no longer mirrored, go.
  for (const key of [...stale, ...[...keys].filter((k) => !present.has(k)).sort()]) {
    for (const s of c.api.indexed(SLICE, SLICE_MIRROR, key, true)) {
      c.api.remove(s);
      changed = true;
    }
  }
  return changed;
}

function syncSlices(c: ControllerContext, ep: Endpoints, svc: Service, existing: EndpointSlice[]): boolean {
  const { labels, annotations } = sliceMeta(ep, svc);
  const wanted: WantedSlice[] = (ep.subsets ?? [])
    .map(sliceFields)
    .filter((f) => f.endpoints)
    .map((f) => ({ endpoints: f.endpoints, ports: f.ports, labels, annotations }));
  return reconcileSlices(c, svc, ep.metadata.name, existing, wanted, true);
}
