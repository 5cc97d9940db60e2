import { describe, expect, it } from "vitest";
import type { Gateway, HTTPRoute, HTTPRouteRule } from "../../controllers/gateway/kinds.js";
import { translateRoute } from "../../controllers/gateway/translate.js";
import { matchRoute, pickBackend, type RequestFacts, routeTable } from "./routes.js";

function gateway(
  listeners: Gateway["spec"]["listeners"] = [{ name: "http", port: 80, protocol: "HTTP" }],
): Gateway {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "gw", namespace: "default" },
    spec: { gatewayClassName: "cloud-provider-kind", listeners },
  };
}

function route(
  name: string,
  rules: HTTPRouteRule[],
  opts: { hostnames?: string[]; created?: string; namespace?: string; sectionName?: string } = {},
): HTTPRoute {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: {
      name,
      namespace: opts.namespace ?? "default",
      creationTimestamp: opts.created ?? "2026-11-27T10:00:00Z",
    },
    spec: {
      parentRefs: [
        { name: "gw", namespace: "default", ...(opts.sectionName ? { sectionName: opts.sectionName } : {}) },
      ],
      ...(opts.hostnames ? { hostnames: opts.hostnames } : {}),
      rules,
    },
  };
}

const to = (svc: string) => ({ backendRefs: [{ name: svc, port: 80 }] });
const prefix = (value: string) => ({ path: { type: "PathPrefix", value } });
const exact = (value: string) => ({ path: { type: "Exact", value } });

function serve(routes: HTTPRoute[], gw = gateway(), port = 80) {
  const table = routeTable(gw, port, {
    routes,
    nsLabels: (ns): Record<string, string> => (ns === "team-a" ? { team: "a" } : {}),
    serviceExists: (_ns, name) => name !== "missing",
  });
  return (path: string, more: Partial<RequestFacts> & { host?: string } = {}) => {
    const r = matchRoute(table, more.host ?? "gw.example", {
      method: more.method ?? "GET",
      path,
      headers: more.headers ?? [],
    });
    if (!r) return "404";
    const a = r.action;
    return a.kind === "forward"
      ? a.backends.map((b) => b.name).join("+")
      : `${a.kind}:${"status" in a ? a.status : a.statusCode}`;
  };
}

describe("Gateway API path matching as cloud-provider-kind's Envoy does it", () => {
  it("takes an Exact path before a prefix of the same path, wherever the rules stand", () => {
    const get = serve([
      route("r", [
        { matches: [prefix("/foo")], ...to("prefix") },
        { matches: [exact("/foo")], ...to("exact") },
      ]),
    ]);
    expect(get("/foo")).toBe("exact");
    expect(get("/foo/")).toBe("prefix");
  });

  it("takes the longest prefix", () => {
    const get = serve([
      route("r", [
        { matches: [prefix("/foo")], ...to("short") },
        { matches: [prefix("/foo/bar")], ...to("long") },
      ]),
    ]);
    expect(get("/foo/bar/baz")).toBe("long");
    expect(get("/foo/baz")).toBe("short");
  });

  it("matches a PathPrefix by whole path elements, a trailing slash ignored", () => {
    const get = serve([route("r", [{ matches: [prefix("/foo/")], ...to("foo") }])]);
    expect(get("/foo")).toBe("foo");
    expect(get("/foo/")).toBe("foo");
    expect(get("/foo/x")).toBe("foo");
    expect(get("/foobar")).toBe("404");
    expect(get("/")).toBe("404");
  });

  it("matches Exact paths exactly, ignoring the query string", () => {
    const get = serve([route("r", [{ matches: [exact("/a")], ...to("a") }])]);
    expect(get("/a?x=1")).toBe("a");
    expect(get("/a/")).toBe("404");
    expect(get("/A")).toBe("404");
  });

  it("matches RegularExpression paths with RE2, whole path", () => {
    const get = serve([
      route("r", [{ matches: [{ path: { type: "RegularExpression", value: "/v[0-9]+/.*" } }], ...to("re") }]),
    ]);
    expect(get("/v12/x")).toBe("re");
    expect(get("/x/v1/")).toBe("404");
  });

  it("defaults a rule without matches to every path, tried after more specific routes", () => {
    const get = serve([route("r", [to("all"), { matches: [prefix("/api")], ...to("api") }])]);
    expect(get("/api/x")).toBe("api");
    expect(get("/other")).toBe("all");
  });
});

