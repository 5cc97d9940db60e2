// registry.k8s.io/serve_hostname: the classic "which pod answered?" server of the Kubernetes
// Service docs. It answers every HTTP request on 9376 with the pod's hostname (its name), no
// newline, and logs each request.

import { goFlag, goLog, remoteAddr } from "./goserver.js";
import { goResponse } from "./http.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, ImageModel } from "./types.js";

export function serveHostnameProcess(words: string[]): ContainerProcess {
  const port = Number(goFlag(words, "port") ?? 9376);
  return {
    listeners: [
      {
        port,
        protocol: "TCP",
        kind: "http",
        handle: (_req, ctx) => goResponse(200, ctx.hostname, ctx.nowMs),
        accessLog: (req, _res, nowMs) => [goLog(nowMs, `HTTP request from ${remoteAddr(req)}`)],
      },
    ],
    description: words.join(" "),
    startupLog: (ctx) => [goLog(ctx.nowMs, `Serving on port ${port}.`)],
    stopLog: (ctx) => [
      goLog(ctx.nowMs, "Shutting down after receiving signal: terminated."),
      goLog(ctx.nowMs, "Awaiting pod deletion."),
    ],
    // It sleeps 60 s after SIGTERM, longer than the default grace period.
    ignoresSigterm: true,
  };
}

export const serveHostname: ImageModel = {
  repo: "registry.k8s.io/serve_hostname",
  shell: null,
  tools: ["serve_hostname"],
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: ["/serve_hostname"],
      cmd: [],
      sh: null,
      hasBash: false,
      tools: ["serve_hostname"],
      workingDir: "/",
      programs: (words) => (base(words[0]) === "serve_hostname" ? serveHostnameProcess(words) : undefined),
    }),
  libc: "glibc",
  workingDir: "/",
};
