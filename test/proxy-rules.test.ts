// kube-proxy's rules kept per Service (src/cluster/proxy-rules.ts) must stay what compiling
// every Service and slice gives, through every kind of write that moves them: after each
// command below, every node's tables assembled from the records equal the compiled ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUCKETS } from "../src/apiserver/storage.js";
import { Cluster } from "../src/cluster/cluster.js";
import { keptFragments, keptWalks } from "../src/cluster/proxy-rules.js";
import type { ClusterState } from "../src/cluster/state.js";
import { DataPlane } from "../src/net/connect.js";
import { proxyInput } from "../src/net/proxy-modes.js";
import { assembleTables, compile, iptablesWalk, renderTable, walkCost } from "../src/proxy/index.js";
import { Store } from "../src/store/store.js";
import { Sandbox } from "./harness.js";

let sb: Sandbox;
beforeAll(() => {
  sb = new Sandbox();
});
afterAll(() => sb.cleanup());

async function ok(line: string, stdin = ""): Promise<void> {
  const r = await sb.sh(line, stdin);
  expect(r.err, line).toBe("");
  expect(r.code, line).toBe(0);
}

/** Every node's kept tables against the compiled ones, and the walk a trace counts. */
function expectKeptRulesCurrent(): void {
  const c = new Cluster(new Store(sb.env, BUCKETS).read("kubesim"), sb.env);
  const plane = new DataPlane(c);
  for (const n of plane.topo.nodes) {
    const kept = keptFragments(c, { name: n.name, ip: n.ip });
    const walks = keptWalks(c, { name: n.name, ip: n.ip });
    expect(kept, "the records are trusted").toBeDefined();
    if (!kept || !walks) return;
    const input = proxyInput(plane, n.name);
    const whole = compile(input);
    const parts = assembleTables(kept);
    const at = new Date(0);
    expect(renderTable("nat", parts.nat, at)).toBe(renderTable("nat", whole.nat, at));
    expect(renderTable("filter", parts.filter, at)).toBe(renderTable("filter", whole.filter, at));
    for (const r of whole.nat.rules.filter((x) => x.chain === "KUBE-SERVICES")) {
      const dst = /^-d ([\d.]+)\/32 /.exec(r.spec)?.[1] ?? n.ip;
      const chain = ["KUBE-SERVICES", r.spec.slice(r.spec.lastIndexOf(" -j ") + 4)];
      expect(walkCost(walks, dst, chain)).toEqual(iptablesWalk(input, dst, chain));
    }
    for (const r of whole.nat.rules.filter((x) => x.chain === "KUBE-NODEPORTS")) {
      const chain = ["KUBE-SERVICES", "KUBE-NODEPORTS", r.spec.slice(r.spec.lastIndexOf(" -j ") + 4)];
      expect(walkCost(walks, n.ip, chain)).toEqual(iptablesWalk(input, n.ip, chain));
    }
  }
}

const APPS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: httpd}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: local}
spec:
  type: NodePort
  externalTrafficPolicy: Local
  selector: {app: web}
  ports: [{name: http, port: 8080, targetPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: sticky}
spec:
  selector: {app: web}
  sessionAffinity: ClientIP
  ports: [{port: 81, targetPort: 80}]
`;

/** A selectorless Service and a hand-made slice of `n` endpoints for it. */
function bigSlice(name: string, n: number, third: number): string {
  const eps = Array.from(
    { length: n },
    (_, i) => `  - addresses: ["10.${third}.${i >> 8}.${i & 255}"]\n    conditions: {ready: true}`,
  ).join("\n");
  return `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {ports: [{port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ${name}-1
  labels: {kubernetes.io/service-name: ${name}}
addressType: IPv4
ports: [{name: "", port: 80, protocol: TCP}]
endpoints:
${eps}
`;
}

describe("kube-proxy's kept rules", () => {
  it("are kept from the cluster's creation", async () => {
    await ok("get ns");
    expectKeptRulesCurrent();
  });

  it("follow Services and their slices as they are created, scaled and removed", async () => {
    await ok("apply -f -", APPS);
    expectKeptRulesCurrent();
    await ok("scale deployment web --replicas=4");
    expectKeptRulesCurrent();
    await ok("scale deployment web --replicas=1");
    expectKeptRulesCurrent();
    await ok("delete service sticky");
    expectKeptRulesCurrent();
  });

  it("follow a slice that moves to another Service", async () => {
    await ok("apply -f -", bigSlice("hand", 3, 250));
    expectKeptRulesCurrent();
    await ok("label endpointslice hand-1 kubernetes.io/service-name=web --overwrite");
    expectKeptRulesCurrent();
    await ok("delete endpointslice hand-1");
    expectKeptRulesCurrent();
  });

  it("follow kube-proxy into and out of large-cluster mode", async () => {
    await ok("apply -f -", bigSlice("many-a", 600, 251));
    await ok("apply -f -", bigSlice("many-b", 600, 252));
    expectKeptRulesCurrent();
    await ok("delete service many-b");
    await ok("delete endpointslice many-b-1");
    expectKeptRulesCurrent();
  });

  it("are written anew for a state written without them", async () => {
    const store = new Store(sb.env, BUCKETS);
    await store.withLock("kubesim", () => {
      const loaded = store.read<ClusterState>("kubesim");
      const c = new Cluster(loaded, sb.env);
      // As a kubesim from before the records would leave them: behind the state.
      c.state.resourceVersion += 1;
      store.write("kubesim", c.state, c.objects, loaded.revision);
    });
    const c = new Cluster(new Store(sb.env, BUCKETS).read("kubesim"), sb.env);
    expect(keptFragments(c, { name: "kubesim-worker", ip: "172.18.0.3" })).toBeUndefined();
    await ok("delete deployment web");
    expectKeptRulesCurrent();
  });
});
