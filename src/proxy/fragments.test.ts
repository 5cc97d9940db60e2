import { describe, expect, it } from "vitest";
import type { EndpointSlice, Service } from "../api/types.js";
import { compile } from "./compile.js";
import { demoSlice, type Ep, input, NODES, service, slice } from "./fixtures.js";
import {
  assembleTables,
  largeClusterOf,
  type ServiceFragment,
  serviceFragment,
  walkCost,
  walkOf,
} from "./fragments.js";
import { iptablesWalk, nftablesCost } from "./modes.js";
import { compileNftables } from "./nftables.js";
import { renderTable } from "./render.js";
import type { ProxyInput } from "./types.js";

const ONE_EACH: Ep[] = [
  { ip: "10.244.1.2", node: "kubesim-worker", pod: "a" },
  { ip: "10.244.2.2", node: "kubesim-worker2", pod: "b" },
];

/** Services of every shape whose rules differ: policies, types, affinity, ranges, no endpoints. */
function mixed(): { services: Service[]; slices: EndpointSlice[] } {
  const lbStatus = { loadBalancer: { ingress: [{ ip: "172.18.255.200" }] } };
  const services = [
    service("default", "web", { clusterIP: "10.96.0.20", ports: [{ port: 80, protocol: "TCP" }] }),
    service("default", "web-local", {
      clusterIP: "10.96.0.21",
      internalTrafficPolicy: "Local",
      ports: [{ port: 80, protocol: "TCP" }],
    }),
    service("default", "np", {
      type: "NodePort",
      clusterIP: "10.96.0.22",
      externalTrafficPolicy: "Local",
      ports: [{ name: "http", port: 80, nodePort: 31000, protocol: "TCP" }],
    }),
    service(
      "default",
      "lb",
      {
        type: "LoadBalancer",
        clusterIP: "10.96.0.23",
        loadBalancerSourceRanges: ["172.18.0.0/16"],
        externalIPs: ["192.168.1.9"],
        ports: [{ port: 443, nodePort: 31001, protocol: "TCP" }],
      },
      lbStatus,
    ),
    service("default", "sticky", {
      clusterIP: "10.96.0.24",
      sessionAffinity: "ClientIP",
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 30 } },
      ports: [
        { name: "a", port: 81, protocol: "TCP" },
        { name: "b", port: 82, protocol: "UDP" },
      ],
    }),
    service("default", "empty", { clusterIP: "10.96.0.25", ports: [{ port: 80, protocol: "TCP" }] }),
    service("default", "we", { clusterIP: "10.96.0.26", ports: [{ port: 80, protocol: "TCP" }] }),
    service("other", "db", { clusterIP: "None", ports: [{ port: 5432 }] }),
    service("other", "search", { type: "ExternalName", externalName: "example.com" }),
  ];
  const slices = [
    demoSlice(ONE_EACH),
    slice("default", "web", [{ port: 8080 }], ONE_EACH),
    slice("default", "web-local", [{ port: 8080 }], ONE_EACH),
    slice("default", "np", [{ name: "http", port: 8080 }], ONE_EACH),
    slice(
      "default",
      "lb",
      [{ port: 8443 }],
      [...ONE_EACH, { ip: "10.244.1.3", ready: false, terminating: true }],
    ),
    slice("default", "sticky", [{ name: "a", port: 81 }], ONE_EACH, "aaaaa"),
    slice("default", "sticky", [{ name: "b", port: 82, protocol: "UDP" }], [{ ip: "10.244.0.9" }], "bbbbb"),
    slice(
      "default",
      "we",
      [{ port: 80 }],
      [{ ip: "10.244.2.7", ready: false, serving: true, terminating: true }],
    ),
  ];
  return { services, slices };
}

/** The node's fragments as cluster/proxy-rules.ts gathers them: kept ones, per-node ones written for it. */
function fragmentsFor(p: ProxyInput): ServiceFragment[] {
  const slicesOf = (s: Service) =>
    p.endpointSlices.filter(
      (x) =>
        x.metadata.namespace === s.metadata.namespace &&
        x.metadata.labels?.["kubernetes.io/service-name"] === s.metadata.name,
    );
  const anyNode = { clusterCIDR: p.clusterCIDR, node: { name: "", ip: "" } };
  const kept = p.services.map((s) => serviceFragment(s, slicesOf(s), anyNode, false));
  const large = largeClusterOf(kept);
  return p.services.map((s, i) =>
    kept[i].perNode || kept[i].large !== large
      ? serviceFragment(s, slicesOf(s), { clusterCIDR: p.clusterCIDR, node: p.node }, large)
      : kept[i],
  );
}

