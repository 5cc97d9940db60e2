// The official `httpd` image (Apache 2.4.62 on Debian bookworm-slim): `httpd-foreground` runs
// `httpd -DFOREGROUND`, serving /usr/local/apache2/htdocs on port 80 with the stock httpd.conf
// (ServerSignature off, Options Indexes, access log in common format on stdout). It has no
// curl, no ping and no ps: learners find that out.
import {
  apacheErrorDate,
  byteLength,
  clfDate,
  httpDate,
  normalizePath,
  pathOnly,
  sentBytes,
  typeByExtension,
} from "./http.js";
import { APT_PACKAGES, DEBIAN_OS_RELEASE, DEBIAN_TOOLS, DEFAULT_IMAGE_PATH } from "./os.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, HttpRequest, HttpResponse, ImageModel, ServeContext } from "./types.js";

export const HTTPD_VERSION = "2.4.62";
export const HTTPD_DOCROOT = "/usr/local/apache2/htdocs";
export const HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n";
/** mtime of the index.html shipped since 2007, as Last-Modified and in the ETag. */
const INDEX_MTIME_MS = Date.UTC(2007, 5, 11, 18, 53, 14);
const SERVER = `Apache/${HTTPD_VERSION} (Unix)`;

const errorPage = (title: string, heading: string, text: string) =>
  `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>${title}</title>
</head><body>
<h1>${heading}</h1>
<p>${text}</p>
</body></html>
`;

function errorResponse(
  status: number,
  reasonText: string,
  text: string,
  nowMs: number,
  extra: [string, string][] = [],
): HttpResponse {
  const body = errorPage(`${status} ${reasonText}`, reasonText, text);
  return {
    status,
    reason: reasonText,
    headers: [
      ["Date", httpDate(nowMs)],
      ["Server", SERVER],
      ...extra,
      ["Content-Length", String(byteLength(body))],
      ["Content-Type", "text/html; charset=iso-8859-1"],
    ],
    body,
  };
}

/** Apache's default FileETag (MTime Size): "<size hex>-<mtime in µs hex>", weak while fresh. */
function apacheETag(size: number, mtimeMs: number, nowMs: number): string {
  const tag = `"${size.toString(16)}-${(mtimeMs * 1000).toString(16)}"`;
  return nowMs - mtimeMs < 1000 ? `W/${tag}` : tag;
}

function mtimeOf(path: string, content: string, ctx: ServeContext): number {
  const m = ctx.mtimeMs?.(path);
  if (m !== undefined) return m;
  return path === `${HTTPD_DOCROOT}/index.html` && content === HTTPD_INDEX ? INDEX_MTIME_MS : ctx.nowMs;
}

function fileResponse(path: string, content: string, ctx: ServeContext): HttpResponse {
  const size = byteLength(content);
  const mtime = mtimeOf(path, content, ctx);
  const headers: [string, string][] = [
    ["Date", httpDate(ctx.nowMs)],
    ["Server", SERVER],
    ["Last-Modified", httpDate(mtime)],
    ["ETag", apacheETag(size, mtime, ctx.nowMs)],
    ["Accept-Ranges", "bytes"],
    ["Content-Length", String(size)],
  ];
  // Apache sends no Content-Type for extensions mime.types does not know.
  const type = typeByExtension(path);
  if (type) headers.push(["Content-Type", type]);
  return { status: 200, reason: "OK", headers, body: content };
}

/** mod_autoindex without FancyIndexing, as the stock httpd.conf leaves it. */
function autoindex(urlPath: string, fsDir: string, ctx: ServeContext): HttpResponse {
  const entries = ctx.listDir?.(fsDir) ?? [];
  const items = [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => {
      const name = e.type === "dir" || e.type === "link-dir" ? `${e.name}/` : e.name;
      return `<li><a href="${encodeURI(name)}"> ${name}</a></li>`;
    });
  if (urlPath !== "/") items.unshift('<li><a href="/"> Parent Directory</a></li>');
  const body = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
<html>
 <head>
  <title>Index of ${urlPath.replace(/\/$/, "") || "/"}</title>
 </head>
 <body>
<h1>Index of ${urlPath.replace(/\/$/, "") || "/"}</h1>
<ul>${items.join("\n")}
</ul>
</body></html>
`;
  return {
    status: 200,
    reason: "OK",
    headers: [
      ["Date", httpDate(ctx.nowMs)],
      ["Server", SERVER],
      ["Content-Length", String(byteLength(body))],
      ["Content-Type", "text/html;charset=ISO-8859-1"],
    ],
    body,
  };
}

const ALLOWED = new Set(["GET", "HEAD", "POST", "OPTIONS"]);
const KNOWN_METHODS = new Set([...ALLOWED, "PUT", "DELETE", "PATCH", "TRACE", "CONNECT"]);

export function httpdHandle(req: HttpRequest, ctx: ServeContext): HttpResponse {
  const res = httpdAnswer(req, ctx);
  return req.method === "HEAD" ? { ...res, body: "" } : res;
}

function httpdAnswer(req: HttpRequest, ctx: ServeContext): HttpResponse {
  if (!KNOWN_METHODS.has(req.method))
    return errorResponse(
      501,
      "Not Implemented",
      `${req.method} not supported for current URL.<br />\n`,
      ctx.nowMs,
      [["Allow", "POST,OPTIONS,HEAD,GET,TRACE"]],
    );
  if (req.method === "OPTIONS")
    return {
      status: 200,
      reason: "OK",
      headers: [
        ["Date", httpDate(ctx.nowMs)],
        ["Server", SERVER],
        ["Allow", "POST,OPTIONS,HEAD,GET,TRACE"],
        ["Content-Length", "0"],
      ],
      body: "",
    };
  const urlPath = normalizePath(pathOnly(req.path));
  const fsPath = `${HTTPD_DOCROOT}${urlPath}`.replace(/\/$/, "");
  const content = ctx.readFile(fsPath);
  const isDir = content === undefined && (urlPath === "/" || ctx.listDir?.(fsPath) !== undefined);
  if (!ALLOWED.has(req.method) && (content !== undefined || isDir))
    return errorResponse(
      405,
      "Method Not Allowed",
      `The requested method ${req.method} is not allowed for this URL.`,
      ctx.nowMs,
      [["Allow", "POST,OPTIONS,HEAD,GET,TRACE"]],
    );
  if (isDir) {
    if (!urlPath.endsWith("/")) {
      const location = `http://${req.host}${urlPath}/`;
      return errorResponse(
        301,
        "Moved Permanently",
        `The document has moved <a href="${location}">here</a>.`,
        ctx.nowMs,
        [["Location", location]],
      );
    }
    const index = ctx.readFile(`${fsPath}/index.html`);
    if (index !== undefined) return fileResponse(`${fsPath}/index.html`, index, ctx);
    return autoindex(urlPath, fsPath || "/", ctx);
  }
  if (content === undefined || urlPath.endsWith("/"))
    return errorResponse(404, "Not Found", "The requested URL was not found on this server.", ctx.nowMs);
  return fileResponse(fsPath, content, ctx);
}

