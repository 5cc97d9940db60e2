import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../../api/types.js";
import { PassNodes } from "./pass.js";
import { capacityOf, emptyLoad, shortfall } from "./resources.js";

function node(
  name: string,
  extra: { ready?: boolean; taints?: Node["spec"]["taints"]; zone?: string } = {},
): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      uid: `uid-${name}`,
      labels: { "kubernetes.io/hostname": name, ...(extra.zone ? { zone: extra.zone } : {}) },
    },
    spec: { taints: extra.taints },
    status: {
      allocatable: { cpu: "2", memory: "1Gi", pods: "3" },
      conditions: [{ type: "Ready", status: extra.ready === false ? "False" : "True" }],
    },
  } as Node;
}

function pod(name: string, spec: Partial<Pod["spec"]> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: `uid-${name}` },
    spec: { containers: [{ name: "c", image: "nginx" }], ...spec },
  } as Pod;
}

const nodes = [
  node("ready"),
  node("down", { ready: false }),
  node("tainted", { taints: [{ key: "gpu", value: "yes", effect: "NoSchedule" }] }),
  node("east", { zone: "east" }),
];

describe("a pass's static filters", () => {
  it("gives each node the verdict of readiness, taints and node affinity, in that order", () => {
    const pass = new PassNodes(nodes);
    const v = pass.forPod(pod("p", { nodeSelector: { zone: "east" } }));
    expect(nodes.map((_, i) => v(i)?.reasons)).toEqual([
      ["node(s) didn't match Pod's node affinity/selector"],
      ["node(s) were not ready"],
      ["node(s) had untolerated taint {gpu: yes}"],
      undefined,
    ]);
  });

  it("keeps verdicts per pod spec: a pod that tolerates the taint is not given another's verdict", () => {
    const pass = new PassNodes(nodes);
    const plain = pass.forPod(pod("a"));
    expect(plain(2)?.reasons).toEqual(["node(s) had untolerated taint {gpu: yes}"]);
    const tolerant = pass.forPod(pod("b", { tolerations: [{ key: "gpu", operator: "Exists" }] }));
    expect(tolerant(2)).toBeUndefined();
    // A second pod of the first one's template gets the same answers.
    expect(pass.forPod(pod("c"))(2)?.reasons).toEqual(["node(s) had untolerated taint {gpu: yes}"]);
  });

  it("notes whether any node has a PreferNoSchedule taint (the only taint that scores)", () => {
    expect(new PassNodes(nodes).anyPreferTaints).toBe(false);
    const soft = node("soft", { taints: [{ key: "k", effect: "PreferNoSchedule" }] });
    expect(new PassNodes([...nodes, soft]).anyPreferTaints).toBe(true);
  });
});

describe("NodeResourcesFit's shortfall", () => {
  it("lists pods, cpu and memory in that order, and nothing when the pod fits", () => {
    const cap = capacityOf(nodes[0]);
    expect(cap).toEqual({ pods: 3, cpu: 2000, memory: 1024 ** 3 });
    const load = emptyLoad();
    expect(shortfall({ cpu: 500, memory: 0 }, cap, load)).toEqual([]);
    load.pods = 3;
    load.requested.cpu = 1800;
    load.requested.memory = 1024 ** 3;
    expect(shortfall({ cpu: 500, memory: 1 }, cap, load)).toEqual([
      "Too many pods",
      "Insufficient cpu",
      "Insufficient memory",
    ]);
    // A pod that asks for nothing is short only of pod slots.
    expect(shortfall({ cpu: 0, memory: 0 }, cap, load)).toEqual(["Too many pods"]);
  });
});
