// The control plane's own images as their containers are seen from outside: etcd 3.5.16-0
// and kube-apiserver, kube-controller-manager and kube-scheduler v1.32.2. All four are
// distroless (go-runner on distroless/static; etcd since 3.5.7): `kubectl exec` finds no
// shell, only their binaries. What they serve is the health endpoints kubeadm's probes ask
// (/livez, /readyz, /healthz). Those are reached by the kubelet's probes alone: the
// controller manager, the scheduler and etcd's metrics listener bind 127.0.0.1, and the
// network reaches the API server through its own model (net/apiserver-door.ts).
import { forMethod, goResponse } from "./http.js";
import type { ContainerProcess, ContainerSpec, HttpResponse, ImageModel, Listener } from "./types.js";

/** A component's health endpoints on one port: each path's body, Go's 404 elsewhere. */
function healthListener(port: number, paths: Record<string, string>): Listener {
  return {
    port,
    protocol: "TCP",
    kind: "http",
    probeOnly: true,
    handle: (req, ctx): HttpResponse => {
      const body = paths[req.path.split("?")[0] ?? ""];
      return forMethod(
        req,
        body !== undefined
          ? goResponse(200, body, ctx.nowMs)
          : goResponse(404, "404 page not found\n", ctx.nowMs, [["X-Content-Type-Options", "nosniff"]]),
      );
    },
  };
}

function component(repo: string, tools: string[], health: Listener): ImageModel {
  return {
    repo,
    shell: null,
    tools,
    files: () => ({}),
    process: (spec: ContainerSpec): ContainerProcess => ({
      listeners: [health],
      description: [...(spec.command ?? []), ...(spec.args ?? [])].join(" ") || tools[0] || repo,
    }),
  };
}

const OK = { "/healthz": "ok", "/livez": "ok", "/readyz": "ok" };

/** etcd's /livez and /readyz answer JSON on the metrics listener kubeadm probes (2381). */
export const etcd = component(
  "registry.k8s.io/etcd",
  ["etcd", "etcdctl", "etcdutl"],
  healthListener(2381, {
    "/health": '{"health":"true","reason":""}',
    "/livez": '{"health":"true","reason":""}',
    "/readyz": '{"health":"true","reason":""}',
  }),
);

export const kubeApiserver = component(
  "registry.k8s.io/kube-apiserver",
  ["kube-apiserver"],
  healthListener(6443, OK),
);

export const kubeControllerManager = component(
  "registry.k8s.io/kube-controller-manager",
  ["kube-controller-manager"],
  healthListener(10257, OK),
);

export const kubeScheduler = component(
  "registry.k8s.io/kube-scheduler",
  ["kube-scheduler"],
  healthListener(10259, OK),
);
