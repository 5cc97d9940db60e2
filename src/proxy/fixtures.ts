// Test fixtures: the seed cluster's Services and EndpointSlices as the controllers write them
// (kind's three nodes, CoreDNS on the control plane, demoservice from the course's service.yml).
import type { ServiceSpec, ServiceStatus } from "kubernetes-types/core/v1";
import type { Draft, EndpointSlice, Service } from "../api/types.js";
import type { ProxyInput } from "./types.js";

export const NODES = [
  { name: "kubesim-control-plane", ip: "172.18.0.2" },
  { name: "kubesim-worker", ip: "172.18.0.3" },
  { name: "kubesim-worker2", ip: "172.18.0.4" },
];

export function service(ns: string, name: string, spec: ServiceSpec, status?: ServiceStatus): Service {
  const svc: Draft<Service> = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { namespace: ns, name },
    spec: { type: "ClusterIP", sessionAffinity: "None", ...spec },
    status: status ?? { loadBalancer: {} },
  };
  // Fixtures leave out the uid the apiserver would add: kube-proxy never reads it.
  return svc as Service;
}

export interface Ep {
  ip: string;
  node?: string;
  pod?: string;
  ready?: boolean;
  terminating?: boolean;
  serving?: boolean;
}

export function slice(
  ns: string,
  svc: string,
  ports: { name?: string; port: number; protocol?: string }[],
  eps: Ep[],
  suffix = "abcde",
): EndpointSlice {
  const s: Draft<EndpointSlice> = {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { namespace: ns, name: `${svc}-${suffix}`, labels: { "kubernetes.io/service-name": svc } },
    addressType: "IPv4",
    ports: ports.map((p) => ({ name: p.name ?? "", port: p.port, protocol: p.protocol ?? "TCP" })),
    endpoints: eps.map((e) => ({
      addresses: [e.ip],
      conditions: {
        ready: e.ready ?? true,
        serving: e.serving ?? e.ready ?? true,
        terminating: e.terminating ?? false,
      },
      ...(e.node ? { nodeName: e.node } : {}),
      ...(e.pod ? { targetRef: { kind: "Pod", namespace: ns, name: e.pod } } : {}),
    })),
  };
  // As service(): no uid, which kube-proxy never reads.
  return s as EndpointSlice;
}

export const KUBERNETES = service("default", "kubernetes", {
  clusterIP: "10.96.0.1",
  ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
});
export const KUBERNETES_SLICE = slice(
  "default",
  "kubernetes",
  [{ name: "https", port: 6443 }],
  [{ ip: "172.18.0.2" }],
);

export const KUBE_DNS = service("kube-system", "kube-dns", {
  clusterIP: "10.96.0.10",
  ports: [
    { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
    { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
    { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
  ],
});
export const KUBE_DNS_SLICE = slice(
  "kube-system",
  "kube-dns",
  [
    { name: "dns-tcp", port: 53 },
    { name: "dns", port: 53, protocol: "UDP" },
    { name: "metrics", port: 9153 },
  ],
  [
    { ip: "10.244.0.3", node: "kubesim-control-plane", pod: "coredns-668d6bf9bc-x7k2p" },
    { ip: "10.244.0.2", node: "kubesim-control-plane", pod: "coredns-668d6bf9bc-4vz8n" },
  ],
);

/** demoservice from service.yml (unnamed port 80), with the given endpoints on port 80. */
export function demo(spec: ServiceSpec = {}, status?: ServiceStatus): Service {
  return service(
    "default",
    "demoservice",
    { clusterIP: "10.96.137.24", ports: [{ port: 80, protocol: "TCP", targetPort: 80 }], ...spec },
    status,
  );
}

export function demoSlice(eps: Ep[]): EndpointSlice {
  return slice("default", "demoservice", [{ port: 80 }], eps);
}

/** The rules of `node` for the system Services plus the given objects. */
export function input(node: string, services: Service[], slices: EndpointSlice[]): ProxyInput {
  const self = NODES.find((n) => n.name === node);
  if (!self) throw new Error(`fixtures: no node ${node}`);
  return {
    node: self,
    clusterCIDR: "10.244.0.0/16",
    services: [KUBERNETES, KUBE_DNS, ...services],
    endpointSlices: [KUBERNETES_SLICE, KUBE_DNS_SLICE, ...slices],
  };
}
