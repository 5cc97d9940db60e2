import { describe, expect, it } from "vitest";
import type { KObject } from "../api/types.js";
import { type Catalog, ObjectStore } from "../store/objects.js";
import {
  ANTI_REQUIRED,
  addressValue,
  healthCheckValue,
  Indexes,
  labelValue,
  nodePortValue,
  ownerValue,
  POD_ANTI_AFFINITY,
  POD_LABEL,
  POD_NODE,
  POD_OWNER,
  preferValue,
  SLICE_SERVICE_NAME,
  SVC_ADDRESS,
} from "./indexes.js";
import { BUCKETS } from "./storage.js";

const pod = (name: string, labels: Record<string, string>, node?: string, owner?: string): KObject =>
  ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      labels,
      ...(owner
        ? { ownerReferences: [{ kind: "ReplicaSet", name: "rs", uid: owner, controller: true }] }
        : {}),
    },
    spec: { containers: [], ...(node ? { nodeName: node } : {}) },
  }) as KObject;

function store(catalog: Catalog = {}) {
  return new ObjectStore(BUCKETS, catalog, {
    read: () => {
      throw new Error("no files in this test");
    },
  });
}

describe("the API server's indexes", () => {
  it("follow a pod's labels, node and owner through writes made in place", () => {
    const objects = store();
    const ix = new Indexes(objects);
    const p = pod("a", { app: "web" }, undefined, "rs-1");
    objects.bucket("pods").set("default/a", p);
    ix.update("pods", "default/a", p);
    expect(ix.keys(POD_LABEL, labelValue("default", "app", "web"))).toEqual(["default/a"]);
    expect(ix.keys(POD_NODE, "")).toEqual(["default/a"]);
    expect(ix.keys(POD_OWNER, ownerValue("ReplicaSet", "default", "rs", "rs-1"))).toEqual(["default/a"]);
    // writers change the stored object itself, then put it back
    p.metadata.labels = { app: "db" };
    (p as unknown as { spec: { nodeName?: string } }).spec.nodeName = "n1";
    ix.update("pods", "default/a", p);
    expect(ix.keys(POD_LABEL, labelValue("default", "app", "web"))).toEqual([]);
    expect(ix.keys(POD_LABEL, labelValue("default", "app", "db"))).toEqual(["default/a"]);
    expect(ix.keys(POD_NODE, "")).toEqual([]);
    expect(ix.keys(POD_NODE, "n1")).toEqual(["default/a"]);
    ix.update("pods", "default/a", undefined);
    expect(ix.keys(POD_LABEL, labelValue("default", "app", "db"))).toEqual([]);
    expect(ix.keys(POD_OWNER, ownerValue("ReplicaSet", "default", "rs", "rs-1"))).toEqual([]);
    // what a controller asks about a pod that is gone: the owner it had
    expect(ix.formerValuesOf(POD_OWNER, "default/a")).toEqual([
      ownerValue("ReplicaSet", "default", "rs", "rs-1"),
    ]);
    expect([...ix.formerValuesOf(POD_LABEL, "default/a")].sort()).toEqual([
      labelValue("default", "app", "db"),
      labelValue("default", "app", "web"),
    ]);
  });

  it("keep keys sorted and without repeats", () => {
    const objects = store();
    const ix = new Indexes(objects);
    for (const n of ["c", "a", "b", "a"]) ix.update("pods", `default/${n}`, pod(n, { app: "x" }));
    expect(ix.keys(POD_LABEL, labelValue("default", "app", "x"))).toEqual([
      "default/a",
      "default/b",
      "default/c",
    ]);
  });

  it("are built by one scan for a cluster stored before they existed", () => {
    const objects = store();
    objects.bucket("pods").set("default/old", pod("old", { app: "web" }, "n2"));
    const ix = new Indexes(objects);
    expect(objects.has(POD_NODE.bucket)).toBe(false);
    expect(ix.keys(POD_NODE, "n2")).toEqual(["default/old"]);
    expect(objects.has(POD_NODE.bucket)).toBe(true);
  });

  it("stamp a node's value whenever its members change, whatever the node is called", () => {
    const objects = store();
    const ix = new Indexes(objects);
    // An own field only: "constructor" is a node name a plain object also answers to.
    expect(ix.stamp(POD_NODE, "constructor")).toBe(0);
    const p = pod("a", {}, "constructor");
    objects.bucket("pods").set("default/a", p);
    ix.update("pods", "default/a", p);
    const first = ix.stamp(POD_NODE, "constructor");
    expect(first).toBeGreaterThan(0);
    ix.update("pods", "default/a", p);
    expect(ix.stamp(POD_NODE, "constructor")).toBe(first);
    ix.update("pods", "default/a", undefined);
    expect(ix.stamp(POD_NODE, "constructor")).toBe(first + 1);
  });

  it("take the stamps of an older cluster, one record a value, into the table without going back", () => {
    const objects = store();
    objects.bucket("index-pods-node");
    const stamps = objects.bucket("index-pods-node-stamps");
    stamps.set("n1", { n: 41 } as never);
    stamps.set("-holding/n1", { n: 7 } as never);
    const ix = new Indexes(objects);
    expect(ix.stamp(POD_NODE, "n1")).toBe(41);
    expect(ix.stamp(POD_NODE, "-holding/n1")).toBe(7);
    expect(stamps.keys()).toEqual(["-stamps"]);
    const p = pod("a", {}, "n1");
    objects.bucket("pods").set("default/a", p);
    ix.update("pods", "default/a", p);
    expect(ix.stamp(POD_NODE, "n1")).toBe(42);
    expect(ix.stamp(POD_NODE, "-holding/n1")).toBe(8);
  });

  it("file a pod's anti-affinity by what it can repel: every pod, or the pods of some namespaces", () => {
    const term = (extra: Record<string, unknown>) => ({
      topologyKey: "kubernetes.io/hostname",
      labelSelector: { matchLabels: { app: "x" } },
      ...extra,
    });
    const withAnti = (ns: string, anti: Record<string, unknown>): KObject =>
      ({
        ...pod("p", {}),
        metadata: { name: "p", namespace: ns },
        spec: { affinity: { podAntiAffinity: anti } },
      }) as KObject;
    const prefer = (...terms: Record<string, unknown>[]) => ({
      preferredDuringSchedulingIgnoredDuringExecution: terms.map((t) => ({
        weight: 100,
        podAffinityTerm: term(t),
      })),
    });
    const values = (o: KObject) => POD_ANTI_AFFINITY.values(o);
    expect(values(pod("plain", { app: "x" }))).toEqual([]);
    // A required term: every incoming pod is checked against it.
    expect(
      values(
        withAnti("default", { requiredDuringSchedulingIgnoredDuringExecution: [term({})], ...prefer({}) }),
      ),
    ).toEqual([ANTI_REQUIRED]);
    // CoreDNS's preferred term selects only pods of its own namespace.
    expect(values(withAnti("kube-system", prefer({})))).toEqual([preferValue("kube-system")]);
    expect(values(withAnti("default", prefer({ namespaces: ["a", "b"] }, { namespaces: ["a"] })))).toEqual([
      preferValue("a"),
      preferValue("b"),
    ]);
    expect(values(withAnti("default", prefer({ namespaceSelector: {} })))).toEqual([preferValue("*")]);
  });
});

