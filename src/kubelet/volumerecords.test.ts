// The kubelet's records outside meta.json: the volume copies' texts counted by reference, the
// index from a ConfigMap to the pods reading it, the set of pods with a rewrite due, the
// per-key accessors, and the move of an older state's sections into the buckets.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KObject, Pod } from "../api/types.js";
import { createObject } from "../apiserver/admit.js";
import { CONFIGMAPS, PODS, SERVICES } from "../apiserver/resources.js";
import { BUCKETS } from "../apiserver/storage.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { Cluster } from "../cluster/cluster.js";
import type { ClusterState } from "../cluster/state.js";
import { bucketFiles } from "../store/catalog-codec.js";
import { Store } from "../store/store.js";
import { nodeImages } from "./nodeimages.js";
import { indexedPodAt } from "./podips.js";
import { podRuntimeKeys, runtimeAt, runtimeEntry, runtimeOf } from "./runtime.js";
import { earliestDue, podRecord, podsReading, volumeState } from "./volumerecords.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z" };

function cluster(timeScale = 1): Cluster {
  const c = bootstrap({ name: "t", nodes: 2, seed: 1, timeScale, loadBalancer: false }, ENV);
  return new Cluster({ state: c.state, objects: c.objects }, ENV);
}

const cm = (name: string, data: Record<string, string>) =>
  ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data }) as unknown as KObject;

function addPod(c: Cluster, name: string, configMap: string): Pod {
  const raw = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      containers: [{ name: "c", image: "busybox", volumeMounts: [{ name: "html", mountPath: "/html" }] }],
      volumes: [{ name: "html", configMap: { name: configMap } }],
    },
  } as unknown as KObject;
  createObject(c, raw, "default");
  return c.api.get(PODS, "default", name) as Pod;
}

const textCount = (c: Cluster, text: string) => {
  const st = volumeState(c);
  const h = Object.keys(st.blobs).find((k) => st.blobs[k] === text);
  return h === undefined ? undefined : st.counts[h];
};

describe("volume copies", () => {
  it("count each text once per kept file, and drop it with the last copy", async () => {
    const c = cluster(0);
    createObject(c, cm("page", { "index.html": "shared page" }), "default");
    const a = addPod(c, "a", "page");
    const b = addPod(c, "b", "page");
    await c.advance();
    expect(textCount(c, "shared page")).toBe(2);
    c.api.remove(c.api.get(PODS, "default", "a") as Pod);
    await c.advance();
    expect(podRecord(c, a.metadata.uid)).toBeUndefined();
    expect(textCount(c, "shared page")).toBe(1);
    c.api.remove(c.api.get(PODS, "default", "b") as Pod);
    await c.advance();
    expect(podRecord(c, b.metadata.uid)).toBeUndefined();
    expect(textCount(c, "shared page")).toBeUndefined();
    // Every count names a text kept, and every text kept is counted.
    const st = volumeState(c);
    expect(Object.keys(st.counts).sort()).toEqual(Object.keys(st.blobs).sort());
  });

  it("index the pods under the ConfigMaps they read, and count the namespace CA's readers", async () => {
    const c = cluster(0);
    createObject(c, cm("page", { "index.html": "v1" }), "default");
    const a = addPod(c, "a", "page");
    await c.advance();
    expect(podsReading(c, "configmaps/default/page")).toEqual([a.metadata.uid]);
    expect(podRecord(c, a.metadata.uid)?.refs).toEqual([
      "configmaps/default/kube-root-ca.crt",
      "configmaps/default/page",
    ]);
    // The CA's index record holds a count; asking for its readers scans the namespace's records.
    expect(c.objects.bucket("volumerefs").get("configmaps/default/kube-root-ca.crt")).toEqual({ n: 1 });
    expect(podsReading(c, "configmaps/default/kube-root-ca.crt")).toEqual([a.metadata.uid]);
    expect(podsReading(c, "configmaps/other/page")).toEqual([]);
    c.api.remove(c.api.get(PODS, "default", "a") as Pod);
    await c.advance();
    expect(podsReading(c, "configmaps/default/page")).toEqual([]);
    expect(c.objects.bucket("volumerefs").get("configmaps/default/page")).toBeUndefined();
    expect(c.objects.bucket("volumerefs").get("configmaps/default/kube-root-ca.crt")).toBeUndefined();
  });

  it("keep only the pods with a rewrite pending in the due set", async () => {
    const c = cluster(1);
    createObject(c, cm("page", { "index.html": "v1" }), "default");
    const a = addPod(c, "a", "page");
    addPod(c, "b", "other-page-never-edited");
    createObject(c, cm("other-page-never-edited", { x: "1" }), "default");
    await c.advance();
    c.state.clock.offsetMs += 60_000;
    await c.advance();
    expect(volumeState(c).due).toEqual({});
    const page = c.api.get(CONFIGMAPS, "default", "page");
    c.api.put({ ...page!, data: { "index.html": "v2" } });
    await c.advance();
    const due = volumeState(c).due;
    expect(Object.keys(due)).toEqual([a.metadata.uid]);
    expect(earliestDue(c)).toBe(due[a.metadata.uid]);
    expect(c.kubelet.nextWake()).toBeLessThanOrEqual(due[a.metadata.uid]);
    c.state.clock.offsetMs += 91_000;
    await c.advance();
    expect(volumeState(c).due).toEqual({});
    const snap = podRecord(c, a.metadata.uid)?.vols.html;
    expect(volumeState(c).blobs[snap?.files["index.html"].h ?? ""]).toBe("v2");
    // The first files stay for subPath mounts, and their text with them.
    expect(volumeState(c).blobs[snap?.initial?.["index.html"].h ?? ""]).toBe("v1");
  });
});

