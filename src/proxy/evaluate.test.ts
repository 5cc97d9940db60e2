import { describe, expect, it } from "vitest";
import { compile, compileNat } from "./compile.js";
import { evaluate } from "./evaluate.js";
import { demo, demoSlice, type Ep, input, service, slice } from "./fixtures.js";
import type { AffinityMemory, Connection } from "./types.js";

const SVC = "KUBE-SVC-ZOQTR5CHGLZHIEYA";
const THREE: Ep[] = [
  { ip: "10.244.1.2", node: "kubesim-worker", pod: "web-a" },
  { ip: "10.244.2.2", node: "kubesim-worker2", pod: "web-b" },
  { ip: "10.244.1.10", node: "kubesim-worker", pod: "web-c" },
];
/** A pod on kubesim-worker calling demoservice's ClusterIP. */
const fromPod: Connection = {
  srcIP: "10.244.1.5",
  dstIP: "10.96.137.24",
  dstPort: 80,
  protocol: "TCP",
  fromLocalNode: false,
};
/** Draws these values in turn, then fails: a test sees exactly how many draws the rules made. */
function draws(...values: number[]): () => number {
  return () => {
    const v = values.shift();
    if (v === undefined) throw new Error("unexpected statistic draw");
    return v;
  };
}

describe("ClusterIP", () => {
  const rules = compile(input("kubesim-worker", [demo()], [demoSlice(THREE)]));

  it("picks each endpoint by the statistic draws, in ip:port string order", () => {
    // Order: 10.244.1.10 (p=1/3), 10.244.1.2 (p=1/2), 10.244.2.2 (the rest).
    const first = evaluate(rules, fromPod, draws(0.2));
    expect(first).toEqual({
      kind: "dnat",
      ip: "10.244.1.10",
      port: 80,
      chain: ["KUBE-SERVICES", SVC, "KUBE-SEP-HQ7AUO5T5AEL7HEI"],
      masquerade: false,
      endpoint: { ip: "10.244.1.10", port: 80, nodeName: "kubesim-worker", podName: "web-c" },
    });
    expect(evaluate(rules, fromPod, draws(0.4, 0.3))).toMatchObject({ ip: "10.244.1.2" });
    expect(evaluate(rules, fromPod, draws(0.4, 0.6))).toMatchObject({
      ip: "10.244.2.2",
      endpoint: { nodeName: "kubesim-worker2", podName: "web-b" },
    });
    // 1/3 is stored as 0.33333333349: a draw just above 1/3 still takes the first rule.
    expect(evaluate(rules, fromPod, draws(0.3333333334))).toMatchObject({ ip: "10.244.1.10" });
  });

  it("masquerades the node's own traffic and a pod reaching itself", () => {
    const fromNode = { ...fromPod, srcIP: "172.18.0.3", fromLocalNode: true };
    expect(evaluate(rules, fromNode, draws(0.2))).toMatchObject({ kind: "dnat", masquerade: true });
    const hairpin = { ...fromPod, srcIP: "10.244.1.10" };
    expect(evaluate(rules, hairpin, draws(0.2))).toMatchObject({ ip: "10.244.1.10", masquerade: true });
  });

  it("serves kube-dns over UDP", () => {
    const dns = { ...fromPod, dstIP: "10.96.0.10", dstPort: 53, protocol: "UDP" as const };
    expect(evaluate(rules, dns, draws(0.7))).toMatchObject({
      ip: "10.244.0.3",
      port: 53,
      chain: ["KUBE-SERVICES", "KUBE-SVC-TCOU7JCQXEZGVUNU", "KUBE-SEP-6E7XQMQ4RAYOWTTM"],
    });
  });

  it("matches nothing for another port or address", () => {
    expect(evaluate(rules, { ...fromPod, dstPort: 8080 }, draws())).toEqual({ kind: "none" });
    expect(evaluate(rules, { ...fromPod, dstIP: "10.244.2.2" }, draws())).toEqual({ kind: "none" });
  });

  it("works from compileNat's table alone", () => {
    expect(
      evaluate(compileNat(input("kubesim-worker", [demo()], [demoSlice(THREE)])), fromPod, draws(0.2)),
    ).toMatchObject({
      ip: "10.244.1.10",
    });
  });
});

