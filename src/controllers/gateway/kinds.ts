// The Gateway API kinds as cloud-provider-kind's gateway controller reads them: served only
// once the Gateway API CRDs are installed (kubesim ships the v1.2.1 standard ones), so every
// lookup here answers "nothing" on a cluster without them. The shapes are the fields the
// controller and the data plane read, as the v1 CRDs define them.

import type { KObject } from "../../api/types.js";
import { customResources, type ResourceType } from "../../apiserver/resources.js";
import type { ApiServer } from "../../apiserver/server.js";

export const GATEWAY_GROUP = "gateway.networking.k8s.io";
/** cloud-provider-kind's controllerName, and the GatewayClass it creates for it. */
export const CONTROLLER_NAME = "kind.sigs.k8s.io/gateway-controller";
export const CLASS_NAME = "cloud-provider-kind";

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

export interface GatewayListener {
  name: string;
  hostname?: string;
  port: number;
  protocol: string;
  tls?: {
    mode?: string;
    certificateRefs?: { group?: string; kind?: string; name: string; namespace?: string }[];
  };
  allowedRoutes?: {
    namespaces?: { from?: "All" | "Same" | "Selector"; selector?: KObject["spec"] };
    kinds?: { group?: string; kind: string }[];
  };
}

export interface Gateway extends KObject {
  spec: {
    gatewayClassName: string;
    listeners: GatewayListener[];
    addresses?: { type?: string; value: string }[];
    infrastructure?: { parametersRef?: unknown };
  };
  status?: {
    addresses?: { type?: string; value: string }[];
    conditions?: Condition[];
    listeners?: {
      name: string;
      attachedRoutes: number;
      supportedKinds: { group?: string; kind: string }[];
      conditions: Condition[];
    }[];
  };
}

export interface ParentRef {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface HTTPRouteMatch {
  path?: { type?: string; value?: string };
  headers?: { type?: string; name: string; value: string }[];
  queryParams?: { type?: string; name: string; value: string }[];
  method?: string;
}

export interface HTTPBackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
}

export interface HTTPRouteRule {
  name?: string;
  matches?: HTTPRouteMatch[];
  filters?: { type: string }[];
  backendRefs?: HTTPBackendRef[];
}

export interface HTTPRoute extends KObject {
  spec: { parentRefs?: ParentRef[]; hostnames?: string[]; rules?: HTTPRouteRule[] };
  status?: {
    parents?: { parentRef: ParentRef; controllerName: string; conditions: Condition[] }[];
  };
}

function served(kind: string): ResourceType | undefined {
  return customResources().find((r) => r.group === GATEWAY_GROUP && r.kind === kind);
}

export const gatewayClassType = () => served("GatewayClass");
export const gatewayType = () => served("Gateway");
export const httpRouteType = () => served("HTTPRoute");
export const referenceGrantType = () => served("ReferenceGrant");

export function listGateways(api: Pick<ApiServer, "all">): Gateway[] {
  const r = gatewayType();
  return r ? (api.all(r) as Gateway[]) : [];
}

export function listHTTPRoutes(api: Pick<ApiServer, "all">): HTTPRoute[] {
  const r = httpRouteType();
  return r ? (api.all(r) as HTTPRoute[]) : [];
}

/** The addresses the Gateways of this implementation hold, taken from the LoadBalancer pool. */
export function gatewayPoolAddresses(api: Pick<ApiServer, "all">): string[] {
  return listGateways(api).flatMap((g) => (g.status?.addresses ?? []).map((a) => a.value));
}

/** The Gateway that holds `ip` (and is programmed), for the data plane. */
export function gatewayAt(gateways: Gateway[], ip: string): Gateway | undefined {
  return gateways.find((g) => (g.status?.addresses ?? []).some((a) => a.value === ip));
}

export interface ReferenceGrant extends KObject {
  spec: {
    from: { group: string; kind: string; namespace: string }[];
    to: { group: string; kind: string; name?: string }[];
  };
}

/**
 * Whether an HTTPRoute in `fromNs` may name the Service `toNs/name`: a ReferenceGrant in the
 * Service's namespace must list the route's namespace and kind and the Service (or all Services).
 */
export function referenceGranted(
  api: Pick<ApiServer, "all">,
): (fromNs: string, toNs: string, name: string) => boolean {
  const r = referenceGrantType();
  const grants = r ? (api.all(r) as ReferenceGrant[]) : [];
  return (fromNs, toNs, name) =>
    grants.some(
      (g) =>
        g.metadata.namespace === toNs &&
        (g.spec.from ?? []).some(
          (f) => f.group === GATEWAY_GROUP && f.kind === "HTTPRoute" && f.namespace === fromNs,
        ) &&
        (g.spec.to ?? []).some((t) => t.group === "" && t.kind === "Service" && (!t.name || t.name === name)),
    );
}
