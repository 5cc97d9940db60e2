import { describe, expect, it } from "vitest";
import { compile } from "./compile.js";
import { demo, demoSlice, input, service, slice } from "./fixtures.js";
import {
  iptablesCost,
  iptablesWalk,
  ipvsCost,
  kubeletOnlyTables,
  modeMasquerade,
  nftablesCost,
  nftChainPath,
  proxyModeOf,
} from "./modes.js";
import { renderIptablesSave } from "./render.js";

/** `n` Services named a00.. (sorted before demoservice), each with one endpoint. */
function withServices(n: number) {
  const svcs = Array.from({ length: n }, (_, i) =>
    service("default", `a${String(i).padStart(2, "0")}`, {
      clusterIP: `10.96.1.${i + 1}`,
      ports: [{ port: 80, protocol: "TCP" }],
    }),
  );
  const slices = svcs.map((s) => slice("default", s.metadata.name, [{ port: 80 }], [{ ip: "10.244.2.9" }]));
  return input("kubesim-worker", [...svcs, demo()], [...slices, demoSlice([{ ip: "10.244.1.3" }])]);
}

describe("proxy modes", () => {
  it("reads the kind config's mode, iptables by default", () => {
    expect(proxyModeOf(undefined)).toBe("iptables");
    expect(proxyModeOf("ipvs")).toBe("ipvs");
    expect(proxyModeOf("nftables")).toBe("nftables");
    expect(proxyModeOf("none")).toBe("none");
  });

  it("counts the linear KUBE-SERVICES walk in iptables mode: it grows with the Services", () => {
    const path = (inp: ReturnType<typeof withServices>) => {
      const c = compile(inp);
      const svc = c.nat.rules.find((r) => r.spec.includes('"default/demoservice cluster IP"'));
      const chain = svc?.spec.split(" -j ")[1] ?? "";
      const cost = iptablesCost(c.nat, "10.96.137.24", ["KUBE-SERVICES", chain]);
      // Counted without the rule set, the walk is the same.
      expect(iptablesWalk(inp, "10.96.137.24", ["KUBE-SERVICES", chain])).toEqual(cost);
      return cost;
    };
    // default/demoservice sorts first; thirty Services named a00.. sort before it.
    expect(path(withServices(0))).toEqual({ mode: "iptables", walked: 1, total: 6, matched: true });
    expect(path(withServices(30))).toEqual({ mode: "iptables", walked: 31, total: 36, matched: true });
  });

  it("follows a NodePort through KUBE-NODEPORTS, and counts a miss as the whole chain", () => {
    const np = demo({
      type: "NodePort",
      ports: [{ port: 80, nodePort: 31234, protocol: "TCP", targetPort: 80 }],
    });
    const inp = input("kubesim-worker", [np], [demoSlice([{ ip: "10.244.1.3" }])]);
    const c = compile(inp);
    const ext = c.nat.rules.find((r) => r.chain === "KUBE-NODEPORTS")?.spec.split(" -j ")[1] ?? "";
    for (const [dst, chain] of [
      ["172.18.0.3", ["KUBE-SERVICES", "KUBE-NODEPORTS", ext]],
      ["10.96.99.99", []],
    ] as const)
      expect(iptablesWalk(inp, dst, [...chain])).toEqual(iptablesCost(c.nat, dst, [...chain]));
    expect(iptablesCost(c.nat, "172.18.0.3", ["KUBE-SERVICES", "KUBE-NODEPORTS", ext])).toEqual({
      mode: "iptables",
      walked: 6,
      total: 6,
      matched: true,
      nodePorts: { walked: 1, total: 1 },
    });
    expect(iptablesCost(c.nat, "10.96.99.99", [])).toMatchObject({ walked: 6, matched: false });
  });

  it("reports one lookup in ipvs and nftables modes, with the size of what was searched", () => {
    // Thirty more Services: thirty more virtual servers, not one more iptables rule.
    const few = ipvsCost(withServices(0), ["172.18.0.3"]);
    const many = ipvsCost(withServices(30), ["172.18.0.3"]);
    expect(many).toEqual({ ...few, virtualServers: 35 });
    expect(few).toMatchObject({ mode: "ipvs", virtualServers: 5 });
    expect(nftablesCost(withServices(30), false)).toEqual({
      mode: "nftables",
      map: "service-ips",
      elements: 35,
    });
    expect(nftablesCost(withServices(30), true)).toEqual({
      mode: "nftables",
      map: "service-nodeports",
      elements: 0,
    });
  });

  it("names the nft chains of an iptables-mode decision", () => {
    const inp = input("kubesim-worker", [demo()], [demoSlice([{ ip: "10.244.1.3" }])]);
    const c = compile(inp);
    const svc = c.nat.rules.find((r) => r.chain === "KUBE-SERVICES" && r.spec.includes("demoservice"));
    const svcChain = svc?.spec.split(" -j ")[1] ?? "";
    const sep = c.nat.rules.find((r) => r.chain === svcChain && r.spec.includes("KUBE-SEP-"));
    const sepChain = sep?.spec.split(" -j ")[1] ?? "";
    expect(nftChainPath(inp, ["KUBE-SERVICES", svcChain, sepChain])).toEqual([
      "services",
      "service-XMUYOVKZ-default/demoservice/tcp/",
      "endpoint-ZNIOPZOA-default/demoservice/tcp/__10.244.1.3/80",
    ]);
  });

  it("says which rule masqueraded in the mode's own words", () => {
    const inp = input("kubesim-worker", [demo()], []);
    const by = {
      chain: "KUBE-EXT-X",
      comment: "masquerade traffic for default/demoservice external destinations",
    };
    expect(modeMasquerade("ipvs", by, "node-port", "TCP", inp)).toEqual({
      postrouting: "KUBE-POSTROUTING",
      by: { chain: "KUBE-NODE-PORT", comment: "Kubernetes nodeport TCP port for masquerade purpose" },
    });
    expect(modeMasquerade("ipvs", by, "load-balancer", "TCP", inp).by).toEqual({
      chain: "KUBE-LOAD-BALANCER",
      comment: "",
    });
    expect(
      modeMasquerade("ipvs", { chain: "KUBE-SEP-Y", comment: "" }, "cluster-ip", "TCP", inp).by.comment,
    ).toBe("Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose");
    expect(modeMasquerade("nftables", by, "node-port", "TCP", inp).postrouting).toBe("masquerading");
    expect(modeMasquerade("iptables", by, "node-port", "TCP", inp)).toEqual({
      postrouting: "KUBE-POSTROUTING",
      by,
    });
  });

  it("leaves only kubelet's chains in iptables in nftables mode", () => {
    const t = kubeletOnlyTables();
    const text = renderIptablesSave(t.nat, { date: new Date(0), filter: t.filter });
    expect(text).not.toContain("KUBE-SERVICES");
    expect(text).toContain(":KUBE-KUBELET-CANARY - [0:0]\n-A INPUT -j KUBE-FIREWALL\n");
  });
});
