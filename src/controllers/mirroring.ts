// The EndpointSlice mirroring controller: a Service without a selector gets no slices from
// the EndpointSlice controller, so the Endpoints object a user writes for it is mirrored into
// EndpointSlices (one per subset's port set) labelled managed-by
// endpointslicemirroring-controller.k8s.io, which kube-proxy then routes to. Endpoints marked
// skip-mirror (the apiserver's own `kubernetes` ones) and those of Services with a selector
// are left alone; slices whose Endpoints or Service is gone are removed.

import type { EndpointAddress, EndpointPort, EndpointSubset } from "kubernetes-types/core/v1";
import type { EndpointSlice, Endpoints, Service } from "../api/types.js";
import { SLICE_SERVICE_NAME } from "../apiserver/indexes.js";
import { ENDPOINTS as EP, ENDPOINTSLICES as SLICE, SERVICES as SVC } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";
import { managedSlices, reconcileSlices, type WantedSlice } from "./slices.js";

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

/** Where the controller's last pass left off in each loaded cluster's change log. */
const cursors = new WeakMap<ControllerContext, number>();

/**
 * The Services whose mirrored slices may be out of date: those whose Service, Endpoints or
 * mirrored slices were written since the last pass (the slices found through the API
 * server's index, now or before their removal).
 */
function affected(c: ControllerContext): Set<string> {
  const log = c.api.changeLog;
  const out = new Set<string>();
  for (let i = cursors.get(c) ?? 0; i < log.length; i++) {
    const e = log[i];
    if (e.startsWith("services/")) out.add(e.slice(9));
    else if (e.startsWith("endpoints/")) out.add(e.slice(10));
    else if (e.startsWith("endpointslices/")) {
      const { now, former } = c.api.indexValues(SLICE_SERVICE_NAME, e.slice(15));
      for (const v of [...now, ...former]) out.add(v);
    }
  }
  return out;
}

export function syncMirroring(c: ControllerContext): boolean {
  const keys = affected(c);
  try {
    let changed = false;
    const eps = c.api.objects.bucket(EP.plural);
    const _slices = c.api.objects.bucket(SLICE.plural);
    // In store order, as a pass over every Endpoints object meets them (slice names are drawn).
    for (const key of eps.inStoreOrder(keys)) {
      const ep = eps.get(key) as Endpoints;
      const ns = ep.metadata.namespace ?? "default";
      const svc = c.api.get(SVC, ns, ep.metadata.name);
      if (!shouldMirror(ep, svc)) continue;
      keys.delete(key);
      const existing = managedSlices(c, key, MIRRORING);
      changed = syncSlices(c, ep, svc, existing) || changed;
    }
    // Slices whose Endpoints are gone, or no longer mirrored, go.
    for (const key of keys) {
      for (const s of managedSlices(c, key, MIRRORING)) {
        c.api.remove(s);
        changed = true;
      }
    }
    return changed;
  } finally {
    cursors.set(c, c.api.changeLog.length);
  }
}

function syncSlices(c: ControllerContext, ep: Endpoints, svc: Service, existing: EndpointSlice[]): boolean {
  const { labels, annotations } = sliceMeta(ep, svc);
  const wanted: WantedSlice[] = (ep.subsets ?? [])
    .map(sliceFields)
    .filter((f) => f.endpoints)
    .map((f) => ({ endpoints: f.endpoints, ports: f.ports, labels, annotations }));
  return reconcileSlices(c, svc, ep.metadata.name, existing, wanted, true);
}
