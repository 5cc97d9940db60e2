// One HTTPRoute as cloud-provider-kind translates it into Envoy routes (pkg/gateway/httproute.go):
// each rule's matches become route entries (a rule without matches matches every path),
// PathPrefix "/" a plain prefix, any other PathPrefix a path-separated prefix (by element),
// Exact a path, RegularExpression an RE2 regex; a rule whose backends all exist forwards to
// them by weight (weight 0 dropped), and a missing Service or a cross-namespace reference
// without a ReferenceGrant turns the rule into a direct 500. A filter other than
// RequestRedirect and RequestHeaderModifier drops its rule. A match's `method` is not
// translated at all (HTTPRouteMethodMatching is not among cloud-provider-kind's features):
// the route matches every method. The conditions it leads to are
// the controller's; the entries are what the data plane (net/gateway) matches.

import type { HTTPRoute, HTTPRouteMatch } from "./kinds.js";

export type PathMatch =
  | { kind: "prefix"; value: string }
  | { kind: "separated"; value: string }
  | { kind: "exact"; value: string }
  | { kind: "regex"; value: string };

export interface Match {
  path: PathMatch;
  headers: { name: string; type: "Exact" | "RegularExpression"; value: string }[];
  query: { name: string; value: string }[];
}

export interface Backend {
  namespace: string;
  name: string;
  port: number;
  weight: number;
}

export type Action =
  | { kind: "forward"; backends: Backend[] }
  | { kind: "direct"; status: number }
  /** cloud-provider-kind reads only hostname and statusCode of a RequestRedirect. */
  | { kind: "redirect"; statusCode: number; hostname?: string };

export interface RouteEntry {
  /** Envoy's route name: namespace-name-ruleN-matchM. */
  name: string;
  route: { namespace: string; name: string; creationTimestamp: string };
  rule: number;
  match: Match;
  action: Action;
  headers?: { set: [string, string][]; add: [string, string][]; remove: string[] };
}

type Cond = { type: string; status: "True" | "False"; reason: string; message: string };

export interface Translation {
  routes: RouteEntry[];
  /** Every rule was dropped: the route is not accepted. */
  notAccepted?: Cond;
  partiallyInvalid?: Cond;
  /** ResolvedRefs: after translation on a listener that took the route, else from the first check. */
  resolvedRefs(translated: boolean): Cond;
}

const SUPPORTED_FILTERS = new Set(["RequestRedirect", "RequestHeaderModifier"]);

export function translateMatch(m: HTTPRouteMatch): Match | string {
  let path: PathMatch = { kind: "prefix", value: "/" };
  if (m.path) {
    const type = m.path.type ?? "PathPrefix";
    const value = m.path.value;
    if (value === undefined) return "path match value cannot be nil";
    if (type === "Exact") path = { kind: "exact", value };
    else if (type === "PathPrefix")
      path =
        value === "/" ? { kind: "prefix", value } : { kind: "separated", value: value.replace(/\/$/, "") };
    else if (type === "RegularExpression") path = { kind: "regex", value };
    else return `unsupported path match type: ${type}`;
  }
  const headers: Match["headers"] = [];
  for (const h of m.headers ?? []) {
    const type = h.type ?? "Exact";
    if (type !== "Exact" && type !== "RegularExpression") return `unsupported header match type: ${type}`;
    headers.push({ name: h.name, type, value: h.value });
  }
  return {
    path,
    headers,
    query: (m.queryParams ?? []).map((q) => ({ name: q.name, value: q.value })),
  };
}

