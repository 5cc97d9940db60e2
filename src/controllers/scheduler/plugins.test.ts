import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../../api/types.js";
import { interPodReason } from "./interpod.js";
import {
  nodeAffinityAllows,
  nodeAffinityScore,
  preFilterNodeNames,
  requirementMatches,
} from "./nodeaffinity.js";
import { capacityOf, podRequests, shortfall } from "./resources.js";
import { Snapshot } from "./snapshot.js";
import { spreadCount, spreadReason } from "./spread.js";
import { preferNoScheduleCount, toleratesTaint, untoleratedTaint } from "./taints.js";

function node(name: string, labels: Record<string, string> = {}): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, uid: `uid-${name}`, labels: { "kubernetes.io/hostname": name, ...labels } },
    spec: {},
    status: { allocatable: { cpu: "8", memory: "16318208Ki", pods: "110" } },
  } as Node;
}

function pod(name: string, spec: Partial<Pod["spec"]> = {}, labels: Record<string, string> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: `uid-${name}`, labels },
    spec: { containers: [{ name: "c", image: "nginx" }], ...spec },
  } as Pod;
}

describe("taints", () => {
  it("matches tolerations as ToleratesTaint does", () => {
    const t = { key: "k", value: "v", effect: "NoSchedule" as const };
    expect(toleratesTaint({ key: "k", operator: "Equal", value: "v" }, t)).toBe(true);
    expect(toleratesTaint({ key: "k", value: "w" }, t)).toBe(false);
    expect(toleratesTaint({ operator: "Exists" }, t)).toBe(true);
    expect(toleratesTaint({ key: "k", operator: "Exists", effect: "NoExecute" }, t)).toBe(false);
    expect(untoleratedTaint([], [{ key: "a", effect: "PreferNoSchedule" }], ["NoSchedule"])).toBeUndefined();
    expect(preferNoScheduleCount([], [{ key: "a", effect: "PreferNoSchedule" }])).toBe(1);
  });
});

describe("node affinity", () => {
  it("compares Gt and Lt as integers and never matches a missing or non-numeric label", () => {
    expect(requirementMatches({ key: "g", operator: "Gt", values: ["3"] }, "10")).toBe(true);
    expect(requirementMatches({ key: "g", operator: "Lt", values: ["3"] }, "10")).toBe(false);
    expect(requirementMatches({ key: "g", operator: "Gt", values: ["3"] }, "x")).toBe(false);
    expect(requirementMatches({ key: "g", operator: "Gt", values: ["3"] }, undefined)).toBe(false);
    expect(requirementMatches({ key: "g", operator: "DoesNotExist" }, undefined)).toBe(true);
  });

  it("wants the nodeSelector and one required term", () => {
    const p = pod("p", {
      nodeSelector: { disk: "ssd" },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }],
          },
        },
      },
    });
    expect(nodeAffinityAllows(p, node("n", { disk: "ssd", zone: "b" }))).toBe(true);
    expect(nodeAffinityAllows(p, node("n", { disk: "ssd", zone: "a" }))).toBe(false);
    expect(nodeAffinityAllows(p, node("n", { zone: "b" }))).toBe(false);
  });
});

describe("resources", () => {
  it("reports cpu and memory beyond allocatable", () => {
    const p = pod("p", {
      containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "100", memory: "100Gi" } } }],
    });
    const snap = new Snapshot([node("n")], new Map());
    expect(shortfall(podRequests(p), capacityOf(node("n")), snap.loadOf(node("n")))).toEqual([
      "Insufficient cpu",
      "Insufficient memory",
    ]);
  });
});

describe("inter-pod affinity and topology spread", () => {
  const anti = {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { app: "a" } }, topologyKey: "kubernetes.io/hostname" },
      ],
    },
  };

  it("keeps anti-affine pods apart and lets the first of an affine group start", () => {
    const [n1, n2] = [node("n1"), node("n2")];
    const snap = new Snapshot([n1, n2], new Map());
    snap.add(pod("old", { nodeName: "n1", affinity: anti }, { app: "a" }));
    const next = pod("new", { affinity: anti }, { app: "a" });
    expect(interPodReason(next, n1, snap)).toBe("node(s) didn't match pod anti-affinity rules");
    expect(interPodReason(next, n2, snap)).toBeUndefined();
    // A pod the old one's anti-affinity selects, without a term of its own.
    expect(interPodReason(pod("plain", {}, { app: "a" }), n1, snap)).toBe(
      "node(s) didn't satisfy existing pods anti-affinity rules",
    );
    const affine = pod(
      "first",
      {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: "b" } }, topologyKey: "kubernetes.io/hostname" },
            ],
          },
        },
      },
      { app: "b" },
    );
    expect(interPodReason(affine, n2, snap)).toBeUndefined();
    // Once a pod of the group runs, the next must share its node.
    snap.add({
      ...affine,
      metadata: { ...affine.metadata, name: "b1", uid: "b1" },
      spec: { ...affine.spec, nodeName: "n1" },
    });
    expect(interPodReason(affine, n1, snap)).toBeUndefined();
    expect(interPodReason(affine, n2, snap)).toBe("node(s) didn't match pod affinity rules");
  });

  it("refuses a node that would skew a DoNotSchedule constraint past maxSkew", () => {
    const [n1, n2] = [node("n1"), node("n2")];
    const snap = new Snapshot([n1, n2], new Map());
    snap.add(pod("a1", { nodeName: "n1" }, { app: "s" }));
    const p = pod(
      "a2",
      {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "DoNotSchedule",
            labelSelector: { matchLabels: { app: "s" } },
          },
        ],
      },
      { app: "s" },
    );
    expect(spreadReason(p, n1, snap)).toBe("node(s) didn't match pod topology spread constraints");
    expect(spreadReason(p, n2, snap)).toBeUndefined();
    expect(spreadReason(p, node("bare", {}), snap)).toBeUndefined();
    const noKey = { ...node("x"), metadata: { name: "x", uid: "x", labels: {} } } as Node;
    expect(spreadReason(p, noKey, snap)).toBe(
      "node(s) didn't match pod topology spread constraints (missing required label)",
    );
  });
});

describe("scores", () => {
  it("adds the weights of the preferred node terms a node matches", () => {
    const p = pod("p", {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 10,
              preference: { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] },
            },
            { weight: 5, preference: { matchExpressions: [{ key: "gpu", operator: "Exists" }] } },
          ],
        },
      },
    });
    expect(nodeAffinityScore(p, node("n", { disk: "ssd", gpu: "1" }))).toBe(15);
    expect(nodeAffinityScore(p, node("n", { disk: "hdd" }))).toBe(0);
  });

  it("counts matching pods per domain for ScheduleAnyway constraints", () => {
    const [n1, n2] = [node("n1"), node("n2")];
    const snap = new Snapshot([n1, n2], new Map());
    snap.add(pod("a1", { nodeName: "n1" }, { app: "s" }));
    const p = pod(
      "a2",
      {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: { app: "s" } },
          },
        ],
      },
      { app: "s" },
    );
    expect([spreadCount(p, n1, snap), spreadCount(p, n2, snap)]).toEqual([1, 0]);
    expect(spreadReason(p, n1, snap)).toBeUndefined();
  });

  it("narrows a pod pinned by metadata.name to its node (PreFilter)", () => {
    const pinned = pod("d", {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n2"] }] }],
          },
        },
      },
    });
    expect(preFilterNodeNames(pinned)).toEqual(new Set(["n2"]));
    expect(preFilterNodeNames(pod("free"))).toBeUndefined();
  });
});
