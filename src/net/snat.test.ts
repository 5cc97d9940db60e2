import { describe, expect, it } from "vitest";
import { gatewayOf, seenSource } from "./snat.js";

const nodes = [
  { name: "cp", ip: "172.18.0.2", podCIDR: "10.244.0.0/24" },
  { name: "w1", ip: "172.18.0.3", podCIDR: "10.244.1.0/24" },
  { name: "w2", ip: "172.18.0.4", podCIDR: "10.244.2.0/24" },
];
const named = (name: string) => nodes.find((n) => n.name === name);
const ext = { chain: "KUBE-EXT-X", comment: "masquerade traffic for default/web external destinations" };

describe("the source a destination sees", () => {
  it("takes the gateway of a node's pod CIDR as the veth's address", () => {
    expect(gatewayOf("10.244.2.0/24")).toBe("10.244.2.1");
  });

  it("masquerades to the receiving node's eth0 address when the pod is on another node", () => {
    const r = seenSource(named, "172.18.0.1", { node: "w1", pod: true }, { node: "w2", by: ext });
    expect(r.ip).toBe("172.18.0.4");
    expect(r.hop).toEqual({
      kind: "snat",
      node: "w2",
      from: "172.18.0.1",
      to: "172.18.0.4",
      device: "eth0",
      by: ext,
    });
  });

  it("masquerades to the gateway on the pod's veth when the pod is on the receiving node", () => {
    const r = seenSource(named, "172.18.0.1", { node: "w1", pod: true }, { node: "w1", by: ext });
    expect(r.ip).toBe("10.244.1.1");
    expect(r.hop?.device).toBe("veth");
  });

  it("keeps the client's address without a masquerade (Local policy, pod to ClusterIP)", () => {
    expect(seenSource(named, "172.18.0.1", { node: "w1", pod: true })).toEqual({ ip: "172.18.0.1" });
    expect(seenSource(named, "10.244.2.5", { node: "w1", pod: true })).toEqual({ ip: "10.244.2.5" });
  });

  it("masquerades a hairpin (a pod reaching itself through its Service) to its node's gateway", () => {
    const hairpin = { node: "w1", by: { chain: "KUBE-SEP-Y", comment: "default/web" } };
    expect(seenSource(named, "10.244.1.7", { node: "w1", pod: true }, hairpin).ip).toBe("10.244.1.1");
  });

  it("shows no step when the masquerade leaves the address as it was (a node to a ClusterIP)", () => {
    expect(seenSource(named, "172.18.0.3", { node: "w2", pod: true }, { node: "w1", by: ext })).toEqual({
      ip: "172.18.0.3",
    });
  });

  it("does not SNAT what the masquerading node delivers to itself", () => {
    expect(seenSource(named, "172.18.0.1", { node: "w1", pod: false }, { node: "w1" })).toEqual({
      ip: "172.18.0.1",
    });
  });

  it("gives a node's own traffic to a local pod the gateway as its source (route source selection)", () => {
    expect(seenSource(named, "172.18.0.3", { node: "w1", pod: true }, undefined, "w1")).toEqual({
      ip: "10.244.1.1",
    });
    expect(seenSource(named, "172.18.0.3", { node: "w2", pod: true }, undefined, "w1")).toEqual({
      ip: "172.18.0.3",
    });
  });
});
