// registry.k8s.io/ingress-nginx/controller (v1.12): the nginx that ingress-nginx configures
// from the Ingress objects it serves. It reads them (and the Services, EndpointSlices and
// TLS Secrets they name) at each request, as its informers would have synced them, routes by
// host and path (router.ts), proxies to a ready endpoint of the Service straight to the pod,
// and answers with nginx's own pages when there is no route (404) or no endpoint (503).
// server_tokens is off: no Server header, and the pages end in "nginx". Each request is
// logged in the `upstreaminfo` log_format.

import type { KObject } from "../../api/types.js";
import { goFlag } from "../goserver.js";
import { byteLength, clfDate, header, httpDate, textResponse } from "../http.js";
import type {
  ContainerProcess,
  HttpRequest,
  HttpResponse,
  IngressRoute,
  Listener,
  ServeContext,
  TlsIdentity,
} from "../types.js";
import { fakeCertificate, secretIdentity } from "./certs.js";
import {
  buildRoutes,
  type Location,
  matchLocation,
  matchServer,
  type Routes,
  servesIngress,
  upstreamName,
} from "./router.js";

export const CONTROLLER_VERSION = "v1.12.1";

export interface ControllerFlags {
  ingressClass: string;
  controllerClass: string;
  watchWithoutClass: boolean;
  publishStatusAddress?: string;
}

export function controllerFlags(words: string[]): ControllerFlags {
  const publish = goFlag(words, "publish-status-address");
  return {
    ingressClass: goFlag(words, "ingress-class") ?? "nginx",
    controllerClass: goFlag(words, "controller-class") ?? "k8s.io/ingress-nginx",
    watchWithoutClass: (goFlag(words, "watch-ingress-without-class") ?? "false") === "true",
    ...(publish ? { publishStatusAddress: publish } : {}),
  };
}

/** The Ingresses this controller serves, from every namespace. */
export function servedIngresses(objects: (kind: string) => KObject[], f: ControllerFlags): KObject[] {
  const classes = objects("IngressClass");
  const ours = new Set(
    classes.filter((c) => c.spec?.controller === f.controllerClass).map((c) => c.metadata.name ?? ""),
  );
  ours.add(f.ingressClass);
  const defaultClass = classes.find(
    (c) => c.metadata.annotations?.["ingressclass.kubernetes.io/is-default-class"] === "true",
  )?.metadata.name;
  return objects("Ingress").filter((ing) =>
    [...ours].some((cls) => servesIngress(ing, cls, f.watchWithoutClass, defaultClass)),
  );
}

/** nginx's special pages, with server_tokens off. */
export function nginxPage(status: number, title: string): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function page(status: number, title: string, nowMs: number, location?: string): HttpResponse {
  const body = nginxPage(status, title);
  const headers: [string, string][] = [
    ["Date", httpDate(nowMs)],
    ["Content-Type", "text/html"],
    ["Content-Length", String(byteLength(body))],
    ["Connection", "keep-alive"],
  ];
  if (location) headers.push(["Location", location]);
  return { status, reason: title, headers, body };
}

/** What the access log needs to know of how a request was handled. */
interface Handled {
  reqId: string;
  upstream: string;
  addr: string;
  upstreamLength: string;
  upstreamTime: string;
  upstreamStatus: string;
  requestTime: string;
}
const handled = new WeakMap<HttpResponse, Handled>();

const LOCAL_DEFAULT = "127.0.0.1:8181";

function endpointsOf(ctx: ServeContext, loc: Location): { ip: string; port: number }[] {
  const b = loc.backend;
  const svc = (ctx.objects?.("Service", b.namespace) ?? []).find((s) => s.metadata.name === b.service);
  if (!svc) return [];
  const sp = (svc.spec?.ports ?? []).find((p: { port: number; name?: string }) =>
    b.port.number ? p.port === b.port.number : p.name === b.port.name,
  );
  if (!sp) return [];
  const out: { ip: string; port: number }[] = [];
  for (const slice of ctx.objects?.("EndpointSlice", b.namespace) ?? []) {
    if (slice.metadata.labels?.["kubernetes.io/service-name"] !== b.service) continue;
    const port = (slice.ports ?? []).find((p: { name?: string }) => (p.name ?? "") === (sp.name ?? ""));
    if (!port?.port) continue;
    for (const ep of slice.endpoints ?? [])
      if (ep.conditions?.ready !== false)
        for (const a of ep.addresses ?? []) out.push({ ip: a, port: port.port });
  }
  return out;
}

function routesOf(ctx: ServeContext, f: ControllerFlags): Routes {
  return buildRoutes(servedIngresses((k) => ctx.objects?.(k) ?? [], f));
}