describe("the data plane's indexes", () => {
  it("find a Service by every address a packet can be sent to, and any slice by its Service's name", () => {
    const svc = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "default" },
      spec: {
        type: "LoadBalancer",
        clusterIP: "10.96.0.20",
        clusterIPs: ["10.96.0.20"],
        externalIPs: ["192.0.2.7"],
        externalTrafficPolicy: "Local",
        healthCheckNodePort: 32000,
        ports: [{ port: 80, nodePort: 30080 }],
      },
      status: { loadBalancer: { ingress: [{ ip: "172.18.255.200" }] } },
    } as unknown as KObject;
    expect(SVC_ADDRESS.values(svc)).toEqual([
      addressValue("10.96.0.20"),
      addressValue("192.0.2.7"),
      addressValue("172.18.255.200"),
      nodePortValue(30080),
      healthCheckValue(32000),
    ]);
    const headless = { ...svc, spec: { clusterIP: "None", ports: [{ port: 80 }] }, status: {} } as KObject;
    expect(SVC_ADDRESS.values(headless)).toEqual([]);
    const mirrored = {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "web-x", namespace: "default", labels: { "kubernetes.io/service-name": "web" } },
    } as KObject;
    // Not the endpointslice controller's: kube-proxy reads it all the same.
    expect(SLICE_SERVICE_NAME.values(mirrored)).toEqual(["default/web"]);
  });
});
