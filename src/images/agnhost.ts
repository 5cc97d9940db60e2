// registry.k8s.io/e2e-test-images/agnhost (2.53, alpine 3.21 plus bind-tools, curl,
// netcat-openbsd, iproute2, iperf, bash): one binary, /agnhost, many subcommands. The ones
// learners use: `netexec` (HTTP on --http-port, default 8080: /hostname, /clientip, /echo?msg=,
// /healthz, and the time on any other path), `serve-hostname` (9376), `pause` (the default CMD),
// `porter` (serves each SERVE_PORT_N / SERVE_TCP_PORT_N variable's value on port N),
// `liveness` (8080: /healthz is 200 "ok" for 10 s after start, then 500 "error: <seconds>";
// /started the uptime) and `test-webserver` (a Go file server of / on --port, default 80).
// dns-suffix, dns-server-list and etc-hosts run under exec (src/net/tools/agnhost.ts).
//
// Sources (facts only, no code copied): kubernetes/kubernetes test/images/agnhost/
// {netexec/netexec.go, serve-hostname/serve_hostname.go, pause/pause.go, porter/porter.go,
// liveness/server.go, test-webserver/test-webserver.go, dns/common.go}; Go net/http's
// FileServer and Header.Write (keys sorted, Date/Content-Length/Content-Type appended).

import { goFlag, goLog, goTimeString, remoteAddr } from "./goserver.js";
import { byteLength, goResponse, httpDate, normalizePath, pathOnly, query, typeByExtension } from "./http.js";
import { ALPINE_OS_RELEASE, ALPINE_TOOLS, APK_PACKAGES } from "./os.js";
import { base, runContainer } from "./process.js";
import { serveHostnameProcess } from "./serve-hostname.js";
import type {
  ContainerProcess,
  HttpRequest,
  HttpResponse,
  ImageModel,
  Listener,
  ServeContext,
} from "./types.js";

const TOOLS = [
  ...ALPINE_TOOLS,
  "agnhost",
  "bash",
  "curl",
  "dig",
  "nslookup",
  "host",
  "nc",
  "ip",
  "ss",
  "iperf",
];

/** netexec's mux: the log line it prints and the answer, per path. */
function netexec(req: HttpRequest, ctx: ServeContext): { log: string; res: HttpResponse } {
  const path = req.path.split("?")[0];
  const q = query(req.path);
  switch (path) {
    case "/hostname":
    case "/hostName":
      return { log: `GET ${path}`, res: goResponse(200, ctx.hostname, ctx.nowMs) };
    case "/clientip":
      return { log: "GET /clientip", res: goResponse(200, remoteAddr(req), ctx.nowMs) };
    case "/healthz":
      return { log: "GET /healthz", res: goResponse(200, "", ctx.nowMs) };
    case "/echo": {
      const msg = q.get("msg") ?? "";
      const code = q.get("code") ?? "";
      const log = `GET /echo?msg=${msg}&code=${code}`;
      if (code !== "" && !/^\d+$/.test(code))
        return {
          log,
          res: goResponse(200, `argument 'code' must be an integer or empty, got "${code}"\n`, ctx.nowMs),
        };
      return { log, res: goResponse(code ? Number(code) : 200, msg, ctx.nowMs) };
    }
    case "/redirect": {
      const location = q.get("location") ?? "";
      const code = Number(q.get("code") || 302);
      const res = goResponse(code, "", ctx.nowMs, [["Location", location]]);
      return { log: `${req.method} /redirect?msg=${location}&code=${q.get("code") ?? ""}`, res };
    }
    default:
      return {
        log: "GET /",
        res: goResponse(200, `NOW: ${goTimeString(ctx.nowMs, ctx.startedAtMs)}`, ctx.nowMs),
      };
  }
}

