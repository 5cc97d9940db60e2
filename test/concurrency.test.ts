// The state holds under concurrent use: parallel processes lose nothing, and a process
// killed in the middle of a write leaves a readable state behind.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { catalogFiles } from "../src/store/catalog-codec.js";
import { ROOT, Sandbox } from "./harness.js";

const BIN = path.join(ROOT, "dist", "kubesim.cjs");

function podYaml(name: string, batch = "par"): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels:\n    batch: ${batch}\nspec:\n  containers:\n  - name: c\n    image: nginx\n`;
}

function runBin(
  env: NodeJS.ProcessEnv,
  args: string[],
  input?: string,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...env, PATH: process.env.PATH }, cwd: ROOT });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => {
      out += d;
    });
    p.stderr.on("data", (d) => {
      err += d;
    });
    p.on("close", (code) => resolve({ code: code ?? -1, out, err }));
    if (input !== undefined) p.stdin.end(input);
  });
}

describe("concurrent use", () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());

  it("10 processes applying different objects at once lose nothing", async () => {
    expect(fs.existsSync(BIN)).toBe(true);
    await runBin(sb.env, ["get", "nodes"]);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => runBin(sb.env, ["apply", "-f", "-"], podYaml(`par-${i}`))),
    );
    for (const [i, r] of results.entries()) {
      expect(r.err).toBe("");
      expect(r.out).toBe(`pod/par-${i} created\n`);
    }
    const got = await sb.run(["get", "pods", "-l", "batch=par", "-o", "name"]);
    expect(got.out.split("\n").filter(Boolean).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `pod/par-${i}`).sort(),
    );
  });

  it("a process killed while writing leaves a readable state", async () => {
    const dir = path.join(sb.home, "clusters", "kubesim");
    // Kill writers at staggered moments; whatever survives must parse and list.
    for (let i = 0; i < 8; i++) {
      const p = spawn(process.execPath, [BIN, "apply", "-f", "-"], {
        env: { ...sb.env, PATH: process.env.PATH },
        cwd: ROOT,
      });
      // Listen before killing: a fast process may already have finished.
      const closed = new Promise((r) => p.on("close", r));
      p.stdin.end(podYaml(`killed-${i}`, "killed"));
      await new Promise((r) => setTimeout(r, 30 + i * 12));
      p.kill("SIGKILL");
      await closed;
    }
    // A lock left by a killed process is taken at once by the next command.
    const r = spawnSync(process.execPath, [BIN, "get", "pods", "-l", "batch=par", "-o", "name"], {
      env: { ...sb.env, PATH: process.env.PATH },
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // Nothing committed before is lost; a killed writer's pod is there whole or not at all.
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(10);
    const killed = await sb.run(["get", "pods", "-l", "batch=killed", "-o", "json"]);
    expect(killed.code).toBe(0);
    for (const pod of JSON.parse(killed.out).items) expect(pod.status.phase).toBe("Running");
    // meta.json names a complete set of readable files.
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
    const named: string[] = catalogFiles(meta);
    expect(named.length).toBeGreaterThan(3);
    for (const f of named) expect(() => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))).not.toThrow();
  }, 60000);

  it("keeps state files readable by their owner only", () => {
    const dir = path.join(sb.home, "clusters", "kubesim");
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".json"))) {
      expect(fs.statSync(path.join(dir, f)).mode & 0o077).toBe(0);
    }
    expect(fs.statSync(dir).mode & 0o077).toBe(0);
  });
});
