// Events expire an hour after their last write, as kube-apiserver's --event-ttl lease does.
import { describe, expect, it } from "vitest";
import type { KObject } from "../api/types.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { Rng } from "../util/rng.js";
import { EVENT_TTL_MS, eventExpiresAt } from "./eventttl.js";
import { EVENTS } from "./resources.js";
import { ApiServer } from "./server.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z", KUBESIM_TIME_SCALE: "0" };
const T0 = Date.parse("2026-11-27T12:00:00Z");
const MIN = 60_000;

function server() {
  const c = bootstrap({ name: "t", nodes: 1, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
  const clock = { now: T0 };
  const api = new ApiServer(c.state, c.objects, new Rng(c.state), () => clock.now);
  const pod = (name: string): KObject =>
    ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: "default", uid: `uid-${name}` },
    }) as KObject;
  return { api, clock, objects: c.objects, pod };
}

const ours = (api: ApiServer) =>
  api.list(EVENTS, "default").filter((e) => e.involvedObject.uid?.startsWith("uid-"));

describe("the event TTL", () => {
  it("counts from the last write: a fold renews the lease", () => {
    const { api, clock, pod } = server();
    const p = pod("a");
    api.recordEvent(p, "Warning", "BackOff", "Back-off restarting", { component: "kubelet" });
    clock.now = T0 + 40 * MIN;
    api.recordEvent(p, "Warning", "BackOff", "Back-off restarting", { component: "kubelet" });
    const [ev] = ours(api);
    expect(ev.count).toBe(2);
    expect(eventExpiresAt(ev)).toBe(T0 + 40 * MIN + EVENT_TTL_MS);
    // an hour after the first write, but not after the fold: still there
    clock.now = T0 + 70 * MIN;
    expect(ours(api)).toHaveLength(1);
    clock.now = T0 + 100 * MIN;
    expect(ours(api)).toHaveLength(0);
    expect(api.get(EVENTS, "default", ev.metadata.name ?? "")).toBeUndefined();
    expect(api.eventsNear("default", "a")).toHaveLength(0);
    // a repeat after expiry starts a new event
    api.recordEvent(p, "Warning", "BackOff", "Back-off restarting", { component: "kubelet" });
    const [again] = ours(api);
    expect(again.count).toBe(1);
    expect(again.metadata.name).not.toBe(ev.metadata.name);
  });

  it("leaves the store with the next writes: the written shard, then whole expired shards unread", () => {
    const { api, clock, objects, pod } = server();
    for (let i = 0; i < 50; i++)
      api.recordEvent(pod(`p${i}`), "Normal", "Pulled", "pulled", { component: "kubelet" });
    const stored = () =>
      objects
        .bucket("events")
        .all()
        .filter((e) => (e as { involvedObject?: { uid?: string } }).involvedObject?.uid?.startsWith("uid-"))
        .length;
    expect(stored()).toBe(50);
    objects.commit("1.1");
    clock.now = T0 + 61 * MIN;
    // a write to one object's events prunes that shard first
    api.recordEvent(pod("p0"), "Normal", "Killing", "stopping", { component: "kubelet" });
    api.compactEvents(0);
    objects.commit("2.1");
    expect(stored()).toBe(1);
  });
});
