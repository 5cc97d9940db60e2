// The official `nginx` image (1.27.3 on Debian bookworm): /docker-entrypoint.sh runs its
// configuration scripts and execs `nginx -g 'daemon off;'`, which serves /usr/share/nginx/html
// on port 80 with the stock default.conf. Access log (combined + X-Forwarded-For) goes to
// stdout, the error log to stderr. Unlike httpd, this image ships curl.
import {
  byteLength,
  clfDate,
  header,
  httpDate,
  normalizePath,
  pathOnly,
  slashDate,
  typeByExtension,
} from "./http.js";
import { APT_PACKAGES, DEBIAN_OS_RELEASE, DEBIAN_TOOLS } from "./os.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, HttpRequest, HttpResponse, ImageModel, ServeContext } from "./types.js";

export const NGINX_VERSION = "1.27.3";
export const NGINX_DOCROOT = "/usr/share/nginx/html";
const SERVER = `nginx/${NGINX_VERSION}`;
/** The packaged html files' mtime (the 1.27.3 release), seen in Last-Modified and ETag. */
const PACKAGE_MTIME_MS = Date.UTC(2024, 10, 26, 15, 55, 0);
/** Worker PIDs after the entrypoint's scripts ran, one worker per CPU of the node. */
const WORKERS = [29, 30, 31, 32];
const HOST_KERNEL = "6.8.0-51-generic";

export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

export const NGINX_50X = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

const PACKAGED: Record<string, string> = {
  [`${NGINX_DOCROOT}/index.html`]: NGINX_INDEX,
  [`${NGINX_DOCROOT}/50x.html`]: NGINX_50X,
};

/** ngx_http_special_response.c pages: CRLF line ends, the version in the tail. */
function specialPage(status: number, title: string): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>${SERVER}</center>\r\n</body>\r\n</html>\r\n`;
}

function special(status: number, title: string, nowMs: number, location?: string): HttpResponse {
  const body = specialPage(status, title);
  const headers: [string, string][] = [
    ["Server", SERVER],
    ["Date", httpDate(nowMs)],
    ["Content-Type", "text/html"],
    ["Content-Length", String(byteLength(body))],
  ];
  if (location) headers.push(["Location", location]);
  headers.push(["Connection", "keep-alive"]);
  return { status, reason: title, headers, body };
}

function fileResponse(path: string, content: string, ctx: ServeContext): HttpResponse {
  const size = byteLength(content);
  const mtime = ctx.mtimeMs?.(path) ?? (PACKAGED[path] === content ? PACKAGE_MTIME_MS : ctx.nowMs);
  return {
    status: 200,
    reason: "OK",
    headers: [
      ["Server", SERVER],
      ["Date", httpDate(ctx.nowMs)],
      ["Content-Type", typeByExtension(path) ?? "application/octet-stream"],
      ["Content-Length", String(size)],
      ["Last-Modified", httpDate(mtime)],
      ["Connection", "keep-alive"],
      // ngx_http_set_etag: "<mtime seconds hex>-<size hex>".
      ["ETag", `"${Math.floor(mtime / 1000).toString(16)}-${size.toString(16)}"`],
      ["Accept-Ranges", "bytes"],
    ],
    body: content,
  };
}

/** Error-log lines a request causes, keyed off the answer nginx chose. */
type Answer = { res: HttpResponse; error?: string };

function answer(req: HttpRequest, ctx: ServeContext): Answer {
  if (!/^[A-Z_-]+$/.test(req.method)) return { res: special(400, "Bad Request", ctx.nowMs) };
  const uri = normalizePath(pathOnly(req.path));
  const fsPath = `${NGINX_DOCROOT}${uri}`.replace(/\/$/, "");
  if (uri.endsWith("/")) {
    // The index module tries index.html then index.htm.
    for (const idx of ["index.html", "index.htm"]) {
      const p = `${fsPath}/${idx}`;
      const c = ctx.readFile(p);
      if (c !== undefined) return methodCheck(req, p, c, ctx);
    }
    const isDir = uri === "/" || ctx.listDir?.(fsPath) !== undefined;
    if (isDir)
      return {
        res: special(403, "Forbidden", ctx.nowMs),
        error: `directory index of "${fsPath}/" is forbidden`,
      };
    return {
      res: special(404, "Not Found", ctx.nowMs),
      error: `"${fsPath}/index.html" is not found (2: No such file or directory)`,
    };
  }
  const content = ctx.readFile(fsPath);
  if (content !== undefined) return methodCheck(req, fsPath, content, ctx);
  if (ctx.listDir?.(fsPath) !== undefined) {
    const host = header(req, "host")?.replace(/:\d+$/, "") ?? req.host;
    return { res: special(301, "Moved Permanently", ctx.nowMs, `http://${host}${uri}/`) };
  }
  return {
    res: special(404, "Not Found", ctx.nowMs),
    error: `open() "${fsPath}" failed (2: No such file or directory)`,
  };
}

/** The static module serves GET and HEAD only; anything else on a file is 405. */
function methodCheck(req: HttpRequest, path: string, content: string, ctx: ServeContext): Answer {
  if (req.method !== "GET" && req.method !== "HEAD") return { res: special(405, "Not Allowed", ctx.nowMs) };
  return { res: fileResponse(path, content, ctx) };
}

export function nginxHandle(req: HttpRequest, ctx: ServeContext): HttpResponse {
  const { res } = answer(req, ctx);
  return req.method === "HEAD" ? { ...res, body: "" } : res;
}

