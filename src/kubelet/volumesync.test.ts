// The kubelet's copies of API-filled volumes: items and modes, optional sources, the SetUp
// errors, and an edited ConfigMap reaching the files only on the pod's next sync.

import { describe, expect, it } from "vitest";
import type { KObject, Pod } from "../api/types.js";
import { createObject } from "../apiserver/admit.js";
import { CONFIGMAPS, PODS } from "../apiserver/resources.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { Cluster } from "../cluster/cluster.js";
import { mountBackoffMs } from "./mountfail.js";
import { volumePayload } from "./projected.js";
import { podRecord, volumeState } from "./volumerecords.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z" };

function cluster(): Cluster {
  const c = bootstrap({ name: "t", nodes: 2, seed: 1, timeScale: 1, loadBalancer: false }, ENV);
  return new Cluster({ state: c.state, objects: c.objects }, ENV);
}

const cm = (name: string, data: Record<string, string>) =>
  ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data }) as unknown as KObject;

function pod(c: Cluster, volumes: unknown[]): Pod {
  const raw = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", labels: { b: "2", a: "1" } },
    spec: { containers: [{ name: "c", image: "busybox" }], volumes },
  } as unknown as KObject;
  createObject(c, raw, "default");
  return c.api.get(PODS, "default", "p") as Pod;
}

describe("volumePayload", () => {
  it("places items at their paths with the item's mode or the defaultMode", () => {
    const c = cluster();
    createObject(c, cm("s", { color: "blue", size: "L" }), "default");
    const v = {
      name: "v",
      configMap: {
        name: "s",
        defaultMode: 0o400,
        items: [
          { key: "color", path: "a/c" },
          { key: "size", path: "z", mode: 0o600 },
        ],
      },
    };
    expect(volumePayload(c, pod(c, [v]), v, c.t)).toEqual({
      files: { "a/c": { data: "blue", mode: 0o400 }, z: { data: "L", mode: 0o600 } },
    });
  });

  it("gives the plugins' errors, and nothing for what is optional", () => {
    const c = cluster();
    createObject(c, cm("s", { color: "blue" }), "default");
    const missing = { name: "m", configMap: { name: "nope" } };
    const badKey = { name: "k", configMap: { name: "s", items: [{ key: "x", path: "x" }] } };
    const optional = { name: "o", secret: { secretName: "nope", optional: true } };
    const p = pod(c, [missing, badKey, optional]);
    expect(volumePayload(c, p, missing, c.t)).toEqual({ error: 'configmap "nope" not found' });
    expect(volumePayload(c, p, badKey, c.t)).toEqual({
      error: "configmap references non-existent config key: x",
    });
    expect(volumePayload(c, p, optional, c.t)).toEqual({ files: {} });
  });

  it('writes labels as sorted key="value" lines without a last newline', () => {
    const c = cluster();
    const v = {
      name: "d",
      downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] },
    };
    expect(volumePayload(c, pod(c, [v]), v, c.t)).toEqual({
      files: { labels: { data: 'a="1"\nb="2"', mode: 0o644 } },
    });
  });
});

describe("FailedMount back-off", () => {
  it("doubles from 500 ms to at most 2 min 2 s", () => {
    expect([0, 1, 2, 3, 8, 9, 20].map(mountBackoffMs)).toEqual([
      500, 1000, 2000, 4000, 122_000, 122_000, 122_000,
    ]);
  });
});

describe("ConfigMap updates", () => {
  it("reach a running pod's volume on its next sync, not at once and within 90 s", async () => {
    const c = cluster();
    createObject(c, cm("page", { "index.html": "v1" }), "default");
    pod(c, [{ name: "html", configMap: { name: "page" } }]);
    await c.advance();
    c.state.clock.offsetMs += 30_000;
    await c.advance();
    const read = () => {
      const p = c.api.get(PODS, "default", "p") as Pod;
      const snap = podRecord(c, p.metadata.uid)?.vols.html;
      return volumeState(c).blobs[snap?.files["index.html"]?.h ?? ""];
    };
    expect(read()).toBe("v1");
    const page = c.api.get(CONFIGMAPS, "default", "page");
    if (!page) throw new Error("no ConfigMap");
    c.api.put({ ...page, data: { "index.html": "v2" } });
    await c.advance();
    expect(read()).toBe("v1");
    c.state.clock.offsetMs += 91_000;
    await c.advance();
    expect(read()).toBe("v2");
  });
});
