// MetalLB's allocation decisions on plain objects: which address a Service gets from which
// pool, and the allocator's own error texts when it gets none.
import { describe, expect, it } from "vitest";
import type { Service } from "../api/types.js";
import { firstFree, heldAddresses, parseRange } from "./lb-pool.js";
import { Allocator } from "./metallb.js";
import type { Pool } from "./metallb-config.js";

function svc(
  name: string,
  extra: {
    annotations?: Record<string, string>;
    ip?: string;
    ports?: number[];
    ns?: string;
    labels?: Record<string, string>;
    lbIP?: string;
  } = {},
): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name,
      namespace: extra.ns ?? "default",
      uid: name,
      annotations: extra.annotations,
      labels: extra.labels,
    },
    spec: {
      type: "LoadBalancer",
      ...(extra.lbIP ? { loadBalancerIP: extra.lbIP } : {}),
      ports: (extra.ports ?? [80]).map((port) => ({ port, protocol: "TCP" })),
    },
    status: extra.ip ? { loadBalancer: { ingress: [{ ip: extra.ip }] } } : {},
  } as Service;
}

function pool(name: string, addresses: string[], more: Partial<Pool> = {}): Pool {
  return {
    name,
    ranges: addresses.map((a) => parseRange(a)).filter((r) => !!r),
    autoAssign: true,
    avoidBuggyIPs: false,
    ...more,
  };
}

const alloc = (pools: Pool[], held: Service[] = [], ns: Record<string, Record<string, string>> = {}) =>
  new Allocator(pools, heldAddresses(held), (n) => ns[n]);

describe("lb-pool", () => {
  it("reads CIDRs, ranges and single addresses, and rejects the rest", () => {
    expect(parseRange("172.18.255.200/30")).toEqual({ first: 0xac12ffc8, last: 0xac12ffcb });
    expect(parseRange("172.18.255.200-172.18.255.201")).toEqual({ first: 0xac12ffc8, last: 0xac12ffc9 });
    expect(parseRange("10.0.0.1")).toEqual({ first: 0x0a000001, last: 0x0a000001 });
    expect(parseRange("10.0.0.9-10.0.0.1")).toBeUndefined();
    expect(parseRange("fc00::/64")).toBeUndefined();
    expect(parseRange("10.0.0.0/33")).toBeUndefined();
  });

  it("hands out the lowest free address, range by range", () => {
    const ranges = [parseRange("10.0.0.1-10.0.0.2"), parseRange("10.0.1.0/31")].filter((r) => !!r);
    expect(firstFree(ranges, (ip) => ip !== "10.0.0.1")).toBe("10.0.0.2");
    expect(firstFree(ranges, (ip) => ip.startsWith("10.0.1."))).toBe("10.0.1.0");
    expect(firstFree(ranges, () => false)).toBeUndefined();
  });
});

describe("MetalLB's allocator", () => {
  it("gives the first free address of the first auto-assign pool", () => {
    const a = alloc([pool("a", ["172.18.255.200-172.18.255.250"])], [svc("old", { ip: "172.18.255.200" })]);
    expect(a.allocate(svc("web"))).toEqual({ ips: ["172.18.255.201"] });
  });

  it("honours loadBalancerIP and the loadBalancerIPs annotations, refusing one outside every pool", () => {
    const a = alloc([pool("a", ["172.18.255.200/29"])]);
    expect(a.allocate(svc("web", { lbIP: "172.18.255.203" }))).toEqual({ ips: ["172.18.255.203"] });
    expect(
      a.allocate(svc("web", { annotations: { "metallb.universe.tf/loadBalancerIPs": "172.18.255.204" } })),
    ).toEqual({
      ips: ["172.18.255.204"],
    });
    expect(
      a.allocate(svc("web", { annotations: { "metallb.io/loadBalancerIPs": "192.168.1.100" } })),
    ).toEqual({
      error: '"192.168.1.100" is not allowed in config',
    });
    expect(
      a.allocate(
        svc("web", {
          lbIP: "172.18.255.203",
          annotations: { "metallb.universe.tf/loadBalancerIPs": "172.18.255.204" },
        }),
      ),
    ).toEqual({
      error: "service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP",
    });
  });

  it("takes a named pool even when it does not auto-assign, and reports it exhausted or unknown", () => {
    const reserved = pool("reserved", ["172.18.254.0/31"], { autoAssign: false, avoidBuggyIPs: true });
    const a = alloc([reserved], [svc("first", { ip: "172.18.254.1" })]);
    const ask = (p: string) => svc("web", { annotations: { "metallb.universe.tf/address-pool": p } });
    expect(a.allocate(ask("reserved"))).toEqual({ error: 'no available IPs in pool "reserved"' });
    expect(a.allocate(ask("nope"))).toEqual({ error: 'unknown pool "nope"' });
    // Not auto-assigned: a Service naming no pool gets nothing from it.
    expect(alloc([reserved]).allocate(svc("web"))).toEqual({ error: "no available IPs" });
    // avoidBuggyIPs leaves out the .0 address.
    expect(alloc([reserved]).allocate(ask("reserved"))).toEqual({ ips: ["172.18.254.1"] });
  });

  it("shares an address only between Services with the same sharing key and different ports", () => {
    const shared = { "metallb.universe.tf/allow-shared-ip": "k" };
    const holder = svc("a", { ip: "172.18.255.200", annotations: shared });
    const a = alloc([pool("p", ["172.18.255.200/32"])], [holder]);
    expect(a.assign(svc("b", { annotations: shared, ports: [81] }), "172.18.255.200")).toBeUndefined();
    expect(a.assign(svc("b", { annotations: shared }), "172.18.255.200")).toBe(
      'port TCP/80 is already in use on "172.18.255.200"',
    );
    expect(a.assign(svc("b", { ports: [81] }), "172.18.255.200")).toBe(
      `can't change sharing key for "default/b", address also in use by default/a`,
    );
  });

  it("limits a pool to the namespaces and Services its serviceAllocation names, by priority", () => {
    const teamPool = pool("team", ["10.0.0.1/32"], { allocation: { priority: 1, namespaces: ["team"] } });
    const labelled = pool("labelled", ["10.0.1.1/32"], {
      allocation: { priority: 2, serviceSelectors: [{ matchLabels: { tier: "web" } }] },
    });
    const rest = pool("rest", ["10.0.2.1/32"]);
    const a = alloc([rest, labelled, teamPool], [], { team: {} });
    expect(a.allocate(svc("x", { ns: "team", labels: { tier: "web" } }))).toEqual({ ips: ["10.0.0.1"] });
    expect(a.allocate(svc("x", { labels: { tier: "web" } }))).toEqual({ ips: ["10.0.1.1"] });
    expect(a.allocate(svc("x"))).toEqual({ ips: ["10.0.2.1"] });
  });
});
