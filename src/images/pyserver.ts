// `python -m http.server`: CPython's SimpleHTTPRequestHandler as a learner meets it. It answers
// HTTP/1.0, lists directories, serves files from its working directory, logs each request to
// stderr, and prints its "Serving HTTP on ..." banner to stdout, which Python block-buffers
// when stdout is not a terminal, so `kubectl logs` does not show it unless PYTHONUNBUFFERED
// is set or python runs with -u.
import { byteLength, httpDate, normalizePath, pathOnly } from "./http.js";
import type { ContainerProcess, DirEntry, HttpRequest, HttpResponse, ServeContext } from "./types.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** BaseHTTPRequestHandler.log_date_time_string: "27/Nov/2026 10:00:00". */
function logDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

const EXPLAIN: Record<number, string> = {
  404: "Nothing matches the given URI",
  501: "Server does not support this operation",
};

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The root of the python image (Debian bookworm): bin, lib, lib64 and sbin are symlinks. */
const IMAGE_ROOT: DirEntry[] = [
  "bin@",
  "boot",
  "dev",
  "etc",
  "home",
  "lib@",
  "lib64@",
  "media",
  "mnt",
  "opt",
  "proc",
  "root",
  "run",
  "sbin@",
  "srv",
  "sys",
  "tmp",
  "usr",
  "var",
].map((n) => (n.endsWith("@") ? { name: n.slice(0, -1), type: "link-dir" } : { name: n, type: "dir" }));

const PY_TYPES: Record<string, string> = {
  html: "text/html",
  htm: "text/html",
  txt: "text/plain",
  css: "text/css",
  js: "text/javascript",
  json: "application/json",
  py: "text/x-python",
  png: "image/png",
  jpg: "image/jpeg",
  svg: "image/svg+xml",
  sh: "application/x-sh",
};

function guessType(path: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(path);
  return (m && PY_TYPES[m[1].toLowerCase()]) || "application/octet-stream";
}

