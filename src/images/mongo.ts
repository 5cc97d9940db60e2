// The official `mongo` image: docker-entrypoint.sh execs `mongod --bind_ip_all`, which listens on
// 27017 and speaks MongoDB's wire protocol. A request that begins "GET " (a browser, curl) gets
// mongod's fixed HTTP/1.0 answer, "It looks like you are trying to access MongoDB over HTTP on
// the native driver port.\r\n" (85 bytes, Connection: close), and the connection is closed. The
// log is mongod's structured JSON, one object per line.
//
// Sources (facts only, no code copied):
// - mongodb/mongo src/mongo/transport/asio/asio_session_impl.cpp (earlier asio_session.h):
//   checkForHTTPRequest ("GET ") and sendHTTPResponse (status line, the three headers, the text).
// - `docker logs` of mongo 6-8 containers: the "Listening on" (/tmp/mongodb-27017.sock, 0.0.0.0)
//   and "Waiting for connections" lines with their ids (23015, 23016) and column padding, and
//   "MongoDB starting" (id 4615611, ctx initandlisten, attr pid/port/dbPath/architecture/host).
// Only those startup lines are modelled, not the dozens mongod prints before them; connection
// and shutdown lines are not modelled, nor is the wire protocol (no mongosh against it).
import { DEBIAN_TOOLS } from "./os.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, HttpResponse, ImageModel } from "./types.js";

const TEXT = "It looks like you are trying to access MongoDB over HTTP on the native driver port.\r\n";

export function mongoHttpAnswer(): HttpResponse {
  return {
    status: 200,
    reason: "OK",
    version: "HTTP/1.0",
    headers: [
      ["Connection", "close"],
      ["Content-Type", "text/plain"],
      ["Content-Length", String(Buffer.byteLength(TEXT))],
    ],
    body: TEXT,
  };
}

/** `{"t":{"$date":...},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":...}` with mongod's padding. */
function logLine(nowMs: number, c: string, id: number, ctx: string, msg: string, attr?: string): string {
  const date = new Date(nowMs).toISOString().replace("Z", "+00:00");
  const comp = `"c":"${c}",`.padEnd(16);
  const ident = `"id":${id},`.padEnd(14);
  return `{"t":{"$date":"${date}"},"s":"I",  ${comp}${ident}"ctx":"${ctx}","msg":"${msg}"${attr ? `,"attr":${attr}` : ""}}`;
}

function mongodProcess(words: string[]): ContainerProcess {
  const portFlag = words.indexOf("--port");
  const port = portFlag > 0 ? Number(words[portFlag + 1]) : 27017;
  return {
    listeners: [
      {
        port,
        protocol: "TCP",
        kind: "http",
        handle: () => mongoHttpAnswer(),
      },
    ],
    description: words.join(" "),
    startupLog: (ctx) => [
      logLine(
        ctx.nowMs,
        "CONTROL",
        4615611,
        "initandlisten",
        "MongoDB starting",
        `{"pid":1,"port":${port},"dbPath":"/data/db","architecture":"64-bit","host":"${ctx.hostname}"}`,
      ),
      logLine(
        ctx.nowMs,
        "NETWORK",
        23015,
        "listener",
        "Listening on",
        `{"address":"/tmp/mongodb-${port}.sock"}`,
      ),
      logLine(ctx.nowMs, "NETWORK", 23015, "listener", "Listening on", `{"address":"0.0.0.0"}`),
      logLine(
        ctx.nowMs,
        "NETWORK",
        23016,
        "listener",
        "Waiting for connections",
        `{"port":${port},"ssl":"off"}`,
      ),
    ],
  };
}

const TOOLS = [
  ...DEBIAN_TOOLS.filter((t) => t !== "apt" && t !== "apt-get"),
  "mongod",
  "mongos",
  "mongosh",
  "gosu",
];

export const mongo: ImageModel = {
  repo: "mongo",
  shell: "bash",
  tools: TOOLS,
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: ["docker-entrypoint.sh"],
      cmd: ["mongod"],
      sh: "dash",
      hasBash: true,
      tools: [...TOOLS, "docker-entrypoint.sh"],
      workingDir: "/",
      execsArgs: "docker-entrypoint.sh",
      programs: (words) => (base(words[0]) === "mongod" ? mongodProcess(words) : undefined),
    }),
  libc: "glibc",
  workingDir: "/",
  env: { MONGO_PACKAGE: "mongodb-org", MONGO_REPO: "repo.mongodb.org" },
  locations: { "docker-entrypoint.sh": "/usr/local/bin/docker-entrypoint.sh" },
};
