// The scheduler's node-load cache follows pods joining and leaving a node without
// recomputing the node from all its pods, and agrees with a computation from scratch.
import { describe, expect, it } from "vitest";
import { createObject } from "../../apiserver/admit.js";
import { holdingValue, POD_NODE } from "../../apiserver/indexes.js";
import { NODES, PODS } from "../../apiserver/resources.js";
import { bootstrap } from "../../cluster/bootstrap.js";
import { Cluster } from "../../cluster/cluster.js";
import { NODE_LOAD_KEYS, NODE_LOAD_TABLE, NODE_LOADS, nodeLoads } from "./nodeloads.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z", KUBESIM_TIME_SCALE: "0" };

const pod = (name: string, cpu: string, hostPort?: number) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: {
    nodeName: "t-worker",
    containers: [
      {
        name: "c",
        image: "registry.k8s.io/pause:3.9",
        resources: { requests: { cpu, memory: "64Mi" } },
        ...(hostPort ? { ports: [{ containerPort: 80, hostPort }] } : {}),
      },
    ],
  },
});

describe("the node-load cache", () => {
  it("adds the pods that joined and takes off those that left", () => {
    const b = bootstrap({ name: "t", nodes: 2, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
    const c = new Cluster({ state: b.state, objects: b.objects }, ENV);
    createObject(c, pod("a", "100m", 8080), "default");
    createObject(c, pod("b", "250m"), "default");
    c.advanceSync();
    const nodes = c.api.all(NODES).filter((n) => n.metadata.name === "t-worker");
    const ctx = c.controllers;
    const before = nodeLoads(ctx, nodes).get("t-worker");
    expect(before?.ports).toHaveLength(1);
    c.api.remove(c.api.get(PODS, "default", "a") as never);
    createObject(c, pod("d", "50m", 9090), "default");
    c.advanceSync();
    const after = nodeLoads(ctx, nodes).get("t-worker");
    // the same as from scratch
    c.api.objects.bucket(NODE_LOADS).delete("t-worker");
    c.api.objects.bucket(NODE_LOAD_TABLE).delete("loads");
    const fresh = nodeLoads(ctx, nodes).get("t-worker");
    expect(after).toEqual(fresh);
    expect(after?.requested.cpu).toBe((before?.requested.cpu ?? 0) - 50);
    expect(after?.ports.map((p) => p.port)).toEqual([9090]);
    // The entry keeps its load; the pods it was computed from are kept apart.
    expect(c.api.objects.bucket(NODE_LOADS).get("t-worker")).not.toHaveProperty("keys");
    const keys = (c.api.objects.bucket(NODE_LOAD_KEYS).get("t-worker") as unknown as { keys: string[] }).keys;
    expect(keys.filter((k) => k.startsWith("default/"))).toEqual(["default/b", "default/d"]);
  });

  it("reads an entry that holds its keys inline, as before they were kept apart, and moves them", () => {
    const b = bootstrap({ name: "t", nodes: 2, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
    const c = new Cluster({ state: b.state, objects: b.objects }, ENV);
    createObject(c, pod("a", "100m", 8080), "default");
    c.advanceSync();
    const nodes = c.api.all(NODES).filter((n) => n.metadata.name === "t-worker");
    const ctx = c.controllers;
    const first = nodeLoads(ctx, nodes).get("t-worker");
    const loads = c.api.objects.bucket(NODE_LOADS);
    const keyed = c.api.objects.bucket(NODE_LOAD_KEYS);
    const { keys } = keyed.get("t-worker") as unknown as { keys: string[] };
    loads.set("t-worker", { ...(loads.get("t-worker") as object), keys, stamp: 0 } as never);
    keyed.delete("t-worker");
    createObject(c, pod("b", "250m"), "default");
    c.advanceSync();
    const after = nodeLoads(ctx, nodes).get("t-worker");
    expect(after?.requested.cpu).toBe((first?.requested.cpu ?? 0) + 250);
    expect(loads.get("t-worker")).not.toHaveProperty("keys");
    const now = (keyed.get("t-worker") as unknown as { keys: string[] }).keys;
    expect(now.filter((k) => k.startsWith("default/"))).toEqual(["default/a", "default/b"]);
  });

  it("learns of the pods the scheduler places in the pass that places them", () => {
    const b = bootstrap({ name: "t", nodes: 2, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
    const c = new Cluster({ state: b.state, objects: b.objects }, ENV);
    createObject(c, pod("a", "100m"), "default");
    c.advanceSync();
    // A pod without a node: the scheduler places it on the only worker.
    const { nodeName: _, ...spec } = pod("b", "250m").spec;
    createObject(c, { ...pod("b", "250m"), spec }, "default");
    c.advanceSync();
    expect(c.api.get(PODS, "default", "b")?.spec.nodeName).toBe("t-worker");
    const keyed = c.api.objects.bucket(NODE_LOAD_KEYS);
    const { keys } = keyed.get("t-worker") as unknown as { keys: string[] };
    expect(keys.filter((k) => k.startsWith("default/"))).toEqual(["default/a", "default/b"]);
    // Its stamp is the index's now: the next pass reads no pod of the node.
    const entry = c.api.objects.bucket(NODE_LOADS).get("t-worker") as unknown as { stamp: number };
    expect(entry.stamp).toBe(c.api.indexStamp(POD_NODE, holdingValue("t-worker")));
  });

  it("answers from the one-record table while the node's stamp holds, and not after", () => {
    const b = bootstrap({ name: "t", nodes: 2, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
    const c = new Cluster({ state: b.state, objects: b.objects }, ENV);
    createObject(c, pod("a", "100m", 8080), "default");
    c.advanceSync();
    const nodes = c.api.all(NODES).filter((n) => n.metadata.name === "t-worker");
    const first = nodeLoads(c.controllers, nodes).get("t-worker");
    const table = c.api.objects.bucket(NODE_LOAD_TABLE).get("loads") as unknown as {
      rows: Record<string, unknown[]>;
    };
    expect(table.rows["t-worker"][0]).toBe(c.api.indexStamp(POD_NODE, holdingValue("t-worker")));
    // Without the node's entry, the table still answers: the pass reads no entry.
    c.api.objects.bucket(NODE_LOADS).delete("t-worker");
    expect(nodeLoads(c.controllers, nodes).get("t-worker")).toEqual(first);
    // What the caller changes is its own copy.
    const copy = nodeLoads(c.controllers, nodes).get("t-worker");
    copy?.ports.push({ ip: "0.0.0.0", protocol: "TCP", port: 1 });
    expect(nodeLoads(c.controllers, nodes).get("t-worker")).toEqual(first);
    // A pod joins: the stamp moves and the load is worked out again.
    createObject(c, pod("b", "250m"), "default");
    c.advanceSync();
    expect(nodeLoads(c.controllers, nodes).get("t-worker")?.requested.cpu).toBe(
      (first?.requested.cpu ?? 0) + 250,
    );
  });
});
