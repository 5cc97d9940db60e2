// A client loop left for hours: the next command runs only the turns whose lines the
// container's log keeps (log rotation), and those lines are the newest, two seconds apart,
// with no gap, ending at "now".
import { afterAll, describe, expect, it } from "vitest";
import { MAX_LOG_BYTES } from "../src/kubelet/logs.js";
import { Sandbox } from "./harness.js";

describe("a loop with hours to catch up", () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());

  it("keeps the newest turns of its log, evenly spaced up to now", async () => {
    for (const argv of [
      ["create", "deployment", "websvc", "--image=nginx", "--replicas=2"],
      ["expose", "deployment", "websvc", "--port=80"],
      [
        "run",
        "client",
        "--image=busybox",
        "--",
        "sh",
        "-c",
        "while true; do wget -qO- http://websvc | grep title; sleep 2; done",
      ],
    ])
      expect((await sb.run(argv)).code).toBe(0);
    sb.env.KUBESIM_NOW = "2026-11-27T16:00:00Z";
    const t0 = Date.now();
    expect((await sb.run(["get", "pods"])).code).toBe(0);
    const catchUp = Date.now() - t0;
    const r = await sb.run(["logs", "client", "--timestamps"]);
    const lines = r.out.trimEnd().split("\n");
    const times = lines.map((l) => Date.parse(l.slice(0, l.indexOf(" "))));
    expect(lines.every((l) => l.endsWith("<title>Welcome to nginx!</title>"))).toBe(true);
    // The newest lines, up to now.
    expect(Date.parse(sb.env.KUBESIM_NOW) - times[times.length - 1]).toBeLessThanOrEqual(2000);
    // No gap: one turn every two seconds.
    expect(times.slice(1).every((t, i) => t - times[i] === 2000)).toBe(true);
    // As much as the log keeps, no more than a quarter over.
    expect(r.out.length).toBeGreaterThan(MAX_LOG_BYTES / 2);
    expect(r.out.length).toBeLessThanOrEqual(MAX_LOG_BYTES * 1.25 + lines.length * 31);
    // Six hours of turns (10,800) were not all run.
    expect(lines.length).toBeLessThan(10_800);
    expect(catchUp).toBeLessThan(30_000);
  }, 60_000);
});