describe("no endpoints", () => {
  const web = service("default", "web", {
    type: "NodePort",
    clusterIP: "10.96.45.6",
    ports: [{ name: "http", port: 80, nodePort: 30007, protocol: "TCP" }],
  });
  const rules = compile(input("kubesim-worker", [web], [slice("default", "web", [], [])]));

  it("REJECTs the ClusterIP from a pod, from the node, and the NodePort from outside", () => {
    const conn = { ...fromPod, dstIP: "10.96.45.6" };
    expect(evaluate(rules, conn, draws())).toEqual({
      kind: "reject",
      chain: ["KUBE-SERVICES"],
      reason: "no-endpoints",
    });
    expect(evaluate(rules, { ...conn, srcIP: "172.18.0.3", fromLocalNode: true }, draws())).toMatchObject({
      kind: "reject",
    });
    const outside = { ...conn, srcIP: "172.18.0.1", dstIP: "172.18.0.3", dstPort: 30007 };
    expect(evaluate(rules, outside, draws())).toEqual({
      kind: "reject",
      chain: ["KUBE-EXTERNAL-SERVICES"],
      reason: "no-endpoints",
    });
  });
});

describe("NodePort", () => {
  const eps: Ep[] = [{ ip: "10.244.2.2", node: "kubesim-worker2" }];
  const np = (policy: string) =>
    demo({
      type: "NodePort",
      externalTrafficPolicy: policy,
      ports: [{ port: 80, nodePort: 31234, protocol: "TCP" }],
    });
  const outside: Connection = {
    srcIP: "172.18.0.1",
    dstIP: "172.18.0.3",
    dstPort: 31234,
    protocol: "TCP",
    fromLocalNode: false,
  };

  it("forwards to any node's endpoint and masquerades (Cluster policy)", () => {
    const rules = compile(input("kubesim-worker", [np("Cluster")], [demoSlice(eps)]));
    expect(evaluate(rules, outside, draws())).toMatchObject({
      kind: "dnat",
      ip: "10.244.2.2",
      chain: [
        "KUBE-SERVICES",
        "KUBE-NODEPORTS",
        "KUBE-EXT-ZOQTR5CHGLZHIEYA",
        SVC,
        "KUBE-SEP-BWNLGIFBNRCARXBY",
      ],
      masquerade: true,
      // The reason the kernel will SNAT: the rule that marked the packet.
      masqueradeBy: {
        chain: "KUBE-EXT-ZOQTR5CHGLZHIEYA",
        comment: "masquerade traffic for default/demoservice external destinations",
      },
    });
    // Only addresses of this node are NodePorts.
    expect(evaluate(rules, { ...outside, dstIP: "172.18.0.4" }, draws())).toEqual({ kind: "none" });
  });

  it("DROPs outside clients on a node without local endpoints (Local policy)", () => {
    const rules = compile(input("kubesim-worker", [np("Local")], [demoSlice(eps)]));
    expect(evaluate(rules, outside, draws())).toEqual({
      kind: "drop",
      chain: ["KUBE-EXTERNAL-SERVICES"],
      reason: "no-local-endpoints",
    });
    // Pods and the node itself are short-circuited to every endpoint.
    const pod = { ...outside, srcIP: "10.244.1.5" };
    expect(evaluate(rules, pod, draws())).toMatchObject({
      kind: "dnat",
      ip: "10.244.2.2",
      masquerade: false,
    });
    const self = { ...outside, srcIP: "172.18.0.3", fromLocalNode: true };
    expect(evaluate(rules, self, draws())).toMatchObject({
      kind: "dnat",
      ip: "10.244.2.2",
      masquerade: true,
    });
  });

  it("keeps the client IP where a local endpoint exists (Local policy)", () => {
    const rules = compile(input("kubesim-worker2", [np("Local")], [demoSlice(eps)]));
    const conn = { ...outside, dstIP: "172.18.0.4" };
    expect(evaluate(rules, conn, draws())).toMatchObject({
      kind: "dnat",
      chain: [
        "KUBE-SERVICES",
        "KUBE-NODEPORTS",
        "KUBE-EXT-ZOQTR5CHGLZHIEYA",
        "KUBE-SVL-ZOQTR5CHGLZHIEYA",
        "KUBE-SEP-BWNLGIFBNRCARXBY",
      ],
      masquerade: false,
    });
  });
});

