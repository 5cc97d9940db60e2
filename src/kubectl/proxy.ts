// kubectl proxy: the API server on a real loopback port, as the learner's kubernetes-admin
// (no token needed), with kubectl's request filter (accepted hosts, rejected paths and
// methods) in front. Each request is a short locked transaction over the state, so the pod
// and service proxies' server log lines are kept and other kubesim commands run meanwhile.
import * as http from "node:http";
import { isIP, type Socket } from "node:net";
import type { Command } from "commander";
import { commitEffects } from "../cluster/effects.js";
import { serveApiRequest } from "../net/forward.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { HELP } from "./proxy.help.js";
import { intFlag } from "./util/flags.js";
import { closeAll, joinHostPort } from "./util/listen.js";
import { type GlobalOpts, session, withGlobals } from "./util/session.js";
import { serveStatic } from "./util/static-files.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface ProxyOpts extends GlobalOpts {
  port?: string;
  address?: string;
  apiPrefix?: string;
  acceptHosts?: string;
  acceptPaths?: string;
  rejectPaths?: string;
  rejectMethods?: string;
  disableFilter?: boolean;
  www?: string;
  wwwPrefix?: string;
  unixSocket?: string;
}

const DEFAULTS = {
  acceptHosts: "^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$",
  acceptPaths: "^.*",
  rejectPaths: "^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach",
  rejectMethods: "^$",
};

/** kubectl's MakeRegexpArray: comma-separated patterns, any of which matches. */
function regexps(s: string): RegExp[] {
  return s.split(",").map((p) => new RegExp(p));
}
const anyMatch = (res: RegExp[], s: string) => res.some((r) => r.test(s));

/** Go's errno text for a failed listen. */
function listenError(e: NodeJS.ErrnoException, addr: string): string {
  const why: Record<string, string> = {
    EADDRINUSE: "bind: address already in use",
    EACCES: "bind: permission denied",
    EADDRNOTAVAIL: "bind: cannot assign requested address",
  };
  return `error: listen tcp ${addr}: ${why[e.code ?? ""] ?? `bind: ${e.code}`}`;
}

