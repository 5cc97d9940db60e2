// The garbage collector on an instant cluster: driven by removals and by owner changes
// through the API server's index of dependents, without reading the types it is not told of.
import { describe, expect, it } from "vitest";
import { createObject } from "../apiserver/admit.js";
import { DEPENDENTS } from "../apiserver/indexes.js";
import { CONFIGMAPS, DEPLOYMENTS, PODS, REPLICASETS } from "../apiserver/resources.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { Cluster } from "../cluster/cluster.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z", KUBESIM_TIME_SCALE: "0" };

function cluster(): Cluster {
  const c = bootstrap({ name: "t", nodes: 2, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
  return new Cluster({ state: c.state, objects: c.objects }, ENV);
}

const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "c", image: "registry.k8s.io/pause:3.9" }] },
    },
  },
};

const cm = (name: string, owner?: { kind: string; name: string; uid: string }) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name,
    ...(owner ? { ownerReferences: [{ apiVersion: "v1", ...owner }] } : {}),
  },
});

describe("the garbage collector", () => {
  it("follows a removed owner to its dependents through the index, a level a pass", () => {
    const c = cluster();
    createObject(c, deployment, "default");
    c.advanceSync();
    const d = c.api.get(DEPLOYMENTS, "default", "web");
    const [rs] = c.api.list(REPLICASETS, "default");
    expect(c.api.indexKeys(DEPENDENTS, d?.metadata.uid ?? "")).toEqual([
      `replicasets/default/${rs.metadata.name}`,
    ]);
    expect(c.api.indexKeys(DEPENDENTS, rs.metadata.uid ?? "")).toHaveLength(2);
    c.api.remove(d as never);
    c.advanceSync();
    expect(c.api.list(REPLICASETS, "default")).toHaveLength(0);
    // the pods go through their grace period
    expect(c.api.list(PODS, "default").every((p) => p.metadata.deletionTimestamp)).toBe(true);
  });

  it("collects an object written naming only owners that are gone, and keeps one whose owner is there", () => {
    const c = cluster();
    const owner = createObject(c, cm("owner"), "default");
    c.advanceSync();
    const uid = owner.metadata.uid ?? "";
    createObject(c, cm("kept", { kind: "ConfigMap", name: "owner", uid }), "default");
    createObject(c, cm("dangling", { kind: "ConfigMap", name: "owner", uid: "not-the-owner" }), "default");
    createObject(c, cm("nameless", { kind: "ConfigMap", name: "gone", uid }), "default");
    c.advanceSync();
    expect(c.api.list(CONFIGMAPS, "default").map((o) => o.metadata.name)).toEqual([
      "kept",
      "kube-root-ca.crt",
      "owner",
    ]);
    c.api.remove(owner);
    c.advanceSync();
    expect(c.api.list(CONFIGMAPS, "default").map((o) => o.metadata.name)).toEqual(["kube-root-ca.crt"]);
  });
});
