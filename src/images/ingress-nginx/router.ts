// How ingress-nginx turns Ingress objects into nginx servers and locations, and how nginx then
// picks one for a request. Servers: one per host (rules without a host, and defaultBackend, go
// to the catch-all server "_"); a request's Host is matched exactly first, then against
// wildcard names (nginx's `*.example.com` matches any depth below example.com), then "_".
// Locations: Exact is `location = /p`; Prefix is `location /p/` plus `location = /p` (so it
// matches by path element); ImplementationSpecific is a plain prefix `location /p`. nginx takes
// an exact match, else the longest prefix. When any Ingress of a host sets use-regex or
// rewrite-target, every location of that host becomes a case-insensitive regex `~* "^p"` tried
// longest path first (Exact stays `=`), and rewrite-target rewrites the URI with the path's
// capture groups, as nginx's `rewrite "(?i)p" target break;` does.

import type { KObject } from "../../api/types.js";
import { compareKeys } from "../../golang/sort.js";

export const ANNOTATION = "nginx.ingress.kubernetes.io/";

export interface Backend {
  namespace: string;
  service: string;
  port: { number?: number; name?: string };
}

export interface Location {
  /** As written in the Ingress. */
  path: string;
  pathType: "Exact" | "Prefix" | "ImplementationSpecific";
  backend: Backend;
  ingress: { namespace: string; name: string };
  rewriteTarget?: string;
  /** The host has TLS and ssl-redirect is not "false": plain HTTP gets a 308. */
  sslRedirect: boolean;
}

export interface Server {
  /** "_" for the catch-all. */
  host: string;
  locations: Location[];
  regex: boolean;
  /** The secret (namespace/name) that terminates TLS for this host, if any. */
  tlsSecret?: { namespace: string; name: string };
  tls: boolean;
}

export interface Routes {
  servers: Map<string, Server>;
  /** The last defaultBackend among the Ingresses: the catch-all's "/" (else the controller's 404). */
  defaultBackend?: { backend: Backend; ingress: { namespace: string; name: string } };
}

/** Whether the controller (watching `ingressClass`, `withoutClass`) serves this Ingress. */
export function servesIngress(
  ing: KObject,
  ingressClass: string,
  withoutClass: boolean,
  defaultClassName?: string,
): boolean {
  const cls = ing.spec?.ingressClassName ?? ing.metadata.annotations?.["kubernetes.io/ingress.class"];
  if (cls === undefined || cls === null || cls === "")
    return withoutClass || defaultClassName === ingressClass;
  return cls === ingressClass;
}

function backendOf(ns: string, b: KObject["spec"]): Backend | undefined {
  if (!b?.service?.name) return undefined;
  return { namespace: ns, service: b.service.name, port: { ...(b.service.port ?? {}) } };
}

/** Go's creation order: ingress-nginx sorts Ingresses by creation time, then namespace/name. */
function ordered(ings: KObject[]): KObject[] {
  return [...ings].sort(
    (a, b) =>
      compareKeys(a.metadata.creationTimestamp ?? "", b.metadata.creationTimestamp ?? "") ||
      compareKeys(`${a.metadata.namespace}/${a.metadata.name}`, `${b.metadata.namespace}/${b.metadata.name}`),
  );
}