describe("Gateway API precedence beyond the path", () => {
  it("ignores a method match, as cloud-provider-kind never translates it", () => {
    const get = serve([
      route("r", [
        { matches: [{ ...exact("/admin"), method: "POST" }], ...to("post") },
        { matches: [{ ...prefix("/"), headers: [{ name: "x", value: "1" }] }], ...to("header") },
      ]),
    ]);
    expect(get("/admin", { method: "POST" })).toBe("post");
    expect(get("/admin", { method: "GET" })).toBe("post");
    expect(get("/", { method: "POST", headers: [["x", "1"]] })).toBe("header");
  });

  it("prefers more header matches, then more query matches", () => {
    const get = serve([
      route("r", [
        { matches: [{ ...prefix("/"), headers: [{ name: "a", value: "1" }] }], ...to("one") },
        {
          matches: [
            {
              ...prefix("/"),
              headers: [
                { name: "a", value: "1" },
                { name: "b", value: "2" },
              ],
            },
          ],
          ...to("two"),
        },
        {
          matches: [
            {
              ...prefix("/"),
              headers: [{ name: "a", value: "1" }],
              queryParams: [{ name: "q", value: "x" }],
            },
          ],
          ...to("query"),
        },
      ]),
    ]);
    expect(
      get("/", {
        headers: [
          ["A", "1"],
          ["b", "2"],
        ],
      }),
    ).toBe("two");
    expect(get("/?q=x", { headers: [["a", "1"]] })).toBe("query");
    expect(get("/", { headers: [["a", "1"]] })).toBe("one");
    expect(get("/", { headers: [["a", "2"]] })).toBe("404");
  });

  it("matches header values exactly (case-sensitive) or by RE2 regex", () => {
    const get = serve([
      route("r", [
        { matches: [{ headers: [{ name: "env", value: "canary" }] }], ...to("exact") },
        {
          matches: [{ headers: [{ type: "RegularExpression", name: "ua", value: "curl/.*" }] }],
          ...to("regex"),
        },
      ]),
    ]);
    expect(get("/", { headers: [["Env", "canary"]] })).toBe("exact");
    expect(get("/", { headers: [["env", "Canary"]] })).toBe("404");
    expect(get("/", { headers: [["ua", "curl/8.5.0"]] })).toBe("regex");
  });

  it("breaks ties by the older route, then namespace/name, then rule order", () => {
    const rule = (svc: string) => ({ matches: [prefix("/x")], ...to(svc) });
    expect(
      serve([route("b", [rule("older")], { created: "2026-11-27T09:00:00Z" }), route("a", [rule("newer")])])(
        "/x",
      ),
    ).toBe("older");
    expect(serve([route("b", [rule("b")]), route("a", [rule("a")])])("/x")).toBe("a");
    expect(serve([route("a", [rule("first"), rule("second")])])("/x")).toBe("first");
  });
});

describe("Gateway API hostnames", () => {
  it("picks the exact host, then the longest wildcard, then the routes without hostnames", () => {
    const get = serve([
      route("exact", [to("exact")], { hostnames: ["a.b.example.com"] }),
      route("wild", [to("wild")], { hostnames: ["*.example.com"] }),
      route("wild2", [to("wild2")], { hostnames: ["*.b.example.com"] }),
      route("any", [to("any")]),
    ]);
    expect(get("/", { host: "a.b.example.com:80" })).toBe("exact");
    expect(get("/", { host: "c.b.example.com" })).toBe("wild2");
    expect(get("/", { host: "c.example.com" })).toBe("wild");
    expect(get("/", { host: "example.com" })).toBe("any");
    expect(get("/", { host: "A.B.EXAMPLE.COM" })).toBe("exact");
  });

  it("answers 404 for a host no route names when every route names one", () => {
    const get = serve([route("r", [to("x")], { hostnames: ["foo.example.com"] })]);
    expect(get("/", { host: "172.18.255.200" })).toBe("404");
  });

  it("keeps a route's hostnames within its listener's", () => {
    const gw = gateway([
      { name: "foo", port: 80, protocol: "HTTP", hostname: "*.foo.com" },
      { name: "bar", port: 80, protocol: "HTTP", hostname: "bar.com" },
    ]);
    const get = serve(
      [
        route("r", [to("x")], { hostnames: ["a.foo.com", "bar.com", "other.com"] }),
        route("s", [to("y")], { sectionName: "bar" }),
      ],
      gw,
    );
    expect(get("/", { host: "a.foo.com" })).toBe("x");
    expect(get("/", { host: "other.com" })).toBe("404");
    expect(get("/", { host: "bar.com" })).toBe("x");
    expect(get("/", { host: "b.foo.com" })).toBe("404");
  });

  it("admits only the namespaces a listener allows", () => {
    const gw = gateway([
      {
        name: "http",
        port: 80,
        protocol: "HTTP",
        allowedRoutes: { namespaces: { from: "Selector", selector: { matchLabels: { team: "a" } } } },
      },
    ]);
    expect(serve([route("r", [to("a")], { namespace: "team-a" })], gw)("/")).toBe("a");
    expect(serve([route("r", [to("b")], { namespace: "team-b" })], gw)("/")).toBe("404");
    expect(serve([route("r", [to("c")], { namespace: "team-a" })])("/")).toBe("404");
  });
});