describe("a change found without a scan of every pod", () => {
  it("reaches the pods reading the namespace CA, and a pod showing its own labels", async () => {
    const c = cluster(1);
    const a = addPod(c, "a", "page");
    createObject(c, cm("page", { "index.html": "v1" }), "default");
    const raw = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "d", labels: { v: "1" } },
      spec: {
        containers: [{ name: "c", image: "busybox" }],
        volumes: [
          {
            name: "info",
            downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] },
          },
        ],
      },
    } as unknown as KObject;
    createObject(c, raw, "default");
    await c.advance();
    c.state.clock.offsetMs += 60_000;
    await c.advance();
    const d = c.api.get(PODS, "default", "d") as Pod;
    expect(podRecord(c, d.metadata.uid)?.meta).toBe(true);
    c.api.put({ ...d, metadata: { ...d.metadata, labels: { v: "2" } } });
    await c.advance();
    expect(Object.keys(volumeState(c).due)).toEqual([d.metadata.uid]);
    const ca = c.api.get(CONFIGMAPS, "default", "kube-root-ca.crt");
    c.api.put({ ...ca!, data: { "ca.crt": "another CA" } });
    await c.advance();
    expect(Object.keys(volumeState(c).due).sort()).toEqual([a.metadata.uid, d.metadata.uid].sort());
  });
});

describe("runtime records", () => {
  it("are read per key, created and marked by writers, and a pod's keys share a shard", () => {
    const c = cluster(0);
    const pod = { metadata: { uid: "u-1", name: "p", namespace: "default" } } as unknown as Pod;
    expect(runtimeOf(c, pod, "web")).toEqual({});
    expect(runtimeAt(c, "u-1/web")).toBeUndefined();
    runtimeEntry(c, "u-1/web").installed = ["curl"];
    runtimeEntry(c, "u-1/side").aptUpdated = true;
    expect(runtimeOf(c, pod, "web")).toEqual({ installed: ["curl"] });
    expect(podRuntimeKeys(c, "u-1").sort()).toEqual(["u-1/side", "u-1/web"]);
    const b = c.objects.bucket("containerruntime");
    expect(b.shardOf("u-1/web")).toBe(b.shardOf("u-1/side"));
  });
});

