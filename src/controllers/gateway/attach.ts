// Which listeners of a Gateway an HTTPRoute attaches to, and under which hostnames, as
// cloud-provider-kind decides it (pkg/gateway/routes.go): a parentRef names the Gateway
// (in the route's namespace unless it says otherwise) and optionally a sectionName and port;
// the listener's allowedRoutes must admit the route's namespace (Same by default, All, or a
// Selector on the namespace's labels) and kind; with a listener hostname, one of the route's
// hostnames must fall under it. Shared by the controller (status) and the data plane (routing).

import { fromLabelSelector, matches } from "../../apiserver/labels.js";
import type { Gateway, GatewayListener, HTTPRoute, ParentRef } from "./kinds.js";

export type Rejection = "NotAllowedByListeners" | "NoMatchingListenerHostname" | "NoMatchingParent";

/** Whether a parentRef of the route (in `routeNs`) names this Gateway. */
export function refersTo(ref: ParentRef, routeNs: string, gw: Gateway): boolean {
  if ((ref.kind ?? "Gateway") !== "Gateway") return false;
  return ref.name === gw.metadata.name && (ref.namespace ?? routeNs) === gw.metadata.namespace;
}

export function allowedByListener(
  gw: Gateway,
  l: GatewayListener,
  routeNs: string,
  nsLabels: (ns: string) => Record<string, string> | undefined,
): boolean {
  const a = l.allowedRoutes;
  const from = a?.namespaces?.from ?? "Same";
  let ok = false;
  if (from === "All") ok = true;
  else if (from === "Same") ok = routeNs === gw.metadata.namespace;
  else if (from === "Selector") {
    const sel = a?.namespaces?.selector;
    ok = !!sel && matches(fromLabelSelector(sel), nsLabels(routeNs));
  }
  if (!ok) return false;
  const kinds = a?.kinds ?? [];
  return (
    kinds.length === 0 ||
    kinds.some(
      (k) =>
        k.kind === "HTTPRoute" && (k.group || "gateway.networking.k8s.io") === "gateway.networking.k8s.io",
    )
  );
}

/** The Gateway API's hostname intersection: is the route's name within the listener's? */
export function hostnameSubset(route: string, listener: string): boolean {
  if (route === listener) return true;
  if (listener.startsWith("*.")) {
    const suffix = listener.slice(1);
    return route.startsWith("*.") ? route.slice(1).endsWith(suffix) : route.endsWith(suffix);
  }
  if (route.startsWith("*.") && !listener.startsWith("*.")) {
    return listener === route.slice(2) || listener.endsWith(route.slice(1));
  }
  return false;
}

export function allowedByHostname(l: GatewayListener, route: HTTPRoute): boolean {
  if (!l.hostname) return true;
  const names = route.spec.hostnames ?? [];
  return names.length === 0 || names.some((h) => hostnameSubset(h, l.hostname ?? ""));
}

/** The virtual-host domains the route gets on a listener: "*" when neither names a host. */
export function intersectHostnames(l: GatewayListener, route: HTTPRoute): string[] {
  const names = route.spec.hostnames ?? [];
  if (!l.hostname) return names.length ? [...names] : ["*"];
  if (!names.length) return [l.hostname];
  const out = new Set<string>();
  for (const h of names) {
    if (!hostnameSubset(h, l.hostname)) continue;
    out.add(h.startsWith("*") && !l.hostname.startsWith("*") ? l.hostname : h);
  }
  return [...out];
}

/** The listeners one parentRef attaches the route to, or why it attaches to none. */
export function listenersForRef(
  gw: Gateway,
  ref: ParentRef,
  route: HTTPRoute,
  nsLabels: (ns: string) => Record<string, string> | undefined,
): { listeners: GatewayListener[]; rejection?: Rejection } {
  const out: GatewayListener[] = [];
  let rejection: Rejection = "NoMatchingParent";
  for (const l of gw.spec.listeners ?? []) {
    if (ref.sectionName !== undefined && ref.sectionName !== l.name) continue;
    if (ref.port !== undefined && ref.port !== l.port) continue;
    if (!allowedByListener(gw, l, route.metadata.namespace ?? "", nsLabels)) {
      rejection = "NotAllowedByListeners";
      continue;
    }
    if (!allowedByHostname(l, route)) {
      rejection = "NoMatchingListenerHostname";
      continue;
    }
    out.push(l);
  }
  return out.length ? { listeners: out } : { listeners: out, rejection };
}

/** Protocols cloud-provider-kind's Envoy serves routes on. */
export function supportedProtocol(l: GatewayListener): boolean {
  return l.protocol === "HTTP" || l.protocol === "HTTPS";
}
