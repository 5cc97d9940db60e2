// The Envoy that cloud-provider-kind runs for a Gateway (a container on kind's docker network,
// at the Gateway's address), as a listener on each HTTP listener port. It routes a request by
// the port's route table (routes.ts), picks a weighted backend, and connects to the Service's
// ClusterIP and port, as its STATIC cluster does; the container reaches the service range
// through a control-plane node (cloud-provider-kind's route-adder), so the connection is made
// from there, and kube-proxy picks the endpoint and masquerades as for any such packet.
// Envoy's own answers: 404 with an empty body when no route matches, the direct 500 of a rule
// whose backend is missing, 503 `no healthy upstream` for a Service without endpoints' rules
// to follow, the `upstream connect error…` 503 when the connection fails. HTTP/1 header names
// go out in lower case, with `server: envoy` and `x-envoy-upstream-service-time` added.

import type { KObject } from "../../api/types.js";
import { NAMESPACES, SECRETS, SERVICES } from "../../apiserver/resources.js";
import type { Cluster } from "../../cluster/cluster.js";
import type { Gateway } from "../../controllers/gateway/kinds.js";
import { listHTTPRoutes, referenceGranted } from "../../controllers/gateway/kinds.js";
import { listenerCertificates, servedListener } from "../../controllers/gateway/tls.js";
import type { RouteEntry } from "../../controllers/gateway/translate.js";
import { byteLength, header, httpDate } from "../../images/http.js";
import { secretIdentity } from "../../images/ingress-nginx/certs.js";
import type {
  GatewayRoute,
  HttpRequest,
  HttpResponse,
  Listener,
  ServeContext,
  TlsIdentity,
  UpstreamResult,
} from "../../images/types.js";
import type { Rng } from "../../util/rng.js";
import { matchRoute, pickBackend, routeTable } from "./routes.js";

