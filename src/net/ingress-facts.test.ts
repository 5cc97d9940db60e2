// Why a request through an Ingress fails, read from objects put straight into a fresh
// cluster: an ingress-nginx controller pod (ready or not), IngressClasses, Ingresses,
// Services and their EndpointSlices. Each finding names the objects involved.
import { describe, expect, it } from "vitest";
import type { KObject } from "../api/types.js";
import { bootstrap } from "../cluster/bootstrap.js";
import type { Cluster } from "../cluster/cluster.js";
import { findingText } from "../printers/ingress-findings.js";
import { ingressFindings, requestFindings } from "./ingress-facts.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z" };
const cluster = () => bootstrap({ name: "t", nodes: 1, seed: 1, timeScale: 0, loadBalancer: false }, ENV);

function add(c: Cluster, o: KObject): KObject {
  return c.api.insert(o as never);
}

function controller(c: Cluster, ready: boolean): void {
  add(c, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "ingress-nginx-controller-x", namespace: "ingress-nginx", labels: { app: "c" } },
    spec: {
      nodeName: "t-control-plane",
      containers: [
        {
          name: "controller",
          image: "registry.k8s.io/ingress-nginx/controller:v1.12.1",
          args: [
            "/nginx-ingress-controller",
            "--ingress-class=nginx",
            "--controller-class=k8s.io/ingress-nginx",
          ],
        },
      ],
    },
    status: {
      phase: ready ? "Running" : "Pending",
      podIP: "10.244.0.9",
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
      containerStatuses: ready
        ? []
        : [{ name: "controller", state: { waiting: { reason: "ContainerCreating" } } }],
    },
  });
  add(c, {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: { name: "nginx" },
    spec: { controller: "k8s.io/ingress-nginx" },
  });
}

function service(c: Cluster, name: string, port: number, readyEndpoint: boolean): void {
  add(c, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default" },
    spec: { selector: { app: name }, ports: [{ port, protocol: "TCP" }] },
  });
  add(c, {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: `${name}-abcde`, namespace: "default", labels: { "kubernetes.io/service-name": name } },
    addressType: "IPv4",
    ports: [{ name: "", port, protocol: "TCP" }],
    endpoints: readyEndpoint ? [{ addresses: ["10.244.0.20"], conditions: { ready: true } }] : [],
  });
}

function ingress(c: Cluster, name: string, spec: Record<string, unknown>): KObject {
  return add(c, {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name, namespace: "default" },
    spec,
  });
}

const rule = (host: string | undefined, path: string, pathType: string, svc: string, port: number) => ({
  ...(host ? { host } : {}),
  http: { paths: [{ path, pathType, backend: { service: { name: svc, port: { number: port } } } }] },
});

describe("ingress findings", () => {
  it("has no controller before ingress-nginx is installed, and one not ready while it starts", () => {
    const c = cluster();
    const ing = ingress(c, "web", {
      ingressClassName: "nginx",
      rules: [rule(undefined, "/", "Prefix", "web", 80)],
    });
    expect(ingressFindings(c, ing as never)).toEqual([{ kind: "no-controller" }]);
    controller(c, false);
    expect(requestFindings(c, "localhost", "/")).toEqual([
      {
        kind: "controller-not-ready",
        pod: { namespace: "ingress-nginx", name: "ingress-nginx-controller-x" },
        state: "ContainerCreating",
      },
    ]);
  });

  it("blames the class of an Ingress that would have matched but is not served", () => {
    const c = cluster();
    controller(c, true);
    service(c, "web", 80, true);
    ingress(c, "typo", { ingressClassName: "ngnix", rules: [rule(undefined, "/shop", "Prefix", "web", 80)] });
    ingress(c, "none", { rules: [rule("none.example", "/", "Prefix", "web", 80)] });
    const [typo] = requestFindings(c, "x.example", "/shop/cart");
    expect(typo).toMatchObject({
      kind: "class-unserved",
      className: "ngnix",
      classExists: false,
      served: ["nginx"],
    });
    const [none] = requestFindings(c, "none.example", "/");
    expect(none).toMatchObject({ kind: "no-class", ingress: { name: "none" }, served: ["nginx"] });
    expect(findingText(none).fix).toContain("ingressclass.kubernetes.io/is-default-class=true");
  });

  it("names the nearest rule when nothing matches, Prefix matching by whole path element", () => {
    const c = cluster();
    controller(c, true);
    service(c, "web", 80, true);
    ingress(c, "web", {
      ingressClassName: "nginx",
      rules: [
        rule("shop.example", "/api", "Prefix", "web", 80),
        rule("other.example", "/apix", "Prefix", "web", 80),
      ],
    });
    const [f] = requestFindings(c, "shop.example", "/apix");
    expect(f).toMatchObject({
      kind: "no-rule",
      host: "shop.example",
      path: "/apix",
      nearest: { host: "shop.example", path: "/api" },
    });
    expect(findingText(f).cause).toContain(
      "Prefix matches whole path elements, so /api does not cover /apix",
    );
    expect(requestFindings(c, "shop.example", "/api/v1")).toEqual([]);
  });

  it("finds a missing Service (with the similar name), a missing port, no ready endpoint, a missing TLS Secret", () => {
    const c = cluster();
    controller(c, true);
    service(c, "web", 8080, true);
    service(c, "down", 80, false);
    const ing = ingress(c, "broken", {
      ingressClassName: "nginx",
      tls: [{ hosts: ["shop.example"], secretName: "shop-tls" }],
      rules: [
        rule("shop.example", "/a", "Prefix", "wbe", 8080),
        rule("shop.example", "/b", "Prefix", "web", 80),
        rule("shop.example", "/c", "Prefix", "down", 80),
      ],
    });
    const kinds = ingressFindings(c, ing as never).map((f) => f.kind);
    expect(kinds).toEqual([
      "service-missing",
      "service-port-missing",
      "no-ready-endpoints",
      "tls-secret-missing",
    ]);
    const [missing] = requestFindings(c, "shop.example", "/a");
    expect(missing).toMatchObject({ kind: "service-missing", similar: ["web"] });
    const [port] = requestFindings(c, "shop.example", "/b");
    expect(port).toMatchObject({ kind: "service-port-missing", ports: ["8080"] });
    const [down] = requestFindings(c, "shop.example:443", "/c?x=1");
    expect(down.kind).toBe("no-ready-endpoints");
    expect(findingText(down).cause).toMatch(/answers 503 .*selector app=down matches no pod/);
  });
});