export function pythonServer(directory: string, version: string) {
  const server = `SimpleHTTP/0.6 Python/${version}`;
  const head = (status: number, reason: string, nowMs: number): HttpResponse => ({
    status,
    reason,
    version: "HTTP/1.0",
    headers: [
      ["Server", server],
      ["Date", httpDate(nowMs)],
    ],
    body: "",
  });

  const error = (status: number, message: string, nowMs: number): HttpResponse => {
    const res = head(status, message, nowMs);
    const body = `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: ${status}</p>
        <p>Message: ${escapeHtml(message)}.</p>
        <p>Error code explanation: ${status} - ${EXPLAIN[status] ?? ""}.</p>
    </body>
</html>
`;
    res.headers.push(["Connection", "close"]);
    res.headers.push(["Content-Type", "text/html;charset=utf-8"]);
    res.headers.push(["Content-Length", String(byteLength(body))]);
    res.body = body;
    return res;
  };

  const listing = (urlPath: string, entries: DirEntry[], nowMs: number): HttpResponse => {
    const sorted = [...entries].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
    const title = `Directory listing for ${escapeHtml(urlPath)}`;
    const lines = [
      "<!DOCTYPE HTML>",
      '<html lang="en">',
      "<head>",
      '<meta charset="utf-8">',
      `<title>${title}</title>\n</head>`,
      `<body>\n<h1>${title}</h1>`,
      "<hr>\n<ul>",
    ];
    for (const e of sorted) {
      const isDir = e.type === "dir" || e.type === "link-dir";
      const link = isDir ? `${e.name}/` : e.name;
      const display = e.type.startsWith("link") ? `${e.name}@` : link;
      lines.push(`<li><a href="${encodeURI(link)}">${escapeHtml(display)}</a></li>`);
    }
    lines.push("</ul>\n<hr>\n</body>\n</html>\n");
    const body = lines.join("\n");
    const res = head(200, "OK", nowMs);
    res.headers.push(["Content-type", "text/html; charset=utf-8"]);
    res.headers.push(["Content-Length", String(byteLength(body))]);
    res.body = body;
    return res;
  };

  const file = (path: string, content: string, ctx: ServeContext): HttpResponse => {
    const res = head(200, "OK", ctx.nowMs);
    res.headers.push(["Content-type", guessType(path)]);
    res.headers.push(["Content-Length", String(byteLength(content))]);
    res.headers.push(["Last-Modified", httpDate(ctx.mtimeMs?.(path) ?? ctx.nowMs)]);
    res.body = content;
    return res;
  };

  const entriesOf = (fsPath: string, ctx: ServeContext): DirEntry[] | undefined => {
    const listed = ctx.listDir?.(fsPath);
    if (listed) return listed;
    return fsPath === "/" ? IMAGE_ROOT : undefined;
  };

  const handle = (req: HttpRequest, ctx: ServeContext): HttpResponse => {
    if (req.method !== "GET" && req.method !== "HEAD")
      return error(501, `Unsupported method ('${req.method}')`, ctx.nowMs);
    const urlPath = pathOnly(req.path);
    const rel = normalizePath(urlPath);
    const fsPath = normalizePath(`${directory}/${rel}`).replace(/\/$/, "") || "/";
    const content = ctx.readFile(fsPath);
    const entries = content === undefined ? entriesOf(fsPath, ctx) : undefined;
    if (entries) {
      if (!urlPath.endsWith("/")) {
        const res = head(301, "Moved Permanently", ctx.nowMs);
        const q = req.path.indexOf("?");
        res.headers.push(["Location", `${urlPath}/${q >= 0 ? req.path.slice(q) : ""}`]);
        res.headers.push(["Content-Length", "0"]);
        return res;
      }
      for (const index of ["index.html", "index.htm"]) {
        const p = `${fsPath === "/" ? "" : fsPath}/${index}`;
        const c = ctx.readFile(p);
        if (c !== undefined) return file(p, c, ctx);
      }
      return listing(urlPath, entries, ctx.nowMs);
    }
    if (content === undefined || urlPath.endsWith("/")) return error(404, "File not found", ctx.nowMs);
    return file(fsPath, content, ctx);
  };

  const accessLog = (req: HttpRequest, res: HttpResponse, nowMs: number): string[] => {
    const prefix = `${req.clientIP} - - [${logDate(nowMs)}]`;
    const lines: string[] = [];
    if (res.status >= 400) lines.push(`${prefix} code ${res.status}, message ${res.reason}`);
    lines.push(`${prefix} "${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}" ${res.status} -`);
    return lines;
  };

  return { handle, accessLog };
}

/** `python3 -m http.server [port] [-b ADDR] [-d DIR]` run from `cwd`. */
export function pythonHttpServer(words: string[], cwd: string, version: string): ContainerProcess {
  let port = 8000;
  let bind = "0.0.0.0";
  let directory = cwd;
  let unbuffered = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === "-u") unbuffered = true;
    else if (w === "-b" || w === "--bind") bind = words[++i] ?? bind;
    else if (w.startsWith("--bind=")) bind = w.slice(7);
    else if (w === "-d" || w === "--directory") directory = words[++i] ?? directory;
    else if (w.startsWith("--directory=")) directory = w.slice(12);
    else if (/^\d+$/.test(w)) port = Number(w);
  }
  if (!directory.startsWith("/")) directory = `${cwd.replace(/\/$/, "")}/${directory}`;
  const srv = pythonServer(directory, version);
  return {
    listeners: [{ port, protocol: "TCP", kind: "http", handle: srv.handle, accessLog: srv.accessLog }],
    description: words.join(" "),
    // Python leaves SIGTERM at its default, which PID 1 ignores: deletion waits the grace period.
    ignoresSigterm: true,
    startupLog: (ctx) =>
      unbuffered || ctx.env.PYTHONUNBUFFERED
        ? [`Serving HTTP on ${bind} port ${port} (http://${bind}:${port}/) ...`]
        : [],
  };
}
