// The route table cloud-provider-kind's Envoy holds for one port of a Gateway, and how Envoy
// picks a route for a request. Virtual hosts: one per domain, from each attached route's
// hostnames intersected with its listener's (a route without hostnames on a listener without
// one is "*"); Envoy tries an exact domain, then the longest "*.suffix" wildcard, then "*",
// ignoring the port in Host. Within a virtual host the routes are ordered by the Gateway API's
// precedence as cloud-provider-kind sorts them: an Exact path before any prefix, a longer
// path before a shorter one, more header matches, more query matches (methods are not
// matched at all); then, where its unstable sort leaves ties, the spec's: the older HTTPRoute,
// then namespace/name, then rule order. The catch-all (prefix "/" with nothing else) goes last.
// The first route whose every condition holds wins; none is Envoy's 404.

import { RE2JS } from "re2js";
import {
  intersectHostnames,
  listenersForRef,
  refersTo,
  supportedProtocol,
} from "../../controllers/gateway/attach.js";
import type { Gateway, HTTPRoute } from "../../controllers/gateway/kinds.js";
import { type Backend, type RouteEntry, translateRoute } from "../../controllers/gateway/translate.js";

export interface VirtualHost {
  domain: string;
  routes: RouteEntry[];
}

export interface RouteTable {
  port: number;
  vhosts: VirtualHost[];
}

export interface TableInputs {
  routes: HTTPRoute[];
  nsLabels(ns: string): Record<string, string> | undefined;
  serviceExists(ns: string, name: string): boolean;
  /** A ReferenceGrant lets a route in `fromNs` name the Service `toNs/name`. */
  referenceAllowed?(fromNs: string, toNs: string, name: string): boolean;
}

function isCatchAll(r: RouteEntry): boolean {
  const m = r.match;
  return m.path.kind === "prefix" && m.path.value === "/" && !m.headers.length && !m.query.length;
}

/** Negative when a goes first. */
export function precedence(a: RouteEntry, b: RouteEntry): number {
  const ca = isCatchAll(a);
  if (ca !== isCatchAll(b)) return ca ? 1 : -1;
  const ea = a.match.path.kind === "exact";
  if (ea !== (b.match.path.kind === "exact")) return ea ? -1 : 1;
  if (a.match.path.value.length !== b.match.path.value.length)
    return b.match.path.value.length - a.match.path.value.length;
  if (a.match.headers.length !== b.match.headers.length)
    return b.match.headers.length - a.match.headers.length;
  if (a.match.query.length !== b.match.query.length) return b.match.query.length - a.match.query.length;
  if (a.route.creationTimestamp !== b.route.creationTimestamp)
    return a.route.creationTimestamp < b.route.creationTimestamp ? -1 : 1;
  const na = `${a.route.namespace}/${a.route.name}`;
  const nb = `${b.route.namespace}/${b.route.name}`;
  if (na !== nb) return na < nb ? -1 : 1;
  return a.rule - b.rule;
}

/** The routes Envoy serves on `port` of the Gateway, by virtual host. */
export function routeTable(gw: Gateway, port: number, inputs: TableInputs): RouteTable {
  const byDomain = new Map<string, RouteEntry[]>();
  const listeners = (gw.spec.listeners ?? []).filter((l) => l.port === port && supportedProtocol(l));
  for (const route of inputs.routes) {
    const ns = route.metadata.namespace ?? "";
    const taken = new Set<string>();
    for (const ref of route.spec.parentRefs ?? []) {
      if (!refersTo(ref, ns, gw)) continue;
      for (const l of listenersForRef(gw, ref, route, inputs.nsLabels).listeners) {
        if (l.port !== port || !listeners.includes(l) || taken.has(l.name)) continue;
        taken.add(l.name);
        const entries = translateRoute(route, inputs.serviceExists, inputs.referenceAllowed).routes;
        for (const domain of intersectHostnames(l, route)) {
          const list = byDomain.get(domain) ?? [];
          for (const e of entries) if (!list.some((x) => x.name === e.name)) list.push(e);
          byDomain.set(domain, list);
        }
      }
    }
  }
  const vhosts = [...byDomain].map(([domain, routes]) => ({ domain, routes: [...routes].sort(precedence) }));
  return { port, vhosts };
}

/** Envoy's virtual host choice for a Host header (port ignored, case-insensitive). */
export function pickVirtualHost(table: RouteTable, host: string): VirtualHost | undefined {
  const h = host.replace(/:\d+$/, "").toLowerCase();
  const exact = table.vhosts.find((v) => v.domain.toLowerCase() === h);
  if (exact) return exact;
  const wild = table.vhosts
    .filter((v) => v.domain.startsWith("*.") && h.endsWith(v.domain.slice(1).toLowerCase()))
    .sort((a, b) => b.domain.length - a.domain.length)[0];
  return wild ?? table.vhosts.find((v) => v.domain === "*");
}

export interface RequestFacts {
  method: string;
  /** The request target: path and query. */
  path: string;
  headers: [string, string][];
}

function pathMatches(m: RouteEntry["match"]["path"], path: string): boolean {
  switch (m.kind) {
    case "exact":
      return path === m.value;
    case "prefix":
      return path.startsWith(m.value);
    case "separated":
      // Envoy's path_separated_prefix: the prefix, then the end of the path or a "/".
      return path === m.value || path.startsWith(`${m.value}/`);
    case "regex":
      try {
        return RE2JS.compile(m.value).matcher(path).matches();
      } catch {
        return false;
      }
  }
}

function headerValue(req: RequestFacts, name: string): string | undefined {
  const vals = req.headers.filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  // Envoy matches repeated headers joined by commas.
  return vals.length ? vals.join(",") : undefined;
}

export function routeMatches(r: RouteEntry, req: RequestFacts): boolean {
  const q = req.path.indexOf("?");
  const path = q < 0 ? req.path : req.path.slice(0, q);
  if (!pathMatches(r.match.path, path)) return false;
  for (const h of r.match.headers) {
    const v = headerValue(req, h.name);
    if (v === undefined) return false;
    if (h.type === "Exact" ? v !== h.value : !safeFull(h.value, v)) return false;
  }
  const params = new URLSearchParams(q < 0 ? "" : req.path.slice(q + 1));
  for (const p of r.match.query) if (params.get(p.name) !== p.value) return false;
  return true;
}

function safeFull(re: string, v: string): boolean {
  try {
    return RE2JS.compile(re).matcher(v).matches();
  } catch {
    return false;
  }
}

/** The route a request takes, or none (Envoy's 404). */
export function matchRoute(table: RouteTable, host: string, req: RequestFacts): RouteEntry | undefined {
  const vh = pickVirtualHost(table, host);
  return vh?.routes.find((r) => routeMatches(r, req));
}

/** A weighted cluster's pick: `draw(total)` gives a number in [0, total). */
export function pickBackend(backends: Backend[], draw: (total: number) => number): Backend | undefined {
  if (backends.length <= 1) return backends[0];
  const total = backends.reduce((n, b) => n + b.weight, 0);
  let x = draw(total);
  for (const b of backends) {
    if (x < b.weight) return b;
    x -= b.weight;
  }
  return backends[backends.length - 1];
}
