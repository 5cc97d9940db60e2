import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { buildRoutes, matchLocation, matchServer, rewrite, servesIngress } from "./router.js";

type P = { path: string; pathType: string; service: string };

function ing(
  name: string,
  rules: { host?: string; paths: P[] }[],
  extra: Record<string, unknown> = {},
): KObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name,
      namespace: "default",
      creationTimestamp: "2026-11-27T10:00:00Z",
      ...(extra.metadata ?? {}),
    },
    spec: {
      ...(extra.spec ?? {}),
      rules: rules.map((r) => ({
        ...(r.host ? { host: r.host } : {}),
        http: {
          paths: r.paths.map((p) => ({
            path: p.path,
            pathType: p.pathType,
            backend: { service: { name: p.service, port: { number: 80 } } },
          })),
        },
      })),
    },
  } as KObject;
}

/** The Service a request reaches, or "default" for the controller's own backend. */
function route(ings: KObject[], host: string, uri: string): string {
  const routes = buildRoutes(ings);
  const m = matchLocation(matchServer(routes, host), uri);
  return m.kind === "location"
    ? `${m.location.backend.service}${m.uri === uri ? "" : ` ${m.uri}`}`
    : "default";
}

describe("ingress-nginx path matching", () => {
  it("matches Prefix by path element, not by string prefix", () => {
    const i = ing("a", [{ paths: [{ path: "/foo", pathType: "Prefix", service: "foo" }] }]);
    expect(route([i], "x", "/foo")).toBe("foo");
    expect(route([i], "x", "/foo/")).toBe("foo");
    expect(route([i], "x", "/foo/bar")).toBe("foo");
    expect(route([i], "x", "/foobar")).toBe("default");
    expect(route([i], "x", "/")).toBe("default");
  });

  it("treats a trailing slash on a Prefix path as the same element", () => {
    const i = ing("a", [{ paths: [{ path: "/foo/", pathType: "Prefix", service: "foo" }] }]);
    expect(route([i], "x", "/foo")).toBe("foo");
    expect(route([i], "x", "/foo/x")).toBe("foo");
  });

  it("matches Exact only on the whole path, and prefers it to a Prefix", () => {
    const i = ing("a", [
      {
        paths: [
          { path: "/foo", pathType: "Exact", service: "exact" },
          { path: "/", pathType: "Prefix", service: "root" },
        ],
      },
    ]);
    expect(route([i], "x", "/foo")).toBe("exact");
    expect(route([i], "x", "/foo/")).toBe("root");
    expect(route([i], "x", "/other")).toBe("root");
  });

  it("picks the longest matching prefix", () => {
    const i = ing("a", [
      {
        paths: [
          { path: "/", pathType: "Prefix", service: "root" },
          { path: "/aaa", pathType: "Prefix", service: "a" },
          { path: "/aaa/bbb", pathType: "Prefix", service: "b" },
        ],
      },
    ]);
    expect(route([i], "x", "/aaa/bbb/c")).toBe("b");
    expect(route([i], "x", "/aaa/bb")).toBe("a");
    expect(route([i], "x", "/z")).toBe("root");
  });

  it("matches ImplementationSpecific as a plain string prefix", () => {
    const i = ing("a", [{ paths: [{ path: "/foo", pathType: "ImplementationSpecific", service: "foo" }] }]);
    expect(route([i], "x", "/foobar")).toBe("foo");
  });

  it("matches hosts exactly first, then the longest wildcard, then the catch-all", () => {
    const ings = [
      ing("a", [{ host: "foo.bar.com", paths: [{ path: "/", pathType: "Prefix", service: "exact" }] }]),
      ing("b", [{ host: "*.bar.com", paths: [{ path: "/", pathType: "Prefix", service: "wild" }] }]),
      ing("c", [{ paths: [{ path: "/", pathType: "Prefix", service: "any" }] }]),
    ];
    expect(route(ings, "foo.bar.com", "/")).toBe("exact");
    expect(route(ings, "FOO.bar.com:80", "/")).toBe("exact");
    expect(route(ings, "baz.bar.com", "/")).toBe("wild");
    expect(route(ings, "bar.com", "/")).toBe("any");
    expect(route(ings, "10.0.0.1", "/")).toBe("any");
  });

  it("turns a host's paths into case-insensitive regexes with rewrite-target, longest first", () => {
    const i = ing(
      "a",
      [
        {
          paths: [
            { path: "/foo(/|$)(.*)", pathType: "Prefix", service: "foo" },
            { path: "/bar(/|$)(.*)", pathType: "Prefix", service: "bar" },
          ],
        },
      ],
      { metadata: { annotations: { "nginx.ingress.kubernetes.io/rewrite-target": "/$2" } } },
    );
    expect(route([i], "x", "/foo/hostname")).toBe("foo /hostname");
    expect(route([i], "x", "/foo")).toBe("foo /");
    expect(route([i], "x", "/FOO/a/b")).toBe("foo /a/b");
    expect(route([i], "x", "/bar")).toBe("bar /");
    expect(route([i], "x", "/baz")).toBe("default");
  });

  it("rewrites with nginx's capture groups", () => {
    expect(rewrite("/something(/|$)(.*)", "/$2", "/something/new")).toBe("/new");
    expect(rewrite("/something(/|$)(.*)", "/$2", "/something")).toBe("/");
    expect(rewrite("/api", "/", "/api/x")).toBe("/");
  });

  it("keeps the first Ingress's backend for a path two Ingresses define", () => {
    const a = ing("a", [{ paths: [{ path: "/", pathType: "Prefix", service: "first" }] }]);
    const b = {
      ...ing("b", [{ paths: [{ path: "/", pathType: "Prefix", service: "second" }] }]),
    } as KObject;
    b.metadata.creationTimestamp = "2026-11-27T10:00:01Z";
    expect(route([b, a], "x", "/")).toBe("first");
  });

  it("serves Ingresses of its class, and classless ones with --watch-ingress-without-class", () => {
    const plain = ing("a", []);
    const nginx = ing("b", [], { spec: { ingressClassName: "nginx" } });
    const other = ing("c", [], { spec: { ingressClassName: "traefik" } });
    expect(servesIngress(nginx, "nginx", false)).toBe(true);
    expect(servesIngress(other, "nginx", true)).toBe(false);
    expect(servesIngress(plain, "nginx", false)).toBe(false);
    expect(servesIngress(plain, "nginx", true)).toBe(true);
  });
});
