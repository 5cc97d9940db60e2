// The seed lab as a learner's bash script (test/labs/seed-lab.sh): set -euo pipefail,
// values pulled out with -o jsonpath, curl, and kubesim check, run by the real bash against
// the built binary in a private KUBESIM_HOME with the fixed clock and seed.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "./harness.js";

describe("lab scripts", () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());

  it("runs the seed lab script to the end, every check passing", () => {
    const r = spawnSync("bash", [path.join(ROOT, "test", "labs", "seed-lab.sh")], {
      cwd: ROOT,
      // No kubesim on PATH and no variable naming it: the script finds this checkout's.
      env: { PATH: process.env.PATH, ...sb.env },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(`kubectl is ${path.join(ROOT, "shims", "kubectl")}`);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    for (const want of [
      "pod/testpod1 condition met",
      "<html><body><h1>It works!</h1></body></html>",
      "PASS  testpod1 reaches testpod2 directly",
      "Lab 2 - pod to pod via pod IP: 6 of 6 steps passed",
      'deployment "mydeployments" successfully rolled out',
      "PASS  the ClusterIP answers from the node with the httpd page",
      "Lab 3 - Service type ClusterIP: 6 of 6 steps passed",
      "seed lab done",
    ])
      expect(lines).toContain(want);
    expect(r.stdout).toMatch(/^testpod2 has IP 10\.244\.\d+\.\d+$/m);
    expect(r.stdout).toMatch(/^demoservice at 10\.96\.\d+\.\d+ answered 200$/m);
  });
});
