// hashicorp/http-echo (1.0.0, FROM scratch): answers every path with its -text and a newline,
// /health with {"status":"ok"}; listens on -listen (default :5678). No shell in the image.

import { goFlag, goLog, remoteAddr } from "./goserver.js";
import { goResponse, header } from "./http.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, ImageModel } from "./types.js";

const APP_HEADERS: [string, string][] = [
  ["X-App-Name", "http-echo"],
  ["X-App-Version", "1.0.0"],
];

export function httpEchoProcess(words: string[], env: Record<string, string>): ContainerProcess {
  const text = goFlag(words, "text") ?? env.ECHO_TEXT ?? "";
  const listen = goFlag(words, "listen") ?? ":5678";
  if (text === "")
    return {
      listeners: [],
      exitsImmediately: true,
      exitCode: 127,
      description: words.join(" "),
      startupLog: () => ["Missing -text option OR ENV var TEXT is empty!"],
    };
  const port = Number(listen.slice(listen.lastIndexOf(":") + 1));
  return {
    listeners: [
      {
        port,
        protocol: "TCP",
        kind: "http",
        handle: (req, ctx) =>
          req.path.split("?")[0] === "/health"
            ? goResponse(200, '{"status":"ok"}\n', ctx.nowMs, APP_HEADERS)
            : goResponse(200, `${text}\n`, ctx.nowMs, APP_HEADERS),
        accessLog: (req, res, nowMs) =>
          req.path.split("?")[0] === "/health"
            ? []
            : [
                goLog(
                  nowMs,
                  `${header(req, "host") ?? req.host} ${remoteAddr(req)} "${req.method} ${req.path.split("?")[0]} ${req.version ?? "HTTP/1.1"}" ${res.status} ${Buffer.byteLength(res.body)} "${header(req, "user-agent") ?? ""}" 41.7µs`,
                ),
              ],
      },
    ],
    description: words.join(" "),
    startupLog: (ctx) => [goLog(ctx.nowMs, `[INFO] server is listening on ${listen}`)],
  };
}

export const httpEcho: ImageModel = {
  repo: "hashicorp/http-echo",
  shell: null,
  tools: ["http-echo"],
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: ["/http-echo"],
      cmd: [],
      sh: null,
      hasBash: false,
      tools: ["http-echo"],
      workingDir: "/",
      programs: (words, env) => (base(words[0]) === "http-echo" ? httpEchoProcess(words, env) : undefined),
    }),
  workingDir: "/",
};
