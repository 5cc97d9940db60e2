// A small cluster for the DNS tests: kube-dns and kubernetes as kind creates them, the course's
// demoservice backed by testpod, a headless StatefulSet-style service, an ExternalName, and a
// service in another namespace. Only tests import this file.
import type { KObject } from "../api/types.js";
import type { DnsData } from "./index.js";

const CREATED = "2025-01-01T00:00:00Z";

function service(namespace: string, name: string, spec: Record<string, unknown>): KObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, creationTimestamp: CREATED },
    spec,
  };
}

type Ep = { ip: string; ready?: boolean; pod?: string; hostname?: string };

function slice(
  namespace: string,
  svc: string,
  eps: Ep[],
  ports: { name?: string; port: number; protocol?: string }[],
): KObject {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name: `${svc}-abcde`,
      namespace,
      labels: { "kubernetes.io/service-name": svc },
      creationTimestamp: CREATED,
    },
    addressType: "IPv4",
    endpoints: eps.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true, serving: e.ready ?? true, terminating: false },
      ...(e.hostname ? { hostname: e.hostname } : {}),
      ...(e.pod ? { targetRef: { kind: "Pod", name: e.pod, namespace } } : {}),
    })),
    ports: ports.map((p) => ({ name: p.name ?? "", port: p.port, protocol: p.protocol ?? "TCP" })),
  };
}

export function pod(
  namespace: string,
  name: string,
  ip: string,
  spec: Record<string, unknown> = {},
): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, creationTimestamp: CREATED },
    spec: { nodeName: "kubesim-worker", containers: [{ name: "c", image: "busybox" }], ...spec },
    status: { phase: "Running", hostIP: "172.18.0.3", podIP: ip, podIPs: [{ ip }] },
  };
}

export function cluster(): DnsData {
  return {
    services: [
      service("kube-system", "kube-dns", {
        clusterIP: "10.96.0.10",
        clusterIPs: ["10.96.0.10"],
        ports: [
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "dns-tcp", port: 53, protocol: "TCP" },
          { name: "metrics", port: 9153, protocol: "TCP" },
        ],
      }),
      service("default", "kubernetes", {
        clusterIP: "10.96.0.1",
        clusterIPs: ["10.96.0.1"],
        ports: [{ name: "https", port: 443 }],
      }),
      service("default", "demoservice", {
        clusterIP: "10.96.137.24",
        ports: [{ name: "http", port: 80, protocol: "TCP" }],
      }),
      service("default", "nginx", {
        clusterIP: "None",
        selector: { app: "nginx" },
        ports: [{ name: "http", port: 80 }],
      }),
      service("default", "ext", { type: "ExternalName", externalName: "example.com" }),
      service("shop", "db", {
        clusterIP: "10.96.200.5",
        ports: [{ name: "postgres", port: 5432, protocol: "TCP" }],
      }),
    ],
    endpointSlices: [
      slice(
        "kube-system",
        "kube-dns",
        [{ ip: "10.244.0.2" }, { ip: "10.244.0.3" }],
        [
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "dns-tcp", port: 53 },
          { name: "metrics", port: 9153 },
        ],
      ),
      slice("default", "kubernetes", [{ ip: "172.18.0.2" }], [{ name: "https", port: 6443 }]),
      slice("default", "demoservice", [{ ip: "10.244.1.2", pod: "testpod" }], [{ name: "http", port: 80 }]),
      slice(
        "default",
        "nginx",
        [
          { ip: "10.244.1.3", pod: "web-0", hostname: "web-0" },
          { ip: "10.244.2.2", pod: "web-1" },
          { ip: "10.244.2.3", pod: "web-2", ready: false },
        ],
        [{ name: "http", port: 80 }],
      ),
      slice("shop", "db", [{ ip: "10.244.2.4", pod: "db-0" }], [{ name: "postgres", port: 5432 }]),
    ],
    pods: [
      pod("default", "testpod", "10.244.1.2"),
      pod("default", "web-0", "10.244.1.3", { hostname: "web-0", subdomain: "nginx" }),
      pod("default", "web-1", "10.244.2.2"),
      pod("default", "web-2", "10.244.2.3"),
      pod("shop", "db-0", "10.244.2.4"),
    ],
  };
}
