// Which run of a container `logs` reads (the kubelet's validateContainerLogStatus), and the
// bounded container log: appended in place, rotated past a quarter over its limit, and cut
// before a skipped stretch of a loop.
import type { ContainerStatus } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { bootstrap } from "../cluster/bootstrap.js";
import { Cluster } from "../cluster/cluster.js";
import { appendLogKey, dropLogBefore, MAX_LOG_BYTES, runWindow } from "./logs.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z" };
const T = (s: string) => `2026-11-27T10:00:${s}Z`;

function cluster(): Cluster {
  const c = bootstrap({ name: "t", nodes: 1, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
  return new Cluster({ state: c.state, objects: c.objects }, ENV);
}

const stored = (c: Cluster, key: string) =>
  c.api.objects.bucket("containerlogs").get(key) as unknown as { lines: [number, string][]; bytes: number };

describe("runWindow", () => {
  const last = { terminated: { startedAt: T("01"), finishedAt: T("04"), exitCode: 3 } };

  it("reads the running container, ending at the end of a finished one's second", () => {
    const running: ContainerStatus = {
      name: "c",
      image: "busybox",
      imageID: "",
      ready: true,
      restartCount: 1,
      state: { running: { startedAt: T("10") } },
      lastState: last,
    };
    expect(runWindow(running, "current", Date.parse(T("20")))).toEqual({
      from: Date.parse(T("10")),
      to: Date.parse(T("20")),
    });
    expect(runWindow(running, "previous", 0)).toEqual({
      from: Date.parse(T("01")),
      to: Date.parse(T("04")) + 999,
    });
  });

  it("reads lastState for a container waiting to restart, both with and without --previous", () => {
    const waiting: ContainerStatus = {
      name: "c",
      image: "busybox",
      imageID: "",
      ready: false,
      restartCount: 1,
      state: { waiting: { reason: "CrashLoopBackOff" } },
      lastState: last,
    };
    expect(runWindow(waiting, "current", 0)).toEqual(runWindow(waiting, "previous", 0));
    expect(runWindow({ ...waiting, lastState: {} }, "current", 0)).toBeUndefined();
  });
});

describe("the container log", () => {
  it("rotates to the limit once a quarter over it, oldest lines first", () => {
    const c = cluster();
    const line = "x".repeat(1023);
    const n = Math.ceil((MAX_LOG_BYTES * 1.25) / 1024) + 1;
    for (let i = 0; i < n; i++) appendLogKey(c, "u/c", [{ at: i, line }]);
    const log = stored(c, "u/c");
    expect(log.bytes).toBeLessThanOrEqual(MAX_LOG_BYTES * 1.25);
    expect(log.bytes).toBe(log.lines.length * 1024);
    expect(log.lines[log.lines.length - 1][0]).toBe(n - 1);
    expect(c.api.dirty).toBe(true);
  });

  it("drops what came before a skipped stretch", () => {
    const c = cluster();
    appendLogKey(c, "u/c", [
      { at: 1, line: "a" },
      { at: 5, line: "b" },
      { at: 9, line: "c" },
    ]);
    dropLogBefore(c, "u/c", 5);
    expect(stored(c, "u/c")).toEqual({
      lines: [
        [5, "b"],
        [9, "c"],
      ],
      bytes: 4,
    });
  });
});
