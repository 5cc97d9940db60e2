import { describe, expect, it } from "vitest";
import { goDuration } from "./agnhost.js";
import { imageInfo, imageModel } from "./index.js";
import { OLD_NGINX_INDEX } from "./nginx-old.js";
import { redisCommand } from "./redis.js";
import { ctxWith, get, NOW } from "./testutil.js";
import type {
  ContainerSpec,
  HttpResponse,
  ImageModel,
  Listener,
  ServeContext,
  UpstreamResult,
} from "./types.js";

const spec = (extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  env: {},
  ports: [],
  podName: "web-0",
  ...extra,
});
const listenerOn = (m: ImageModel, port: number, s: Partial<ContainerSpec> = {}): Listener => {
  const l = m.process(spec(s)).listeners.find((x) => x.port === port);
  if (!l) throw new Error(`nothing listens on ${port}`);
  return l;
};
const serve = (l: Listener, ctx: ServeContext, path = "/", extra = {}): HttpResponse => {
  if (!l.handle) throw new Error("not an HTTP listener");
  return l.handle(get(path, extra), ctx);
};
const startCtx = { podIP: "10.244.1.5", hostname: "web-0", nowMs: NOW, env: {} };
const hdr = (res: HttpResponse, name: string) => res.headers.find(([k]) => k === name)?.[1];

describe("kubernetes-bootcamp", () => {
  const m = imageModel("gcr.io/google-samples/kubernetes-bootcamp:v1")!;

  it("answers with the pod name and v=1, chunked text/plain as node sends it", () => {
    const res = serve(listenerOn(m, 8080), ctxWith({}));
    expect(res.body).toBe("Hello Kubernetes bootcamp! | Running on: web-0 | v=1\n");
    expect(res.headers).toEqual([
      ["Content-Type", "text/plain"],
      ["Date", "Fri, 27 Nov 2026 10:00:00 GMT"],
      ["Connection", "keep-alive"],
      ["Transfer-Encoding", "chunked"],
    ]);
  });

  it("logs its start, then each request with the running count and the uptime", () => {
    const p = m.process(spec());
    expect(p.startupLog?.(startCtx)).toEqual([
      "Kubernetes Bootcamp App Started At: 2026-11-27T10:00:00.000Z | Running On:  web-0 ",
      "",
    ]);
    const before = [
      { at: NOW, line: "Running On: web-0 | Total Requests: 1 | App Uptime: 1 seconds | Log Time: x" },
    ];
    const ctx = ctxWith({}, { startedAtMs: NOW - 446_976, logSoFar: () => before });
    const req = get("/");
    const l = p.listeners[0];
    expect(l.accessLog?.(req, serve(l, ctx), NOW, ctx)).toEqual([
      "Running On: web-0 | Total Requests: 2 | App Uptime: 446.976 seconds | Log Time: 2026-11-27T10:00:00.000Z",
    ]);
    expect(p.ignoresSigterm).toBe(true);
  });

  it("has v2 under jocatalin's name, and node's environment", () => {
    const v2 = imageModel("jocatalin/kubernetes-bootcamp:v2")!;
    expect(serve(listenerOn(v2, 8080), ctxWith({})).body).toBe(
      "Hello Kubernetes bootcamp! | Running on: web-0 | v=2\n",
    );
    expect(v2.env).toEqual({ NPM_CONFIG_LOGLEVEL: "info", NODE_VERSION: "6.3.1" });
    expect(imageInfo("gcr.io/google-samples/kubernetes-bootcamp:v1")?.sizeBytes).toBe(83642968);
  });
});

