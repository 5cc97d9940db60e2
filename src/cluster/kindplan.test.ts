import { describe, expect, it } from "vitest";
import { nodePodCIDR } from "../util/subnets.js";
import { hostPortsOf, kindNodeNames, mappingListensOn, planNodes } from "./kindplan.js";

describe("kind's node plan", () => {
  it("names nodes per role in config order, as kind's node namer does", () => {
    expect(kindNodeNames("lab", ["control-plane", "worker", "control-plane", "worker", "worker"])).toEqual([
      "lab-control-plane",
      "lab-worker",
      "lab-control-plane2",
      "lab-worker2",
      "lab-worker3",
    ]);
  });

  it("registers the first control plane, then the other control planes, then the workers", () => {
    const plan = planNodes("k", [{ role: "worker" }, { role: "control-plane" }, { role: "control-plane" }]);
    expect(plan.map((p) => [p.name, p.index, p.cidrIndex])).toEqual([
      ["k-control-plane", 1, 0],
      ["k-control-plane2", 2, 1],
      ["k-worker", 0, 2],
    ]);
    expect(nodePodCIDR("10.100.0.0/16", 2)).toBe("10.100.2.0/24");
  });

  it("labels nodes from `labels` and from node-labels in the kubeadm patch for their kind of join", () => {
    const init =
      'kind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    node-labels: "ingress-ready=true"\n';
    const join =
      "kind: JoinConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n  - name: node-labels\n    value: zone=a,disk=ssd\n";
    const plan = planNodes(
      "k",
      [
        { role: "control-plane", kubeadmConfigPatches: [init, join] },
        { role: "worker", kubeadmConfigPatches: [init, join], labels: { disk: "hdd" } },
      ],
      [],
    );
    expect(plan[0].labels).toEqual({ "ingress-ready": "true" });
    expect(plan[1].labels).toEqual({ zone: "a", disk: "hdd" });
  });

  it("publishes host ports on their node, TCP on every address unless told otherwise", () => {
    const [a, b] = hostPortsOf(
      ["k-control-plane"],
      [
        {
          extraPortMappings: [
            { containerPort: 80, hostPort: 80 },
            { containerPort: 53, hostPort: 5353, listenAddress: "127.0.0.1", protocol: "UDP" },
          ],
        },
      ],
      () => 40000,
    );
    expect(a).toEqual({
      node: "k-control-plane",
      hostPort: 80,
      containerPort: 80,
      listenAddress: "0.0.0.0",
      protocol: "TCP",
    });
    expect(mappingListensOn(a, "::1")).toBe(true);
    expect(mappingListensOn(b, "127.0.0.1")).toBe(true);
    expect(mappingListensOn(b, "::1")).toBe(false);
  });
});
