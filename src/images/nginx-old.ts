// What the nginx releases of 2016-2017 (1.9.14 to 1.13.6) answer differently from today's: the
// special pages still carry `<body bgcolor="white">`, the packaged index.html has no
// color-scheme style (612 bytes), and errors are logged as `[error] PID#PID: *N ...`. Shared by
// hello-frontend (nginx 1.9.14) and nginx-slim (1.11.1, 1.13.x).
//
// Sources (facts only, no code copied): nginx src/http/ngx_http_special_response.c of those
// releases (CRLF page lines, bgcolor, the version in the tail); the stock html/index.html as
// curl shows it from nginx 1.9-1.17 servers (Content-Length: 612); nginx error-log lines as
// printed for connect() failures ("connect() failed (111: Connection refused) while connecting to
// upstream, client: ..., server: ..., request: \"GET / HTTP/1.1\", upstream: \"http://IP:80/\",
// host: ...").
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
import type { HttpRequest, HttpResponse, ServeContext } from "./types.js";

export const OLD_NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
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

/**
 * The one worker's PID in the error log (worker_processes 1, master as PID 1). The exact number
 * depends on what ran before nginx in the container; kubesim uses one plausible value.
 */
export const OLD_WORKER_PID = 6;

export function oldSpecialPage(status: number, title: string, version: string): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body bgcolor="white">\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

export function oldSpecial(
  status: number,
  title: string,
  version: string,
  nowMs: number,
  location?: string,
): HttpResponse {
  const body = oldSpecialPage(status, title, version);
  const headers: [string, string][] = [
    ["Server", `nginx/${version}`],
    ["Date", httpDate(nowMs)],
    ["Content-Type", "text/html"],
    ["Content-Length", String(byteLength(body))],
  ];
  if (location) headers.push(["Location", location]);
  headers.push(["Connection", "keep-alive"]);
  return { status, reason: title, headers, body };
}

/** An answer, and the error-log message it causes, if any. */
export type OldAnswer = { res: HttpResponse; error?: string };

/** The static module under `root docroot; index index.html index.htm;` (the stock nginx.conf). */
export function oldStatic(
  req: HttpRequest,
  ctx: ServeContext,
  opts: { version: string; docroot: string; packagedMtimeMs: number; packaged: Record<string, string> },
): OldAnswer {
  const { version, docroot } = opts;
  if (!/^[A-Z_-]+$/.test(req.method)) return { res: oldSpecial(400, "Bad Request", version, ctx.nowMs) };
  const uri = normalizePath(pathOnly(req.path));
  const fsPath = `${docroot}${uri}`.replace(/\/$/, "");
  const file = (path: string, content: string): OldAnswer => {
    if (req.method !== "GET" && req.method !== "HEAD")
      return { res: oldSpecial(405, "Not Allowed", version, ctx.nowMs) };
    const size = byteLength(content);
    const mtime = ctx.mtimeMs?.(path) ?? (opts.packaged[path] === content ? opts.packagedMtimeMs : ctx.nowMs);
    return {
      res: {
        status: 200,
        reason: "OK",
        headers: [
          ["Server", `nginx/${version}`],
          ["Date", httpDate(ctx.nowMs)],
          ["Content-Type", typeByExtension(path) ?? "application/octet-stream"],
          ["Content-Length", String(size)],
          ["Last-Modified", httpDate(mtime)],
          ["Connection", "keep-alive"],
          ["ETag", `"${Math.floor(mtime / 1000).toString(16)}-${size.toString(16)}"`],
          ["Accept-Ranges", "bytes"],
        ],
        body: content,
      },
    };
  };
  if (uri.endsWith("/")) {
    for (const idx of ["index.html", "index.htm"]) {
      const c = ctx.readFile(`${fsPath}/${idx}`);
      if (c !== undefined) return file(`${fsPath}/${idx}`, c);
    }
    if (uri === "/" || ctx.listDir?.(fsPath) !== undefined)
      return {
        res: oldSpecial(403, "Forbidden", version, ctx.nowMs),
        error: `directory index of "${fsPath}/" is forbidden`,
      };
    return {
      res: oldSpecial(404, "Not Found", version, ctx.nowMs),
      error: `"${fsPath}/index.html" is not found (2: No such file or directory)`,
    };
  }
  const content = ctx.readFile(fsPath);
  if (content !== undefined) return file(fsPath, content);
  if (ctx.listDir?.(fsPath) !== undefined) {
    const host = header(req, "host")?.replace(/:\d+$/, "") ?? req.host;
    return { res: oldSpecial(301, "Moved Permanently", version, ctx.nowMs, `http://${host}${uri}/`) };
  }
  return {
    res: oldSpecial(404, "Not Found", version, ctx.nowMs),
    error: `open() "${fsPath}" failed (2: No such file or directory)`,
  };
}

/** An `[error]` line as nginx writes it to the error log (stderr in these images). */
export function oldErrorLine(
  nowMs: number,
  msg: string,
  req: HttpRequest,
  server: string,
  extra = "",
): string {
  const host = header(req, "host") ?? req.host;
  return `${slashDate(nowMs)} [error] ${OLD_WORKER_PID}#${OLD_WORKER_PID}: *1 ${msg}, client: ${req.clientIP}, server: ${server}, request: "${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}"${extra}, host: "${host}"`;
}

/** The predefined `combined` format (no X-Forwarded-For), nginx's default access_log. */
export function combinedLog(req: HttpRequest, res: HttpResponse, nowMs: number): string {
  const bytes = req.method === "HEAD" ? 0 : byteLength(res.body);
  return `${req.clientIP} - - [${clfDate(nowMs)}] "${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}" ${res.status} ${bytes} "${header(req, "referer") ?? "-"}" "${header(req, "user-agent") ?? "-"}"`;
}
