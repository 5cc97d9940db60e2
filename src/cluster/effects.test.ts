// A request changes nothing until its verb commits what it returned; committing reproduces
// exactly what drawing and logging in place would have done, and only records (log lines,
// packages, files, ping's own draws) make the command persist.
import { describe, expect, it } from "vitest";
import { byKind } from "../apiserver/resources.js";
import { runtimeAt } from "../kubelet/runtime.js";
import { Network } from "../net/network.js";
import { Rng } from "../util/rng.js";
import { bootstrap } from "./bootstrap.js";
import { Cluster } from "./cluster.js";
import { commitEffects, type Effect } from "./effects.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z" };

/** A bootstrapped cluster, loaded again as a command would: nothing written yet. */
function cluster(): Cluster {
  const c = bootstrap({ name: "t", nodes: 3, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
  return new Cluster({ state: c.state, objects: c.objects }, ENV);
}

function corednsIP(c: Cluster): string {
  const pod = c.api
    .list(byKind("Pod"), "kube-system")
    .find((p) => p.metadata.labels?.["k8s-app"] === "kube-dns");
  return pod!.status.podIP;
}

describe("commitEffects", () => {
  it("leaves the cluster as it was until the effects are committed", () => {
    const c = cluster();
    // What a request could touch; the store's catalog notes buckets as they are read.
    const touchable = () =>
      JSON.stringify([c.state.rng, c.objects.bucket("containerruntime").entries(), c.state.affinity]);
    const before = touchable();
    const net = new Network(c, { kind: "node", node: "t-control-plane" });
    // kube-dns has two endpoints: picking one is a random draw; port 9 refuses after a draw.
    net.connect("10.96.0.10", 53);
    net.connect(corednsIP(c), 9);
    const effects = net.effects();
    // Each attempt also leaves its conntrack record, written only if committed.
    expect(effects.map((e) => e.kind)).toEqual(["draws", "conn", "draws", "conn"]);
    expect(touchable()).toBe(before);
    expect(c.api.dirty).toBe(false);
  });

  it("continues the random sequence exactly where the request left it", () => {
    const c = cluster();
    const start = c.state.rng;
    const net = new Network(c, { kind: "node", node: "t-control-plane" });
    net.connect(corednsIP(c), 9);
    net.connect(corednsIP(c), 9);
    commitEffects(c, net.effects());
    const inPlace = new Rng({ rng: start });
    inPlace.int(3);
    inPlace.int(3);
    expect(c.state.rng).toBe(inPlace.position);
    // Draws that only chose a path are not worth a write by themselves.
    expect(c.api.dirty).toBe(false);
  });

  it("refuses draws committed after another draw came between", () => {
    const c = cluster();
    const net = new Network(c, { kind: "node", node: "t-control-plane" });
    net.connect(corednsIP(c), 9);
    c.rng.next();
    expect(() => commitEffects(c, net.effects())).toThrow(/another draw came between/);
  });

  it("persists draws that are the output itself", () => {
    const c = cluster();
    const rng = c.rng.fork();
    const from = rng.position;
    rng.int(90);
    commitEffects(c, [{ kind: "draws", from, to: rng.position, keep: true }]);
    expect(c.state.rng).toBe(rng.position);
    expect(c.api.dirty).toBe(true);
  });

  it("appends log lines, sets packages and affinity lists", () => {
    const c = cluster();
    const effects: Effect[] = [
      { kind: "log", container: "uid-1/web", lines: [{ at: 1, line: "GET / 200" }] },
      { kind: "log", container: "uid-1/web", lines: [{ at: 2, line: "GET /x 404" }] },
      { kind: "packages", container: "uid-1/web", installed: ["curl"], listsUpdated: true },
      {
        kind: "affinity",
        node: "t-worker",
        entries: { "KUBE-SEP-A|10.244.1.5": { ip: "10.244.2.3", port: 80, at: 5 } },
      },
    ];
    commitEffects(c, effects);
    // Log lines go to the container's bounded log (kubelet/logs.ts), not the state.
    expect(c.api.objects.bucket("containerlogs").get("uid-1/web")).toEqual({
      lines: [
        [1, "GET / 200"],
        [2, "GET /x 404"],
      ],
      bytes: 21,
    });
    expect(runtimeAt(c, "uid-1/web")).toEqual({ installed: ["curl"], aptUpdated: true });
    expect(c.state.affinity?.["t-worker"]).toEqual(effects[3].kind === "affinity" ? effects[3].entries : {});
    expect(c.api.dirty).toBe(true);
  });

  it("keeps affinity lists in memory without a write of their own", () => {
    const c = cluster();
    commitEffects(c, [{ kind: "affinity", node: "t-worker", entries: {} }]);
    expect(c.state.affinity).toEqual({ "t-worker": {} });
    expect(c.api.dirty).toBe(false);
  });
});

describe("connection records", () => {
  it("keep an answered connection and let a refused one ride along", () => {
    const c = cluster();
    const refused = new Network(c, { kind: "node", node: "t-control-plane" });
    refused.connect(corednsIP(c), 9);
    commitEffects(c, refused.effects());
    // Refused: recorded in memory, but not worth a write by itself.
    expect(c.state.conntrack?.log.map((r) => r.end)).toEqual(["refused"]);
    expect(c.api.dirty).toBe(false);
    const answered = new Network(c, { kind: "node", node: "t-control-plane" });
    answered.connect("172.18.0.2", 10256);
    commitEffects(c, answered.effects());
    expect(c.state.conntrack?.log.map((r) => [r.seq, r.end])).toEqual([
      [1, "refused"],
      [2, "closed"],
    ]);
    expect(c.api.dirty).toBe(true);
  });
});