describe("traffic policies and firewalls", () => {
  it("DROPs ClusterIP traffic with internalTrafficPolicy Local and no local endpoint", () => {
    const svc = demo({ internalTrafficPolicy: "Local" });
    const rules = compile(
      input("kubesim-worker", [svc], [demoSlice([{ ip: "10.244.2.2", node: "kubesim-worker2" }])]),
    );
    expect(evaluate(rules, fromPod, draws())).toEqual({
      kind: "drop",
      chain: ["KUBE-SERVICES"],
      reason: "no-local-endpoints",
    });
  });

  it("DROPs LoadBalancer clients outside loadBalancerSourceRanges", () => {
    const lb = demo(
      {
        type: "LoadBalancer",
        loadBalancerSourceRanges: ["203.0.113.0/24"],
        ports: [{ port: 80, nodePort: 31234 }],
      },
      { loadBalancer: { ingress: [{ ip: "172.18.255.200" }] } },
    );
    const rules = compile(input("kubesim-worker", [lb], [demoSlice([{ ip: "10.244.2.2" }])]));
    const conn: Connection = {
      srcIP: "172.18.0.1",
      dstIP: "172.18.255.200",
      dstPort: 80,
      protocol: "TCP",
      fromLocalNode: false,
    };
    expect(evaluate(rules, conn, draws())).toEqual({
      kind: "drop",
      chain: ["KUBE-PROXY-FIREWALL"],
      reason: "load-balancer-source-ranges",
    });
    expect(evaluate(rules, { ...conn, srcIP: "203.0.113.9" }, draws())).toMatchObject({
      kind: "dnat",
      ip: "10.244.2.2",
    });
  });
});

describe("sessionAffinity ClientIP", () => {
  const svc = demo({
    sessionAffinity: "ClientIP",
    sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
  });
  const rules = compile(input("kubesim-worker", [svc], [demoSlice(THREE)]));

  it("sends a client back to its endpoint until the timeout passes", () => {
    const memory: AffinityMemory = new Map();
    const first = evaluate(rules, fromPod, draws(0.9, 0.9), memory, 1_000);
    expect(first).toMatchObject({ ip: "10.244.2.2" });
    expect(memory.get("KUBE-SEP-BWNLGIFBNRCARXBY|10.244.1.5")).toEqual({
      ip: "10.244.2.2",
      port: 80,
      at: 1_000,
    });
    // No draw at all: the -m recent rule matches first.
    expect(evaluate(rules, fromPod, draws(), memory, 30_000)).toMatchObject({ ip: "10.244.2.2" });
    expect(evaluate(rules, fromPod, draws(), memory, 90_000)).toMatchObject({ ip: "10.244.2.2" });
    // Another client is balanced independently.
    expect(evaluate(rules, { ...fromPod, srcIP: "10.244.1.6" }, draws(0.1), memory, 90_000)).toMatchObject({
      ip: "10.244.1.10",
    });
    // 61 s after the last connection the entry is stale and reaped: a fresh draw.
    expect(evaluate(rules, fromPod, draws(0.1), memory, 151_001)).toMatchObject({ ip: "10.244.1.10" });
    expect(memory.has("KUBE-SEP-BWNLGIFBNRCARXBY|10.244.1.5")).toBe(false);
  });
});
