import { describe, expect, it } from "vitest";
import { preStopMs } from "./kill.js";

const exec = (...command: string[]) => ({ name: "c", lifecycle: { preStop: { exec: { command } } } });

describe("a preStop hook's hold on SIGTERM", () => {
  it("is its pause: the sleep action, or a shell's sleep; quick commands and HTTP calls take none", () => {
    expect(preStopMs({ name: "c", lifecycle: { preStop: { sleep: { seconds: 15 } } } }, 30_000)).toBe(15_000);
    expect(preStopMs(exec("/bin/sh", "-c", "sleep 5 && nginx -s quit"), 30_000)).toBe(5_000);
    expect(preStopMs(exec("sleep", "2.5"), 30_000)).toBe(2_500);
    expect(preStopMs(exec("/usr/sbin/nginx", "-s", "quit"), 30_000)).toBe(0);
    expect(preStopMs(exec("sh", "-c", "echo sleeping 10"), 30_000)).toBe(0);
    expect(
      preStopMs({ name: "c", lifecycle: { preStop: { httpGet: { path: "/drain", port: 80 } } } }, 30_000),
    ).toBe(0);
    expect(preStopMs({ name: "c" }, 30_000)).toBe(0);
  });

  it("is cut at the grace period: the kubelet stops waiting for the hook then", () => {
    expect(preStopMs(exec("/bin/sh", "-c", "sleep 180"), 120_000)).toBe(120_000);
  });
});
