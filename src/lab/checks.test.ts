// Running check files against a cluster: passing and failing steps with the model's reasons,
// the exit status, and that a check leaves the cluster's state exactly as it found it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Sandbox } from "../../test/harness.js";

let sb: Sandbox;
beforeEach(() => {
  sb = new Sandbox();
});
afterEach(() => sb.cleanup());

/** Every file of the state, by path, to compare before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, f);
    if (statSync(p).isFile()) out[f] = readFileSync(p, "utf8");
  }
  return out;
}

describe("kubesim check", () => {
  it("passes the seed labs' checks once the labs are applied", async () => {
    await sb.sh("apply -f manifests/pods.yml -f manifests/interpod-pod1.yml -f manifests/interpod-pod2.yml");
    await sb.sh("apply -f manifests/deployhttpd.yml -f manifests/service.yml");
    for (const lab of ["lab1-pods", "lab2-pod-to-pod", "lab3-clusterip"]) {
      const r = await sb.sh(`check manifests/checks/${lab}.yml`);
      expect(r.out).not.toMatch(/FAIL/);
      expect(r.out).toMatch(/: (\d+) of \1 steps passed\n$/);
      expect(r.code).toBe(0);
    }
    await sb.sh("apply -f manifests/service-nodeport.yml");
    const r = await sb.sh("check manifests/checks/lab4-nodeport.yml");
    expect(r.out).toMatch(/Lab 4 - Service type NodePort: 7 of 7 steps passed\n$/);
    expect(r.code).toBe(0);
  });

  it("fails a connection with the trace's cause", async () => {
    await sb.sh(
      "apply -f manifests/deployhttpd.yml -f manifests/variants/service-clusterip.alt-sandeepdasari-BUGGY.yml",
    );
    const r = await sb.sh("check manifests/checks/lab3-clusterip.yml");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^FAIL {2}the ClusterIP answers from the node with the httpd page: connection refused: Service default\/demoservice's selector name=deployment,type=ClusterIP matches no pod/m,
    );
    expect(r.out).toMatch(/^FAIL {2}Service demoservice has 1 ready endpoint: 0 ready endpoints, want 1: /m);
    expect(r.out).toMatch(/^PASS {2}mydeployments has its 1 replica ready$/m);
    expect(r.out).toMatch(/3 of 6 steps passed, 3 failed\n$/);
  });

  it("says what a pod is doing when it is not Running yet", async () => {
    // Real delays on a fixed clock: right after apply the images are still being pulled.
    sb.env.KUBESIM_TIME_SCALE = "1";
    await sb.sh("apply -f manifests/pods.yml");
    const r = await sb.sh("check manifests/checks/lab1-pods.yml");
    expect(r.out).toMatch(
      /^FAIL {2}testpod is Running .*: pod testpod is Pending \(c00: ContainerCreating, c01: ContainerCreating\)$/m,
    );
    expect(r.out).toMatch(
      /^FAIL {2}c00 reaches .*: container c00 of pod testpod is not running, so nothing can curl from it$/m,
    );
    expect(r.code).toBe(1);
  });

  it("leaves the cluster's state unchanged, curls included", async () => {
    await sb.sh("apply -f manifests/pods.yml -f manifests/deployhttpd.yml -f manifests/service.yml");
    await sb.sh("get pods");
    const before = snapshot(sb.home);
    const r = await sb.sh("check manifests/checks/lab1-pods.yml");
    expect(r.code).toBe(0);
    await sb.sh("check manifests/checks/lab3-clusterip.yml");
    expect(snapshot(sb.home)).toEqual(before);
  });

  it("rejects a malformed file with exit 1 and the place of the error", async () => {
    const r = await sb.run(["check", "-"], "steps:\n  - pod: {name: a, colour: red}\n");
    expect(r.err).toBe(
      'error: check file -: step 1, pod: unknown field "colour" (allowed: name, selector, count, phase, ready, namespace)\n',
    );
    expect(r.out).toBe("");
    expect(r.code).toBe(1);
    const missing = await sb.sh("check no/such/file.yml");
    expect(missing.err).toBe("error: cannot read check file no/such/file.yml: no such file\n");
    expect(missing.code).toBe(1);
  });
});
