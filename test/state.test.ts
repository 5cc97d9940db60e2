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

  it("refuses a state written by another schema version", async () => {
    const dir = await cluster();
    const meta = path.join(dir, "meta.json");
    const state = JSON.parse(fs.readFileSync(meta, "utf8"));
    state.schemaVersion = 99;
    fs.writeFileSync(meta, JSON.stringify(state));
    const r = await sb.run(["get", "pods"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("has schema version 99, this kubesim reads 1");
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