describe("an older state", () => {
  let home: string;
  const env = () => ({ ...ENV, KUBESIM_HOME: home });
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-legacy-"));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  /** Puts the buckets' records back in meta.json, as a kubesim before them kept them. */
  function legacy(store: Store): void {
    const meta = store.metaFile("lab");
    const dir = path.dirname(meta);
    const state = JSON.parse(fs.readFileSync(meta, "utf8"));
    const records = (bucket: string): Record<string, Record<string, unknown>> => {
      const out = {};
      for (const f of bucketFiles(state.catalog, bucket))
        Object.assign(out, JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
      delete state.catalog[bucket];
      return out;
    };
    state.runtime = records("containerruntime");
    state.podIPs = Object.fromEntries(Object.entries(records("podips")).map(([ip, r]) => [ip, r.pod]));
    state.serviceSeq.byUid = Object.fromEntries(
      Object.entries(records("serviceseq")).map(([u, r]) => [u, r.n]),
    );
    state.images = Object.fromEntries(
      Object.entries(records("nodeimages")).map(([node, r]) => [node, r.images as string[]]),
    );
    const pods = records("podvolumes");
    records("volumerefs");
    // The oldest layout: no refs, and a nextDue instead of the due set.
    for (const p of Object.values(pods)) delete p.refs;
    // A text no copy names any more, which the old sweep would have dropped.
    state.volumes = { pods, blobs: { ...state.volumes.blobs, stale: "gone" }, nextDue: null };
    fs.writeFileSync(meta, JSON.stringify(state));
  }

  it("moves its sections into the buckets on the first commit, losing nothing", async () => {
    const store = new Store(env(), BUCKETS);
    const c = bootstrap({ name: "lab", nodes: 2, seed: 1, timeScale: 0, loadBalancer: false }, env());
    createObject(c, cm("page", { "index.html": "v1" }), "default");
    createObject(
      c,
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web" },
        spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
      } as unknown as KObject,
      "default",
    );
    const pod = addPod(c, "a", "page");
    await c.advance();
    runtimeEntry(c, `${pod.metadata.uid}/c`).installed = ["curl"];
    await store.withLock("lab", () => store.write("lab", c.state, c.objects, null));
    const uid = pod.metadata.uid;
    const ip = (c.api.get(PODS, "default", "a") as Pod).status?.podIP ?? "";
    const svc = c.api.get(SERVICES, "default", "web")?.metadata.uid ?? "";
    const before = {
      runtime: runtimeAt(c, `${uid}/c`),
      ip: indexedPodAt(c, ip),
      svc: c.api.serviceNumber(svc),
      vols: podRecord(c, uid),
      blobs: volumeState(c).blobs,
      counts: volumeState(c).counts,
      images: nodeImages(c, "lab-control-plane"),
    };
    expect(before.runtime).toEqual(expect.objectContaining({ installed: ["curl"] }));
    expect(before.ip).toBe("default/a");
    expect(before.svc).toBeGreaterThan(0);
    expect(before.images).toContain("registry.k8s.io/pause:3.10");

    legacy(store);
    const old = JSON.parse(fs.readFileSync(store.metaFile("lab"), "utf8")) as ClusterState;
    expect(Object.keys(old.runtime).length).toBeGreaterThan(0);
    expect(Object.keys(old.images).length).toBe(2);

    // Read: the sections answer through the accessors, though nothing is written.
    const read = () => new Cluster(store.read<ClusterState>("lab"), env());
    const look = (l: Cluster) => ({
      runtime: runtimeAt(l, `${uid}/c`),
      ip: indexedPodAt(l, ip),
      svc: l.api.serviceNumber(svc),
      vols: podRecord(l, uid),
      blobs: volumeState(l).blobs,
      counts: volumeState(l).counts,
      images: nodeImages(l, "lab-control-plane"),
    });
    expect(look(read())).toEqual(before);
    // A read-only command leaves the file as it was.
    expect(JSON.parse(fs.readFileSync(store.metaFile("lab"), "utf8"))).toEqual(old);

    // The next commit writes the records to their buckets and meta.json without them.
    const l = read();
    await store.withLock("lab", () => store.write("lab", l.state, l.objects, store.read("lab").revision));
    const meta = JSON.parse(fs.readFileSync(store.metaFile("lab"), "utf8")) as ClusterState;
    expect(meta.runtime).toEqual({});
    expect(meta.images).toEqual({});
    expect(meta.podIPs).toEqual({});
    expect(meta.serviceSeq?.byUid).toEqual({});
    expect(meta.volumes?.pods).toBeUndefined();
    expect(meta.volumes?.blobs.stale).toBeUndefined();
    expect(look(read())).toEqual(before);
  });
});
