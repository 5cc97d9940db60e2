// A state kubesim cannot read is reported with its path and how to start over, exit 1,
// and is left exactly as it was.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Sandbox } from "./harness.js";

describe("unreadable state", () => {
  let sb: Sandbox;
  afterEach(() => sb.cleanup());

  async function cluster(): Promise<string> {
    sb = new Sandbox();
    expect((await sb.run(["apply", "-f", "manifests/pods.yml"])).code).toBe(0);
    return path.join(sb.home, "clusters", "kubesim");
  }

  it("reports a corrupt meta.json and leaves it untouched", async () => {
    const dir = await cluster();
    const meta = path.join(dir, "meta.json");
    fs.writeFileSync(meta, '{"schemaVersion": 1, "trunc');
    const r = await sb.run(["get", "pods"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(`error: the state of cluster "kubesim" in ${meta} is unreadable`);
    expect(r.err).toContain(
      "To start over: kubesim cluster delete kubesim && kubesim cluster create kubesim",
    );
    const w = await sb.run(["apply", "-f", "manifests/service.yml"]);
    expect(w.code).toBe(1);
    expect(fs.readFileSync(meta, "utf8")).toBe('{"schemaVersion": 1, "trunc');
  });

  it("reports a corrupt object file by its path", async () => {
    const dir = await cluster();
    const podFile = fs.readdirSync(dir).find((f) => /^pods\.\d+\.\d+\.\d+\.json$/.test(f))!;
    fs.writeFileSync(path.join(dir, podFile), "not json");
    const r = await sb.run(["get", "pods", "-o", "yaml"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${path.join(dir, podFile)} is unreadable`);
  });

  it("refuses a state written by a newer kubesim, and says to upgrade", async () => {
    const dir = await cluster();
    const meta = path.join(dir, "meta.json");
    const state = JSON.parse(fs.readFileSync(meta, "utf8"));
    state.schemaVersion = 4;
    fs.writeFileSync(meta, JSON.stringify(state));
    const r = await sb.run(["get", "pods"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: the state of cluster "kubesim" in ${meta} has schema version 4, this kubesim reads versions 1 to 3.\n` +
        "A newer kubesim wrote it: to use this cluster, upgrade kubesim to a version that reads schema version 4.\n" +
        "kubesim leaves it as it is. Or, to start over with this version: kubesim cluster delete kubesim && kubesim cluster create kubesim\n",
    );
  });

  it("names what is missing from a meta.json, never an undefined version", async () => {
    const dir = await cluster();
    const meta = path.join(dir, "meta.json");
    const state = JSON.parse(fs.readFileSync(meta, "utf8"));
    for (const [drop, why] of [
      ["schemaVersion", 'field "schemaVersion" is missing, so it is not a kubesim cluster state'],
      ["catalog", 'field "catalog" is missing'],
      ["generation", 'field "generation" is missing'],
    ]) {
      const text = JSON.stringify({ ...state, [drop!]: undefined });
      fs.writeFileSync(meta, text);
      const r = await sb.run(["label", "pod", "testpod", "a=b"]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `error: the state of cluster "kubesim" in ${meta} is unreadable (${why}).\n` +
          "kubesim leaves it as it is. To start over: kubesim cluster delete kubesim && kubesim cluster create kubesim\n",
      );
      expect(r.err).not.toContain("undefined");
      expect(fs.readFileSync(meta, "utf8")).toBe(text);
    }
  });

  it("names a catalog entry that is not a kubesim file instead of reading it", async () => {
    const dir = await cluster();
    const meta = path.join(dir, "meta.json");
    const state = JSON.parse(fs.readFileSync(meta, "utf8"));
    // As meta.json packs it (catalog-codec.ts): the shard list first.
    state.catalog.nodes = state.catalog.nodes.replace(/^s=[^,|]*/, "s=../../../etc/passwd");
    fs.writeFileSync(meta, JSON.stringify(state));
    const r = await sb.run(["get", "nodes"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: the state of cluster "kubesim" in ${meta} is unreadable (it names "../../../etc/passwd", which is not a kubesim shard file).\n` +
        "kubesim leaves it as it is. To start over: kubesim cluster delete kubesim && kubesim cluster create kubesim\n",
    );
  });

  it("names a garbage entry that is not a kubesim file, in either layout, and removes nothing", async () => {
    const dir = await cluster();
    const meta = path.join(dir, "meta.json");
    const state = JSON.parse(fs.readFileSync(meta, "utf8"));
    const outside = path.join(dir, "..", "..", "keep.txt");
    fs.writeFileSync(outside, "mine");
    for (const garbage of [
      [{ at: 0, files: `nodes.0.1.1.json ../../keep.txt` }],
      [{ file: "../../keep.txt", at: 0 }],
    ]) {
      fs.writeFileSync(meta, JSON.stringify({ ...state, garbage }));
      const r = await sb.run(["label", "node", "--all", "x=y"]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`(it names "../../keep.txt", which is not a kubesim shard file)`);
      expect(fs.readFileSync(outside, "utf8")).toBe("mine");
    }
  });

  it("never reads or removes a file a catalog bucket no kind uses would name, and keeps the entry", async () => {
    const dir = await cluster();
    const meta = path.join(dir, "meta.json");
    const state = JSON.parse(fs.readFileSync(meta, "utf8"));
    state.catalog["../../escape"] = "s=3.14";
    fs.writeFileSync(meta, JSON.stringify(state));
    const outside = path.join(dir, "..", "..", "escape.0.3.14.json");
    fs.writeFileSync(outside, "mine");
    expect((await sb.run(["get", "nodes"])).code).toBe(0);
    expect((await sb.run(["label", "node", "--all", "x=y"])).code).toBe(0);
    expect(fs.readFileSync(outside, "utf8")).toBe("mine");
    expect(JSON.parse(fs.readFileSync(meta, "utf8")).catalog["../../escape"]).toBe("s=3.14");
  });

  it("keeps a shard that holds [] and the namespace written into it is not lost", async () => {
    const dir = await cluster();
    const nsFile = fs.readdirSync(dir).find((f) => f.startsWith("namespaces."))!;
    fs.writeFileSync(path.join(dir, nsFile), "[]");
    const r = await sb.run(["create", "namespace", "lab"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(
      `${path.join(dir, nsFile)} is unreadable (it holds a list, not kubesim's objects)`,
    );
    expect(fs.readFileSync(path.join(dir, nsFile), "utf8")).toBe("[]");
  });

  it("starts over after cluster delete", async () => {
    const dir = await cluster();
    fs.writeFileSync(path.join(dir, "meta.json"), "garbage");
    expect((await sb.run(["cluster", "delete", "kubesim"])).out).toBe('cluster "kubesim" deleted\n');
    const r = await sb.run(["get", "pods"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("No resources found in default namespace.\n");
  });
});

describe("a home kubesim cannot use", () => {
  let sb: Sandbox;
  afterEach(() => sb.cleanup());

  it("names a KUBESIM_HOME that is a file, not config.json", async () => {
    sb = new Sandbox();
    const file = path.join(sb.home, "home-file");
    fs.writeFileSync(file, "");
    sb.env.KUBESIM_HOME = file;
    for (const argv of [
      ["get", "pods"],
      ["cluster", "list"],
      ["cluster", "create", "lab"],
    ]) {
      const r = await sb.run(argv);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `error: KUBESIM_HOME is ${file}, which is a file, not a directory.\n` +
          "Point KUBESIM_HOME at a directory (kubesim creates it if it does not exist), or move that file away.\n",
      );
    }
  });

  it("names a file where the clusters directory belongs", async () => {
    sb = new Sandbox();
    fs.writeFileSync(path.join(sb.home, "clusters"), "");
    const r = await sb.run(["get", "pods"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: ${path.join(sb.home, "clusters")} is a file, not a directory; kubesim keeps its state there (KUBESIM_HOME is ${sb.home}).\nMove that file away.\n`,
    );
  });

  it("names a file at the lock path, with the cluster, at once", async () => {
    sb = new Sandbox();
    expect((await sb.run(["get", "nodes"])).code).toBe(0);
    const lock = path.join(sb.home, "clusters", "kubesim.lock");
    fs.writeFileSync(lock, "");
    const r = await sb.run(["label", "node", "kubesim-worker", "a=b"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: cannot lock cluster "kubesim": ${lock} is an empty file, not a kubesim lock.\n` +
        `If no kubesim command is running, remove it (rm ${lock}) and try again.\n`,
    );
    fs.rmSync(lock);
    expect((await sb.run(["label", "node", "kubesim-worker", "a=b"])).code).toBe(0);
  });

  it("reports a config.json that is not JSON and leaves it", async () => {
    sb = new Sandbox();
    const config = path.join(sb.home, "config.json");
    fs.writeFileSync(config, '{"currentCluster": "la');
    const r = await sb.run(["get", "pods"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: the kubesim config ${config} is unreadable (it is not valid JSON).\n` +
        "kubesim leaves it as it is. Fix or remove that file to start over.\n",
    );
    expect(fs.readFileSync(config, "utf8")).toBe('{"currentCluster": "la');
  });
});