describe("hello-app", () => {
  it("answers Hello, world! with its version and hostname, and logs each path", () => {
    const m = imageModel("gcr.io/google-samples/hello-app:1.0")!;
    const p = m.process(spec());
    expect(p.startupLog?.(startCtx)).toEqual(["2026/11/27 10:00:00 Server listening on port 8080"]);
    const l = p.listeners[0];
    const res = serve(l, ctxWith({}), "/some/path?x=1");
    expect(res.body).toBe("Hello, world!\nVersion: 1.0.0\nHostname: web-0\n");
    expect(hdr(res, "Content-Type")).toBe("text/plain; charset=utf-8");
    expect(l.accessLog?.(get("/some/path?x=1"), res, NOW)).toEqual([
      "2026/11/27 10:00:00 Serving request: /some/path",
    ]);
  });

  it("is 2.0.0 at tag 2.0, also under its Artifact Registry name, and listens on $PORT", () => {
    const m = imageModel("us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0")!;
    expect(serve(listenerOn(m, 8080), ctxWith({})).body).toContain("Version: 2.0.0\n");
    expect(listenerOn(m, 50000, { env: { PORT: "50000" } }).port).toBe(50000);
    expect(m.tools).not.toContain("curl");
    expect(m.packages?.manager).toBe("apk");
  });
});

describe("hello-go-gke", () => {
  const m = imageModel("gcr.io/google-samples/hello-go-gke:1.0")!;

  it('answers {"message":"Hello"} on 80 and logs in its access format', () => {
    const p = m.process(spec());
    expect(p.startupLog?.(startCtx)).toEqual([
      "2026/11/27 10:00:00 Starting server...",
      "2026/11/27 10:00:00 Health service listening on 0.0.0.0:81",
      "2026/11/27 10:00:00 HTTP service listening on 0.0.0.0:80",
    ]);
    const l = listenerOn(m, 80);
    const res = serve(l, ctxWith({}));
    expect(res.body).toBe('{"message":"Hello"}\n');
    expect(hdr(res, "Content-Length")).toBe("20");
    expect(hdr(res, "Content-Type")).toBe("text/plain; charset=utf-8");
    expect(l.accessLog?.(get("/", { clientPort: 42956 }), res, NOW)).toEqual([
      '10.244.1.1:42956 - - [Fri, 27 Nov 2026 10:00:00 UTC] "GET / HTTP/1.1" curl/8.5.0',
    ]);
    expect(serve(l, ctxWith({}), "/secure").status).toBe(401);
  });

  it("has health endpoints on 81 that the status paths flip", () => {
    const l = listenerOn(m, 81);
    expect(serve(l, ctxWith({}), "/readiness").status).toBe(200);
    const flipped = ctxWith(
      {},
      { logSoFar: () => [{ at: NOW, line: 'x - - [..] "GET /readiness/status HTTP/1.1" y' }] },
    );
    expect(serve(l, flipped, "/readiness").status).toBe(503);
  });
});

describe("hello-frontend", () => {
  const m = imageModel("gcr.io/google-samples/hello-frontend:1.0")!;
  const l = listenerOn(m, 80);
  const withUpstream = (r: UpstreamResult) => ctxWith({}, { upstream: () => r });

  it("passes the backend's answer on with nginx 1.9.14's Server and Date", () => {
    const backend: HttpResponse = {
      status: 200,
      reason: "OK",
      headers: [
        ["Date", "Fri, 27 Nov 2026 09:59:59 GMT"],
        ["Content-Length", "20"],
        ["Content-Type", "text/plain; charset=utf-8"],
      ],
      body: '{"message":"Hello"}\n',
    };
    let sent: { host: string; port: number; version?: string; hostHeader?: string } | undefined;
    const ctx = ctxWith(
      {},
      {
        upstream: (host, port, req) => {
          sent = {
            host,
            port,
            version: req.version,
            hostHeader: req.headers.find(([k]) => k === "Host")?.[1],
          };
          return { kind: "ok", ip: "10.96.0.50", response: backend };
        },
      },
    );
    const res = serve(l, ctx);
    expect(sent).toEqual({ host: "hello", port: 80, version: "HTTP/1.0", hostHeader: "hello" });
    expect(res.body).toBe('{"message":"Hello"}\n');
    expect(res.headers).toEqual([
      ["Server", "nginx/1.9.14"],
      ["Date", "Fri, 27 Nov 2026 10:00:00 GMT"],
      ["Content-Type", "text/plain; charset=utf-8"],
      ["Content-Length", "20"],
      ["Connection", "keep-alive"],
    ]);
  });

  it("answers 502 and logs connect() failed when the backend refuses", () => {
    const req = get("/");
    const res = l.handle!(req, withUpstream({ kind: "refused", ip: "10.96.0.50" }));
    expect(res.status).toBe(502);
    expect(res.body).toBe(
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body bgcolor="white">\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.9.14</center>\r\n</body>\r\n</html>\r\n',
    );
    expect(l.accessLog?.(req, res, NOW)).toEqual([
      '2026/11/27 10:00:00 [error] 6#6: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 10.244.1.1, server: , request: "GET / HTTP/1.1", upstream: "http://10.96.0.50:80/", host: "10.244.1.5"',
      '10.244.1.1 - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 502 173 "-" "curl/8.5.0" "-"',
    ]);
  });
});

