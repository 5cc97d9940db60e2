// registry.k8s.io/echoserver:1.10 (nginx 1.13.3 with lua): on 8080 it answers any request
// with a plain-text description of it, the hello-minikube page. Pod information appears when
// the downward API sets NODE_NAME, POD_NAME, POD_NAMESPACE and POD_IP.
import { clfDate, header, httpDate } from "./http.js";
import { DEBIAN_TOOLS } from "./os.js";
import { runContainer } from "./process.js";
import type { ContainerProcess, HttpRequest, ImageModel, ServeContext } from "./types.js";

export function echoBody(req: HttpRequest, ctx: ServeContext, env: Record<string, string>): string {
  const pod =
    env.POD_NAME || env.NODE_NAME
      ? `\tnode name:\t${env.NODE_NAME ?? ""}\n\tpod name:\t${env.POD_NAME ?? ""}\n\tpod namespace:\t${env.POD_NAMESPACE ?? ""}\n\tpod IP:\t${env.POD_IP ?? ""}`
      : "\t-no pod information available-";
  const path = req.path.split("?")[0];
  const qs = req.path.includes("?") ? req.path.slice(req.path.indexOf("?") + 1) : "";
  // request_uri names the server's own port (8080), whatever port the client dialled.
  const host = (header(req, "host") ?? req.host).replace(/:\d+$/, "");
  const headers = [...req.headers]
    .map(([k, v]) => [k.toLowerCase(), v] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `\t${k}=${v}`)
    .join("\n");
  const body = req.body ? req.body : "\t-no body in request-";
  return `\n\nHostname: ${ctx.hostname}\n\nPod Information:\n${pod}\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\nRequest Information:\n\tclient_address=${req.clientIP}\n\tmethod=${req.method}\n\treal path=${path}\n\tquery=${qs}\n\trequest_version=${(req.version ?? "HTTP/1.1").slice(5)}\n\trequest_scheme=http\n\trequest_uri=http://${host}:8080${req.path}\n\nRequest Headers:\n${headers}\n\nRequest Body:\n${body}\n\n`;
}

function echoserverProcess(env: Record<string, string>): ContainerProcess {
  return {
    listeners: [
      {
        port: 8080,
        protocol: "TCP",
        kind: "http",
        handle: (req, ctx) => ({
          status: 200,
          reason: "OK",
          headers: [
            ["Date", httpDate(ctx.nowMs)],
            ["Content-Type", "text/plain"],
            ["Transfer-Encoding", "chunked"],
            ["Connection", "keep-alive"],
            ["Server", "echoserver"],
          ],
          body: req.method === "HEAD" ? "" : echoBody(req, ctx, env),
        }),
        accessLog: (req, res, nowMs) => [
          `${req.clientIP} - - [${clfDate(nowMs)}] "${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}" ${res.status} ${Buffer.byteLength(res.body)} "${header(req, "referer") ?? "-"}" "${header(req, "user-agent") ?? "-"}"`,
        ],
      },
    ],
    description: "nginx -g daemon off;",
  };
}

export const echoserver: ImageModel = {
  repo: "registry.k8s.io/echoserver",
  shell: "sh",
  tools: DEBIAN_TOOLS.filter((t) => t !== "apt" && t !== "apt-get"),
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: [],
      cmd: ["/usr/local/bin/run.sh"],
      sh: "dash",
      hasBash: true,
      tools: [...DEBIAN_TOOLS, "run.sh", "nginx"],
      workingDir: "/",
      programs: (words) =>
        /(run\.sh|nginx)$/.test(words[0]) ? echoserverProcess({ ...spec.env }) : undefined,
    }),
  libc: "glibc",
  workingDir: "/",
};
