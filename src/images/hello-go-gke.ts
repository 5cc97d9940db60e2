// gcr.io/google-samples/hello-go-gke:1.0, the backend of the docs' "Connect a Frontend to a
// Backend Using Services": Kelsey Hightower's `hello` microservice (version 1.0.0, alpine 3.1,
// ENTRYPOINT ["hello"] at /usr/bin/hello). HTTP on 0.0.0.0:80 (-http): any path answers
// {"message":"Hello"} (json.Encoder, so a trailing newline, and Go's sniffed text/plain type),
// /version {"version":"1.0.0"}, /secure 401 "authorization failed" without a valid JWT. Health
// on 0.0.0.0:81 (-health): /healthz and /readiness answer 200 with no body; /healthz/status and
// /readiness/status flip them. Both servers log every request in their own access format.
//
// Sources (facts only, no code copied):
// - kubernetes/website content/en/docs/tasks/access-application-cluster/
//   connecting-frontend-backend.md and examples/service/access/backend-deployment.yaml (the
//   image, containerPort 80 named http, the `{"message":"Hello"}` answer).
// - github.com/kelseyhightower/app: hello/main.go (flags, log lines, "Captured %v. Exiting..."),
//   handlers/hello.go, handlers/version.go, handlers/jwt.go, handlers/logging.go (the access
//   format with time.RFC1123), health/health.go; hello/Dockerfile.
// - Logs of that server in the Kubernetes workshops ("2016/11/23 13:19:02 Starting server...",
//   `127.0.0.1:42956 - - [Wed, 23 Nov 2016 13:21:35 UTC] "GET / HTTP/1.1" curl/7.47.0`), and an
//   answer of it: "Content-Length: 20", "Content-Type: text/plain; charset=utf-8".
// The JWT of /secure is not checked: every request there gets the 401.
import { goFlag, goLog, remoteAddr } from "./goserver.js";
import { goResponse, header, pathOnly } from "./http.js";
import { ALPINE_TOOLS } from "./os.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, HttpRequest, HttpResponse, ImageModel, ServeContext } from "./types.js";

const VERSION = "1.0.0";
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Go's time.RFC1123 in UTC: "Wed, 23 Nov 2016 13:21:35 UTC". */
function rfc1123(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC`;
}

/** The LoggingHandler line, printed before the request is handled. */
function accessLine(req: HttpRequest): (nowMs: number) => string {
  return (nowMs) =>
    `${remoteAddr(req)} - - [${rfc1123(nowMs)}] "${req.method} ${pathOnly(req.path)} ${req.version ?? "HTTP/1.1"}" ${header(req, "user-agent") ?? ""}`;
}

const logLine = (req: HttpRequest, _res: HttpResponse, nowMs: number) => [accessLine(req)(nowMs)];

function withoutBodyForHead(req: HttpRequest, res: HttpResponse): HttpResponse {
  return req.method === "HEAD" ? { ...res, body: "" } : res;
}

function app(req: HttpRequest, ctx: ServeContext): HttpResponse {
  const path = pathOnly(req.path);
  if (path === "/secure") return goResponse(401, "authorization failed\n", ctx.nowMs);
  if (path === "/version") return goResponse(200, `{"version":"${VERSION}"}\n`, ctx.nowMs);
  return goResponse(200, '{"message":"Hello"}\n', ctx.nowMs);
}

/** How many times a status toggle was requested this run: the health state flips with each. */
function flips(ctx: ServeContext, path: string): number {
  return (ctx.logSoFar?.() ?? []).filter((l) => l.line.includes(`"GET ${path} `)).length;
}

function health(req: HttpRequest, ctx: ServeContext): HttpResponse {
  const path = pathOnly(req.path);
  if (path === "/healthz/status" || path === "/readiness/status") return goResponse(200, "", ctx.nowMs);
  if (path === "/healthz" || path === "/readiness") {
    const up = flips(ctx, `${path}/status`) % 2 === 0;
    return goResponse(up ? 200 : 503, "", ctx.nowMs);
  }
  // Built with Go 1.6 (2016): http.Error sent no X-Content-Type-Options yet.
  return goResponse(404, "404 page not found\n", ctx.nowMs);
}

function helloProcess(words: string[]): ContainerProcess {
  const httpAddr = goFlag(words, "http") ?? "0.0.0.0:80";
  const healthAddr = goFlag(words, "health") ?? "0.0.0.0:81";
  const portOf = (addr: string) => Number(addr.slice(addr.lastIndexOf(":") + 1));
  return {
    listeners: [
      {
        port: portOf(httpAddr),
        protocol: "TCP",
        kind: "http",
        handle: (req, ctx) => withoutBodyForHead(req, app(req, ctx)),
        accessLog: logLine,
      },
      {
        port: portOf(healthAddr),
        protocol: "TCP",
        kind: "http",
        handle: (req, ctx) => withoutBodyForHead(req, health(req, ctx)),
        accessLog: logLine,
      },
    ],
    description: words.join(" "),
    startupLog: (ctx) => [
      goLog(ctx.nowMs, "Starting server..."),
      goLog(ctx.nowMs, `Health service listening on ${healthAddr}`),
      goLog(ctx.nowMs, `HTTP service listening on ${httpAddr}`),
    ],
    stopLog: (ctx) => [goLog(ctx.nowMs, "Captured terminated. Exiting...")],
  };
}

const TOOLS = [...ALPINE_TOOLS, "hello"];

export const helloGoGke: ImageModel = {
  repo: "gcr.io/google-samples/hello-go-gke",
  shell: "sh",
  tools: TOOLS,
  // alpine 3.1's own files are not modelled.
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: ["hello"],
      cmd: [],
      sh: "ash",
      hasBash: false,
      tools: TOOLS,
      workingDir: "/",
      programs: (words) => (base(words[0]) === "hello" ? helloProcess(words) : undefined),
    }),
  wget: "busybox",
  libc: "musl",
  workingDir: "/",
};
