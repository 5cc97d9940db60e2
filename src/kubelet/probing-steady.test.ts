// Probes over a long idle stretch: a passing probe whose result nothing can change is not
// run at every period on the way (a day of a 1 s period was 86,400 probes, four seconds on
// every command until the next write), yet a probe that starts failing on the way fails when
// it would have: after the pod's own next step, after a volume sync, or by the server's age.
import { describe, expect, it, vi } from "vitest";
import type { KObject, Pod } from "../api/types.js";
import { createObject } from "../apiserver/admit.js";
import { CONFIGMAPS, EVENTS, PODS } from "../apiserver/resources.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { Cluster } from "../cluster/cluster.js";
import { processRunner } from "../runtime/containerd.js";
import type { ProcessRunner } from "./mainprocess.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z" };
const START = Date.parse(ENV.KUBESIM_NOW);
const HOUR = 3_600_000;

function cluster(): Cluster {
  const c = bootstrap({ name: "t", nodes: 2, seed: 1, timeScale: 1, loadBalancer: false }, ENV);
  return new Cluster({ state: c.state, objects: c.objects }, ENV);
}

const probe = (path: string, port = 80) => ({ httpGet: { path, port }, periodSeconds: 1 });

/** Creates the object now and lets the cluster take it in, as the command that creates it does. */
async function create(c: Cluster, o: Record<string, unknown>): Promise<void> {
  createObject(c, o as unknown as KObject, "default");
  await c.advance(runtime(c));
}

function podNamed(c: Cluster, name: string): Pod {
  const p = c.api.get(PODS, "default", name) as Pod | undefined;
  if (!p) throw new Error(`no pod ${name}`);
  return p;
}

/** The first time the pod's container was reported unhealthy, in ms after the test's start. */
function firstUnhealthy(c: Cluster, pod: string): number | undefined {
  const e = c.api
    .list(EVENTS, "default")
    .find((x) => x.reason === "Unhealthy" && x.involvedObject?.name === pod);
  return e ? Date.parse(e.firstTimestamp ?? "") - START : undefined;
}

/** The container runtime that runs scripted main processes (the sidecar's sleeps). */
function runtime(c: Cluster) {
  let runner: ProcessRunner | undefined;
  return () => {
    runner ??= processRunner(c, () => "");
    return runner;
  };
}

async function advanceBy(c: Cluster, ms: number): Promise<void> {
  c.state.clock.offsetMs += ms;
  await c.advance(runtime(c));
}

describe("steady probes", () => {
  it("are not run at every period of a day without change, and the pod stays ready", async () => {
    const c = cluster();
    await create(c, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [{ name: "c", image: "nginx", readinessProbe: probe("/"), livenessProbe: probe("/") }],
      },
    });
    await advanceBy(c, 60_000);
    expect(podNamed(c, "web").status?.containerStatuses?.[0]?.ready).toBe(true);
    const rounds = vi.spyOn(c, "reconcile");
    await advanceBy(c, 24 * HOUR);
    // Each of the two probes runs once or twice on the way, not 86,400 times.
    expect(rounds.mock.calls.length).toBeLessThan(10);
    const p = podNamed(c, "web");
    expect(p.status?.containerStatuses?.[0]?.ready).toBe(true);
    expect(p.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    // The next probes are due within a period of now, as on a cluster that probed all day.
    const steps = c.state.pods[p.metadata.uid ?? ""]?.steps.filter((s) => s.kind === "probe") ?? [];
    expect(steps).toHaveLength(2);
    for (const s of steps) expect(s.at - c.clock.nowMs()).toBeLessThanOrEqual(1000);
  });

  it("fail after the pod's own step that breaks them (a sidecar deleting the page), not at the end", async () => {
    const c = cluster();
    await create(c, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "page" },
      spec: {
        volumes: [{ name: "html", emptyDir: {} }],
        containers: [
          {
            name: "web",
            image: "nginx",
            volumeMounts: [{ name: "html", mountPath: "/usr/share/nginx/html" }],
            readinessProbe: probe("/index.html"),
          },
          {
            name: "writer",
            image: "busybox",
            command: ["sh", "-c", "echo ok > /html/index.html; sleep 30; rm /html/index.html; sleep 86400"],
            volumeMounts: [{ name: "html", mountPath: "/html" }],
          },
        ],
      },
    });
    await advanceBy(c, 10_000);
    expect(podNamed(c, "page").status?.containerStatuses?.find((s) => s.name === "web")?.ready).toBe(true);
    await advanceBy(c, HOUR);
    const p = podNamed(c, "page");

    expect(p.status?.containerStatuses?.find((s) => s.name === "web")?.ready).toBe(false);
    // Unready after three failures from the moment the page went, 30 s after the writer
    // started: not at the end of the hour.
    const ready = p.status?.conditions?.find((x) => x.type === "Ready");
    const at = Date.parse(ready?.lastTransitionTime ?? "") - START;
    expect(ready?.status).toBe("False");
    expect(at).toBeGreaterThan(30_000);
    expect(at).toBeLessThan(45_000);
  });

  it("fail after the volume sync that takes their page away, not at the end", async () => {
    const c = cluster();
    await create(c, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "site" },
      data: { "index.html": "v1" },
    });
    await create(c, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "site" },
      spec: {
        volumes: [{ name: "html", configMap: { name: "site" } }],
        containers: [
          {
            name: "web",
            image: "nginx",
            volumeMounts: [{ name: "html", mountPath: "/usr/share/nginx/html" }],
            readinessProbe: probe("/index.html"),
          },
        ],
      },
    });
    await advanceBy(c, 30_000);
    expect(podNamed(c, "site").status?.containerStatuses?.[0]?.ready).toBe(true);
    const cm = c.api.get(CONFIGMAPS, "default", "site");
    if (!cm) throw new Error("no ConfigMap");
    c.api.put({ ...cm, data: { "other.html": "v2" } });
    const edited = c.clock.nowMs() - START;
    await advanceBy(c, HOUR);
    const at = firstUnhealthy(c, "site") ?? Number.POSITIVE_INFINITY;
    // The kubelet's sync reaches the files within 90 s; the next probe fails.
    expect(at - edited).toBeGreaterThan(0);
    expect(at - edited).toBeLessThan(92_000);
  });

  it("that go by the server's age are run at every period: agnhost liveness fails after 10 s", async () => {
    const c = cluster();
    await create(c, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "liveness-http" },
      spec: {
        containers: [
          {
            name: "liveness",
            image: "registry.k8s.io/e2e-test-images/agnhost:2.40",
            args: ["liveness"],
            livenessProbe: {
              httpGet: { path: "/healthz", port: 8080 },
              initialDelaySeconds: 3,
              periodSeconds: 3,
            },
          },
        ],
      },
    });
    await advanceBy(c, 5_000);
    await advanceBy(c, HOUR);
    const at = firstUnhealthy(c, "liveness-http");
    // Started after its pull, failing from 10 s on, three failures 3 s apart: not an hour later.
    expect(at).toBeGreaterThan(10_000);
    expect(at).toBeLessThan(25_000);
    expect(podNamed(c, "liveness-http").status?.containerStatuses?.[0]?.restartCount).toBeGreaterThan(0);
  });
});