export function translateRoute(
  route: HTTPRoute,
  serviceExists: (ns: string, name: string) => boolean,
  referenceAllowed: (fromNs: string, toNs: string, name: string) => boolean = () => false,
): Translation {
  const ns = route.metadata.namespace ?? "";
  const ref = {
    namespace: ns,
    name: route.metadata.name ?? "",
    creationTimestamp: route.metadata.creationTimestamp ?? "",
  };
  const dropped: string[] = [];
  const routes: RouteEntry[] = [];
  let failure: Cond | undefined;
  let allExist = true;
  (route.spec.rules ?? []).forEach((rule, ri) => {
    const filters = rule.filters ?? [];
    const redirectRule = filters.some((f) => f.type === "RequestRedirect");
    if (!redirectRule)
      for (const b of rule.backendRefs ?? []) if (!serviceExists(b.namespace ?? ns, b.name)) allExist = false;
    const bad = filters.find((f) => !SUPPORTED_FILTERS.has(f.type));
    if (bad) {
      dropped.push(`rule[${ri}] has unsupported filter type "${bad.type}"`);
      return;
    }
    let action: Action;
    const redirect = filters.find((f) => f.type === "RequestRedirect") as
      | { requestRedirect?: { hostname?: string; statusCode?: number } }
      | undefined;
    if (redirect) {
      const r = redirect.requestRedirect ?? {};
      action = {
        kind: "redirect",
        statusCode: [301, 302, 303, 307, 308].includes(r.statusCode ?? 302) ? (r.statusCode ?? 302) : 301,
        ...(r.hostname ? { hostname: r.hostname } : {}),
      };
    } else {
      action = forwardAction(ns, rule.backendRefs ?? [], serviceExists, referenceAllowed, (c) => {
        failure = c;
      });
    }
    const mod = filters.find((f) => f.type === "RequestHeaderModifier") as
      | {
          requestHeaderModifier?: {
            set?: { name: string; value: string }[];
            add?: { name: string; value: string }[];
            remove?: string[];
          };
        }
      | undefined;
    const headers = mod?.requestHeaderModifier
      ? {
          set: (mod.requestHeaderModifier.set ?? []).map((h): [string, string] => [h.name, h.value]),
          add: (mod.requestHeaderModifier.add ?? []).map((h): [string, string] => [h.name, h.value]),
          remove: mod.requestHeaderModifier.remove ?? [],
        }
      : undefined;
    const matches = rule.matches?.length ? rule.matches : [{}];
    matches.forEach((m, mi) => {
      const match = translateMatch(m);
      if (typeof match === "string") {
        dropped.push(`rule[${ri}] match[${mi}]: ${match}`);
        return;
      }
      routes.push({
        name: `${ns}-${ref.name}-rule${ri}-match${mi}`,
        route: ref,
        rule: ri,
        match,
        action,
        ...(headers ? { headers } : {}),
      });
    });
  });
  const t: Translation = {
    routes,
    resolvedRefs: (translated) =>
      translated
        ? (failure ?? {
            type: "ResolvedRefs",
            status: "True",
            reason: "ResolvedRefs",
            message: "All references resolved",
          })
        : allExist
          ? {
              type: "ResolvedRefs",
              status: "True",
              reason: "ResolvedRefs",
              message: "All backend references have been resolved.",
            }
          : {
              type: "ResolvedRefs",
              status: "False",
              reason: "BackendNotFound",
              message: "One or more backend references could not be found.",
            },
  };
  if (dropped.length && !routes.length)
    t.notAccepted = {
      type: "Accepted",
      status: "False",
      reason: "UnsupportedValue",
      message: `no rules could be translated: ${dropped.join("; ")}`,
    };
  else if (dropped.length)
    t.partiallyInvalid = {
      type: "PartiallyInvalid",
      status: "True",
      reason: "UnsupportedValue",
      message: `Dropped Rule(s): ${dropped.join("; ")}`,
    };
  return t;
}

function forwardAction(
  ns: string,
  refs: { name: string; namespace?: string; port?: number; weight?: number }[],
  serviceExists: (ns: string, name: string) => boolean,
  referenceAllowed: (fromNs: string, toNs: string, name: string) => boolean,
  fail: (c: Cond) => void,
): Action {
  const backends: Backend[] = [];
  for (const b of refs) {
    const bns = b.namespace ?? ns;
    if (bns !== ns && !referenceAllowed(ns, bns, b.name)) {
      fail({ type: "ResolvedRefs", status: "False", reason: "RefNotPermitted", message: "permission error" });
      return { kind: "direct", status: 500 };
    }
    if (!serviceExists(bns, b.name)) {
      fail({
        type: "ResolvedRefs",
        status: "False",
        reason: "BackendNotFound",
        message: "backend not found",
      });
      return { kind: "direct", status: 500 };
    }
    const weight = b.weight ?? 1;
    if (weight === 0) continue;
    backends.push({ namespace: bns, name: b.name, port: b.port ?? 0, weight });
  }
  return backends.length ? { kind: "forward", backends } : { kind: "direct", status: 500 };
}
