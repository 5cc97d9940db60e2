// The data plane's address plan reads the nodes a packet's path needs, not every node: a
// curl on a 1,001-node cluster read and parsed them all twice (its vantage and the proxy's
// input), some 30 ms of the command.
import { describe, expect, it, vi } from "vitest";
import { NODES } from "../apiserver/resources.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { Cluster } from "../cluster/cluster.js";
import { Topology } from "./topology.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z", KUBESIM_TIME_SCALE: "0" };

function cluster(): Cluster {
  const b = bootstrap({ name: "t", nodes: 3, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
  return new Cluster({ state: b.state, objects: b.objects }, ENV);
}

describe("the topology", () => {
  it("finds a node by name, the first node and a Service's address without listing the nodes", () => {
    const c = cluster();
    const worker = c.api.get(NODES, undefined, "t-worker");
    const list = vi.spyOn(c.api, "list");
    const topo = new Topology(c);
    expect(topo.first()?.name).toBe("t-control-plane");
    expect(topo.node("t-worker")).toEqual({
      name: "t-worker",
      ip: worker?.status?.addresses?.find((a) => a.type === "InternalIP")?.address,
      podCIDR: worker?.spec.podCIDR,
    });
    expect(topo.node("t-nope")).toBeUndefined();
    expect(topo.nodeByIP("10.96.0.1")).toBeUndefined();
    expect(topo.nodeByIP("10.244.1.9")).toBeUndefined();
    expect(list.mock.calls.filter(([r]) => r === NODES)).toEqual([]);
  });

  it("lists the nodes, in name order, for what needs them all", () => {
    const c = cluster();
    const topo = new Topology(c);
    const ip = topo.node("t-worker2")?.ip ?? "";
    expect(topo.nodeByIP(ip)?.name).toBe("t-worker2");
    expect(topo.nodes.map((n) => n.name)).toEqual(["t-control-plane", "t-worker", "t-worker2"]);
    expect(topo.position("t-worker2")).toBe(2);
    expect(topo.position("t-nope")).toBe(-1);
    // An address no pod holds is routed by the node CIDRs alone.
    const cidr = topo.node("t-worker")?.podCIDR ?? "";
    expect(topo.nodeForPodIP(cidr.replace(/0\/24$/, "77"))?.name).toBe("t-worker");
  });
});