function handle(req: HttpRequest, ctx: ServeContext, f: ControllerFlags, https: boolean): HttpResponse {
  // The requests logged so far make each id differ even at one simulated instant.
  const reqId = requestId(req, ctx.nowMs, ctx.logSoFar?.().length ?? 0);
  const routes = routesOf(ctx, f);
  const host = header(req, "host") ?? req.host;
  const server = matchServer(routes, host);
  const q = req.path.indexOf("?");
  const uri = q < 0 ? req.path : req.path.slice(0, q);
  const query = q < 0 ? "" : req.path.slice(q);
  const m = matchLocation(server, uri);
  let loc: Location | undefined;
  let target = uri;
  if (m.kind === "location") {
    loc = m.location;
    target = m.uri;
  } else if (routes.defaultBackend) {
    const d = routes.defaultBackend;
    loc = { path: "/", pathType: "Prefix", backend: d.backend, ingress: d.ingress, sslRedirect: false };
  }
  if (!loc) {
    const res = page(404, "Not Found", ctx.nowMs);
    handled.set(res, { reqId, ...local("upstream-default-backend", res) });
    return res;
  }
  if (!https && loc.sslRedirect) {
    const res = page(308, "Permanent Redirect", ctx.nowMs, `https://${host.replace(/:\d+$/, "")}${req.path}`);
    handled.set(res, {
      reqId,
      upstream: upstreamName(loc.backend),
      addr: "-",
      upstreamLength: "-",
      upstreamTime: "-",
      upstreamStatus: "-",
      requestTime: "0.000",
    });
    return res;
  }
  const eps = endpointsOf(ctx, loc);
  const b = loc.backend;
  const route = (endpoint?: string): IngressRoute => ({
    ingress: loc.ingress,
    host: server.host === "_" ? "" : server.host,
    path: loc.path,
    pathType: loc.pathType,
    service: b.service,
    port: String(b.port.number ?? b.port.name ?? ""),
    ...(endpoint ? { endpoint } : {}),
    uri: `${target}${query}`,
  });
  const name = upstreamName(loc.backend);
  if (eps.length === 0) {
    const res: HttpResponse = { ...page(503, "Service Temporarily Unavailable", ctx.nowMs), route: route() };
    handled.set(res, {
      reqId,
      upstream: name,
      addr: "-",
      upstreamLength: "-",
      upstreamTime: "-",
      upstreamStatus: "-",
      requestTime: "0.000",
    });
    return res;
  }
  // round_robin, ingress-nginx's default balancer: the requests served so far pick the next one.
  const served = ctx.logSoFar?.().length ?? 0;
  const ep = eps[served % eps.length] ?? eps[0];
  const realIP = req.clientIP;
  const headers: [string, string][] = [
    ...req.headers.filter(([k]) => k.toLowerCase() !== "host"),
    ["X-Request-ID", reqId],
    ["X-Real-IP", realIP],
    ["X-Forwarded-For", realIP],
    ["X-Forwarded-Host", host.replace(/:\d+$/, "")],
    ["X-Forwarded-Port", https ? "443" : "80"],
    ["X-Forwarded-Proto", https ? "https" : "http"],
    ["X-Forwarded-Scheme", https ? "https" : "http"],
    ["X-Scheme", https ? "https" : "http"],
  ];
  const upReq: HttpRequest = {
    ...req,
    path: `${target}${query}`,
    headers: [["Host", host], ...headers],
    version: "HTTP/1.1",
    tls: false,
  };
  const r = ctx.upstream?.(ep.ip, ep.port, upReq) ?? { kind: "refused" as const, ip: ep.ip };
  const addr = `${ep.ip}:${ep.port}`;
  if (r.kind !== "ok") {
    const [status, title] =
      r.kind === "timeout" || r.kind === "silent" ? [504, "Gateway Time-out"] : [502, "Bad Gateway"];
    const res: HttpResponse = { ...page(status, title, ctx.nowMs), route: route(addr) };
    handled.set(res, {
      reqId,
      upstream: name,
      addr,
      upstreamLength: "0",
      upstreamTime: "0.000",
      upstreamStatus: String(status),
      requestTime: "0.000",
    });
    return res;
  }
  const up = r.response;
  const drop = new Set([
    "date",
    "server",
    "connection",
    "content-length",
    "content-type",
    "transfer-encoding",
    "keep-alive",
  ]);
  const type = up.headers.find(([k]) => k.toLowerCase() === "content-type");
  const out: [string, string][] = [["Date", httpDate(ctx.nowMs)]];
  if (type) out.push(["Content-Type", type[1]]);
  out.push(["Content-Length", String(byteLength(up.body))], ["Connection", "keep-alive"]);
  out.push(...up.headers.filter(([k]) => !drop.has(k.toLowerCase())));
  if (https) out.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  const res: HttpResponse = {
    ...textResponse(up.status, out, up.body),
    reason: up.reason,
    route: route(addr),
  };
  handled.set(res, {
    reqId,
    upstream: name,
    addr,
    upstreamLength: String(byteLength(up.body)),
    upstreamTime: "0.001",
    upstreamStatus: String(up.status),
    requestTime: "0.001",
  });
  return res;
}