describe("nginx-slim", () => {
  it("serves the old 612-byte welcome page with the tag's nginx version", () => {
    const m = imageModel("registry.k8s.io/nginx-slim:0.21")!;
    const res = serve(listenerOn(m, 80), ctxWith(m.files()));
    expect(Buffer.byteLength(OLD_NGINX_INDEX)).toBe(612);
    expect(res.body).toBe(OLD_NGINX_INDEX);
    expect(hdr(res, "Server")).toBe("nginx/1.13.3");
    expect(hdr(res, "Last-Modified")).toBe("Wed, 12 Jul 2017 00:00:00 GMT");
    const old = imageModel("k8s.gcr.io/nginx-slim:0.8")!;
    expect(hdr(serve(listenerOn(old, 80), ctxWith(old.files())), "Server")).toBe("nginx/1.11.1");
    expect(
      hdr(serve(listenerOn(imageModel("registry.k8s.io/nginx-slim:0.24")!, 80), ctxWith({})), "Server"),
    ).toBe("nginx/1.13.5");
  });

  it("answers 403 on an empty doc root (the tutorial's fresh volume) and logs the combined format", () => {
    const m = imageModel("registry.k8s.io/nginx-slim:0.24")!;
    const l = listenerOn(m, 80);
    const ctx = ctxWith({});
    const res = serve(l, ctx);
    expect(res.status).toBe(403);
    expect(l.accessLog?.(get("/"), res, NOW, ctx)).toEqual([
      '2026/11/27 10:00:00 [error] 6#6: *1 directory index of "/usr/share/nginx/html/" is forbidden, client: 10.244.1.1, server: localhost, request: "GET / HTTP/1.1", host: "10.244.1.5"',
      '10.244.1.1 - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 403 169 "-" "curl/8.5.0"',
    ]);
    const page = { "/usr/share/nginx/html/index.html": "web-0\n" };
    expect(serve(l, ctxWith(page)).body).toBe("web-0\n");
  });
});

describe("mongo", () => {
  it("answers an HTTP GET on 27017 with mongod's fixed HTTP/1.0 text", () => {
    const m = imageModel("mongo")!;
    const res = serve(listenerOn(m, 27017), ctxWith({}));
    expect(res.version).toBe("HTTP/1.0");
    expect(res.body).toBe(
      "It looks like you are trying to access MongoDB over HTTP on the native driver port.\r\n",
    );
    expect(res.headers).toEqual([
      ["Connection", "close"],
      ["Content-Type", "text/plain"],
      ["Content-Length", "85"],
    ]);
    expect(m.process(spec()).startupLog?.(startCtx).at(-1)).toBe(
      '{"t":{"$date":"2026-11-27T10:00:00.000+00:00"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}',
    );
  });
});

