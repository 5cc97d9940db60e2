import { describe, expect, it } from "vitest";
import { guessedModel, HTTPD_INDEX, imageModel, NGINX_INDEX } from "./index.js";
import { ctxWith, get, NOW } from "./testutil.js";
import type { ImageModel } from "./types.js";

const serve = (m: ImageModel, files: Record<string, string>, path = "/", extra = {}, spec = {}) => {
  const p = m.process({ env: {}, ports: [], ...spec });
  return p.listeners[0].handle!(get(path, extra), ctxWith(files));
};

describe("httpd", () => {
  const httpd = imageModel("httpd")!;

  it("serves the 45-byte It works! page with Apache's headers", () => {
    const res = serve(httpd, httpd.files());
    expect(HTTPD_INDEX).toBe("<html><body><h1>It works!</h1></body></html>\n");
    expect(Buffer.byteLength(res.body)).toBe(45);
    expect(res.body).toBe(HTTPD_INDEX);
    expect(res.headers).toEqual([
      ["Date", "Fri, 27 Nov 2026 10:00:00 GMT"],
      ["Server", "Apache/2.4.62 (Unix)"],
      ["Last-Modified", "Mon, 11 Jun 2007 18:53:14 GMT"],
      ["ETag", '"2d-432a5e4a73a80"'],
      ["Accept-Ranges", "bytes"],
      ["Content-Length", "45"],
      ["Content-Type", "text/html"],
    ]);
  });

  it("answers Apache's 404 page", () => {
    const res = serve(httpd, httpd.files(), "/nope.html");
    expect(res.status).toBe(404);
    expect(res.reason).toBe("Not Found");
    expect(res.body).toBe(
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n',
    );
    expect(res.headers.slice(1)).toEqual([
      ["Server", "Apache/2.4.62 (Unix)"],
      ["Content-Length", "196"],
      ["Content-Type", "text/html; charset=iso-8859-1"],
    ]);
  });

  it("serves what was written to the doc root", () => {
    const files = { ...httpd.files(), "/usr/local/apache2/htdocs/index.html": "hello from c01\n" };
    const res = serve(httpd, files);
    expect(res.body).toBe("hello from c01\n");
    expect(res.headers.find(([k]) => k === "Content-Length")?.[1]).toBe("15");
    expect(res.headers.find(([k]) => k === "Last-Modified")?.[1]).toBe("Fri, 27 Nov 2026 10:00:00 GMT");
    const extra = serve(httpd, { ...files, "/usr/local/apache2/htdocs/a.txt": "A\n" }, "/a.txt");
    expect(extra.headers.find(([k]) => k === "Content-Type")?.[1]).toBe("text/plain");
  });

  it("answers HEAD without a body and logs in common log format", () => {
    const p = httpd.process({ env: {}, ports: [] });
    const req = get("/", { method: "HEAD" });
    const res = p.listeners[0].handle!(req, ctxWith(httpd.files()));
    expect(res.body).toBe("");
    expect(res.headers.find(([k]) => k === "Content-Length")?.[1]).toBe("45");
    expect(httpd.accessLog!(get("/"), serve(httpd, httpd.files()), NOW)).toBe(
      '10.244.1.1 - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 45',
    );
    expect(p.listeners[0].accessLog!(req, res, NOW)).toEqual([
      '10.244.1.1 - - [27/Nov/2026:10:00:00 +0000] "HEAD / HTTP/1.1" 200 -',
    ]);
  });

  it("prints the AH00558 notices with the pod IP when it starts", () => {
    const p = httpd.process({ env: {}, ports: [] });
    expect(p.description).toBe("httpd -DFOREGROUND");
    expect(p.startupLog!({ podIP: "10.244.1.5", hostname: "web-0", nowMs: NOW, env: {} })).toEqual([
      "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.5. Set the 'ServerName' directive globally to suppress this message",
      "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.5. Set the 'ServerName' directive globally to suppress this message",
      "[Fri Nov 27 10:00:00.000000 2026] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations",
      "[Fri Nov 27 10:00:00.000000 2026] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
    ]);
  });
});

