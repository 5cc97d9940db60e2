// kube-proxy's own HTTP servers on a node (pkg/proxy/healthcheck and cmd/kube-proxy):
// - the proxier health server on 0.0.0.0:10256: /healthz and /livez as Go prints them;
// - one service health server per LoadBalancer Service with externalTrafficPolicy Local, on
//   its healthCheckNodePort at every node address: any path answers 200 where the node has
//   a ready local endpoint and 503 elsewhere, which is how a cloud load balancer learns which
//   nodes to send to;
// - the metrics server on 127.0.0.1:10249 (kube-proxy's default bind): /proxyMode, /healthz,
//   /metrics.
import type { EndpointSlice, Service } from "../api/types.js";
import { healthCheckValue, SLICE_SERVICE_NAME, SVC_ADDRESS } from "../apiserver/indexes.js";
import { ENDPOINTSLICES, NODES, SERVICES } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { goTimeString } from "../images/goserver.js";
import { goResponse } from "../images/http.js";
import type { HttpResponse, Listener } from "../images/types.js";
import { proxyMode } from "./published.js";

/** A Go handler's answer: the headers it set, sorted as net/http writes them, then Date and Content-Length. */
function goAnswer(status: number, body: string, nowMs: number, set: [string, string][]): HttpResponse {
  const res = goResponse(status, body, nowMs, set);
  // goResponse adds a sniffed Content-Type last; these handlers set theirs themselves.
  const seen = new Set<string>();
  res.headers = res.headers.filter(([k]) => {
    if (k !== "Content-Type") return true;
    const dup = seen.has(k);
    seen.add(k);
    return !dup;
  });
  return res;
}

const JSON_HEADERS: [string, string][] = [
  ["Content-Type", "application/json"],
  ["X-Content-Type-Options", "nosniff"],
];

const notFound = (nowMs: number) =>
  goAnswer(404, "404 page not found\n", nowMs, [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["X-Content-Type-Options", "nosniff"],
  ]);

/** A Service the health server watches: LoadBalancer with a Local external policy and a port. */
export function healthCheckedServices(services: readonly Service[]): Service[] {
  return services.filter(
    (s) =>
      s.spec?.type === "LoadBalancer" &&
      s.spec.externalTrafficPolicy === "Local" &&
      !!s.spec.healthCheckNodePort,
  );
}

/** A Service's EndpointSlices through the by-service-name index, not a list of them all. */
function serviceSlices(c: Cluster, svc: Service): EndpointSlice[] {
  const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
  return c.api.indexed(ENDPOINTSLICES, SLICE_SERVICE_NAME, key, true);
}

/** kube-proxy's count of a Service's ready endpoints on `node` (what the health check reports). */
export function localReadyEndpoints(svc: Service, slices: readonly EndpointSlice[], node: string): number {
  const ips = new Set<string>();
  for (const s of slices) {
    if (s.metadata.namespace !== svc.metadata.namespace) continue;
    if (s.metadata.labels?.["kubernetes.io/service-name"] !== svc.metadata.name) continue;
    for (const ep of s.endpoints ?? []) {
      if (ep.nodeName !== node || ep.conditions?.ready === false) continue;
      for (const a of ep.addresses ?? []) ips.add(a);
    }
  }
  return ips.size;
}

/** The nodes a load balancer's health checks find healthy for `svc` (all nodes unless it is health-checked). */
export function healthyNodes<N extends { name: string }>(
  svc: Service,
  slices: readonly EndpointSlice[],
  nodes: readonly N[],
): N[] {
  if (!healthCheckedServices([svc]).length) return [...nodes];
  return nodes.filter((n) => localReadyEndpoints(svc, slices, n.name) > 0);
}

/** When kube-proxy on the node started: the node's creation, as kind starts it with the node. */
function startedAt(c: Cluster, node: string): number {
  const n = c.api.get(NODES, undefined, node);
  const t = n?.metadata.creationTimestamp ? Date.parse(n.metadata.creationTimestamp) : Number.NaN;
  return Number.isNaN(t) ? c.clock.nowMs() : t;
}

/** Whether the node may take load-balancer traffic: not deleted, not marked for scale-down. */
function nodeEligible(c: Cluster, node: string): boolean {
  const n = c.api.get(NODES, undefined, node);
  if (!n || n.metadata.deletionTimestamp) return false;
  return !(n.spec?.taints ?? []).some((t) => t.key === "ToBeDeletedByClusterAutoscaler");
}

function listener(port: number, handle: Listener["handle"]): Listener {
  return { port, protocol: "TCP", kind: "http", handle };
}

/** The proxier health server on 10256. */
function proxierHealth(c: Cluster, node: string, port: number): Listener {
  return listener(port, (req, ctx) => {
    const path = req.path.split("?")[0];
    const now = goTimeString(ctx.nowMs, startedAt(c, node));
    if (path === "/livez")
      return goAnswer(200, `{"lastUpdated": "${now}","currentTime": "${now}"}`, ctx.nowMs, JSON_HEADERS);
    if (path !== "/healthz") return notFound(ctx.nowMs);
    const eligible = nodeEligible(c, node);
    return goAnswer(
      eligible ? 200 : 503,
      `{"lastUpdated": "${now}","currentTime": "${now}", "nodeEligible": ${eligible}}`,
      ctx.nowMs,
      JSON_HEADERS,
    );
  });
}

