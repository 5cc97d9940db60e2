// The official `redis` image (7.4.1, Debian bookworm, WORKDIR /data): docker-entrypoint.sh runs
// `redis-server` on 6379 with no config file. It answers RESP commands (redis-cli, modelled in
// src/net/tools/redis-cli.ts: PING and ECHO); an HTTP request is read as inline commands, so
// `GET / HTTP/1.1` gets "-ERR wrong number of arguments for 'get' command" and the Host: line
// that follows makes redis log a SECURITY ATTACK warning (at most once a minute) and drop the
// connection: curl sees a reply without a status line (HTTP/0.9).
//
// Sources (facts only, no code copied):
// - `kubectl logs` of a redis:7.4.1 container: "1:C 02 Dec 2024 01:02:58.944 * oO0OoO0OoO0Oo Redis
//   is starting oO0OoO0OoO0Oo", "Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1,
//   just started", the no-config warning, "monotonic clock: POSIX clock_gettime", "Running
//   mode=standalone, port=6379.", "Server initialized", "Ready to accept connections tcp".
// - redis logs on SIGTERM: "1:signal-handler (<unix secs>) Received SIGTERM scheduling
//   shutdown...", "User requested shutdown...", "Saving the final RDB snapshot before exiting.",
//   "DB saved on disk", "# Redis is now ready to exit, bye bye...".
// - redis src/networking.c securityWarningCommand (the message, "Connection from IP:PORT
//   aborted.", 60 s throttle), src/server.c (unknown-command and arity error texts).
// - A kind pull event of `redis`: "Image size: 52458645 bytes" (catalog.ts).
import { remoteAddr } from "./goserver.js";
import { DEBIAN_TOOLS } from "./os.js";
import { base, runContainer } from "./process.js";
import type {
  ContainerProcess,
  HttpRequest,
  HttpResponse,
  ImageModel,
  RespReply,
  ServeContext,
} from "./types.js";

export const REDIS_VERSION = "7.4.1";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** redis's log time: "02 Dec 2024 01:02:58.944". */
function redisTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}

const line = (role: "C" | "M", nowMs: number, level: "*" | "#", msg: string) =>
  `1:${role} ${redisTime(nowMs)} ${level} ${msg}`;

const SECURITY =
  "Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance.";

/** A command as redis answers it: the few that kubesim models, and redis's errors for the rest. */
export function redisCommand(argv: string[]): RespReply {
  const name = (argv[0] ?? "").toLowerCase();
  const args = argv.slice(1);
  if (name === "ping") {
    if (args.length === 0) return { kind: "status", text: "PONG" };
    if (args.length === 1) return { kind: "bulk", text: args[0] };
    return { kind: "error", text: "ERR wrong number of arguments for 'ping' command" };
  }
  if (name === "echo")
    return args.length === 1
      ? { kind: "bulk", text: args[0] }
      : { kind: "error", text: "ERR wrong number of arguments for 'echo' command" };
  if (name === "get" && args.length !== 1)
    return { kind: "error", text: "ERR wrong number of arguments for 'get' command" };
  const shown = args
    .slice(0, 128)
    .map((a) => `'${a}' `)
    .join("");
  return {
    kind: "error",
    text: `ERR unknown command '${argv[0] ?? ""}', with args beginning with: ${shown}`,
  };
}

/** Inline commands, one per request line, until redis drops the connection at POST or Host:. */
function httpAnswer(req: HttpRequest): HttpResponse {
  const first = [req.method, req.path, req.version ?? "HTTP/1.1"];
  const body =
    req.method.toLowerCase() === "post"
      ? ""
      : (() => {
          const r = redisCommand(first);
          return `-${r.kind === "error" ? r.text : "ERR"}\r\n`;
        })();
  return { status: 0, reason: "", version: "HTTP/0.9", headers: [], body };
}

function securityLog(req: HttpRequest, _res: HttpResponse, nowMs: number, ctx?: ServeContext): string[] {
  const last = (ctx?.logSoFar?.() ?? []).filter((l) => l.line.includes("Possible SECURITY ATTACK")).pop();
  if (last && nowMs - last.at <= 60_000) return [];
  return [line("M", nowMs, "#", `${SECURITY} Connection from ${remoteAddr(req)} aborted.`)];
}

function serverProcess(words: string[]): ContainerProcess {
  const p = words.indexOf("--port");
  const port = p > 0 ? Number(words[p + 1]) : 6379;
  return {
    listeners: [
      {
        port,
        protocol: "TCP",
        kind: "http",
        handle: (req) => httpAnswer(req),
        accessLog: securityLog,
        command: (argv) => redisCommand(argv),
      },
    ],
    description: words.join(" "),
    startupLog: (ctx) => [
      line("C", ctx.nowMs, "*", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
      line(
        "C",
        ctx.nowMs,
        "*",
        `Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=1, just started`,
      ),
      // With a config file or any option on the command line, redis says it loaded them.
      ...(words.length > 1
        ? [line("C", ctx.nowMs, "*", "Configuration loaded")]
        : [
            line(
              "C",
              ctx.nowMs,
              "#",
              "Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf",
            ),
          ]),
      line("M", ctx.nowMs, "*", "monotonic clock: POSIX clock_gettime"),
      line("M", ctx.nowMs, "*", `Running mode=standalone, port=${port}.`),
      line("M", ctx.nowMs, "*", "Server initialized"),
      line("M", ctx.nowMs, "*", "Ready to accept connections tcp"),
    ],
    stopLog: (ctx) => [
      `1:signal-handler (${Math.floor(ctx.nowMs / 1000)}) Received SIGTERM scheduling shutdown...`,
      line("M", ctx.nowMs, "*", "User requested shutdown..."),
      line("M", ctx.nowMs, "*", "Saving the final RDB snapshot before exiting."),
      line("M", ctx.nowMs, "*", "DB saved on disk"),
      line("M", ctx.nowMs, "#", "Redis is now ready to exit, bye bye..."),
    ],
  };
}

export const REDIS_TOOLS = [
  ...DEBIAN_TOOLS.filter((t) => t !== "apt" && t !== "apt-get"),
  "apt",
  "apt-get",
  "redis-server",
  "redis-cli",
  "redis-benchmark",
  "redis-check-aof",
  "redis-check-rdb",
  "redis-sentinel",
  "gosu",
];

export const redis: ImageModel = {
  repo: "redis",
  shell: "bash",
  tools: REDIS_TOOLS,
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: ["docker-entrypoint.sh"],
      cmd: ["redis-server"],
      sh: "dash",
      hasBash: true,
      tools: [...REDIS_TOOLS, "docker-entrypoint.sh"],
      workingDir: "/data",
      execsArgs: "docker-entrypoint.sh",
      programs: (words) => (base(words[0]) === "redis-server" ? serverProcess(words) : undefined),
    }),
  libc: "glibc",
  workingDir: "/data",
  env: { REDIS_VERSION },
  locations: { "docker-entrypoint.sh": "/usr/local/bin/docker-entrypoint.sh" },
};
