// curl as the user-facing tool, over the modelled network. Output follows the curl a
// container or host really has: 7.81.0 (Ubuntu 22.04), 7.88.1 (Debian 12, kind nodes, the
// nginx and python images), 8.5.0 (Ubuntu 24.04's `apt install curl`), 8.11.1 (alpine-based
// images). Verbose lines, the progress meter, error texts and exit codes differ between them.
// Time is simulated: a timeout is reported, never waited for.
import { parseCurlArgs, TRY_HINT } from "./curl-args.js";
import { expandWriteOut, meterLine, waitingLines } from "./curl-meter.js";
import {
  type CurlVariant,
  type CurlVersion,
  ERRNO,
  emit,
  fail,
  freshVars,
  OPENSSL,
  Run,
  requestBody,
  requestHeaders,
  startMeter,
  type Transfer,
} from "./curl-run.js";
import { caCertHint, handshake } from "./curl-tls.js";
import {
  type ClientResult,
  ephemeralPort,
  type HttpRequest,
  type HttpResponse,
  KERNEL_CONNECT_TIMEOUT_MS,
  type Net,
} from "./types.js";
import { parseUrl, resolveLocation } from "./url.js";

function transfer(
  r: Run,
  net: Net,
  tr: Transfer,
  method: string,
  body: string | undefined,
): number | "redirect" | "blocked" {
  const { o, v } = r;
  const url = tr.url;
  const is8 = r.is8;
  // 8.x draws the meter before resolving; 7.x resolves an IP literal (and prints Trying) first.
  if (is8 || !url.literal) startMeter(r, tr);
  const quiet = tr.reuse === true;
  if (quiet)
    r.info(
      is8
        ? `Re-using existing connection with host ${url.host}`
        : `Re-using existing connection! (#${r.conn}) with host ${url.host}`,
    );
  // Name resolution.
  let ip = url.host;
  const pinned = o.resolve.find((x) => x.host === url.host && x.port === url.port);
  if (pinned) ip = pinned.ip;
  else if (!url.literal) {
    const res = net.resolve(url.host);
    const deadline = [o.connectTimeoutMs, o.maxTimeMs].filter((x): x is number => x !== undefined);
    // An unanswered DNS query outlasts curl's own deadline: curl gives up while resolving.
    if (!res.ok && deadline.length && (res.elapsedMs ?? 0) > Math.min(...deadline)) {
      tr.t = Math.min(...deadline);
      const msg = `Resolving timed out after ${tr.t} milliseconds`;
      r.info(msg);
      r.closing(true);
      return fail(r, tr, 28, msg);
    }
    // /etc/hosts answers at once; cluster DNS takes a round trip to CoreDNS.
    tr.t += res.elapsedMs ?? (url.host === "localhost" ? 0.1 : 1.2);
    if (!res.ok) {
      r.info(`Could not resolve host: ${url.host}`);
      r.closing(true);
      return fail(r, tr, 6, `Could not resolve host: ${url.host}`);
    }
    ip = res.ip;
    if (is8 && !quiet) r.info(`Host ${url.host}:${url.port} was resolved.\n* IPv6: (none)\n* IPv4: ${ip}`);
  }
  tr.vars.time_namelookup = (tr.t + 0.02) / 1000;
  if (!quiet) r.info(`  Trying ${ip}:${url.port}...`);
  startMeter(r, tr);
  const limit = [o.connectTimeoutMs, o.maxTimeMs].filter((x): x is number => x !== undefined);
  const timeoutMs = limit.length ? Math.min(...limit) : undefined;
  const c = net.connect(ip, url.port, timeoutMs !== undefined ? { timeoutMs } : {});
  const localPort =
    c.kind === "ok" && c.localPort !== undefined
      ? c.localPort
      : ephemeralPort(`${net.nowMs}${ip}${url.port}`);
  const connectFailed = (errno: string, elapsed: number, code: number) => {
    const start = tr.t;
    tr.t += elapsed;
    if (tr.meter) r.stderr += waitingLines(start, tr.t);
    r.info(
      is8
        ? `connect to ${ip} port ${url.port} from ${net.localIP} port ${localPort} failed: ${errno}`
        : `connect to ${ip} port ${url.port} failed: ${errno}`,
    );
    const why = v.version === "7.81.0" ? errno : "Couldn't connect to server";
    const msg = `Failed to connect to ${url.host} port ${url.port} after ${Math.floor(tr.t)} ms: ${why}`;
    r.info(msg);
    r.closing(true);
    return fail(r, tr, code, msg);
  };
  if (c.kind === "refused") return connectFailed(ERRNO.refused, c.elapsedMs, 7);
  if (c.kind === "no-route") return connectFailed(ERRNO["no-route"], c.elapsedMs, 7);
  if (c.kind === "timeout") {
    if (timeoutMs === undefined || timeoutMs >= KERNEL_CONNECT_TIMEOUT_MS)
      return connectFailed(ERRNO.timeout, Math.max(c.elapsedMs, KERNEL_CONNECT_TIMEOUT_MS), 28);
    // curl gives up itself, a millisecond or two after its deadline.
    const start = tr.t;
    tr.t = timeoutMs + (is8 ? 2 : 1);
    if (tr.meter) r.stderr += waitingLines(start, tr.t);
    const msg = is8
      ? `Failed to connect to ${url.host} port ${url.port} after ${tr.t} ms: Timeout was reached`
      : `Connection timed out after ${tr.t} milliseconds`;
    r.info(msg);
    r.closing(true);
    return fail(r, tr, 28, msg);
  }
  // Connected.
  tr.t += c.kind === "ok" ? (c.elapsedMs ?? 0.12) : 0.12;
  tr.vars.num_connects++;
  Object.assign(tr.vars, {
    remote_ip: ip,
    remote_port: url.port,
    local_ip: net.localIP,
    local_port: localPort,
  });
  tr.vars.time_connect = tr.t / 1000;
  if (!quiet) r.info(`Connected to ${url.host} (${ip}) port ${url.port}${is8 ? "" : ` (#${r.conn})`}`);
  let h2 = false;
  if (url.scheme === "https") {
    tr.t += 0.3;
    r.info("TLSv1.3 (OUT), TLS handshake, Client hello (1):");
    if (c.kind !== "ok" || !c.tls) {
      // A plain-HTTP server: the TLS handshake reads an HTTP answer.
      const msg = `${OPENSSL[v.version]}error:0A00010B:SSL routines::wrong version number`;
      r.info(msg);
      r.closing(true);
      return fail(r, tr, 35, msg);
    }
    // curl sends the URL's host name as SNI (never an IP literal).
    const sni = /^[\d.]+$|^\[/.test(url.host) ? undefined : url.host;
    const tls = (sni !== undefined ? c.tlsFor?.(sni) : undefined) ?? c.tls;
    const hs = handshake(
      { insecure: o.insecure, cacert: o.cacert, http1: o.http11 || o.http10 },
      v,
      tls,
      url,
    );
    if (!hs.ok) {
      r.info(hs.msg);
      r.closing(true);
      const code = fail(r, tr, hs.code, hs.msg);
      if (hs.hint && r.showErrors()) r.stderr += caCertHint(v.version);
      return code;
    }
    h2 = hs.alpn === "h2";
    tr.vars.scheme = "HTTPS";
  }
  if (v.version === "8.11.1" && !quiet) r.info(h2 ? "using HTTP/2" : "using HTTP/1.x");
  const headers = requestHeaders(o, v, url, body);
  const version = h2 ? "HTTP/2" : o.http10 ? "HTTP/1.0" : "HTTP/1.1";
  const reqLines = [`${method} ${url.target} ${version}`, ...headers.map(([k, val]) => `${k}: ${val}`), ""];
  tr.vars.size_request = reqLines.reduce((n, l) => n + l.length + 2, 0) + Buffer.byteLength(body ?? "");
  if (o.verbose) r.stderr += reqLines.map((l) => `> ${l}\r\n`).join("");
  if (body !== undefined && is8) r.info(`upload completely sent off: ${Buffer.byteLength(body)} bytes`);
  else if (v.version === "8.11.1") r.info("Request completely sent off");
  tr.t += 0.03;
  tr.vars.time_pretransfer = tr.t / 1000;
  tr.vars.size_upload = Buffer.byteLength(body ?? "");
  if (c.kind === "silent") {
    if (o.maxTimeMs === undefined) return "blocked";
    const start = tr.t;
    tr.t = o.maxTimeMs + 1;
    if (tr.meter) r.stderr += waitingLines(start, tr.t);
    const msg = `Operation timed out after ${tr.t} milliseconds with 0 bytes received`;
    r.info(msg);
    r.closing(true);
    return fail(r, tr, 28, msg);
  }
  if (c.kind === "reset" || c.kind === "empty") {
    tr.t += 0.2;
    const [code, msg] =
      c.kind === "reset" ? [56, "Recv failure: Connection reset by peer"] : [52, "Empty reply from server"];
    r.info(msg);
    r.closing(true);
    return fail(r, tr, code, msg);
  }
  const req: HttpRequest = {
    method,
    path: url.target,
    headers,
    body: body ?? "",
    clientIP: net.localIP,
    clientPort: localPort,
    host: url.hostHeader,
    version,
    ...(url.scheme === "https" ? { tls: true } : {}),
  };
  const res = c.serve(req);
  return receive(r, tr, method, res);
}

function receive(r: Run, tr: Transfer, method: string, res: HttpResponse): number | "redirect" {
  const { o, v } = r;
  tr.t += 0.6;
  tr.vars.time_starttransfer = tr.t / 1000;
  if (res.version === "HTTP/0.9" && o.http09 && res.body !== "") {
    // Allowed: the bytes are the document, no headers to show; the server then closes.
    emit(r, res.body);
    tr.vars.size_download += Buffer.byteLength(res.body);
    r.closing(true);
    return 0;
  }
  if (res.version === "HTTP/0.9") {
    // curl refuses a reply without a status line since 7.66 (--http0.9 would take it).
    const msg = res.body === "" ? "Empty reply from server" : "Received HTTP/0.9 when not allowed";
    r.info(msg);
    r.closing(true);
    return fail(r, tr, res.body === "" ? 52 : 1, msg);
  }
  const version = res.version ?? "HTTP/1.1";
  // curl writes an HTTP/2 status line itself: the code and a space, no reason phrase.
  const statusLine =
    version === "HTTP/2"
      ? `HTTP/2 ${res.status} `
      : `${version} ${res.status}${res.reason ? ` ${res.reason}` : ""}`;
  const headerLines = [statusLine, ...res.headers.map(([k, val]) => `${k}: ${val}`), ""];
  const headerBlock = headerLines.map((l) => `${l}\r\n`).join("");
  if (v.version === "7.81.0") r.info("Mark bundle as not supporting multiuse");
  if (version === "HTTP/1.0") r.info("HTTP 1.0, assume close after body");
  if (o.verbose) r.stderr += headerLines.map((l) => `< ${l}\r\n`).join("");
  Object.assign(tr.vars, {
    http_code: res.status,
    http_version: version === "HTTP/1.0" ? "1" : version === "HTTP/2" ? "2" : "1.1",
    size_header: tr.vars.size_header + Buffer.byteLength(headerBlock),
    headers: res.headers,
    content_type: res.headers.find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "",
  });
  const closes =
    version === "HTTP/1.0" ||
    res.headers.some(([k, val]) => k.toLowerCase() === "connection" && val.toLowerCase() === "close");
  if (o.fail && res.status >= 400) {
    r.info(`The requested URL returned error: ${res.status}`);
    r.closing(true);
    return fail(r, tr, 22, `The requested URL returned error: ${res.status}`);
  }
  const location = res.headers.find(([k]) => k.toLowerCase() === "location")?.[1];
  const body = method === "HEAD" ? "" : res.body;
  const bytes = Buffer.byteLength(body);
  if (o.include || o.head) emit(r, headerBlock);
  const toTerminal = !o.output && !o.remoteName && (v.tty ?? true);
  if (bytes > 0 && o.verbose && !toTerminal) r.stderr += `{ [${bytes} bytes data]\n`;
  tr.t += 0.05 + bytes / 1e6;
  if (location && res.status >= 300 && res.status < 400)
    tr.vars.redirect_url = resolveLocation(tr.url, location);
  const following = o.location && tr.vars.redirect_url !== "";
  if (!following || method === "HEAD") emit(r, body);
  // Timers have microsecond resolution, as curl's do.
  tr.t = Math.round(tr.t * 1000) / 1000;
  tr.vars.size_download += bytes;
  tr.vars.time_total = tr.t / 1000;
  tr.vars.speed_download = Math.floor((tr.vars.size_download * 1e6) / Math.round(tr.t * 1000));
  if (tr.meter) {
    const len = res.headers.find(([k]) => k.toLowerCase() === "content-length")?.[1];
    r.stderr += `${meterLine({ total: len !== undefined ? Number(len) : undefined, received: bytes, spentMs: tr.t })}\n`;
  }
  if (closes) r.closing(false);
  else r.info(`Connection #${r.conn} to host ${tr.url.host} left intact`);
  return following ? "redirect" : 0;
}

function badUrl(r: Run, err: ReturnType<typeof parseUrl>): number {
  if (!("error" in err)) return 0;
  let code = 3;
  let msg = "URL using bad/illegal format or missing URL";
  if (err.error === "scheme") {
    code = 1;
    msg = r.is8
      ? `Protocol "${err.scheme}" not supported`
      : `Protocol "${err.scheme}" not supported or disabled in libcurl`;
  } else if (r.is8 && err.error === "port")
    msg = "URL rejected: Port number was not a decimal number between 0 and 65535";
  else if (r.is8 && err.error === "nohost") msg = "URL rejected: No host part in the URL";
  if (r.showErrors()) r.stderr += `curl: (${code}) ${msg}\n`;
  return code;
}

/** Runs one curl command line against the network. */
export function curl(argv: string[], net: Net, variant: CurlVariant): ClientResult {
  const parsed = parseCurlArgs(argv);
  if (!parsed.ok) return { stdout: "", stderr: parsed.stderr, exitCode: parsed.exitCode, elapsedMs: 0 };
  const o = parsed.opts;
  const r = new Run(o, variant);
  if (o.urls.length === 0) {
    const bang = variant.version === "8.11.1" ? "" : "!";
    return { stdout: "", stderr: `curl: no URL specified${bang}\n${TRY_HINT}`, exitCode: 2, elapsedMs: 0 };
  }
  const body = requestBody(o, variant);
  const baseMethod = o.method ?? (o.head ? "HEAD" : body !== undefined ? "POST" : "GET");
  if (o.verbose && o.method && o.method === (body !== undefined ? "POST" : "GET"))
    r.stderr += `Note: Unnecessary use of -X or --request, ${o.method} is already inferred.\n`;
  let exitCode = 0;
  for (const input of o.urls) {
    const first = parseUrl(
      o.get && o.data.length ? `${input}${input.includes("?") ? "&" : "?"}${o.data.join("&")}` : input,
    );
    if ("error" in first) {
      exitCode = badUrl(r, first);
      continue;
    }
    const meter = !o.silent && !o.noProgressMeter && (!!o.output || o.remoteName || !(variant.tty ?? true));
    const tr: Transfer = { url: first, meter, t: 0, vars: freshVars(first.href, baseMethod) };
    if (o.remoteName) {
      o.output = first.target.split("?")[0].split("/").pop() || undefined;
      if (!o.output) {
        r.stderr += "curl: Remote file name has no length!\n";
        exitCode = 23;
        continue;
      }
    }
    let method = baseMethod;
    let reqBody = body;
    let outcome: number | "redirect" | "blocked" = 0;
    for (let hops = 0; ; hops++) {
      outcome = transfer(r, net, tr, method, reqBody);
      if (outcome !== "redirect") break;
      if (hops + 1 > o.maxRedirs) {
        outcome = fail(r, tr, 47, `Maximum (${o.maxRedirs}) redirects followed`);
        break;
      }
      const next = parseUrl(tr.vars.redirect_url);
      r.info(`Issue another request to this URL: '${tr.vars.redirect_url}'`);
      if ("error" in next) {
        outcome = badUrl(r, next);
        break;
      }
      const sameHost =
        next.host === tr.url.host && next.port === tr.url.port && next.scheme === tr.url.scheme;
      tr.reuse = sameHost && tr.vars.http_version !== "1";
      if (!tr.reuse) r.conn++;
      const code = tr.vars.http_code;
      if (!o.method && (code === 301 || code === 302 || code === 303) && method === "POST") {
        method = "GET";
        reqBody = undefined;
      }
      tr.vars.num_redirects++;
      tr.vars.time_redirect = tr.t / 1000;
      tr.vars.redirect_url = "";
      tr.url = next;
      tr.vars.url_effective = next.href;
    }
    r.elapsedMs += tr.t;
    if (outcome === "blocked")
      return {
        stdout: r.stdout,
        stderr: r.stderr,
        exitCode: 130,
        blocked: true,
        elapsedMs: r.elapsedMs,
        writes: r.writes,
      };
    exitCode = outcome;
    tr.vars.exitcode = outcome;
    tr.vars.filename_effective = o.output ?? "";
    if (o.writeOut !== undefined) {
      const w = expandWriteOut(o.writeOut, tr.vars);
      r.stdout += w.stdout;
      r.stderr += w.warnings + w.stderr;
    }
    r.conn++;
  }
  return {
    stdout: r.stdout,
    stderr: r.stderr,
    exitCode,
    elapsedMs: r.elapsedMs,
    ...(r.writes.length ? { writes: r.writes } : {}),
  };
}

export type { CurlVariant, CurlVersion };
