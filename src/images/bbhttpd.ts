// busybox's httpd applet (networking/httpd.c), as labs start it in a busybox container:
// `httpd -f -p 8080 -h /www`. With -f it stays in the foreground (the container's main
// process); without it, it daemonizes and the shell goes on. It serves files from -h (the
// current directory by default), index.html for a directory, and answers with busybox's
// header order: Date, Connection, Content-type, Accept-Ranges, Last-Modified, ETag,
// Content-Length; a missing file gets its small HTML 404 page.
import { byteLength, forMethod, httpDate, normalizePath, pathOnly, textResponse } from "./http.js";
import type { ContainerProcess, HttpRequest, HttpResponse, ServeContext } from "./types.js";

const TYPES: Record<string, string> = {
  html: "text/html",
  htm: "text/html",
  txt: "text/plain",
  css: "text/css",
  js: "application/javascript",
  json: "application/json",
  png: "image/png",
  jpg: "image/jpeg",
};

function errorPage(status: number, reason: string, text: string, nowMs: number): HttpResponse {
  return textResponse(
    status,
    [
      ["Date", httpDate(nowMs)],
      ["Connection", "close"],
      ["Content-type", "text/html"],
    ],
    `<HTML><HEAD><TITLE>${status} ${reason}</TITLE></HEAD>\n<BODY><H1>${status} ${reason}</H1>\n${text}\n</BODY></HTML>\n`,
  );
}

function serve(home: string, req: HttpRequest, ctx: ServeContext): HttpResponse {
  const now = ctx.nowMs;
  if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "POST")
    return errorPage(501, "Not Implemented", "The requested method is not recognized", now);
  let path = normalizePath(pathOnly(req.path));
  if (path.endsWith("/")) path += "index.html";
  const file = `${home.replace(/\/$/, "")}${path}`;
  const body = ctx.readFile(file);
  if (body === undefined) return errorPage(404, "Not Found", "The requested URL was not found", now);
  const mtime = ctx.mtimeMs?.(file) ?? now;
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  const size = byteLength(body);
  const etag = `"${Math.floor(mtime / 1000).toString(16)}-${size.toString(16)}"`;
  return forMethod(
    req,
    textResponse(
      200,
      [
        ["Date", httpDate(now)],
        ["Connection", "close"],
        ["Content-type", TYPES[ext] ?? "application/octet-stream"],
        ["Accept-Ranges", "bytes"],
        ["Last-Modified", httpDate(mtime)],
        ["ETag", etag],
        ["Content-Length", String(size)],
      ],
      body,
    ),
  );
}

/** `httpd -f [-v] [-p [IP:]PORT] [-h HOME]` (or `busybox httpd ...`): undefined for anything else. */
export function busyboxHttpd(words: string[], cwd: string): ContainerProcess | undefined {
  const args = words[0]?.endsWith("busybox") ? words.slice(1) : words;
  if (args[0]?.slice(args[0].lastIndexOf("/") + 1) !== "httpd") return undefined;
  let port = 80;
  let home = cwd;
  let foreground = false;
  for (let i = 1; i < args.length; i++) {
    const w = args[i];
    if (/^-[fvi]+$/.test(w)) foreground ||= w.includes("f");
    else if (w === "-p") port = Number((args[++i] ?? "").split(":").pop());
    else if (w === "-h") home = args[++i] ?? home;
    else if (w === "-u" || w === "-r" || w === "-c" || w === "-m" || w === "-e" || w === "-d") i++;
  }
  if (!foreground || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  if (!home.startsWith("/")) home = `${cwd.replace(/\/$/, "")}/${home}`;
  return {
    listeners: [{ port, protocol: "TCP", kind: "http", handle: (req, ctx) => serve(home, req, ctx) }],
    description: words.join(" "),
    // busybox installs no SIGTERM handler: as PID 1 it ignores it and the grace period runs out.
    ignoresSigterm: true,
  };
}
