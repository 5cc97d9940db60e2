// The StatefulSet controller on an instant cluster: ordinal names and identity, claims,
// revisions, scale-down from the top, and a rolling update that stops at the partition.
import { describe, expect, it } from "vitest";
import type { Pod } from "../api/types.js";
import { createObject, updateObject } from "../apiserver/admit.js";
import { CONTROLLERREVISIONS, PODS, PVCS, STATEFULSETS } from "../apiserver/resources.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { Cluster } from "../cluster/cluster.js";
import { runControllers } from "./manager.js";
import { goJson, hashRevision } from "./revisions.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z", KUBESIM_TIME_SCALE: "0" };

function cluster(): Cluster {
  const c = bootstrap({ name: "t", nodes: 3, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
  return new Cluster({ state: c.state, objects: c.objects }, ENV);
}

const manifest = (replicas: number, policy = "OrderedReady") => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "web" },
  spec: {
    replicas,
    serviceName: "nginx",
    podManagementPolicy: policy,
    selector: { matchLabels: { app: "nginx" } },
    template: {
      metadata: { labels: { app: "nginx" } },
      spec: { containers: [{ name: "pause", image: "registry.k8s.io/pause:3.9" }] },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: "www" },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
      },
    ],
  },
});

const pods = (c: Cluster): Pod[] => c.api.list(PODS, "default").filter((p) => !p.metadata.deletionTimestamp);

describe("the StatefulSet controller", () => {
  it("creates NAME-0..N-1 with their identity, labels and claims", () => {
    const c = cluster();
    createObject(c, manifest(3), "default");
    c.advanceSync();
    const ps = pods(c);
    expect(ps.map((p) => p.metadata.name)).toEqual(["web-0", "web-1", "web-2"]);
    const rev = c.api.list(CONTROLLERREVISIONS, "default");
    expect(rev.map((r) => r.revision)).toEqual([1]);
    const p1 = ps[1];
    expect(p1.spec).toMatchObject({ hostname: "web-1", subdomain: "nginx" });
    expect(p1.metadata.labels).toEqual({
      app: "nginx",
      "apps.kubernetes.io/pod-index": "1",
      "controller-revision-hash": rev[0].metadata.name,
      "statefulset.kubernetes.io/pod-name": "web-1",
    });
    expect(p1.spec.volumes?.find((v) => v.name === "www")).toEqual({
      name: "www",
      persistentVolumeClaim: { claimName: "www-web-1" },
    });
    expect(c.api.list(PVCS, "default").map((p) => p.metadata.name)).toEqual([
      "www-web-0",
      "www-web-1",
      "www-web-2",
    ]);
    const sts = c.api.get(STATEFULSETS, "default", "web");
    expect(sts?.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
    });
  });

  it("scales down from the highest ordinal and keeps the claims", () => {
    const c = cluster();
    createObject(c, manifest(3), "default");
    c.advanceSync();
    const sts = c.api.get(STATEFULSETS, "default", "web");
    if (!sts) throw new Error("no sts");
    const next = structuredClone(sts);
    next.spec.replicas = 1;
    updateObject(c, next, sts);
    c.advanceSync();
    expect(pods(c).map((p) => p.metadata.name)).toEqual(["web-0"]);
    expect(c.api.list(PVCS, "default")).toHaveLength(3);
  });

  it("updates only the ordinals at or above the partition", () => {
    const c = cluster();
    createObject(c, manifest(3), "default");
    c.advanceSync();
    const sts = c.api.get(STATEFULSETS, "default", "web");
    if (!sts) throw new Error("no sts");
    const next = structuredClone(sts);
    next.spec.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: 1 } };
    next.spec.template.spec!.containers[0].image = "registry.k8s.io/pause:3.10";
    updateObject(c, next, sts);
    c.advanceSync();
    expect(pods(c).map((p) => p.spec.containers[0].image)).toEqual([
      "registry.k8s.io/pause:3.9",
      "registry.k8s.io/pause:3.10",
      "registry.k8s.io/pause:3.10",
    ]);
    expect(
      c.api
        .list(CONTROLLERREVISIONS, "default")
        .map((r) => r.revision)
        .sort(),
    ).toEqual([1, 2]);
  });
});

describe("pod management", () => {
  it("OrderedReady creates one pod at a time; Parallel creates them all in one pass", () => {
    for (const [policy, first] of [
      ["OrderedReady", ["web-0"]],
      ["Parallel", ["web-0", "web-1", "web-2"]],
    ] as const) {
      const c = cluster();
      createObject(c, manifest(3, policy), "default");
      // One controller pass, before any kubelet has started a container.
      runControllers(c.controllers);
      expect(pods(c).map((p) => p.metadata.name)).toEqual(first);
    }
  });
});

describe("ControllerRevision hashes", () => {
  it("marshal as Go's json.Marshal of a map and hash with FNV-1", () => {
    expect(goJson({ b: 1, a: ["<x>", null] })).toBe('{"a":["\\u003cx\\u003e",null],"b":1}');
    // FNV-1 32 of the empty data and collision count 0 ("{}0").
    expect(hashRevision({}, 0)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});
