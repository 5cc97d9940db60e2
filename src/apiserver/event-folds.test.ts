import { describe, expect, it } from "vitest";
import type { Event, KObject } from "../api/types.js";
import { EventFolds, type EventShards, foldKey } from "./event-folds.js";

function event(object: string, hex: string, reason: string, uid: string): [string, Event] {
  const e = {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${object}.${hex}`, namespace: "default" },
    involvedObject: { kind: "Pod", name: object, namespace: "default", uid },
    reason,
    message: `${reason} ${object}`,
    count: 1,
  } as Event;
  return [`default/${object}.${hex}`, e];
}

/** One shard holding events about "web", "web.v2" and "db"; counts the events parsed. */
function shard() {
  const stored = new Map<string, Event>([
    event("web", "18a1", "Pulled", "u-web"),
    event("db", "18a2", "Pulled", "u-db"),
    event("web.v2", "18a3", "Pulled", "u-web2"),
    event("web", "18a4", "Started", "u-web"),
  ]);
  let parsed = 0;
  let pruned = 0;
  const shards: EventShards = {
    shardOf: () => 0,
    shardKeys: () => [...stored.keys()],
    shardKeysWithPrefix: (_key, prefix, containing) =>
      [...stored.keys()].filter(
        (k) => k.startsWith(prefix) && (!containing || JSON.stringify(stored.get(k)).includes(containing)),
      ),
    get: (k) => {
      parsed++;
      return stored.get(k) as KObject | undefined;
    },
  };
  const folds = new EventFolds(
    () => shards,
    () => {
      pruned++;
    },
  );
  return { folds, parsed: () => parsed, pruned: () => pruned };
}

describe("event folds", () => {
  it("find a repeat among the object's own events with its message, parsing only those", () => {
    const s = shard();
    const same = s.folds.find("default/web", "Started web", foldKey("u-web", "Started", "Started web"));
    expect(same?.metadata.name).toBe("web.18a4");
    expect(s.parsed()).toBe(1);
    expect(s.folds.find("default/web", "Pulled db", foldKey("u-web", "Pulled", "Pulled db"))).toBeUndefined();
    expect(s.parsed()).toBe(1);
    // "web.v2" is another object, though its name starts with "web.".
    expect(
      s.folds.find("default/web", "Pulled web.v2", foldKey("u-web", "Pulled", "Pulled web.v2")),
    ).toBeUndefined();
    expect(
      s.folds.find("default/web.v2", "Pulled web.v2", foldKey("u-web2", "Pulled", "Pulled web.v2"))?.metadata
        .name,
    ).toBe("web.v2.18a3");
    // Each object and message is read once.
    s.folds.find("default/web", "Started web", foldKey("u-web", "Started", "Started web"));
    expect(s.parsed()).toBe(2);
    // The shard's expired events are pruned once, before its keys are first read.
    expect(s.pruned()).toBe(1);
  });

  it("group a shard's keys by object once it has been searched for many objects", () => {
    const s = shard();
    for (let i = 0; i < 16; i++) s.folds.find(`default/new${i}`, "m", foldKey(`u${i}`, "Created", "m"));
    expect(s.parsed()).toBe(0);
    // The 17th object of the shard: its keys are grouped, and all of web's events read.
    expect(
      s.folds.find("default/web", "Started web", foldKey("u-web", "Started", "Started web"))?.metadata.name,
    ).toBe("web.18a4");
    expect(
      s.folds.find("default/web", "Pulled web", foldKey("u-web", "Pulled", "Pulled web"))?.metadata.name,
    ).toBe("web.18a1");
    expect(
      s.folds.find("default/web.v2", "Pulled web.v2", foldKey("u-web2", "Pulled", "Pulled web.v2")),
    ).toBeDefined();
  });

  it("remember an event recorded in this process for the repeats that follow", () => {
    const s = shard();
    const key = foldKey("u-new", "Created", "Created new");
    expect(s.folds.find("default/new", "Created new", key)).toBeUndefined();
    const [, e] = event("new", "18b0", "Created", "u-new");
    s.folds.remember(key, e);
    expect(s.folds.find("default/new", "Created new", key)).toBe(e);
  });
});