/** Go's http.Error: a plain-text answer with nosniff. */
function plain(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "X-Content-Type-Options": "nosniff",
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

class ProxyOptions implements VerbOptions<[]> {
  private port = 8001;
  private prefix = "/";

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: ProxyOpts,
  ) {}

  complete(): void {
    if (this.flags.unixSocket)
      throw new CliError(
        "error: kubesim's proxy listens on TCP only: a unix socket (--unix-socket) is not modelled",
      );
    this.port = intFlag(this.flags.port ?? "8001", "-p, --port", "proxy");
    let p = this.flags.apiPrefix ?? "/";
    if (!p.endsWith("/")) p += "/";
    this.prefix = p;
  }

  validate(): void {}

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const s = session(ctx, o);
    // The cluster must be there before the proxy says it serves (a wrong --cluster fails now).
    await s.view(() => undefined);
    const accept = {
      hosts: regexps(o.acceptHosts ?? DEFAULTS.acceptHosts),
      paths: regexps(o.acceptPaths ?? DEFAULTS.acceptPaths),
      rejectPaths: regexps(o.rejectPaths ?? DEFAULTS.rejectPaths),
      rejectMethods: regexps(o.rejectMethods ?? DEFAULTS.rejectMethods),
    };
    const sockets = new Set<Socket>();
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (d: Buffer) => chunks.push(d));
      req.on("end", () => {
        void this.answer(s, accept, req, Buffer.concat(chunks).toString("utf8"), res);
      });
    });
    server.on("connection", (sock) => {
      sockets.add(sock);
      sock.on("close", () => sockets.delete(sock));
    });
    // Go resolves a host name here; kubesim asks no resolver: localhost is 127.0.0.1, any
    // other name is one the host's resolver (systemd-resolved's stub, as on Ubuntu) lacks.
    let address = o.address ?? "127.0.0.1";
    if (address === "localhost") address = "127.0.0.1";
    else if (!isIP(address))
      throw new CliError(`error: listen tcp: lookup ${address} on 127.0.0.53:53: no such host`);
    const listened = await new Promise<number | string>((resolve) => {
      server.once("error", (e: NodeJS.ErrnoException) =>
        resolve(listenError(e, joinHostPort(address, this.port))),
      );
      server.listen({ host: address, port: this.port, exclusive: true }, () => {
        const a = server.address();
        resolve(typeof a === "object" && a ? a.port : this.port);
      });
    });
    if (typeof listened === "string") throw new CliError(listened);
    ctx.io.out(`Starting to serve on ${joinHostPort(address, listened)}\n`);
    const how = (await ctx.io.untilInterrupted?.()) ?? "SIGINT";
    await closeAll([server], sockets);
    // Go's default for an unhandled signal: the process dies of it.
    if (ctx.io.untilInterrupted) throw new CliError("", how === "SIGINT" ? 130 : 143);
  }

  private async answer(
    s: ReturnType<typeof session>,
    accept: { hosts: RegExp[]; paths: RegExp[]; rejectPaths: RegExp[]; rejectMethods: RegExp[] },
    req: http.IncomingMessage,
    body: string,
    res: http.ServerResponse,
  ): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const www = this.flags.www;
    let wwwPrefix = this.flags.wwwPrefix ?? "/static/";
    if (!wwwPrefix.endsWith("/")) wwwPrefix += "/";
    // The mux picks the longer of the two prefixes a path falls under.
    if (
      www &&
      path.startsWith(wwwPrefix) &&
      !(path.startsWith(this.prefix) && this.prefix.length > wwwPrefix.length)
    ) {
      const a = serveStatic(www, `/${path.slice(wwwPrefix.length)}`);
      res.writeHead(a.status, a.headers);
      res.end(req.method === "HEAD" ? "" : a.body);
      return;
    }
    if (!path.startsWith(this.prefix)) {
      plain(res, 404, "404 page not found\n");
      return;
    }
    // stripLeaveSlash: the prefix goes, the path keeps its leading slash.
    const target = `/${url.slice(this.prefix.length)}`;
    const stripped = `/${path.slice(this.prefix.length)}`;
    const hostHeader = req.headers.host ?? "";
    const host = /^(.*):\d+$/.exec(hostHeader)?.[1] ?? "";
    const ok =
      this.flags.disableFilter ||
      (anyMatch(accept.hosts, host) &&
        anyMatch(accept.paths, stripped) &&
        !anyMatch(accept.rejectPaths, stripped) &&
        !anyMatch(accept.rejectMethods, req.method ?? ""));
    if (!ok) {
      plain(res, 403, "Forbidden\n");
      return;
    }
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
      headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    try {
      const r = await s.transact((c) => {
        const a = serveApiRequest(c, { method: req.method ?? "GET", target, headers, body });
        if (a.network) commitEffects(c, a.network.effects());
        return a.response;
      });
      res.writeHead(r.status, r.reason || http.STATUS_CODES[r.status] || "", r.headers.flat());
      res.end(req.method === "HEAD" ? "" : r.body);
    } catch {
      res.writeHead(502, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Bad Gateway\n");
    }
  }
}

export function registerProxy(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("proxy")), HELP)
    .description("Run a proxy to the Kubernetes API server")
    .option("--accept-hosts <regexps>", "Regular expression for hosts that the proxy should accept")
    .option("--accept-paths <regexps>", "Regular expression for paths that the proxy should accept")
    .option("--address <ip>", "The IP address on which to serve on")
    .option("--api-prefix <prefix>", "Prefix to serve the proxied API under")
    .option("--append-server-path [bool]", "Accepted for compatibility")
    .option("--disable-filter [bool]", "If true, disable request filtering in the proxy")
    .option("--keepalive <duration>", "Accepted for compatibility")
    .option("-p, --port <port>", "The port on which to run the proxy")
    .option("--reject-methods <regexps>", "Regular expression for HTTP methods that the proxy should reject")
    .option("--reject-paths <regexps>", "Regular expression for paths that the proxy should reject")
    .option("-u, --unix-socket <path>", "Unix socket on which to run the proxy")
    .option("-w, --www <dir>", "Also serve static files from the given directory")
    .option("-P, --www-prefix <prefix>", "Prefix to serve static files under")
    .action((flags: ProxyOpts) => runVerb(new ProxyOptions(ctx, flags)));
}