describe("tables assembled from per-Service fragments", () => {
  it("equal compile's on every node, for every kind of Service", () => {
    const { services, slices } = mixed();
    for (const n of NODES) {
      const p = input(n.name, services, slices);
      const whole = compile(p);
      const parts = assembleTables(fragmentsFor(p));
      expect(renderTable("nat", parts.nat, new Date(0))).toBe(renderTable("nat", whole.nat, new Date(0)));
      expect(renderTable("filter", parts.filter, new Date(0))).toBe(
        renderTable("filter", whole.filter, new Date(0)),
      );
    }
  });

  it("keep no rules for Services whose rules depend on the node", () => {
    const { services, slices } = mixed();
    const p = input("kubesim-worker", services, slices);
    const byName = new Map(
      fragmentsFor({ ...p, node: { name: "", ip: "" } }).map((f, i) => [p.services[i].metadata.name, f]),
    );
    expect(byName.get("web-local")?.perNode).toBe(true);
    expect(byName.get("np")?.perNode).toBe(true);
    expect(byName.get("lb")?.perNode).toBe(true);
    expect(byName.get("web")?.perNode).toBeUndefined();
    expect(byName.get("web")?.ports.length).toBe(1);
  });

  it("follow kube-proxy into large-cluster mode above 1000 endpoints", () => {
    const eps = Array.from({ length: 1001 }, (_, i) => ({ ip: `10.244.${1 + (i >> 8)}.${i & 255}` }));
    const { services, slices } = mixed();
    const p = input("kubesim-worker", services, [...slices.slice(1), demoSlice(eps)]);
    p.services.push(service("default", "demoservice", { clusterIP: "10.96.137.24", ports: [{ port: 80 }] }));
    const parts = assembleTables(fragmentsFor(p));
    expect(renderTable("nat", parts.nat, new Date(0))).toBe(renderTable("nat", compile(p).nat, new Date(0)));
  });

  it("count the walk down KUBE-SERVICES as iptablesWalk does", () => {
    const { services, slices } = mixed();
    for (const n of NODES) {
      const p = input(n.name, services, slices);
      const frags = fragmentsFor(p);
      for (const r of compile(p).nat.rules.filter((x) => x.chain === "KUBE-SERVICES")) {
        const dst = / -d ([\d.]+)\/32 /.exec(` ${r.spec}`)?.[1] ?? n.ip;
        const to = r.spec.slice(r.spec.lastIndexOf(" -j ") + 4);
        for (const chain of [["KUBE-SERVICES", to], ["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-EXT-X"], []])
          expect(walkCost(frags.map(walkOf), dst, chain)).toEqual(iptablesWalk(p, dst, chain));
      }
      for (const ext of compile(p).nat.rules.filter((x) => x.chain === "KUBE-NODEPORTS")) {
        const chain = ["KUBE-SERVICES", "KUBE-NODEPORTS", ext.spec.slice(ext.spec.lastIndexOf(" -j ") + 4)];
        expect(walkCost(frags.map(walkOf), n.ip, chain)).toEqual(iptablesWalk(p, n.ip, chain));
      }
    }
  });

  it("count nftables' verdict map elements as compileNftables fills them", () => {
    const { services, slices } = mixed();
    for (const n of NODES) {
      const p = input(n.name, services, slices);
      const maps = compileNftables(p).maps;
      const size = (name: string) => maps.find((m) => m.name === name)?.elements.length;
      expect(nftablesCost(p, false)).toEqual({
        mode: "nftables",
        map: "service-ips",
        elements: size("service-ips"),
      });
      expect(nftablesCost(p, true)).toEqual({
        mode: "nftables",
        map: "service-nodeports",
        elements: size("service-nodeports"),
      });
    }
  });
});
