import { describe, expect, it } from "vitest";
import { allocatePoolAddress } from "../servicelb.js";
import { hostnameSubset, intersectHostnames, listenersForRef } from "./attach.js";
import type { Gateway, HTTPRoute } from "./kinds.js";

const gw = (listeners: Gateway["spec"]["listeners"]): Gateway => ({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "Gateway",
  metadata: { name: "gw", namespace: "infra" },
  spec: { gatewayClassName: "cloud-provider-kind", listeners },
});

const route = (ns: string, hostnames?: string[]): HTTPRoute => ({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name: "r", namespace: ns },
  spec: { parentRefs: [{ name: "gw", namespace: "infra" }], ...(hostnames ? { hostnames } : {}) },
});

const noLabels = () => undefined;

describe("Gateway API hostname intersection", () => {
  it("follows the spec's wildcard rules", () => {
    expect(hostnameSubset("foo.example.com", "*.example.com")).toBe(true);
    expect(hostnameSubset("a.foo.example.com", "*.example.com")).toBe(true);
    expect(hostnameSubset("example.com", "*.example.com")).toBe(false);
    expect(hostnameSubset("*.foo.example.com", "*.example.com")).toBe(true);
    expect(hostnameSubset("*.example.com", "foo.example.com")).toBe(true);
    expect(hostnameSubset("*.example.com", "example.com")).toBe(true);
    expect(hostnameSubset("bar.com", "foo.com")).toBe(false);
  });

  it("gives a wildcard route the listener's own name", () => {
    const l = { name: "l", port: 80, protocol: "HTTP", hostname: "foo.example.com" };
    expect(intersectHostnames(l, route("infra", ["*.example.com", "other.org"]))).toEqual([
      "foo.example.com",
    ]);
    expect(intersectHostnames({ ...l, hostname: undefined }, route("infra"))).toEqual(["*"]);
    expect(intersectHostnames(l, route("infra"))).toEqual(["foo.example.com"]);
  });
});

describe("Gateway API route attachment", () => {
  it("takes routes from the Gateway's namespace only, by default", () => {
    const g = gw([{ name: "http", port: 80, protocol: "HTTP" }]);
    expect(
      listenersForRef(g, { name: "gw", namespace: "infra" }, route("infra"), noLabels).listeners,
    ).toHaveLength(1);
    expect(listenersForRef(g, { name: "gw", namespace: "infra" }, route("apps"), noLabels)).toEqual({
      listeners: [],
      rejection: "NotAllowedByListeners",
    });
  });

  it("says which check refused: hostname, or no listener matching sectionName and port", () => {
    const g = gw([
      {
        name: "http",
        port: 80,
        protocol: "HTTP",
        hostname: "a.com",
        allowedRoutes: { namespaces: { from: "All" } },
      },
    ]);
    expect(
      listenersForRef(g, { name: "gw", namespace: "infra" }, route("apps", ["b.com"]), noLabels).rejection,
    ).toBe("NoMatchingListenerHostname");
    expect(
      listenersForRef(g, { name: "gw", namespace: "infra", sectionName: "https" }, route("apps"), noLabels)
        .rejection,
    ).toBe("NoMatchingParent");
    expect(
      listenersForRef(g, { name: "gw", namespace: "infra", port: 80 }, route("apps", ["a.com"]), noLabels)
        .listeners,
    ).toHaveLength(1);
  });
});

describe("the LoadBalancer pool Services and Gateways share", () => {
  it("hands out the first free address, or a requested free one", () => {
    const used = new Set(["172.18.255.200", "172.18.255.201"]);
    expect(allocatePoolAddress(used)).toBe("172.18.255.202");
    expect(allocatePoolAddress(used, "172.18.255.210")).toBe("172.18.255.210");
    expect(allocatePoolAddress(used, "172.18.255.200")).toBe("172.18.255.202");
    const full = new Set(Array.from({ length: 51 }, (_, i) => `172.18.255.${200 + i}`));
    expect(allocatePoolAddress(full)).toBeUndefined();
  });
});