export function buildRoutes(ingresses: KObject[]): Routes {
  const routes: Routes = { servers: new Map() };
  const server = (host: string): Server => {
    let s = routes.servers.get(host);
    if (!s) {
      s = { host, locations: [], regex: false, tls: false };
      routes.servers.set(host, s);
    }
    return s;
  };
  server("_");
  for (const ing of ordered(ingresses)) {
    const ns = ing.metadata.namespace ?? "default";
    const ann = ing.metadata.annotations ?? {};
    const rewriteTarget = ann[`${ANNOTATION}rewrite-target`];
    const useRegex = ann[`${ANNOTATION}use-regex`] === "true" || rewriteTarget !== undefined;
    const ref = { namespace: ns, name: ing.metadata.name ?? "" };
    const tlsHosts = new Map<string, string | undefined>();
    for (const t of ing.spec?.tls ?? []) for (const h of t.hosts ?? []) tlsHosts.set(h, t.secretName);
    const def = backendOf(ns, ing.spec?.defaultBackend);
    if (def) routes.defaultBackend = { backend: def, ingress: ref };
    for (const rule of ing.spec?.rules ?? []) {
      const host = rule.host || "_";
      const s = server(host);
      if (useRegex) s.regex = true;
      const hasTls = tlsHosts.has(rule.host ?? "");
      if (hasTls) {
        s.tls = true;
        const secret = tlsHosts.get(rule.host ?? "");
        if (secret) s.tlsSecret = { namespace: ns, name: secret };
      }
      const sslRedirect = hasTls && ann[`${ANNOTATION}ssl-redirect`] !== "false";
      for (const p of rule.http?.paths ?? []) {
        const backend = backendOf(ns, p.backend);
        if (!backend) continue;
        const path = p.path || "/";
        // A path already defined for the host keeps its first Ingress (ingress-nginx logs a conflict).
        if (s.locations.some((l) => l.path === path && l.pathType === p.pathType)) continue;
        s.locations.push({
          path,
          pathType: p.pathType,
          backend,
          ingress: ref,
          ...(rewriteTarget !== undefined ? { rewriteTarget } : {}),
          sslRedirect,
        });
      }
    }
  }
  return routes;
}

/** nginx's server_name lookup: exact, then the longest matching leading wildcard, then "_". */
export function matchServer(routes: Routes, hostHeader: string): Server {
  const host = hostHeader.replace(/:\d+$/, "").toLowerCase().replace(/\.$/, "");
  const exact = routes.servers.get(host);
  if (exact && host !== "_") return exact;
  let best: Server | undefined;
  for (const s of routes.servers.values()) {
    if (!s.host.startsWith("*.")) continue;
    if (host.endsWith(s.host.slice(1)) && (!best || s.host.length > best.host.length)) best = s;
  }
  return best ?? (routes.servers.get("_") as Server);
}

export type Match =
  | { kind: "location"; location: Location; uri: string }
  /** No location of the server matched: the controller's default backend answers. */
  | { kind: "default" };

/** The regex nginx runs for a location's path (PCRE read as a JS RegExp). */
function pathRegex(path: string): RegExp | undefined {
  try {
    return new RegExp(`^${path}`, "i");
  } catch {
    return undefined;
  }
}

/** nginx `rewrite REGEX TARGET break`: the whole URI becomes TARGET with $N filled in. */
export function rewrite(path: string, target: string, uri: string): string {
  let re: RegExp;
  try {
    re = new RegExp(path, "i");
  } catch {
    return uri;
  }
  const m = re.exec(uri);
  if (!m) return uri;
  return target.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? "");
}

/** The location nginx picks in `server` for `uri` (the path, no query). */
export function matchLocation(server: Server, uri: string): Match {
  const locs = server.locations;
  for (const l of locs) if (l.pathType === "Exact" && l.path === uri) return found(l, uri);
  if (server.regex) {
    // ingress-nginx sorts a regex server's locations by path length, longest first.
    const byLength = [...locs]
      .filter((l) => l.pathType !== "Exact")
      .sort((a, b) => b.path.length - a.path.length);
    for (const l of byLength) if (pathRegex(l.path)?.test(uri)) return found(l, uri);
    return { kind: "default" };
  }
  let best: { l: Location; len: number } | undefined;
  for (const l of locs) {
    if (l.pathType === "Exact") continue;
    let len = -1;
    if (l.pathType === "Prefix") {
      // `location = /p` and `location /p/`: the path itself, or anything below it.
      const p = l.path.replace(/\/+$/, "");
      if (p === "" || uri === p) len = p.length + 1;
      else if (uri.startsWith(`${p}/`)) len = p.length + 1;
      if (uri === p && p !== "") return found(l, uri);
    } else if (uri.startsWith(l.path)) {
      len = l.path.length;
    }
    if (len >= 0 && (!best || len > best.len)) best = { l, len };
  }
  return best ? found(best.l, uri) : { kind: "default" };
}

function found(l: Location, uri: string): Match {
  const target = l.rewriteTarget !== undefined ? rewrite(l.path, l.rewriteTarget, uri) : uri;
  return { kind: "location", location: l, uri: target };
}

/** The upstream name ingress-nginx logs: namespace-service-port. */
export function upstreamName(b: Backend): string {
  return `${b.namespace}-${b.service}-${b.port.number ?? b.port.name ?? ""}`;
}