describe("nginx", () => {
  const nginx = imageModel("docker.io/library/nginx:1.27")!;

  it("serves the 615-byte welcome page with nginx's headers", () => {
    const res = serve(nginx, nginx.files());
    expect(Buffer.byteLength(NGINX_INDEX)).toBe(615);
    expect(res.body).toBe(NGINX_INDEX);
    expect(res.headers).toEqual([
      ["Server", "nginx/1.27.3"],
      ["Date", "Fri, 27 Nov 2026 10:00:00 GMT"],
      ["Content-Type", "text/html"],
      ["Content-Length", "615"],
      ["Last-Modified", "Tue, 26 Nov 2024 15:55:00 GMT"],
      ["Connection", "keep-alive"],
      ["ETag", '"6745ef54-267"'],
      ["Accept-Ranges", "bytes"],
    ]);
  });

  it("answers nginx's 404 page, CRLF and all, and logs the error", () => {
    const res = serve(nginx, nginx.files(), "/missing");
    expect(res.status).toBe(404);
    expect(res.body).toBe(
      "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n",
    );
    expect(res.headers.find(([k]) => k === "Content-Length")?.[1]).toBe("153");
    const p = nginx.process({ env: {}, ports: [] });
    const lines = p.listeners[0].accessLog!(get("/missing"), res, NOW, ctxWith(nginx.files()));
    expect(lines).toEqual([
      '2026/11/27 10:00:00 [error] 29#29: *1 open() "/usr/share/nginx/html/missing" failed (2: No such file or directory), client: 10.244.1.1, server: localhost, request: "GET /missing HTTP/1.1", host: "10.244.1.5"',
      '10.244.1.1 - - [27/Nov/2026:10:00:00 +0000] "GET /missing HTTP/1.1" 404 153 "-" "curl/8.5.0" "-"',
    ]);
  });

  it("serves an edited index.html and refuses POST on files", () => {
    const files = { ...nginx.files(), "/usr/share/nginx/html/index.html": "pod two\n" };
    const res = serve(nginx, files);
    expect(res.body).toBe("pod two\n");
    expect(res.headers.find(([k]) => k === "ETag")?.[1]).toBe(`"${(NOW / 1000).toString(16)}-8"`);
    expect(serve(nginx, files, "/", { method: "POST" }).status).toBe(405);
  });

  it("logs the entrypoint's lines and starts nginx", () => {
    const p = nginx.process({ env: {}, ports: [] });
    const log = p.startupLog!({ podIP: "10.244.1.5", hostname: "web-0", nowMs: NOW, env: {} });
    expect(log[0]).toBe(
      "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    );
    expect(log).toContain("/docker-entrypoint.sh: Configuration complete; ready for start up");
    expect(log).toContain("2026/11/27 10:00:00 [notice] 1#1: nginx/1.27.3");
    // `command: [nginx, -g, daemon off;]` skips the entrypoint and its lines.
    const direct = nginx.process({ command: ["nginx", "-g", "daemon off;"], env: {}, ports: [] });
    expect(direct.startupLog!({ podIP: "", hostname: "", nowMs: NOW, env: {} })[0]).toContain("epoll");
    expect(nginx.process({ command: ["nginx"], env: {}, ports: [] }).exitsImmediately).toBe(true);
  });
});

describe("small servers", () => {
  it("python -m http.server lists its directory over HTTP/1.0", () => {
    const py = imageModel("python:3.13")!;
    const p = py.process({ command: ["python3", "-m", "http.server", "8080"], env: {}, ports: [] });
    expect(p.listeners[0].port).toBe(8080);
    const res = p.listeners[0].handle!(get("/"), ctxWith({ "/etc/hosts": "", "/tmp/x": "" }));
    expect(res.version).toBe("HTTP/1.0");
    expect(res.headers[0]).toEqual(["Server", "SimpleHTTP/0.6 Python/3.13.1"]);
    expect(res.body).toBe(
      '<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n<li><a href="etc/">etc/</a></li>\n<li><a href="tmp/">tmp/</a></li>\n</ul>\n<hr>\n</body>\n</html>\n',
    );
    const missing = p.listeners[0].handle!(get("/nope"), ctxWith({}));
    expect([missing.status, missing.reason]).toEqual([404, "File not found"]);
    expect(p.listeners[0].accessLog!(get("/nope"), missing, NOW)).toEqual([
      "10.244.1.1 - - [27/Nov/2026 10:00:00] code 404, message File not found",
      '10.244.1.1 - - [27/Nov/2026 10:00:00] "GET /nope HTTP/1.1" 404 -',
    ]);
  });

  it("agnhost netexec answers /hostname, /clientip and /echo", () => {
    const a = imageModel("registry.k8s.io/e2e-test-images/agnhost:2.53")!;
    const p = a.process({ args: ["netexec", "--http-port=8080"], env: {}, ports: [] });
    const h = p.listeners[0].handle!;
    expect(p.listeners[0].port).toBe(8080);
    expect(h(get("/hostname"), ctxWith({})).body).toBe("web-0");
    expect(h(get("/clientip", { clientPort: 43512 }), ctxWith({})).body).toBe("10.244.1.1:43512");
    const echo = h(get("/echo?msg=hello"), ctxWith({}));
    expect(echo.body).toBe("hello");
    expect(echo.headers.map(([k]) => k)).toEqual(["Date", "Content-Length", "Content-Type"]);
    expect(h(get("/"), ctxWith({})).body).toMatch(/^NOW: 2026-11-27 10:00:00\.\d{9} \+0000 UTC$/);
    expect(a.process({ env: {}, ports: [] }).description).toBe("/agnhost pause");
  });

  it("http-echo answers its -text", () => {
    const m = imageModel("hashicorp/http-echo")!;
    const p = m.process({ args: ["-text=hello world", "-listen=:8080"], env: {}, ports: [] });
    const res = p.listeners[0].handle!(get("/"), ctxWith({}));
    expect([p.listeners[0].port, res.body]).toEqual([8080, "hello world\n"]);
    expect(res.headers.slice(0, 2)).toEqual([
      ["X-App-Name", "http-echo"],
      ["X-App-Version", "1.0.0"],
    ]);
    const bare = m.process({ env: {}, ports: [] });
    expect([bare.exitsImmediately, bare.exitCode]).toEqual([true, 127]);
  });

  it("serve_hostname answers the pod name on 9376", () => {
    const p = imageModel("registry.k8s.io/serve_hostname:1.4")!.process({ env: {}, ports: [] });
    expect(p.listeners[0].port).toBe(9376);
    expect(p.listeners[0].handle!(get("/"), ctxWith({})).body).toBe("web-0");
  });

  it("echoserver describes the request", () => {
    const p = imageModel("k8s.gcr.io/echoserver:1.10")!.process({ env: {}, ports: [] });
    const body = p.listeners[0].handle!(get("/?a=1"), ctxWith({})).body;
    expect(body).toContain("\n\nHostname: web-0\n\nPod Information:\n\t-no pod information available-\n");
    expect(body).toContain("\tquery=a=1\n");
    expect(body).toContain("\trequest_uri=http://10.244.1.5:8080/?a=1\n");
    expect(body).toContain("Request Headers:\n\taccept=*/*\n\thost=10.244.1.5\n\tuser-agent=curl/8.5.0\n");
  });

  it("an unknown image serves a marked guess on its declared ports", () => {
    const m = guessedModel("acme/shop:v2");
    expect(m.repo).toBe("acme/shop");
    const p = m.process({ env: {}, ports: [{ containerPort: 3000 }] });
    expect(p.guessed).toBe(true);
    expect(p.listeners.map((l) => l.port)).toEqual([3000]);
    expect(p.listeners[0].handle!(get("/"), ctxWith({})).body).toContain("kubesim does not model the image");
  });
});
