// registry.k8s.io/e2e-test-images/agnhost (2.53, alpine 3.21 plus bind-tools, curl,
// netcat-openbsd, iproute2, iperf, bash): one binary, many subcommands. The ones learners use:
// `netexec` (HTTP on --http-port, default 8080: /hostname, /clientip, /echo?msg=, /healthz, and
// the time on any other path), `serve-hostname` (9376) and `pause` (the default CMD).

import { goFlag, goLog, goTimeString, remoteAddr } from "./goserver.js";
import { goResponse, query } from "./http.js";
import { ALPINE_OS_RELEASE, ALPINE_TOOLS, APK_PACKAGES } from "./os.js";
import { base, runContainer } from "./process.js";
import { serveHostnameProcess } from "./serve-hostname.js";
import type { ContainerProcess, HttpRequest, HttpResponse, ImageModel, ServeContext } from "./types.js";

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

function agnhostProgram(words: string[]): ContainerProcess | undefined {
  if (!/^agnhost(-2)?$/.test(base(words[0]))) return undefined;
  const sub = words[1];
  const rest = words.slice(1);
  if (sub === "netexec") return netexecProcess(rest);
  if (sub === "serve-hostname") return serveHostnameProcess(rest);
  if (sub === "pause") return { listeners: [], description: words.join(" "), startupLog: () => ["Paused"] };
  if (sub === undefined || sub === "help" || sub === "--help")
    return {
      listeners: [],
      exitsImmediately: true,
      exitCode: 0,
      description: words.join(" "),
      guessed: true,
    };
  // Subcommands kubesim does not model run, but answer nothing it can describe.
  if (["test-webserver", "porter", "liveness", "nettest", "dns-server", "fake-gitserver"].includes(sub))
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
      programs: (words) => agnhostProgram(words),
    }),
  curlVersion: "8.11.1",
  wget: "busybox",
  libc: "musl",
  workingDir: "/",
};
