// The namespace controller reads nothing while no namespace terminates, and only what is in
// a terminating namespace once it has listed it.
import { describe, expect, it } from "vitest";
import { createObject } from "../apiserver/admit.js";
import { CONFIGMAPS, NAMESPACES, PODS } from "../apiserver/resources.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { Cluster } from "../cluster/cluster.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z", KUBESIM_TIME_SCALE: "0" };

function cluster(): Cluster {
  const c = bootstrap({ name: "t", nodes: 1, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
  return new Cluster({ state: c.state, objects: c.objects }, ENV);
}

const pod = (name: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "c", image: "registry.k8s.io/pause:3.9" }] },
});

describe("the namespace controller", () => {
  it("empties a terminating namespace from its list of what is in it, then removes it", () => {
    const c = cluster();
    createObject(c, { apiVersion: "v1", kind: "Namespace", metadata: { name: "lab" } }, "");
    c.advanceSync();
    createObject(c, pod("a"), "lab");
    createObject(c, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" } }, "lab");
    c.advanceSync();
    expect(c.state.namespaceCleanup).toBeUndefined();
    const ns = c.api.get(NAMESPACES, undefined, "lab");
    if (!ns) throw new Error("no namespace");
    ns.metadata.deletionTimestamp = "2026-11-27T10:00:00Z";
    c.api.put(ns);
    c.advanceSync();
    expect(c.api.list(CONFIGMAPS, "lab")).toHaveLength(0);
    expect(c.api.list(PODS, "lab")).toHaveLength(0);
    expect(c.api.get(NAMESPACES, undefined, "lab")).toBeUndefined();
    expect(c.state.namespaceCleanup).toBeUndefined();
  });
});
