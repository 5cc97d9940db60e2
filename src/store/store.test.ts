// The commit: a compare-and-swap on the meta.json a command read, and the collection of the
// files killed commits left (kubesim's own, by name and by a writer that has ended, only).

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUCKETS } from "../apiserver/storage.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { catalogFiles, fileOf } from "./catalog-codec.js";
import { isAbandoned } from "./files.js";
import { garbageFiles } from "./garbage.js";
import { currentOwner } from "./owner.js";
import { Store } from "./store.js";

let home: string;
let store: Store;
const env = () => ({ KUBESIM_HOME: home, KUBESIM_NOW: "2026-11-27T10:00:00Z" });

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-store-"));
  store = new Store(env(), BUCKETS);
  const c = bootstrap({ name: "lab", nodes: 1, seed: 1, timeScale: 0, loadBalancer: false }, env());
  await store.withLock("lab", () => store.write("lab", c.state, c.objects, null));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;

/** A change to the cluster: a label on its namespace "default". */
function touch(l: ReturnType<Store["read"]>, value: string): void {
  const ns = l.objects.bucket("namespaces").get("default")!;
  l.objects.bucket("namespaces").set("default", {
    ...ns,
    metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, v: value } },
  });
}

describe("commit", () => {
  it("refuses, loudly, to commit over a state that changed since it was read", async () => {
    const mine = store.read("lab");
    const theirs = store.read("lab");
    touch(theirs, "theirs");
    await store.write("lab", theirs.state, theirs.objects, theirs.revision);
    const committed = fs.readFileSync(store.metaFile("lab"));
    touch(mine, "mine");
    await expect(store.write("lab", mine.state, mine.objects, mine.revision)).rejects.toThrow(
      'error: CONFLICT: the change to cluster "lab" was NOT saved: its state changed on disk while this command ran ' +
        "(this command read generation 1, another command has since committed generation 2).",
    );
    expect(fs.readFileSync(store.metaFile("lab"))).toEqual(committed);
    expect(store.read("lab").objects.bucket("namespaces").get("default")!.metadata.labels!.v).toBe("theirs");
  });

  it("refuses to create a cluster another command has created meanwhile", async () => {
    const c = bootstrap({ name: "lab", nodes: 1, seed: 2, timeScale: 0, loadBalancer: false }, env());
    await expect(store.write("lab", c.state, c.objects, null)).rejects.toThrow(
      /another command created it meanwhile/,
    );
  });

  it("collects the files of killed commits, and only those, once it takes the lock the killed command held", async () => {
    const dir = store.clusterDir("lab");
    const dead = deadPid();
    const live = process.ppid;
    const left = [
      `pods.3.2.${dead}.json`,
      `pods.summary.3.2.${dead}.json`,
      `meta.json.${dead}.4.tmp`,
      "events.7.2.json", // named by an older kubesim, which did not record the writer
      "meta.json.2837465123", // write-file-atomic's temp, from an older kubesim
    ];
    const kept = [
      `pods.3.2.${live}.json`, // a command still running may still commit it
      `meta.json.${live}.1.tmp`,
      "notes.txt",
      "pods.json",
      "meta.json.bak",
      "backup",
    ];
    for (const f of [...left, ...kept]) fs.writeFileSync(path.join(dir, f), "{}");
    // A commit under a lock nobody died holding does not list the directory for them.
    const quiet = store.read("lab");
    touch(quiet, "w");
    await store.withLock("lab", () => store.write("lab", quiet.state, quiet.objects, quiet.revision));
    for (const f of left) expect(fs.readdirSync(dir)).toContain(f);
    // What a command killed while committing leaves: its lock, naming it.
    fs.writeFileSync(store.lockFile("lab"), JSON.stringify({ ...currentOwner(), pid: dead }));
    const l = store.read("lab");
    touch(l, "x");
    await store.withLock("lab", () => store.write("lab", l.state, l.objects, l.revision));
    const now = fs.readdirSync(dir);
    for (const f of left) expect(now).not.toContain(f);
    for (const f of kept) expect(now).toContain(f);
    // What the committed state names is all still there.
    const again = store.read("lab");
    for (const plural of Object.keys(again.state.catalog)) again.objects.bucket(plural).all();
  });

  it("replaces a leftover that has the name its own new file needs (a recycled pid)", async () => {
    const l = store.read("lab");
    const name = `namespaces.0.${l.state.generation + 1}.${process.pid}.json`;
    fs.writeFileSync(path.join(store.clusterDir("lab"), name), "left by a killed command");
    touch(l, "y");
    await store.write("lab", l.state, l.objects, l.revision);
    expect(store.read("lab").objects.bucket("namespaces").get("default")!.metadata.labels!.v).toBe("y");
  });

  it("keeps superseded files for readers that started before the commit", async () => {
    const first = store.read("lab");
    const old = fileOf("namespaces", 0, first.state.catalog.namespaces!.shards[0]!, false);
    touch(first, "1");
    await store.write("lab", first.state, first.objects, first.revision);
    expect(fs.existsSync(path.join(store.clusterDir("lab"), old))).toBe(true);
    expect(garbageFiles(store.read("lab").state.garbage)).toContain(old);
  });

  it("lists a commit's superseded files as one entry, and reads the list of older states, one entry a file", async () => {
    const first = store.read("lab");
    touch(first, "1");
    first.objects.bucket("pods").set("default/p", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default" },
    } as never);
    await store.write("lab", first.state, first.objects, first.revision);
    const second = store.read("lab");
    const before = catalogFiles(second.state);
    touch(second, "2");
    second.objects.bucket("pods").set("default/p", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default", labels: { v: "2" } },
    } as never);
    await store.write("lab", second.state, second.objects, second.revision);
    const { garbage, ...third } = store.read("lab").state;
    // What the commit's catalog no longer names is the one entry it added.
    const now = new Set(catalogFiles(third));
    const superseded = before.filter((f) => !now.has(f));
    expect(superseded.length).toBeGreaterThanOrEqual(2);
    expect(garbage[garbage.length - 1]!.files.split(" ").sort()).toEqual(superseded.sort());
    // The layout before schema 3: one entry per file.
    const meta = path.join(store.clusterDir("lab"), "meta.json");
    const doc = JSON.parse(fs.readFileSync(meta, "utf8"));
    doc.garbage = garbageFiles(garbage).map((file) => ({ file, at: 5 }));
    doc.schemaVersion = 2;
    fs.writeFileSync(meta, JSON.stringify(doc));
    const old = store.read("lab");
    expect(old.state.garbage).toEqual([{ at: 5, files: garbageFiles(garbage).join(" ") }]);
    // Long past their delay: the next commit removes them.
    touch(old, "3");
    await store.write("lab", old.state, old.objects, old.revision);
    for (const f of garbageFiles(garbage))
      expect(fs.existsSync(path.join(store.clusterDir("lab"), f))).toBe(false);
    expect(JSON.parse(fs.readFileSync(meta, "utf8")).schemaVersion).toBe(3);
  });
});

describe("kubesim's file names", () => {
  it("are told apart from everything else in a cluster directory", () => {
    expect(isAbandoned(`pods.1.2.${process.pid}.json`)).toBe(true);
    expect(isAbandoned("pods.1.2.json")).toBe(true);
    expect(isAbandoned("pods.summary.1.2.json.123")).toBe(true);
    expect(isAbandoned("meta.json")).toBe(false);
    expect(isAbandoned("meta.json.lock")).toBe(false);
    expect(isAbandoned("../pods.1.2.json")).toBe(false);
    expect(isAbandoned("Pods.1.2.json")).toBe(false);
    expect(isAbandoned("pods.x.2.json")).toBe(false);
    expect(isAbandoned("readme.md.1.2.tmp")).toBe(false);
  });
});