/** The stock `main` log_format: combined plus "$http_x_forwarded_for". */
export function nginxAccessLog(req: HttpRequest, res: HttpResponse, nowMs: number): string {
  const bytes = req.method === "HEAD" ? 0 : byteLength(res.body);
  const ref = header(req, "referer") ?? "-";
  const ua = header(req, "user-agent") ?? "-";
  const xff = header(req, "x-forwarded-for") ?? "-";
  return `${req.clientIP} - - [${clfDate(nowMs)}] "${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}" ${res.status} ${bytes} "${ref}" "${ua}" "${xff}"`;
}

function requestLogs(req: HttpRequest, res: HttpResponse, nowMs: number, ctx?: ServeContext): string[] {
  const lines: string[] = [];
  const err = ctx ? answer(req, ctx).error : undefined;
  if (err) {
    const host = header(req, "host") ?? req.host;
    lines.push(
      `${slashDate(nowMs)} [error] ${WORKERS[0]}#${WORKERS[0]}: *1 ${err}, client: ${req.clientIP}, server: localhost, request: "${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}", host: "${host}"`,
    );
  }
  lines.push(nginxAccessLog(req, res, nowMs));
  return lines;
}

const ENTRYPOINT_LINES = [
  "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
  "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
  "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
  "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
  "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
  "/docker-entrypoint.sh: Configuration complete; ready for start up",
];

function nginxProcess(viaEntrypoint: boolean): ContainerProcess {
  return {
    listeners: [
      {
        port: 80,
        protocol: "TCP",
        kind: "http",
        handle: nginxHandle,
        accessLog: requestLogs,
      },
    ],
    description: "nginx -g daemon off;",
    startupLog: (ctx) => {
      const t = slashDate(ctx.nowMs);
      const n = (msg: string) => `${t} [notice] 1#1: ${msg}`;
      return [
        ...(viaEntrypoint ? ENTRYPOINT_LINES : []),
        n('using the "epoll" event method'),
        n(SERVER),
        // nginx prints NGX_COMPILER as configured, trailing space included.
        n("built by gcc 12.2.0 (Debian 12.2.0-14) "),
        n(`OS: Linux ${HOST_KERNEL}`),
        n("getrlimit(RLIMIT_NOFILE): 1048576:1048576"),
        n("start worker processes"),
        ...WORKERS.map((p) => n(`start worker process ${p}`)),
      ];
    },
    stopLog: (ctx) => {
      const t = slashDate(ctx.nowMs);
      return [
        `${t} [notice] 1#1: signal 15 (SIGTERM) received, exiting`,
        ...WORKERS.flatMap((p) => [`${t} [notice] ${p}#${p}: exiting`, `${t} [notice] ${p}#${p}: exit`]),
        ...WORKERS.flatMap((p) => [
          `${t} [notice] 1#1: signal 17 (SIGCHLD) received from ${p}`,
          `${t} [notice] 1#1: worker process ${p} exited with code 0`,
        ]),
        `${t} [notice] 1#1: exit`,
      ];
    },
  };
}

function nginxProgram(words: string[]): ContainerProcess | undefined {
  const cmd = base(words[0]);
  if (cmd === "docker-entrypoint.sh") {
    const rest = words.slice(1);
    // The entrypoint configures only when it is about to start nginx; otherwise it just execs.
    if (rest.length && (base(rest[0]) === "nginx" || base(rest[0]) === "nginx-debug")) {
      const p = nginxProgram(rest);
      return p?.listeners.length ? nginxProcess(true) : p;
    }
    return undefined;
  }
  if (cmd === "nginx" || cmd === "nginx-debug") {
    const g = words.indexOf("-g");
    if (g > 0 && /daemon\s+off/.test(words[g + 1] ?? "")) return nginxProcess(false);
    // Without `daemon off;` nginx forks into the background and PID 1 exits: Completed.
    return { listeners: [], exitsImmediately: true, exitCode: 0, description: words.join(" ") };
  }
  return undefined;
}

export const TOOLS = [...DEBIAN_TOOLS, "nginx", "nginx-debug", "curl", "envsubst"];

export const nginx: ImageModel = {
  repo: "nginx",
  shell: "bash",
  tools: TOOLS,
  packages: { manager: "apt", installable: APT_PACKAGES },
  files: () => ({ ...PACKAGED, "/etc/os-release": DEBIAN_OS_RELEASE }),
  process: (spec) => {
    const rt = {
      entrypoint: ["/docker-entrypoint.sh"],
      cmd: ["nginx", "-g", "daemon off;"],
      sh: "dash" as const,
      hasBash: true,
      tools: [...TOOLS, "docker-entrypoint.sh"],
      workingDir: "/",
      programs: (words: string[]) => nginxProgram(words),
      execsArgs: "docker-entrypoint.sh",
    };
    return runContainer(spec, rt);
  },
  accessLog: nginxAccessLog,
  curlVersion: "7.88.1",
  wget: "gnu",
  libc: "glibc",
  workingDir: "/",
  // The ENV lines of nginx's mainline/debian Dockerfile at 1.27.3 (debian:bookworm-slim sets none).
  env: {
    NGINX_VERSION,
    NJS_VERSION: "0.8.7",
    NJS_RELEASE: "1~bookworm",
    PKG_RELEASE: "1~bookworm",
    DYNPKG_RELEASE: "1~bookworm",
  },
};
