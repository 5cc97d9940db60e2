// gcr.io/google-samples/kubernetes-bootcamp:v1 and jocatalin/kubernetes-bootcamp:v1/v2, the app
// of the docs' "Learn Kubernetes Basics" tutorial: `node server.js` (node 6.3.1 on Debian jessie,
// WORKDIR /) answers every request on 8080 with
// `Hello Kubernetes bootcamp! | Running on: <HOSTNAME> | v=1\n` (text/plain, chunked) and logs
// one line per request with a running count and the uptime.
//
// Sources (facts only, no code copied):
// - kubernetes/website content/en/docs/tutorials/kubernetes-basics (explore, expose, scale,
//   update): the answer bytes, `kubectl logs` ("Kubernetes Bootcamp App Started At: ... |
//   Running On:  <pod> " then a blank line; "Running On: <pod> | Total Requests: 1 | App Uptime:
//   1611.113 seconds | Log Time: 2020-11-13T13:29:08.773Z"), `exec env` (NPM_CONFIG_LOGLEVEL=info,
//   NODE_VERSION=6.3.1), `ls /` showing server.js.
// - A kind pull event of gcr.io/google-samples/kubernetes-bootcamp:v1: "Image size: 83642968 bytes"
//   (catalog.ts).
// - Node 6 prints a Date in console.log as its ISO string; an unhandled SIGTERM does not stop
//   node as PID 1, so deletion waits out the grace period.
import { httpDate } from "./http.js";
import { DEBIAN_TOOLS } from "./os.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, HttpRequest, HttpResponse, ImageModel, ServeContext } from "./types.js";

const TOOLS = [...DEBIAN_TOOLS.filter((t) => t !== "apt" && t !== "apt-get"), "node", "npm", "curl", "wget"];

/** kubesim's own equivalent of the image's /server.js (the original is not reproduced). */
const SERVER_JS = `// kubesim model of the kubernetes-bootcamp app: see src/images/bootcamp.ts
var http = require('http');
var served = 0;
var started;
var server = http.createServer(function (req, res) {
  res.setHeader('Content-Type', 'text/plain');
  res.writeHead(200);
  res.end('Hello Kubernetes bootcamp! | Running on: ' + process.env.HOSTNAME + ' | v=VERSION\\n');
  served += 1;
  console.log('Running On:', process.env.HOSTNAME, '| Total Requests:', served,
    '| App Uptime:', (new Date() - started) / 1000, 'seconds', '| Log Time:', new Date());
});
server.listen(8080, function () {
  started = new Date();
  console.log('Kubernetes Bootcamp App Started At:', started, '| Running On: ', process.env.HOSTNAME, '\\n');
});
`;

const iso = (ms: number) => new Date(ms).toISOString();

function answer(req: HttpRequest, ctx: ServeContext, version: string): HttpResponse {
  const body = `Hello Kubernetes bootcamp! | Running on: ${ctx.hostname} | v=${version}\n`;
  // node's http module: the handler's Content-Type, then Date; an HTTP/1.0 client gets the body
  // up to the close, an HTTP/1.1 one a chunked body on a kept-alive connection.
  const headers: [string, string][] = [
    ["Content-Type", "text/plain"],
    ["Date", httpDate(ctx.nowMs)],
  ];
  if (req.version === "HTTP/1.0") headers.push(["Connection", "close"]);
  else headers.push(["Connection", "keep-alive"], ["Transfer-Encoding", "chunked"]);
  return { status: 200, reason: "OK", headers, body: req.method === "HEAD" ? "" : body };
}

function requestLog(_req: HttpRequest, _res: HttpResponse, nowMs: number, ctx?: ServeContext): string[] {
  const host = ctx?.hostname ?? "";
  const served = (ctx?.logSoFar?.() ?? []).filter((l) => l.line.startsWith("Running On: ")).length;
  const uptime = ctx?.startedAtMs !== undefined ? (nowMs - ctx.startedAtMs) / 1000 : 0;
  return [
    `Running On: ${host} | Total Requests: ${served + 1} | App Uptime: ${uptime} seconds | Log Time: ${iso(nowMs)}`,
  ];
}

function serverProcess(words: string[], version: string): ContainerProcess {
  return {
    listeners: [
      {
        port: 8080,
        protocol: "TCP",
        kind: "http",
        handle: (req, ctx) => answer(req, ctx, version),
        accessLog: requestLog,
      },
    ],
    description: words.join(" "),
    // console.log joins its arguments with spaces: "Running On: " and the host make two.
    startupLog: (ctx) => [
      `Kubernetes Bootcamp App Started At: ${iso(ctx.nowMs)} | Running On:  ${ctx.hostname} `,
      "",
    ],
    ignoresSigterm: true,
  };
}

function bootcamp(repo: string, version: string, tags: Record<string, string>): ImageModel {
  const model: ImageModel = {
    repo,
    shell: "bash",
    tools: TOOLS,
    files: () => ({ "/server.js": SERVER_JS.replace("VERSION", version) }),
    process: (spec) =>
      runContainer(spec, {
        entrypoint: [],
        cmd: ["/bin/sh", "-c", "node server.js"],
        sh: "dash",
        hasBash: true,
        tools: TOOLS,
        workingDir: "/",
        programs: (words) =>
          base(words[0]) === "node" && (words[1] === "server.js" || words[1] === "/server.js")
            ? serverProcess(words, version)
            : undefined,
      }),
    libc: "glibc",
    wget: "gnu",
    workingDir: "/",
    env: { NPM_CONFIG_LOGLEVEL: "info", NODE_VERSION: "6.3.1" },
    withTag: (tag) => (tags[tag] && tags[tag] !== version ? bootcamp(repo, tags[tag], tags) : model),
  };
  return model;
}

export const kubernetesBootcamp = bootcamp("gcr.io/google-samples/kubernetes-bootcamp", "1", { v1: "1" });
/** The tutorial's "update" step rolls the Deployment to jocatalin's v2, which answers v=2. */
export const jocatalinBootcamp = bootcamp("jocatalin/kubernetes-bootcamp", "1", { v1: "1", v2: "2" });
