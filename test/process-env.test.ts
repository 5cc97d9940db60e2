// The environment a container's processes see is built once, by the kubelet (issue 13): the
// main process, a command run with exec and an exec probe see the same variables.
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "./harness.js";

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: envpod
spec:
  containers:
  - name: c
    image: busybox
    env:
    - name: GREETING
      value: hello
    command: ["sh", "-c", "env | sort > /tmp/main.env; sleep 3600"]
    readinessProbe:
      exec:
        command: ["sh", "-c", "env | sort > /tmp/probe.env"]
      periodSeconds: 5
`;

describe("a container's environment", () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());

  it("is the same for the main process, exec and an exec probe", async () => {
    expect((await sb.run(["apply", "-f", "-"], POD)).code).toBe(0);
    sb.env.KUBESIM_NOW = "2026-11-27T10:00:30Z";
    const main = await sb.run(["exec", "envpod", "--", "cat", "/tmp/main.env"]);
    const probe = await sb.run(["exec", "envpod", "--", "cat", "/tmp/probe.env"]);
    const exec = await sb.run(["exec", "envpod", "--", "sh", "-c", "env | sort"]);
    expect(main.err + probe.err + exec.err).toBe("");
    expect(main.out).toContain("GREETING=hello\n");
    expect(main.out).toContain("HOSTNAME=envpod\n");
    expect(main.out).toContain("HOME=/root\n");
    expect(main.out).toContain("KUBERNETES_SERVICE_HOST=10.96.0.1\n");
    expect(probe.out).toBe(main.out);
    expect(exec.out).toBe(main.out);
  });

  it("has no PWD for a program exec'd without a shell", async () => {
    const r = await sb.run(["exec", "envpod", "--", "printenv"]);
    expect(r.out).toContain("GREETING=hello\n");
    expect(r.out).not.toContain("PWD=");
  });
});
