// A container's environment is read by name (issue 17): a lookup reads the few Services the
// name can come from, never the list, and agrees with the whole environment that `env`
// lists: its order, the container's own variables over the Services', `$(NAME)` references
// to Service variables, names two Services give, and the Services the pod does not get.
import { describe, expect, it, vi } from "vitest";
import type { KObject, Pod, Service } from "../api/types.js";
import { createObject } from "../apiserver/admit.js";
import { PODS, SERVICES } from "../apiserver/resources.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { Cluster } from "../cluster/cluster.js";
import { containerEnv } from "./environment.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z" };

function cluster(): Cluster {
  const c = bootstrap({ name: "t", nodes: 2, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
  return new Cluster({ state: c.state, objects: c.objects }, ENV);
}

function namespace(c: Cluster, name: string): void {
  createObject(c, { apiVersion: "v1", kind: "Namespace", metadata: { name } } as unknown as KObject, "");
}

function service(c: Cluster, ns: string, name: string, spec: Record<string, unknown>): Service {
  const raw = { apiVersion: "v1", kind: "Service", metadata: { name }, spec } as unknown as KObject;
  createObject(c, raw, ns);
  return c.api.get(SERVICES, ns, name) as Service;
}

const web = { selector: { app: "x" }, ports: [{ name: "http", port: 80 }] };

async function podWith(c: Cluster, ns: string, spec: Record<string, unknown>): Promise<Pod> {
  const raw = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p" },
    spec: { containers: [{ name: "c", image: "busybox", command: ["sleep", "3600"] }], ...spec },
  } as unknown as KObject;
  createObject(c, raw, ns);
  await c.advance();
  const pod = c.api.get(PODS, ns, "p") as Pod;
  expect(pod.status?.phase).toBe("Running");
  return pod;
}

/** Every name the listing gives, read by name from an environment that was never listed. */
function readOneByOne(c: Cluster, pod: Pod): [string, string | undefined][] {
  const names = [...containerEnv(c, pod, pod.spec.containers[0]).entries()].map(([k]) => k);
  const fresh = containerEnv(c, pod, pod.spec.containers[0]);
  return names.map((k) => [k, fresh.get(k)]);
}

describe("a container's environment read by name", () => {
  it("agrees with the listing, in the kubelet's order, the container's variables winning", async () => {
    const c = cluster();
    const a = service(c, "default", "a", {
      selector: { app: "a" },
      ports: [
        { name: "http", port: 80 },
        { name: "dns", port: 53, protocol: "UDP" },
      ],
    });
    // Gives A_PORT_80_TCP_PORT too, after `a` in list order: its value wins, `a`'s place stays.
    const clash = service(c, "default", "a-port-80-tcp", { selector: { app: "b" }, ports: [{ port: 9090 }] });
    service(c, "default", "headless", { ...web, clusterIP: "None" });
    service(c, "default", "ext", { type: "ExternalName", externalName: "example.com" });
    namespace(c, "other");
    service(c, "other", "elsewhere", web);
    const pod = await podWith(c, "default", {
      containers: [
        {
          name: "c",
          image: "busybox",
          command: ["sleep", "3600"],
          env: [
            { name: "A_SERVICE_HOST", value: "mine" },
            { name: "URL", value: "http://$(A_SERVICE_HOST):$(A_SERVICE_PORT_HTTP)" },
            { name: "DNS", value: "$(A_PORT_53_UDP_ADDR) $(NOPE_SERVICE_HOST)" },
          ],
        },
      ],
    });
    service(c, "default", "late", web);

    const listed = [...containerEnv(c, pod, pod.spec.containers[0]).entries()];
    const names = listed.map(([k]) => k);
    expect(names.slice(0, 4)).toEqual(["PATH", "HOSTNAME", "A_SERVICE_HOST", "A_SERVICE_PORT"]);
    expect(names.at(-1)).toBe("HOME");
    const value = Object.fromEntries(listed);
    expect(value.A_SERVICE_HOST).toBe("mine");
    expect(value.URL).toBe("http://mine:80");
    expect(value.DNS).toBe(`${a.spec.clusterIP} $(NOPE_SERVICE_HOST)`);
    expect(value.A_PORT_80_TCP_PORT).toBe(`tcp://${clash.spec.clusterIP}:9090`);
    expect(names.indexOf("A_PORT_80_TCP_PORT")).toBeLessThan(names.indexOf("A_PORT_53_UDP"));
    expect(value.KUBERNETES_SERVICE_HOST).toBe("10.96.0.1");
    for (const absent of ["HEADLESS_SERVICE_HOST", "EXT_SERVICE_HOST", "ELSEWHERE_SERVICE_HOST", "LATE_PORT"])
      expect(names).not.toContain(absent);

    expect(readOneByOne(c, pod)).toEqual(listed);
    const env = containerEnv(c, pod, pod.spec.containers[0]);
    for (const absent of [
      "HEADLESS_SERVICE_HOST",
      "EXT_PORT",
      "LATE_SERVICE_HOST",
      "A_SERVICE_HOSTX",
      "a_PORT",
    ])
      expect(env.get(absent)).toBeUndefined();
  });

  it("reads the Services a name can come from, and lists them only when listed whole", async () => {
    const c = cluster();
    for (let i = 0; i < 30; i++) service(c, "default", `app${i}`, web);
    const pod = await podWith(c, "default", {});
    const list = vi.spyOn(c.api, "list");
    const get = vi.spyOn(c.api, "get");
    const env = containerEnv(c, pod, pod.spec.containers[0]);
    expect(env.get("APP7_SERVICE_HOST")).toBe(c.api.get(SERVICES, "default", "app7")?.spec.clusterIP);
    expect(env.get("APP7_PORT_80_TCP_ADDR")).toBe(env.get("APP7_SERVICE_HOST"));
    expect(env.get("PATH")).toMatch(/^\/usr\/local\/sbin:/);
    expect(list).not.toHaveBeenCalled();
    // app7 and the ones a longer prefix names (app7-port-80, app7-port-80-tcp), each once.
    expect(get.mock.calls.filter(([r]) => r === SERVICES).length).toBeLessThan(8);
    expect([...env.entries()].filter(([k]) => k.endsWith("_SERVICE_HOST"))).toHaveLength(31);
    expect(list).toHaveBeenCalledTimes(1);
  });

  it("gives a pod without service links only the kubernetes Service's variables", async () => {
    const c = cluster();
    namespace(c, "other");
    service(c, "other", "web", web);
    // A Service named kubernetes in the pod's own namespace is one of its links, when it has them.
    service(c, "other", "kubernetes", { selector: { app: "k" }, ports: [{ port: 8443 }] });
    const pod = await podWith(c, "other", { enableServiceLinks: false });
    const names = [...containerEnv(c, pod, pod.spec.containers[0]).entries()].map(([k]) => k);
    expect(names.filter((k) => k.startsWith("KUBERNETES_"))).toHaveLength(8);
    expect(names.some((k) => k.startsWith("WEB_"))).toBe(false);
    expect(containerEnv(c, pod, pod.spec.containers[0]).get("KUBERNETES_SERVICE_PORT")).toBe("443");
    expect(readOneByOne(c, pod)).toEqual([...containerEnv(c, pod, pod.spec.containers[0]).entries()]);
  });

  it("takes the later Service in list order for a name two namespaces' kubernetes Services give", async () => {
    const c = cluster();
    namespace(c, "zzz");
    service(c, "zzz", "kubernetes", { selector: { app: "k" }, ports: [{ name: "https", port: 8443 }] });
    const pod = await podWith(c, "zzz", {});
    const env = containerEnv(c, pod, pod.spec.containers[0]);
    expect(env.get("KUBERNETES_SERVICE_PORT")).toBe("8443");
    expect(readOneByOne(c, pod)).toEqual([...containerEnv(c, pod, pod.spec.containers[0]).entries()]);
  });
});