/** A Service's health check answer on the node: the JSON kube-proxy prints, dedented. */
export function serviceHealthBody(svc: Service, count: number): string {
  const q = JSON.stringify;
  return `{\n\t"service": {\n\t\t"namespace": ${q(svc.metadata.namespace)},\n\t\t"name": ${q(svc.metadata.name)}\n\t},\n\t"localEndpoints": ${count},\n\t"serviceProxyHealthy": true\n}`;
}

function serviceHealth(c: Cluster, node: string, svc: Service, port: number): Listener {
  return listener(port, (_req, ctx) => {
    const count = localReadyEndpoints(svc, serviceSlices(c, svc), node);
    return goAnswer(count > 0 ? 200 : 503, serviceHealthBody(svc, count), ctx.nowMs, [
      ...JSON_HEADERS,
      ["X-Load-Balancing-Endpoint-Weight", String(count)],
    ]);
  });
}

/** strconv.FormatFloat(v, 'g', -1, 64), as Prometheus' text format writes a sample. */
export function goFloat(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e-4 && abs < 1e21 && Math.floor(Math.log10(abs)) < 6) return String(v);
  const [m, e] = v.toExponential().split("e");
  const n = Number(e);
  return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}

/** The metrics server's /metrics: a few of kube-proxy's own series, from the node's view. */
function metricsText(c: Cluster, node: string, nowMs: number): string {
  const services = c.api.list(SERVICES);
  const slices = c.api.list(ENDPOINTSLICES);
  const ports = services.reduce((n, s) => n + (s.spec?.ports?.length ?? 0), 0);
  const endpoints = slices.reduce((n, s) => n + (s.endpoints?.length ?? 0), 0);
  const noLocal = healthCheckedServices(services).filter(
    (s) => localReadyEndpoints(s, slices, node) === 0,
  ).length;
  const series = (name: string, type: string, help: string, lines: string[]) =>
    `# HELP ${name} [ALPHA] ${help}\n# TYPE ${name} ${type}\n${lines.join("\n")}\n`;
  return [
    series(
      "kubeproxy_sync_proxy_rules_endpoint_changes_total",
      "counter",
      "Cumulative proxy rules Endpoint changes",
      [`kubeproxy_sync_proxy_rules_endpoint_changes_total ${endpoints}`],
    ),
    series(
      "kubeproxy_sync_proxy_rules_last_timestamp_seconds",
      "gauge",
      "The last time proxy rules were successfully synced",
      [`kubeproxy_sync_proxy_rules_last_timestamp_seconds ${goFloat(nowMs / 1000)}`],
    ),
    series(
      "kubeproxy_sync_proxy_rules_no_local_endpoints_total",
      "gauge",
      "Number of services with a Local traffic policy and no endpoints",
      [
        `kubeproxy_sync_proxy_rules_no_local_endpoints_total{traffic_policy="external"} ${noLocal}`,
        `kubeproxy_sync_proxy_rules_no_local_endpoints_total{traffic_policy="internal"} 0`,
      ],
    ),
    series(
      "kubeproxy_sync_proxy_rules_service_changes_total",
      "counter",
      "Cumulative proxy rules Service changes",
      [`kubeproxy_sync_proxy_rules_service_changes_total ${ports}`],
    ),
  ].join("");
}

function metricsServer(c: Cluster, node: string, port: number): Listener {
  return listener(port, (req, ctx) => {
    const path = req.path.split("?")[0];
    const plain: [string, string][] = [
      ["Content-Type", "text/plain; charset=utf-8"],
      ["X-Content-Type-Options", "nosniff"],
    ];
    // The mode the kind config set (networking.kubeProxyMode), as kube-proxy reports it.
    if (path === "/proxyMode") return goAnswer(200, proxyMode(c.state.settings), ctx.nowMs, plain);
    if (path === "/healthz") return goAnswer(200, "ok", ctx.nowMs, plain);
    if (path === "/metrics")
      return goAnswer(200, metricsText(c, node, ctx.nowMs), ctx.nowMs, [
        ["Content-Type", "text/plain; version=0.0.4; charset=utf-8"],
      ]);
    return notFound(ctx.nowMs);
  });
}

/** What of kube-proxy listens on `node` at ip:port, if anything. */
export function proxyHealthListener(
  c: Cluster,
  node: string,
  ip: string,
  port: number,
): { name: string; listener: Listener } | undefined {
  if (port === 10256) return { name: "kube-proxy healthz", listener: proxierHealth(c, node, port) };
  if (port === 10249 && ip.startsWith("127."))
    return { name: "kube-proxy metrics", listener: metricsServer(c, node, port) };
  const svc = healthCheckedServices(c.api.indexed(SERVICES, SVC_ADDRESS, healthCheckValue(port), true)).find(
    (s) => s.spec.healthCheckNodePort === port,
  );
  if (svc) return { name: "kube-proxy health check", listener: serviceHealth(c, node, svc, port) };
  return undefined;
}
