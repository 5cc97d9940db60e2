// CoreDNS carries kubeadm's preferred pod anti-affinity. It can only select kube-system's
// pods, so placing a pod elsewhere must not read every placed pod (the scheduler's path for
// inter-pod terms, 100,000 summaries at the largest cluster); placing a kube-system pod
// that CoreDNS's term could repel still does.
import { describe, expect, it, vi } from "vitest";
import type { KObject } from "../../api/types.js";
import { createObject } from "../../apiserver/admit.js";
import { PODS } from "../../apiserver/resources.js";
import { bootstrap } from "../../cluster/bootstrap.js";
import { Cluster } from "../../cluster/cluster.js";
import { syncScheduler } from "../scheduler.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z", KUBESIM_TIME_SCALE: "0" };

const pod = (name: string, ns: string, labels: Record<string, string>) =>
  ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels },
    spec: { containers: [{ name: "c", image: "nginx" }] },
  }) as unknown as KObject;

/** How many times one scheduling pass for `p` read the summaries of every pod. */
function everyPodReads(p: KObject): number {
  const b = bootstrap({ name: "t", nodes: 3, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
  const c = new Cluster({ state: b.state, objects: b.objects }, ENV);
  createObject(c, p, p.metadata.namespace ?? "default");
  const spy = vi.spyOn(c.api, "summaries");
  syncScheduler(c.controllers);
  const reads = spy.mock.calls.filter(([r]) => r === PODS).length;
  expect(
    c.api.get(PODS, p.metadata.namespace ?? "default", p.metadata.name ?? "")?.spec?.nodeName,
  ).toBeTruthy();
  return reads;
}

describe("CoreDNS's preferred anti-affinity", () => {
  it("leaves a pod in another namespace to the path that reads no other pod", () => {
    expect(everyPodReads(pod("web", "default", { "k8s-app": "kube-dns" }))).toBe(0);
  });

  it("is weighed for a kube-system pod, whose placement reads the placed pods", () => {
    expect(everyPodReads(pod("dns-extra", "kube-system", { "k8s-app": "kube-dns" }))).toBeGreaterThan(0);
  });
});