function local(upstream: string, res: HttpResponse): Omit<Handled, "reqId"> {
  const len = String(byteLength(res.body));
  return {
    upstream,
    addr: LOCAL_DEFAULT,
    upstreamLength: len,
    upstreamTime: "0.000",
    upstreamStatus: String(res.status),
    requestTime: "0.000",
  };
}

/** $req_id: 16 random bytes in hex; a hash of the request here, so runs repeat. */
function requestId(req: HttpRequest, nowMs: number, n: number): string {
  let out = "";
  let h = 2166136261;
  const seed = `${nowMs}|${n}|${req.clientIP}|${req.clientPort ?? ""}|${req.path}`;
  for (let round = 0; out.length < 32; round++) {
    for (const c of `${seed}|${round}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, 32);
}

/** $request_length: the request line, headers and body as received. */
function requestLength(req: HttpRequest): number {
  const line = `${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}\r\n`;
  const hs = req.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("");
  return byteLength(line) + byteLength(hs) + 2 + byteLength(req.body);
}

/** log_format upstreaminfo. */
export function accessLine(req: HttpRequest, res: HttpResponse, nowMs: number): string {
  const h = handled.get(res);
  const bytes = req.method === "HEAD" ? 0 : byteLength(res.body);
  const ref = header(req, "referer") ?? "-";
  const ua = header(req, "user-agent") ?? "-";
  const up = h ?? {
    reqId: requestId(req, nowMs, 0),
    upstream: "",
    addr: "-",
    upstreamLength: "-",
    upstreamTime: "-",
    upstreamStatus: "-",
    requestTime: "0.000",
  };
  return `${req.clientIP} - - [${clfDate(nowMs)}] "${req.method} ${req.path} ${req.version === "HTTP/2" ? "HTTP/2.0" : (req.version ?? "HTTP/1.1")}" ${res.status} ${bytes} "${ref}" "${ua}" ${requestLength(req)} ${up.requestTime} [${up.upstream}] [] ${up.addr} ${up.upstreamLength} ${up.upstreamTime} ${up.upstreamStatus} ${up.reqId}`;
}

/** The certificate for the SNI name: a served Ingress's TLS Secret covering it, else the fake one. */
function certificateFor(sni: string | undefined, ctx: ServeContext, f: ControllerFlags): TlsIdentity {
  const fake = fakeCertificate(ctx.startedAtMs ?? ctx.nowMs);
  if (!sni) return fake;
  const server = matchServer(routesOf(ctx, f), sni);
  if (!server.tlsSecret) return fake;
  const { namespace, name } = server.tlsSecret;
  const secret = (ctx.objects?.("Secret", namespace) ?? []).find((s) => s.metadata.name === name);
  const id = secretIdentity(secret);
  // ingress-nginx keeps the fake certificate when the Secret's does not name the host.
  if (!id?.dnsNames.some((n) => n === sni || (n.startsWith("*.") && sni.endsWith(n.slice(1))))) return fake;
  return id;
}

function healthz(): Listener {
  return {
    port: 10254,
    protocol: "TCP",
    kind: "http",
    handle: (req, ctx) => {
      const path = req.path.split("?")[0];
      const ok = path === "/healthz";
      const body = ok ? "ok" : "404 page not found\n";
      return textResponse(
        ok ? 200 : 404,
        [
          ["Date", httpDate(ctx.nowMs)],
          ["Content-Length", String(byteLength(body))],
          ["Content-Type", "text/plain; charset=utf-8"],
        ],
        body,
      );
    },
  };
}

export function controllerProcess(words: string[]): ContainerProcess {
  const f = controllerFlags(words);
  const http = (https: boolean): Listener => ({
    port: https ? 443 : 80,
    protocol: "TCP",
    kind: "http",
    handle: (req, ctx) => {
      const res = handle(req, ctx, f, https);
      const h = handled.get(res);
      let out = res;
      // Over HTTP/2 (ALPN h2 on 443) header names are lower case and there is no Connection.
      if (req.version === "HTTP/2")
        out = {
          ...out,
          version: "HTTP/2",
          headers: out.headers.filter(([k]) => k !== "Connection").map(([k, v]) => [k.toLowerCase(), v]),
        };
      if (req.method === "HEAD") out = { ...out, body: "" };
      if (h) handled.set(out, h);
      return out;
    },
    accessLog: (req, res, nowMs) => [accessLine(req, res, nowMs)],
    ...(https
      ? {
          tls: fakeCertificate(0),
          tlsFor: (sni: string | undefined, ctx: ServeContext) => certificateFor(sni, ctx, f),
        }
      : {}),
  });
  return {
    listeners: [http(false), http(true), healthz()],
    description: words.join(" "),
    startupLog: () => [
      "-------------------------------------------------------------------------------",
      "NGINX Ingress controller",
      `  Release:       ${CONTROLLER_VERSION}`,
      "  Build:         51c2b819690bbf1709b844dbf321a9acf6eda5a7",
      "  Repository:    https://github.com/kubernetes/ingress-nginx",
      "  nginx version: nginx/1.25.5",
      "",
      "-------------------------------------------------------------------------------",
      "",
    ],
  };
}
