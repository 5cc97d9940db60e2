import { describe, expect, it } from "vitest";
import type { KObject } from "../api/types.js";
import { type Catalog, ObjectStore } from "../store/objects.js";
import { Indexes, labelValue, ownerValue, POD_LABEL, POD_NODE, POD_OWNER } from "./indexes.js";
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
    expect(ix.formerValuesOf(POD_LABEL, "default/a").sort()).toEqual([
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
});
