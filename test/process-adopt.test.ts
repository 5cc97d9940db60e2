// A cluster saved by a kubesim from before scripts ran has loops "running" with no process
// behind them. The next command starts them, as a kubelet restart would, so the learner's
// loop carries on instead of staying silent.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bucketFiles } from "../src/store/catalog-codec.js";
import { Sandbox } from "./harness.js";

describe("a cluster from before the process model", () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());

  it("starts its running scripts on the next command, even a read", async () => {
    const loop = "i=0; while true; do i=$((i+1)); echo tick $i; sleep 10; done";
    expect((await sb.run(["run", "tick", "--image=busybox", "--", "sh", "-c", loop])).code).toBe(0);
    sb.env.KUBESIM_NOW = "2026-11-27T10:00:30Z";
    expect((await sb.run(["get", "pods"])).code).toBe(0);
    // What an older kubesim left: no process state, no wake-ups, no marker.
    const meta = path.join(sb.home, "clusters", "kubesim", "meta.json");
    const state = JSON.parse(fs.readFileSync(meta, "utf8"));
    // The runtime records were in meta.json then (the containerruntime bucket came later).
    const dir = path.dirname(meta);
    for (const f of bucketFiles(state.catalog, "containerruntime"))
      Object.assign(state.runtime, JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
    delete state.catalog.containerruntime;
    expect(Object.keys(state.runtime).length).toBeGreaterThan(0);
    for (const rt of Object.values(state.runtime) as { main?: unknown }[]) delete rt.main;
    for (const sim of Object.values(state.pods) as { steps: { kind: string }[] }[])
      sim.steps = sim.steps.filter((s) => s.kind !== "resume");
    delete state.processes;
    state.nextWake = null;
    fs.writeFileSync(meta, JSON.stringify(state));
    sb.env.KUBESIM_NOW = "2026-11-27T10:01:00Z";
    expect((await sb.run(["get", "pods"])).code).toBe(0);
    sb.env.KUBESIM_NOW = "2026-11-27T10:01:25Z";
    const r = await sb.run(["logs", "tick", "--since=30s"]);
    expect(r.out).toBe("tick 1\ntick 2\ntick 3\n");
  });
});