function netexecProcess(words: string[]): ContainerProcess {
  const httpPort = Number(goFlag(words, "http-port") ?? 8080);
  const udpPort = Number(goFlag(words, "udp-port") ?? 8081);
  return {
    listeners: [
      {
        port: httpPort,
        protocol: "TCP",
        kind: "http",
        handle: (req, ctx) => netexec(req, ctx).res,
        accessLog: (req, _res, nowMs, ctx) =>
          ctx ? [goLog(nowMs, netexec(req, ctx).log)] : [goLog(nowMs, `GET ${req.path.split("?")[0]}`)],
      },
    ],
    description: words.join(" "),
    startupLog: (ctx) => [
      goLog(ctx.nowMs, `Started HTTP server on port ${httpPort}`),
      // The UDP server binds every address: its address field prints empty.
      ...(udpPort !== -1 ? [goLog(ctx.nowMs, `Started UDP server on port  ${udpPort}`)] : []),
    ],
  };
}

/** Go's time.Duration.String for a whole number of milliseconds: "1m2.345s", "450ms", "0s". */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const secs = ((ms % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, "");
  if (h) return `${h}h${m}m${secs}s`;
  if (m) return `${m}m${secs}s`;
  return `${secs}s`;
}

/** `porter`: an HTTP server per SERVE_PORT_N / SERVE_TCP_PORT_N variable, answering its value. */
function porterProcess(words: string[], env: Record<string, string>): ContainerProcess {
  const json = words.includes("--json-response") || words.includes("--json-response=true");
  const listeners: Listener[] = [];
  for (const [k, value] of Object.entries(env)) {
    const m = /^SERVE_(?:TCP_)?PORT_(\d+)$/.exec(k);
    if (!m) continue;
    listeners.push({
      port: Number(m[1]),
      protocol: "TCP",
      kind: "http",
      handle: (req, ctx) =>
        json
          ? goResponse(200, JSON.stringify({ Method: req.method, Body: value }), ctx.nowMs, [
              ["Content-Type", "application/json"],
            ])
          : goResponse(200, value, ctx.nowMs),
    });
  }
  return { listeners, description: words.join(" ") };
}

/** `liveness`: healthy for its first 10 seconds, then /healthz answers 500. */
function livenessProcess(words: string[]): ContainerProcess {
  const handle = (req: HttpRequest, ctx: ServeContext): HttpResponse => {
    const up = ctx.startedAtMs !== undefined ? ctx.nowMs - ctx.startedAtMs : 0;
    const path = pathOnly(req.path);
    if (path === "/started") return goResponse(200, goDuration(up), ctx.nowMs);
    if (path === "/healthz")
      return up / 1000 > 10
        ? goResponse(500, `error: ${up / 1000}`, ctx.nowMs)
        : goResponse(200, "ok", ctx.nowMs);
    return goResponse(404, "404 page not found\n", ctx.nowMs, [["X-Content-Type-Options", "nosniff"]]);
  };
  return {
    listeners: [{ port: 8080, protocol: "TCP", kind: "http", handle }],
    description: words.join(" "),
  };
}

/** Go's built-in types (charset on text ones), then the usual table, then sniffed plain text. */
function goType(path: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1].toLowerCase();
  if (ext === "html" || ext === "htm") return "text/html; charset=utf-8";
  if (ext === "css") return "text/css; charset=utf-8";
  if (ext === "js" || ext === "mjs") return "text/javascript; charset=utf-8";
  return typeByExtension(path) ?? "text/plain; charset=utf-8";
}

const TEST_WEBSERVER_HEADERS: [string, string][] = [
  ["Access-Control-Allow-Credentials", "true"],
  [
    "Access-Control-Allow-Headers",
    "DNT,X-Mx-ReqToken,Keep-Alive,User-Agent,X-Requested-With,Cache-Control,Content-Type",
  ],
  ["Access-Control-Allow-Methods", "GET, POST, OPTIONS"],
  ["Access-Control-Allow-Origin", "*"],
  ["Cache-Control", "private"],
];