describe("Gateway API backends", () => {
  it("splits by weight with the drawn number, weight 0 never chosen", () => {
    const t = translateRoute(
      route("r", [
        {
          backendRefs: [
            { name: "a", port: 80, weight: 80 },
            { name: "z", port: 80, weight: 0 },
            { name: "b", port: 80, weight: 20 },
          ],
        },
      ]),
      () => true,
    );
    const a = t.routes[0].action;
    if (a.kind !== "forward") throw new Error("not forwarded");
    expect(a.backends.map((b) => b.name)).toEqual(["a", "b"]);
    expect(pickBackend(a.backends, () => 79)?.name).toBe("a");
    expect(pickBackend(a.backends, () => 80)?.name).toBe("b");
    let n = 0;
    const picks = Array.from({ length: 100 }, () => pickBackend(a.backends, () => n++)?.name);
    expect(picks.filter((p) => p === "a").length).toBe(80);
  });

  it("answers a rule with a missing Service, or no weight at all, with Envoy's direct 500", () => {
    const get = serve([
      route("r", [
        { matches: [prefix("/gone")], backendRefs: [{ name: "missing", port: 80 }] },
        { matches: [prefix("/zero")], backendRefs: [{ name: "a", port: 80, weight: 0 }] },
      ]),
    ]);
    expect(get("/gone")).toBe("direct:500");
    expect(get("/zero")).toBe("direct:500");
    const t = translateRoute(
      route("r", [{ backendRefs: [{ name: "missing", port: 80 }] }]),
      (_n, s) => s !== "missing",
    );
    expect(t.resolvedRefs(true)).toMatchObject({
      status: "False",
      reason: "BackendNotFound",
      message: "backend not found",
    });
    expect(t.resolvedRefs(false)).toMatchObject({
      reason: "BackendNotFound",
      message: "One or more backend references could not be found.",
    });
  });

  it("needs a ReferenceGrant for a Service in another namespace", () => {
    const rules = [{ backendRefs: [{ name: "db", namespace: "data", port: 80 }] }];
    const denied = translateRoute(route("r", rules), () => true);
    expect(denied.routes[0].action).toEqual({ kind: "direct", status: 500 });
    expect(denied.resolvedRefs(true)).toMatchObject({
      reason: "RefNotPermitted",
      message: "permission error",
    });
    const granted = translateRoute(
      route("r", rules),
      () => true,
      (from, to, name) => from === "default" && to === "data" && name === "db",
    );
    expect(granted.routes[0].action).toMatchObject({
      kind: "forward",
      backends: [{ namespace: "data", name: "db" }],
    });
  });

  it("redirects with the filter's hostname and status code only (302 by default)", () => {
    const filters = (f: Record<string, unknown>) => [{ type: "RequestRedirect", requestRedirect: f }];
    const t = translateRoute(
      route("r", [
        { filters: filters({ hostname: "new.example.com", scheme: "https", port: 8443 }) },
        { filters: filters({ statusCode: 301 }) },
      ]),
      () => false,
    );
    expect(t.routes.map((r) => r.action)).toEqual([
      { kind: "redirect", statusCode: 302, hostname: "new.example.com" },
      { kind: "redirect", statusCode: 301 },
    ]);
    expect(t.resolvedRefs(false).status).toBe("True");
  });

  it("drops a rule with a filter it does not implement, and the route when no rule is left", () => {
    const t = translateRoute(route("r", [{ filters: [{ type: "URLRewrite" }], ...to("a") }]), () => true);
    expect(t.routes).toEqual([]);
    expect(t.notAccepted?.message).toBe(
      'no rules could be translated: rule[0] has unsupported filter type "URLRewrite"',
    );
  });
});
