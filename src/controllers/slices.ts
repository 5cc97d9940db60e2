// Writing a Service's EndpointSlices from the ones it should have, shared by the
// EndpointSlice controller (pods picked by the selector) and the mirroring controller (a
// hand-written Endpoints object): a slice with the same ports (else any left) is kept when
// nothing changed, updated when something did, and the ones left over are deleted.
import type { Endpoint, EndpointPort } from "kubernetes-types/discovery/v1";
import type { EndpointSlice, Service } from "../api/types.js";
import { SLICE_SERVICE_NAME } from "../apiserver/indexes.js";
import { ENDPOINTSLICES } from "../apiserver/resources.js";
import { ApiServer } from "../apiserver/server.js";
import type { ControllerContext } from "./context.js";
import { sameJson } from "./status.js";

/**
 * The EndpointSlices of the Service `svcKey` ("namespace/name") that `manager` manages
 * (endpointslice.kubernetes.io/managed-by), in store order: found through the index of
 * slices by Service name, which kube-proxy reads too.
 */
export function managedSlices(c: ControllerContext, svcKey: string, manager: string): EndpointSlice[] {
  const b = c.api.objects.bucket(ENDPOINTSLICES.plural);
  return b
    .inStoreOrder(c.api.indexKeys(SLICE_SERVICE_NAME, svcKey))
    .map((k) => b.get(k) as EndpointSlice)
    .filter((s) => s.metadata.labels?.["endpointslice.kubernetes.io/managed-by"] === manager);
}

export interface WantedSlice {
  endpoints: Endpoint[] | null;
  ports: EndpointPort[] | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function reconcileSlices(
  c: ControllerContext,
  svc: Service,
  /** The generated names' prefix: the Service's name, or the mirrored Endpoints'. */
  prefix: string,
  existing: EndpointSlice[],
  wanted: WantedSlice[],
  /** The mirroring controller keeps labels in step; the EndpointSlice controller sets them once. */
  relabel: boolean,
): boolean {
  let changed = false;
  const unused = new Set(existing);
  for (const w of wanted) {
    const slice = existing.find((s) => unused.has(s) && sameJson(s.ports ?? null, w.ports)) ?? [...unused][0];
    if (slice) unused.delete(slice);
    if (
      slice &&
      sameJson(slice.endpoints ?? null, w.endpoints) &&
      sameJson(slice.ports ?? null, w.ports) &&
      (!relabel || sameJson(slice.metadata.labels, w.labels))
    )
      continue;
    const fields = { addressType: "IPv4", endpoints: w.endpoints, ports: w.ports };
    const annotations = Object.keys(w.annotations).length ? { annotations: w.annotations } : {};
    if (slice) {
      Object.assign(slice, fields);
      if (relabel) slice.metadata.labels = w.labels;
      if (annotations.annotations) slice.metadata.annotations = annotations.annotations;
      else delete slice.metadata.annotations;
      slice.metadata.generation = (slice.metadata.generation ?? 1) + 1;
      c.api.put(slice);
    } else {
      c.api.insert<EndpointSlice>({
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: {
          generateName: `${prefix}-`,
          namespace: svc.metadata.namespace,
          labels: w.labels,
          ...annotations,
          ownerReferences: [ApiServer.controllerRef(svc)],
        },
        ...fields,
      });
    }
    changed = true;
  }
  for (const s of unused) {
    c.api.remove(s);
    changed = true;
  }
  return changed;
}