/** Common Log Format, as the stock httpd.conf's CustomLog writes to stdout. */
export function httpdAccessLog(req: HttpRequest, res: HttpResponse, nowMs: number): string {
  const bytes = sentBytes(req, res);
  return `${req.clientIP} - - [${clfDate(nowMs)}] "${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}" ${res.status} ${bytes === 0 ? "-" : bytes}`;
}

function httpdProcess(): ContainerProcess {
  return {
    listeners: [
      {
        port: 80,
        protocol: "TCP",
        kind: "http",
        handle: httpdHandle,
        accessLog: (req, res, nowMs) => [httpdAccessLog(req, res, nowMs)],
      },
    ],
    description: "httpd -DFOREGROUND",
    startupLog: (ctx) => {
      // httpd resolves its own hostname (the pod name, which /etc/hosts maps to the pod IP)
      // and warns once while checking the config and once when it really starts.
      const ah00558 = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ctx.podIP}. Set the 'ServerName' directive globally to suppress this message`;
      const t = apacheErrorDate(ctx.nowMs);
      return [
        ah00558,
        ah00558,
        `[${t}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${HTTPD_VERSION} (Unix) configured -- resuming normal operations`,
        `[${t}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`,
      ];
    },
    stopLog: (ctx) => [
      `[${apacheErrorDate(ctx.nowMs)}] [mpm_event:notice] [pid 1:tid 1] AH00491: caught SIGTERM, shutting down`,
    ],
  };
}

/** `httpd-foreground`, `httpd -DFOREGROUND`, `apachectl -D FOREGROUND`. */
function httpdProgram(words: string[]): ContainerProcess | undefined {
  const cmd = base(words[0]);
  if (cmd === "httpd-foreground") return httpdProcess();
  const fg = words.includes("-DFOREGROUND") || words.join(" ").includes("-D FOREGROUND");
  if ((cmd === "httpd" || cmd === "apachectl") && fg) return httpdProcess();
  // Without -DFOREGROUND httpd daemonizes and PID 1 exits at once.
  if (cmd === "httpd" || cmd === "apachectl")
    return { listeners: [], exitsImmediately: true, exitCode: 0, description: words.join(" ") };
  return undefined;
}

export const TOOLS = [
  ...DEBIAN_TOOLS,
  "httpd",
  "httpd-foreground",
  "apachectl",
  "htpasswd",
  "ab",
  "rotatelogs",
];

export const httpd: ImageModel = {
  repo: "httpd",
  shell: "bash",
  tools: TOOLS,
  packages: { manager: "apt", installable: APT_PACKAGES },
  files: () => ({
    [`${HTTPD_DOCROOT}/index.html`]: HTTPD_INDEX,
    "/etc/os-release": DEBIAN_OS_RELEASE,
  }),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: [],
      cmd: ["httpd-foreground"],
      sh: "dash",
      hasBash: true,
      tools: TOOLS,
      workingDir: "/usr/local/apache2",
      programs: (words) => httpdProgram(words),
    }),
  accessLog: httpdAccessLog,
  curlVersion: "7.88.1",
  wget: "gnu",
  libc: "glibc",
  workingDir: "/usr/local/apache2",
  // The ENV lines of docker-library/httpd's 2.4/Dockerfile at 2.4.62: Apache's bin leads PATH.
  env: {
    HTTPD_PREFIX: "/usr/local/apache2",
    PATH: `/usr/local/apache2/bin:${DEFAULT_IMAGE_PATH}`,
    HTTPD_VERSION,
    HTTPD_SHA256: "674188e7bf44ced82da8db522da946849e22080d73d16c93f7f4df89e25729ec",
    HTTPD_PATCHES: "",
  },
};
