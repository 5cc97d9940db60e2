// registry.k8s.io/hpa-example (the docs' HorizontalPodAutoscaler walkthrough): php:5-apache
// (Apache 2.4.10 on Debian jessie) serving an index.php that computes a million square
// roots and answers "OK!"; every other path is Apache's 404. Its CPU cost per request is in
// the metrics model (controllers/metrics/usage.ts).

import { apacheErrorDate, clfDate, header, httpDate, sentBytes, textResponse } from "./http.js";
import { DEBIAN_TOOLS } from "./os.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, HttpRequest, HttpResponse, ImageModel } from "./types.js";

const SERVER = "Apache/2.4.10 (Debian)";
const DOCROOT = "/var/www/html";
const INDEX_PHP = `<?php
  $x = 0.0001;
  for ($i = 0; $i <= 1000000; $i++) {
    $x += sqrt($x);
  }
  echo "OK!";
?>
`;

function answer(req: HttpRequest, nowMs: number): HttpResponse {
  const path = req.path.split("?")[0];
  if (path === "/" || path === "/index.php")
    return textResponse(
      200,
      [
        ["Date", httpDate(nowMs)],
        ["Server", SERVER],
        ["X-Powered-By", "PHP/5.6.40"],
        ["Content-Length", "3"],
        ["Content-Type", "text/html"],
      ],
      "OK!",
    );
  const body = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL ${path} was not found on this server.</p>\n<hr>\n<address>${SERVER} Server at ${header(req, "host")?.split(":")[0] ?? req.host} Port 80</address>\n</body></html>\n`;
  return textResponse(
    404,
    [
      ["Date", httpDate(nowMs)],
      ["Server", SERVER],
      ["Content-Length", String(Buffer.byteLength(body))],
      ["Content-Type", "text/html; charset=iso-8859-1"],
    ],
    body,
  );
}

/** Debian's `combined` format, which the php images send to stdout. */
function accessLog(req: HttpRequest, res: HttpResponse, nowMs: number): string {
  const bytes = sentBytes(req, res) + 180;
  return `${req.clientIP} - - [${clfDate(nowMs)}] "${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}" ${res.status} ${bytes} "-" "${header(req, "user-agent") ?? "-"}"`;
}

function apacheProcess(): ContainerProcess {
  return {
    listeners: [
      {
        port: 80,
        protocol: "TCP",
        kind: "http",
        handle: (req, ctx) => answer(req, ctx.nowMs),
        accessLog: (req, res, nowMs) => [accessLog(req, res, nowMs)],
      },
    ],
    description: "apache2-foreground",
    startupLog: (ctx) => {
      const ah00558 = `AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using ${ctx.podIP}. Set the 'ServerName' directive globally to suppress this message`;
      const t = apacheErrorDate(ctx.nowMs);
      return [
        ah00558,
        ah00558,
        `[${t}] [mpm_prefork:notice] [pid 1] AH00163: ${SERVER} PHP/5.6.40 configured -- resuming normal operations`,
        `[${t}] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'`,
      ];
    },
  };
}

const TOOLS = [...DEBIAN_TOOLS, "apache2", "apache2-foreground", "apache2ctl", "php"];

export const hpaExample: ImageModel = {
  repo: "registry.k8s.io/hpa-example",
  shell: "bash",
  tools: TOOLS,
  files: () => ({ [`${DOCROOT}/index.php`]: INDEX_PHP }),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: ["docker-php-entrypoint"],
      cmd: ["apache2-foreground"],
      sh: "dash",
      hasBash: true,
      tools: TOOLS,
      workingDir: DOCROOT,
      execsArgs: "docker-php-entrypoint",
      programs: (words) => (base(words[0]) === "apache2-foreground" ? apacheProcess() : undefined),
    }),
  accessLog,
  wget: "gnu",
  libc: "glibc",
  workingDir: DOCROOT,
};
