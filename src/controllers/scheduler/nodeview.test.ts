// The scheduler's node view: its stored form gives back what the filters read of each node,
// and it is used only while the nodes' bucket holds the files it was made from.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Node } from "../../api/types.js";
import { NODES } from "../../apiserver/resources.js";
import { BUCKETS } from "../../apiserver/storage.js";
import { bootstrap } from "../../cluster/bootstrap.js";
import { Cluster } from "../../cluster/cluster.js";
import type { ClusterState } from "../../cluster/state.js";
import { Store } from "../../store/store.js";
import { decodeView, encodeView, NODE_VIEW, schedulingNodes, schedulingView } from "./nodeview.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z", KUBESIM_TIME_SCALE: "0" };
const homes: string[] = [];
afterEach(() => {
  for (const d of homes.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A cluster of `nodes` nodes written to a fresh home, and a way to load it as a command does. */
async function stored(nodes: number) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-nodeview-"));
  homes.push(home);
  const env = { ...ENV, KUBESIM_HOME: home };
  const store = new Store(env, BUCKETS);
  const b = bootstrap({ name: "t", nodes, seed: 1, timeScale: 0, loadBalancer: false }, env);
  await store.withLock("t", () => store.write("t", b.state, b.objects, null));
  return { store, open: () => new Cluster(store.read<ClusterState>("t"), env) };
}

const node = (name: string, extra: Partial<Node> = {}, labels: Record<string, string> = {}): Node =>
  ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, uid: `u-${name}`, labels: { "kubernetes.io/hostname": name, ...labels } },
    spec: {},
    status: {
      allocatable: { cpu: "8", memory: "16318208Ki", pods: "110" },
      conditions: [
        { type: "MemoryPressure", status: "False" },
        { type: "Ready", status: "True" },
      ],
      addresses: [{ type: "InternalIP", address: "172.18.0.2" }],
    },
    ...extra,
  }) as Node;

describe("the scheduler's node view", () => {
  it("keeps what the filters read, and each distinct label set and resources once", () => {
    const nodes = [
      node("a"),
      node("b"),
      node("c", { spec: { taints: [{ key: "k", value: "v", effect: "NoSchedule" }], unschedulable: true } }),
      node("d", {}, { zone: "z1" }),
      node("e", {
        status: { allocatable: { cpu: "2", pods: "10" }, conditions: [{ type: "Ready", status: "False" }] },
      }),
      { apiVersion: "v1", kind: "Node", metadata: { name: "bare" } } as Node,
      // A hostname label that is not the node's name is kept as it is.
      node("f", {}, { "kubernetes.io/hostname": "other" }),
    ];
    const views = nodes.map(schedulingView);
    const stored = encodeView("r1", views);
    expect(stored.labels.length).toBe(3);
    expect(stored.rest.length).toBe(4);
    // What a store keeps is JSON.
    expect(decodeView(JSON.parse(JSON.stringify(stored)))).toEqual(views);
    expect(views[2].spec).toEqual({
      taints: [{ key: "k", value: "v", effect: "NoSchedule" }],
      unschedulable: true,
    });
    expect(views[0].status).toEqual({
      allocatable: { cpu: "8", memory: "16318208Ki", pods: "110" },
      conditions: [{ type: "Ready", status: "True" }],
    });
    expect(views[4].status?.conditions).toEqual([]);
    expect(views[0].metadata).toEqual({ name: "a", labels: { "kubernetes.io/hostname": "a" } });
  });

  it("is made from the stored nodes, kept, and made again once they change", async () => {
    const { store, open } = await stored(3);

    const first = open();
    // A bucket this process changed has no revision: the view is made but not kept.
    expect(first.api.objects.bucket(NODES.plural).revision()).toBeDefined();
    const made = schedulingNodes(first.controllers);
    expect(made.map((n) => n.metadata.name)).toEqual(first.api.list(NODES).map((n) => n.metadata.name));
    expect(first.api.objects.bucket(NODE_VIEW).get("nodes")).toBeDefined();
    await store.withLock("t", () => store.write("t", first.state, first.objects, store.revision("t")));

    const second = open();
    const view = second.api.objects.bucket(NODE_VIEW).get("nodes") as unknown as { revision: string };
    expect(view.revision).toBe(second.api.objects.bucket(NODES.plural).revision());
    expect(schedulingNodes(second.controllers)).toEqual(made);

    // A node cordoned: the bucket changes, and the view follows it.
    const worker = second.api.get(NODES, undefined, "t-worker") as Node;
    second.api.put({ ...worker, spec: { ...worker.spec, unschedulable: true } });
    expect(second.api.objects.bucket(NODES.plural).revision()).toBeUndefined();
    const cordoned = schedulingNodes(second.controllers).find((n) => n.metadata.name === "t-worker");
    expect(cordoned?.spec?.unschedulable).toBe(true);
    await store.withLock("t", () => store.write("t", second.state, second.objects, store.revision("t")));

    const third = open();
    expect(
      schedulingNodes(third.controllers).find((n) => n.metadata.name === "t-worker")?.spec?.unschedulable,
    ).toBe(true);
  });
});

describe("a stored view of another shape", () => {
  it("is made again, not trusted", async () => {
    const c = (await stored(2)).open();
    const revision = c.api.objects.bucket(NODES.plural).revision();
    // The matching revision, but nodes kept whole (an earlier form of the record).
    c.api.objects.bucket(NODE_VIEW).set("nodes", { revision, nodes: [] } as never);
    expect(schedulingNodes(c.controllers).map((n) => n.metadata.name)).toEqual([
      "t-control-plane",
      "t-worker",
    ]);
  });
});