describe("redis", () => {
  const m = imageModel("redis:7.4")!;

  it("answers PING and ECHO, and redis's errors for the rest", () => {
    expect(redisCommand(["PING"])).toEqual({ kind: "status", text: "PONG" });
    expect(redisCommand(["ping", "hi"])).toEqual({ kind: "bulk", text: "hi" });
    expect(redisCommand(["echo", "a", "b"])).toEqual({
      kind: "error",
      text: "ERR wrong number of arguments for 'echo' command",
    });
    expect(listenerOn(m, 6379).command?.(["ping"], ctxWith({}))).toEqual({ kind: "status", text: "PONG" });
  });

  it("logs its start as redis 7.4.1 does, and its shutdown", () => {
    const p = m.process(spec());
    expect(p.startupLog?.(startCtx)).toEqual([
      "1:C 27 Nov 2026 10:00:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
      "1:C 27 Nov 2026 10:00:00.000 * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started",
      "1:C 27 Nov 2026 10:00:00.000 # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf",
      "1:M 27 Nov 2026 10:00:00.000 * monotonic clock: POSIX clock_gettime",
      "1:M 27 Nov 2026 10:00:00.000 * Running mode=standalone, port=6379.",
      "1:M 27 Nov 2026 10:00:00.000 * Server initialized",
      "1:M 27 Nov 2026 10:00:00.000 * Ready to accept connections tcp",
    ]);
    expect(p.stopLog?.(startCtx)[0]).toBe(
      "1:signal-handler (1795773600) Received SIGTERM scheduling shutdown...",
    );
  });

  it("reads an HTTP request as inline commands: an error, no status line, one warning a minute", () => {
    const l = listenerOn(m, 6379);
    const req = get("/", { clientPort: 41234 });
    const res = serve(l, ctxWith({}), "/", { clientPort: 41234 });
    expect(res.version).toBe("HTTP/0.9");
    expect(res.body).toBe("-ERR wrong number of arguments for 'get' command\r\n");
    const warned = l.accessLog?.(req, res, NOW, ctxWith({}));
    expect(warned).toEqual([
      "1:M 27 Nov 2026 10:00:00.000 # Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection from 10.244.1.1:41234 aborted.",
    ]);
    const again = ctxWith({}, { logSoFar: () => [{ at: NOW - 30_000, line: warned?.[0] ?? "" }] });
    expect(l.accessLog?.(req, res, NOW, again)).toEqual([]);
  });
});

describe("agnhost subcommands", () => {
  const m = imageModel("registry.k8s.io/e2e-test-images/agnhost:2.53")!;

  it("porter serves each SERVE_PORT_N value on port N", () => {
    const env = { SERVE_PORT_9001: "foo", SERVE_TCP_PORT_9002: "bar" };
    const p = m.process(spec({ args: ["porter"], env }));
    expect(p.listeners.map((l) => l.port)).toEqual([9001, 9002]);
    expect(serve(p.listeners[0], ctxWith({})).body).toBe("foo");
  });

  it("liveness is healthy for 10 seconds, then answers 500 with the seconds", () => {
    const l = listenerOn(m, 8080, { args: ["liveness"] });
    expect(serve(l, ctxWith({}, { startedAtMs: NOW - 5000 }), "/healthz").body).toBe("ok");
    const late = serve(l, ctxWith({}, { startedAtMs: NOW - 12_500 }), "/healthz");
    expect([late.status, late.body]).toEqual([500, "error: 12.5"]);
    expect(serve(l, ctxWith({}, { startedAtMs: NOW - 62_000 }), "/started").body).toBe("1m2s");
    expect(goDuration(1500)).toBe("1.5s");
    expect(goDuration(3_600_000 + 500)).toBe("1h0m0.5s");
  });

  it("test-webserver serves files from / with its CORS headers", () => {
    const l = listenerOn(m, 80, { args: ["test-webserver"] });
    const res = serve(l, ctxWith({ "/etc/hostname": "web-0\n" }), "/etc/hostname");
    expect(res.body).toBe("web-0\n");
    expect(res.headers.map(([k]) => k)).toEqual([
      "Accept-Ranges",
      "Access-Control-Allow-Credentials",
      "Access-Control-Allow-Headers",
      "Access-Control-Allow-Methods",
      "Access-Control-Allow-Origin",
      "Cache-Control",
      "Content-Length",
      "Content-Type",
      "Last-Modified",
      "Date",
    ]);
    expect(serve(l, ctxWith({}), "/nope").status).toBe(404);
  });
});
