// gcr.io/google-samples/hello-frontend:1.0, the frontend of the docs' "Connect a Frontend to a
// Backend Using Services": nginx:1.9.14 (Debian jessie) with the stock default.conf removed and
// conf.d/frontend.conf added, which proxies every request on port 80 to `upstream hello
// { server hello; }`, i.e. the Service named hello in the pod's namespace, port 80. The answer is
// the backend's, with nginx's Server and Date; an unreachable backend gives nginx's 502 (or 504
// when it never answers) and an [error] line. The image's nginx.conf logs the `main` format
// (combined plus X-Forwarded-For) to stdout and warnings and up to stderr, so nothing at startup.
//
// Sources (facts only, no code copied):
// - kubernetes/website content/en/docs/tasks/access-application-cluster/
//   connecting-frontend-backend.md; its examples service/access/frontend.conf (the upstream
//   above; later renamed Backend/backend in frontend-nginx.conf), service/access/Dockerfile
//   (FROM nginx:1.9.14, rm conf.d/default.conf, COPY frontend.conf), frontend-deployment.yaml
//   (preStop `/usr/sbin/nginx -s quit`); the expected `curl http://${EXTERNAL_IP}` output
//   {"message":"Hello"}.
// - nginx's proxy module defaults: HTTP/1.0 to the upstream, Host: $proxy_host,
//   Connection: close; the upstream's Date and Server are replaced by nginx's own.
// What is not modelled: nginx resolves `hello` once at startup and exits with
// `[emerg] host not found in upstream "hello"` when the Service does not exist yet; kubesim
// resolves it per request (answering 502 when it does not resolve).
import { httpDate } from "./http.js";
import { nginxAccessLog } from "./nginx.js";
import { oldErrorLine, oldSpecial } from "./nginx-old.js";
import { DEBIAN_TOOLS } from "./os.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, HttpRequest, HttpResponse, ImageModel, ServeContext } from "./types.js";

const VERSION = "1.9.14";
const UPSTREAM = { host: "hello", port: 80 };
/** proxy_hide_header's defaults, and the hop-by-hop headers nginx does not pass on. */
const HIDDEN = new Set(["date", "server", "x-pad", "connection", "keep-alive", "transfer-encoding"]);

type Proxied = { res: HttpResponse; error?: string };

function proxy(req: HttpRequest, ctx: ServeContext): Proxied {
  const uri = req.path;
  // nginx sends its own Host and Connection, then the client's other headers as they came.
  const headers: [string, string][] = [
    ["Host", UPSTREAM.host],
    ["Connection", "close"],
    ...req.headers.filter(([k]) => !["host", "connection"].includes(k.toLowerCase())),
  ];
  const upstreamReq: HttpRequest = { ...req, headers, host: UPSTREAM.host, version: "HTTP/1.0" };
  const r = ctx.upstream?.(UPSTREAM.host, UPSTREAM.port, upstreamReq) ?? { kind: "unresolved" as const };
  const bad = (status: 502 | 504, title: string, why: string, ip?: string): Proxied => ({
    res: oldSpecial(status, title, VERSION, ctx.nowMs),
    error: oldErrorLine(
      ctx.nowMs,
      why,
      req,
      "",
      ip ? `, upstream: "http://${ip}:${UPSTREAM.port}${uri}"` : "",
    ),
  });
  switch (r.kind) {
    case "ok": {
      const up = r.response;
      const passed = up.headers.filter(([k]) => !HIDDEN.has(k.toLowerCase()));
      const typ = passed.filter(([k]) => k.toLowerCase() === "content-type");
      const len = passed.filter(([k]) => k.toLowerCase() === "content-length");
      const rest = passed.filter(([k]) => !["content-type", "content-length"].includes(k.toLowerCase()));
      return {
        res: {
          status: up.status,
          reason: up.reason,
          headers: [
            ["Server", `nginx/${VERSION}`],
            ["Date", httpDate(ctx.nowMs)],
            ...typ,
            ...len,
            ["Connection", "keep-alive"],
            ...rest,
          ],
          body: up.body,
        },
      };
    }
    case "refused":
      return bad(
        502,
        "Bad Gateway",
        "connect() failed (111: Connection refused) while connecting to upstream",
        r.ip,
      );
    case "no-route":
      return bad(
        502,
        "Bad Gateway",
        "connect() failed (113: No route to host) while connecting to upstream",
        r.ip,
      );
    case "timeout":
      return bad(
        504,
        "Gateway Time-out",
        "upstream timed out (110: Connection timed out) while connecting to upstream",
        r.ip,
      );
    case "silent":
      return bad(
        504,
        "Gateway Time-out",
        "upstream timed out (110: Connection timed out) while reading response header from upstream",
        r.ip,
      );
    case "unresolved":
      return bad(502, "Bad Gateway", `${UPSTREAM.host} could not be resolved (3: Host not found)`);
  }
}

/**
 * The error line of a failed proxy attempt, kept with the response it produced: the access log
 * is written from the answer, and proxying again to learn why would be a second request.
 */
const failures = new WeakMap<HttpResponse, string>();

function frontendProcess(): ContainerProcess {
  return {
    listeners: [
      {
        port: 80,
        protocol: "TCP",
        kind: "http",
        handle: (req, ctx) => {
          const { res, error } = proxy(req, ctx);
          const out = req.method === "HEAD" ? { ...res, body: "" } : res;
          if (error) failures.set(out, error);
          return out;
        },
        accessLog: (req, res, nowMs) => {
          const error = failures.get(res);
          return [...(error ? [error] : []), nginxAccessLog(req, res, nowMs)];
        },
      },
    ],
    description: "nginx -g daemon off;",
  };
}

const TOOLS = [...DEBIAN_TOOLS, "nginx", "envsubst"];

export const helloFrontend: ImageModel = {
  repo: "gcr.io/google-samples/hello-frontend",
  shell: "bash",
  tools: TOOLS,
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: [],
      cmd: ["nginx", "-g", "daemon off;"],
      sh: "dash",
      hasBash: true,
      tools: TOOLS,
      workingDir: "/",
      programs: (words) => {
        if (base(words[0]) !== "nginx") return undefined;
        const g = words.indexOf("-g");
        if (!(g > 0 && /daemon\s+off/.test(words[g + 1] ?? "")))
          return { listeners: [], exitsImmediately: true, exitCode: 0, description: words.join(" ") };
        return frontendProcess();
      },
    }),
  libc: "glibc",
  workingDir: "/",
  locations: { nginx: "/usr/sbin/nginx" },
};