const REASONS: Record<number, string> = {
  200: "OK",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  404: "Not Found",
  500: "Internal Server Error",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** A reply Envoy makes itself. */
export function localReply(
  status: number,
  nowMs: number,
  body = "",
  extra: [string, string][] = [],
): HttpResponse {
  const headers: [string, string][] = [...extra];
  if (body) headers.push(["content-length", String(byteLength(body))], ["content-type", "text/plain"]);
  else headers.push(["date", httpDate(nowMs)], ["server", "envoy"], ["content-length", "0"]);
  if (body) headers.push(["date", httpDate(nowMs)], ["server", "envoy"]);
  return { status, reason: REASONS[status] ?? "", headers, body };
}

function redirect(
  r: Extract<RouteEntry["action"], { kind: "redirect" }>,
  req: HttpRequest,
  host: string,
  nowMs: number,
) {
  // Envoy swaps in the host_redirect and keeps the request's scheme and path.
  const scheme = req.tls ? "https" : "http";
  const name = r.hostname ?? host;
  return localReply(r.statusCode, nowMs, "", [["location", `${scheme}://${name}${req.path}`]]);
}

/** What goes upstream: the client's headers in lower case, Envoy's own after them, the rule's changes. */
function upstreamRequest(req: HttpRequest, route: RouteEntry, rng: Rng): HttpRequest {
  let headers: [string, string][] = req.headers.map(([k, v]) => [k.toLowerCase(), v]);
  const xff = header(req, "x-forwarded-for");
  headers = headers.filter(([k]) => k !== "x-forwarded-for");
  headers.push(
    ["x-forwarded-for", xff ? `${xff},${req.clientIP}` : req.clientIP],
    ["x-forwarded-proto", req.tls ? "https" : "http"],
    ["x-envoy-internal", "true"],
    ["x-request-id", rng.uuid()],
    ["x-envoy-expected-rq-timeout-ms", "15000"],
  );
  const mod = route.headers;
  if (mod) {
    for (const [k, v] of mod.set) {
      const i = headers.findIndex(([h]) => h === k.toLowerCase());
      if (i >= 0) headers[i] = [k.toLowerCase(), v];
      else headers.push([k.toLowerCase(), v]);
    }
    for (const [k, v] of mod.add) headers.push([k.toLowerCase(), v]);
    const gone = new Set(mod.remove.map((r) => r.toLowerCase()));
    headers = headers.filter(([k]) => !gone.has(k));
  }
  return { ...req, headers, version: "HTTP/1.1", tls: false };
}

const CONNECT_ERROR = "upstream connect error or disconnect/reset before headers. reset reason: ";

function handle(
  c: Cluster,
  gw: Gateway,
  port: number,
  rng: () => Rng,
  req: HttpRequest,
  ctx: ServeContext,
): HttpResponse {
  const labels = new Map(c.api.all(NAMESPACES).map((n) => [n.metadata.name, n.metadata.labels]));
  const services = c.api.all(SERVICES);
  const svc = (ns: string, name: string): KObject | undefined =>
    services.find((s) => s.metadata.namespace === ns && s.metadata.name === name);
  const table = routeTable(gw, port, {
    routes: listHTTPRoutes(c.api),
    nsLabels: (ns) => labels.get(ns),
    serviceExists: (ns, name) => !!svc(ns, name),
    referenceAllowed: referenceGranted(c.api),
  });
  const host = header(req, "host") ?? req.host;
  const route = matchRoute(table, host, req);
  const fact: GatewayRoute = {
    gateway: { namespace: gw.metadata.namespace ?? "", name: gw.metadata.name ?? "" },
  };
  const res = (r: HttpResponse): HttpResponse => ({ ...r, gatewayRoute: fact });
  if (!route) return res(localReply(404, ctx.nowMs));
  const m = route.match;
  fact.route = { namespace: route.route.namespace, name: route.route.name, rule: route.rule };
  fact.match = {
    pathType: { exact: "Exact", prefix: "PathPrefix", separated: "PathPrefix", regex: "RegularExpression" }[
      m.path.kind
    ],
    path: m.path.value,
    headers: m.headers.map((h) => `${h.name}${h.type === "Exact" ? "=" : "~"}${h.value}`),
    query: m.query.map((q) => `${q.name}=${q.value}`),
  };
  const action = route.action;
  fact.action = action.kind;
  if (action.kind === "redirect") return res(redirect(action, req, host, ctx.nowMs));
  if (action.kind === "direct") return res(localReply(action.status, ctx.nowMs));
  const backend = pickBackend(action.backends, (total) => rng().int(total));
  const service = backend && svc(backend.namespace, backend.name);
  if (backend) fact.service = { namespace: backend.namespace, name: backend.name, port: backend.port };
  const ip = service?.spec?.clusterIP;
  if (!backend || !ip || ip === "None") return res(localReply(503, ctx.nowMs, "no healthy upstream"));
  fact.to = `${ip}:${backend.port}`;
  const r: UpstreamResult = ctx.upstream?.(ip, backend.port, upstreamRequest(req, route, rng())) ?? {
    kind: "refused",
    ip,
  };
  if (r.kind === "refused" || r.kind === "no-route" || r.kind === "unresolved")
    return res(
      localReply(
        503,
        ctx.nowMs,
        `${CONNECT_ERROR}remote connection failure, transport failure reason: delayed connect error: Connection refused`,
      ),
    );
  if (r.kind === "timeout") return res(localReply(503, ctx.nowMs, `${CONNECT_ERROR}connection timeout`));
  if (r.kind !== "ok") return res(localReply(504, ctx.nowMs, "upstream request timeout"));
  const up = r.response;
  const drop = new Set(["server", "connection", "keep-alive", "transfer-encoding"]);
  const headers: [string, string][] = up.headers
    .filter(([k]) => !drop.has(k.toLowerCase()))
    .map(([k, v]) => [k.toLowerCase(), v]);
  if (!headers.some(([k]) => k === "content-length") && req.method !== "HEAD")
    headers.push(["content-length", String(byteLength(up.body))]);
  headers.push(["x-envoy-upstream-service-time", "0"], ["server", "envoy"]);
  return res({ status: up.status, reason: up.reason, headers, body: up.body });
}

/**
 * The certificate Envoy presents on an HTTPS port: the filter chain whose listener hostname
 * matches the SNI name (exactly, then as a wildcard), else the one without a hostname. Envoy
 * offers no ALPN there, so clients speak HTTP/1.1.
 */
function certificateFor(
  c: Cluster,
  gw: Gateway,
  port: number,
  sni: string | undefined,
): TlsIdentity | undefined {
  const ns = gw.metadata.namespace ?? "";
  const secret = (sns: string, name: string) => c.api.get(SECRETS, sns, name);
  const served = (gw.spec.listeners ?? []).filter(
    (l) => l.port === port && l.protocol === "HTTPS" && servedListener(l, ns, secret),
  );
  const name = (sni ?? "").toLowerCase();
  const pick =
    served.find((l) => l.hostname?.toLowerCase() === name) ??
    served.find((l) => l.hostname?.startsWith("*.") && name.endsWith(l.hostname.slice(1).toLowerCase())) ??
    served.find((l) => !l.hostname) ??
    served[0];
  const certs = pick ? listenerCertificates(pick, ns, secret) : undefined;
  const id = certs && "secrets" in certs ? secretIdentity(certs.secrets[0]) : undefined;
  return id ? { ...id, alpn: ["http/1.1"] } : undefined;
}

/** The Envoy listener on one port of a Gateway; `rng` is the data plane's random source. */
export function envoyListener(c: Cluster, gw: Gateway, port: number, rng: () => Rng): Listener {
  const https = (gw.spec.listeners ?? []).some((l) => l.port === port && l.protocol === "HTTPS");
  const tls = https ? certificateFor(c, gw, port, undefined) : undefined;
  return {
    port,
    protocol: "TCP",
    kind: "http",
    handle: (req, ctx) => {
      const res = handle(c, gw, port, rng, req, ctx);
      return req.method === "HEAD" ? { ...res, body: "" } : res;
    },
    ...(tls ? { tls, tlsFor: (sni: string | undefined) => certificateFor(c, gw, port, sni) ?? tls } : {}),
  };
}
