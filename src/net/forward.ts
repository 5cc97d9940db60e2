// What kubectl port-forward and kubectl proxy reach inside the cluster, as the real path does
// it. port-forward: the kubelet asks containerd to dial localhost:PORT inside the pod's network
// namespace, so the connection meets the pod's own listener (never a Service) and comes from
// 127.0.0.1. proxy: kube-apiserver serves the REST API as kubernetes-admin, and its pods/proxy
// and services/proxy subresources dial the pod IP (a Service resolves to one of its endpoint
// addresses first) from the control-plane node. The caller commits `network.effects()`.
import type { Pod } from "../api/types.js";
import { ADMIN_USER } from "../apiserver/rbac/objects.js";
import { ENDPOINTS, PODS, SERVICES } from "../apiserver/resources.js";
import { type RestRequest, type RestResponse, serveRest, serveStatus } from "../apiserver/rest/handler.js";
import * as st from "../apiserver/rest/status.js";
import type { Cluster } from "../cluster/cluster.js";
import type { HttpRequest, HttpResponse, RespReply } from "../images/types.js";
import type { Endpoint } from "./connect.js";
import { Network } from "./network.js";
import { Topology } from "./topology.js";

/** A connection made inside the pod's network namespace, or the kernel's refusal. */
export type PodDial = { kind: "ok"; network: Network; endpoint: Endpoint } | { kind: "refused" };

/** containerd's portforward: dial localhost:port in the pod's namespace (its first container's view). */
export function dialInPod(c: Cluster, pod: Pod, port: number): PodDial {
  const container = pod.spec.containers?.[0]?.name ?? "";
  const network = new Network(c, { kind: "pod", pod, container });
  const r = network.connect("127.0.0.1", port).outcome;
  if (r.kind !== "ok") return { kind: "refused" };
  return { kind: "ok", network, endpoint: r.endpoint };
}

/** One HTTP request over a forwarded connection: the client is 127.0.0.1 in the pod. */
export function serveForwarded(dial: PodDial & { kind: "ok" }, req: HttpRequest): HttpResponse | undefined {
  if (!dial.endpoint.listener.handle) return undefined;
  return dial.network.serve(dial.endpoint, req);
}

/** One RESP command over a forwarded connection (redis); undefined when the listener speaks none. */
export function commandForwarded(dial: PodDial & { kind: "ok" }, argv: string[]): RespReply | undefined {
  if (!dial.endpoint.listener.command) return undefined;
  return dial.network.command(dial.endpoint, argv);
}

/** The response of a proxied request, and what serving it did (for the caller to commit). */
export interface ProxyAnswer {
  response: RestResponse & { reason?: string };
  network?: Network;
}

const PROXY_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|services)\/([^/]+)\/proxy(\/.*)?$/;

/** kube-apiserver answering one request of kubectl proxy, whose client certificate is kubernetes-admin. */
export function serveApiRequest(c: Cluster, req: RestRequest): ProxyAnswer {
  const rng = c.rng.fork();
  // kube-apiserver runs on the control-plane node's host network, serving on 6443.
  const controlPlane = new Topology(c).first();
  const ctx = {
    api: c.api,
    nowMs: c.clock.nowMs(),
    serverAddress: `${controlPlane?.ip}:6443`,
    uuid: () => rng.uuid(),
    user: ADMIN_USER,
  };
  const q = req.target.indexOf("?");
  const path = q < 0 ? req.target : req.target.slice(0, q);
  const query = q < 0 ? "" : req.target.slice(q);
  const m = PROXY_PATH.exec(path);
  if (!m) return { response: serveRest(ctx, req) };
  const [, ns, kind, id, rest = "/"] = m;
  const fail = (doc: st.Status): ProxyAnswer => ({ response: serveStatus(ctx, req, doc) });
  // NAME, NAME:PORT, or SCHEME:NAME:PORT (the scheme is https or http).
  const parts = decodeURIComponent(id).split(":");
  const [scheme, name, port] =
    parts.length === 3 ? parts : parts.length === 2 ? ["", parts[0], parts[1]] : ["", parts[0], ""];
  let ip: string;
  let dport: number;
  if (kind === "pods") {
    const pod = c.api.get(PODS, ns, name);
    if (!pod) return fail(st.notFound("", "pods", name));
    ip = pod.status?.podIP ?? "";
    const named = port && !/^\d+$/.test(port);
    dport = !port ? 80 : named ? namedContainerPort(pod, port) : Number(port);
    if (!ip) return fail(st.badRequest(`address not allowed`));
    if (dport < 0) return fail(st.serviceUnavailable(`error trying to reach service: unknown port ${port}`));
  } else {
    const svc = c.api.get(SERVICES, ns, name);
    if (!svc) return fail(st.notFound("", "services", name));
    let portName = port;
    if (/^\d+$/.test(port)) {
      const sp = (svc.spec?.ports ?? []).find((p) => p.port === Number(port));
      if (!sp) return fail(st.serviceUnavailable(`no service port ${port} found for service "${name}"`));
      portName = sp.name ?? "";
    }
    const eps = c.api.get(ENDPOINTS, ns, name);
    const target = (eps?.subsets ?? [])
      .map((ss) => ({ ss, p: (ss.ports ?? []).find((p) => (p.name ?? "") === portName) }))
      .find((x) => x.p && (x.ss.addresses ?? []).length > 0);
    if (!target?.p) return fail(st.serviceUnavailable(`no endpoints available for service "${name}"`));
    const addrs = target.ss.addresses ?? [];
    ip = addrs[rng.int(addrs.length)].ip;
    dport = target.p.port;
  }
  const network = new Network(c, { kind: "node", node: controlPlane?.name ?? "" }, rng);
  const r = network.connect(ip, dport).outcome;
  const reach = `error trying to reach service: dial tcp ${ip}:${dport}`;
  if (r.kind === "refused") return fail(st.serviceUnavailable(`${reach}: connect: connection refused`));
  if (r.kind === "no-route") return fail(st.serviceUnavailable(`${reach}: connect: no route to host`));
  if (r.kind !== "ok" || r.endpoint.listener.kind === "tcp-silent" || !r.endpoint.listener.handle)
    return fail(st.serviceUnavailable(`${reach}: i/o timeout`));
  const host = `${ip}:${dport}`;
  const tls = scheme === "https";
  const res = network.serve(r.endpoint, {
    method: req.method,
    path: `${rest}${query}`,
    headers: req.headers.map(([k, v]): [string, string] => (k.toLowerCase() === "host" ? [k, host] : [k, v])),
    body: req.body,
    clientIP: network.localIP,
    host,
    tls,
    version: "HTTP/1.1",
  });
  // The reverse proxy drops hop-by-hop headers; the server it answers through sets its own.
  const hop = new Set(["connection", "keep-alive", "transfer-encoding"]);
  return {
    response: {
      status: res.status,
      reason: res.reason,
      headers: res.headers.filter(([k]) => !hop.has(k.toLowerCase())),
      body: res.body,
    },
    network,
  };
}

/** LookupContainerPortNumberByName: a named port of any of the pod's containers, or -1. */
export function namedContainerPort(pod: Pod, name: string): number {
  for (const ctr of pod.spec.containers ?? [])
    for (const p of ctr.ports ?? []) if (p.name === name) return p.containerPort;
  return -1;
}