/** `test-webserver`: Go's FileServer over the container's whole file tree. */
function testWebserverProcess(words: string[]): ContainerProcess {
  const port = Number(goFlag(words, "port") ?? 80);
  const handle = (req: HttpRequest, ctx: ServeContext): HttpResponse => {
    const path = normalizePath(pathOnly(req.path));
    const sorted = (extra: [string, string][]) =>
      [...TEST_WEBSERVER_HEADERS, ...extra].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const content = path.endsWith("/") ? undefined : ctx.readFile(path);
    if (content !== undefined) {
      const mtime = ctx.mtimeMs?.(path) ?? ctx.nowMs;
      const headers = sorted([
        ["Accept-Ranges", "bytes"],
        ["Content-Length", String(byteLength(content))],
        ["Content-Type", goType(path)],
        ["Last-Modified", httpDate(mtime)],
      ]);
      headers.push(["Date", httpDate(ctx.nowMs)]);
      return { status: 200, reason: "OK", headers, body: req.method === "HEAD" ? "" : content };
    }
    const dir = path === "/" ? "/" : path.replace(/\/$/, "");
    const entries = ctx.listDir?.(dir);
    if (entries) {
      // A directory without its slash is redirected relatively, to "<name>/".
      if (!path.endsWith("/"))
        return goResponse(301, "", ctx.nowMs, [
          ...TEST_WEBSERVER_HEADERS,
          ["Location", `${path.slice(path.lastIndexOf("/") + 1)}/`],
        ]);
      const names = entries
        .map((e) => (e.type === "dir" || e.type === "link-dir" ? `${e.name}/` : e.name))
        .sort();
      const body = `<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n${names.map((n) => `<a href="${encodeURI(n)}">${n}</a>\n`).join("")}</pre>\n`;
      const headers = sorted([["Content-Type", "text/html; charset=utf-8"]]);
      headers.push(["Date", httpDate(ctx.nowMs)]);
      headers.push(["Content-Length", String(byteLength(body))]);
      return { status: 200, reason: "OK", headers, body: req.method === "HEAD" ? "" : body };
    }
    return goResponse(404, "404 page not found\n", ctx.nowMs, [
      ...TEST_WEBSERVER_HEADERS,
      ["X-Content-Type-Options", "nosniff"],
    ]);
  };
  return { listeners: [{ port, protocol: "TCP", kind: "http", handle }], description: words.join(" ") };
}

function agnhostProgram(words: string[], env: Record<string, string>): ContainerProcess | undefined {
  if (!/^agnhost(-2)?$/.test(base(words[0]))) return undefined;
  const sub = words[1];
  const rest = words.slice(1);
  if (sub === "netexec") return netexecProcess(rest);
  if (sub === "serve-hostname") return serveHostnameProcess(rest);
  if (sub === "pause") return { listeners: [], description: words.join(" "), startupLog: () => ["Paused"] };
  if (sub === "porter") return porterProcess(rest, env);
  if (sub === "liveness") return livenessProcess(words);
  if (sub === "test-webserver") return testWebserverProcess(rest);
  if (sub === undefined || sub === "help" || sub === "--help")
    return {
      listeners: [],
      exitsImmediately: true,
      exitCode: 0,
      description: words.join(" "),
      guessed: true,
    };
  // Subcommands kubesim does not model run, but answer nothing it can describe.
  if (["nettest", "dns-server", "fake-gitserver"].includes(sub))
    return { listeners: [], description: words.join(" "), guessed: true };
  return {
    listeners: [],
    exitsImmediately: true,
    exitCode: 1,
    description: words.join(" "),
    startupLog: () => [`Error: unknown command "${sub}" for "agnhost"`, "Run 'agnhost --help' for usage."],
  };
}

export const agnhost: ImageModel = {
  repo: "registry.k8s.io/e2e-test-images/agnhost",
  shell: "bash",
  tools: [...new Set(TOOLS)],
  packages: { manager: "apk", installable: APK_PACKAGES },
  files: () => ({ "/etc/os-release": ALPINE_OS_RELEASE }),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: ["/agnhost"],
      cmd: ["pause"],
      sh: "ash",
      hasBash: true,
      tools: TOOLS,
      workingDir: "/",
      programs: (words, env) => agnhostProgram(words, env),
    }),
  curlVersion: "8.11.1",
  wget: "busybox",
  libc: "musl",
  workingDir: "/",
  locations: { agnhost: "/agnhost" },
};
