// GNU wget 1.21 (Debian 12, the python image, `apt install wget`): the timestamped, chatty
// output, dot progress when stderr is not a terminal, exit 4 for network failures and 8 for
// HTTP errors, and retries on timeouts (20 tries by default).
import type { ClientResult, HttpRequest, Net } from "./types.js";
import { KERNEL_CONNECT_TIMEOUT_MS } from "./types.js";
import { type ParsedUrl, parseUrl, resolveLocation } from "./url.js";
import type { WgetOptions } from "./wget.js";

interface GnuOpts {
  quiet: boolean;
  spider: boolean;
  output?: string;
  timeoutS?: number;
  tries: number;
  headers: string[];
  userAgent: string;
  urls: string[];
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** wget's human rates: "5.36 MB/s" in the summary, "5.36M" in the dot line. */
function rate(bytes: number, secs: number): { long: string; short: string } {
  let r = bytes / Math.max(secs, 1e-6);
  const units = ["B/s", "KB/s", "MB/s", "GB/s"];
  let u = 0;
  while (r >= 1024 && u < 3) {
    r /= 1024;
    u++;
  }
  const num = r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
  return { long: `${num} ${units[u]}`, short: `${num}${["", "K", "M", "G"][u]}` };
}

function parse(argv: string[]): GnuOpts | string {
  const o: GnuOpts = {
    quiet: false,
    spider: false,
    tries: 20,
    headers: [],
    userAgent: "Wget/1.21.3",
    urls: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf("=");
    const long = a.startsWith("--") ? (eq > 0 ? a.slice(2, eq) : a.slice(2)) : undefined;
    const val = () => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    if (long !== undefined) {
      if (long === "quiet") o.quiet = true;
      else if (long === "spider") o.spider = true;
      else if (long === "output-document") o.output = val();
      else if (long === "timeout") o.timeoutS = Number(val());
      else if (long === "tries") o.tries = Number(val()) || 20;
      else if (long === "header") o.headers.push(val());
      else if (long === "user-agent") o.userAgent = val();
      else if (!["no-verbose", "no-check-certificate", "server-response"].includes(long))
        return `wget: unrecognized option '${a}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === "q") o.quiet = true;
        else if ("OTtU".includes(c)) {
          const v = a.slice(j + 1) || argv[++i];
          if (c === "O") o.output = v;
          else if (c === "T") o.timeoutS = Number(v);
          else if (c === "t") o.tries = Number(v) || 20;
          else o.userAgent = v;
          break;
        } else if (c !== "S" && c !== "n" && c !== "v")
          return `wget: invalid option -- '${c}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`;
      }
      continue;
    }
    o.urls.push(a);
  }
  if (o.urls.length === 0)
    return "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n";
  return o;
}

export function gnuWget(argv: string[], net: Net, opts: WgetOptions): ClientResult {
  const parsed = parse(argv);
  if (typeof parsed === "string") return { stdout: "", stderr: parsed, exitCode: 2, elapsedMs: 0 };
  const o = parsed;
  const out: ClientResult = { stdout: "", stderr: "", exitCode: 0, elapsedMs: 0 };
  const q = (s: string) => (opts.utf8 ? `‘${s}’` : `'${s}'`);
  const log = (s: string) => {
    if (!o.quiet) out.stderr += s;
  };
  const now = () => stamp(net.nowMs + out.elapsedMs);
  if (o.spider) log("Spider mode enabled. Check if remote file exists.\n");
  for (const input of o.urls) {
    let url = parseUrl(input) as ParsedUrl | { error: string };
    if ("error" in url) {
      out.stderr += `${input}: Unsupported scheme.\n`;
      out.exitCode = 1;
      continue;
    }
    let code = 0;
    for (let hop = 0, attempt = 1; hop < 20; ) {
      log(`--${now()}--  ${attempt > 1 ? `(try:${String(attempt).padStart(2)})  ` : ""}${url.href}\n`);
      let ip = url.host;
      if (!url.literal) {
        const r = net.resolve(url.host);
        if (!r.ok) {
          log(`Resolving ${url.host} (${url.host})... failed: Name or service not known.\n`);
          log(`wget: unable to resolve host address ${q(url.host)}\n`);
          code = 4;
          break;
        }
        ip = r.ip;
        log(`Resolving ${url.host} (${url.host})... ${ip}\n`);
      }
      const where = url.literal ? `${ip}:${url.port}` : `${url.host} (${url.host})|${ip}|:${url.port}`;
      log(`Connecting to ${where}... `);
      const timeoutMs = o.timeoutS !== undefined ? o.timeoutS * 1000 : undefined;
      const c = net.connect(ip, url.port, timeoutMs !== undefined ? { timeoutMs } : {});
      if (c.kind === "refused" || c.kind === "no-route") {
        log(`failed: ${c.kind === "refused" ? "Connection refused" : "No route to host"}.\n`);
        out.elapsedMs += c.elapsedMs;
        code = 4;
        break;
      }
      if (c.kind === "timeout" || c.kind === "silent" || c.kind === "reset" || c.kind === "empty") {
        const waited =
          c.kind === "timeout"
            ? (timeoutMs ?? Math.max(c.elapsedMs, KERNEL_CONNECT_TIMEOUT_MS))
            : (timeoutMs ?? 900_000);
        out.elapsedMs += waited;
        if (c.kind === "timeout") log("failed: Connection timed out.\n");
        else if (c.kind === "silent")
          log(
            "connected.\nHTTP request sent, awaiting response... Read error (Connection timed out) in headers.\n",
          );
        else if (c.kind === "reset")
          log(
            "connected.\nHTTP request sent, awaiting response... Read error (Connection reset by peer) in headers.\n",
          );
        else log("connected.\nHTTP request sent, awaiting response... No data received.\n");
        code = 4;
        if (attempt >= o.tries) {
          log("Giving up.\n\n");
          break;
        }
        log("Retrying.\n\n");
        out.elapsedMs += Math.min(attempt, 10) * 1000;
        attempt++;
        continue;
      }
      log("connected.\n");
      const headers: [string, string][] = [
        ["User-Agent", o.userAgent],
        ["Accept", "*/*"],
        ["Accept-Encoding", "identity"],
        ["Host", url.hostHeader],
        ["Connection", "Keep-Alive"],
      ];
      for (const h of o.headers) {
        const i = h.indexOf(":");
        if (i > 0) headers.push([h.slice(0, i).trim(), h.slice(i + 1).trim()]);
      }
      const req: HttpRequest = {
        method: o.spider ? "HEAD" : "GET",
        path: url.target,
        headers,
        body: "",
        clientIP: net.localIP,
        host: url.hostHeader,
        version: "HTTP/1.1",
      };
      const res = c.serve(req);
      out.elapsedMs += (c.elapsedMs ?? 0.12) + 1;
      // No status line at all: wget takes the bytes as an HTTP/0.9 document.
      const raw = res.version === "HTTP/0.9";
      log(
        raw
          ? "HTTP request sent, awaiting response... 200 No headers, assuming HTTP/0.9\n"
          : `HTTP request sent, awaiting response... ${res.status} ${res.reason}\n`,
      );
      const location = res.headers.find(([k]) => k.toLowerCase() === "location")?.[1];
      if (res.status >= 300 && res.status < 400 && location) {
        const next = resolveLocation(url, location);
        log(`Location: ${location} [following]\n`);
        const p = parseUrl(next);
        if ("error" in p) break;
        url = p;
        hop++;
        continue;
      }
      if (!raw && res.status >= 400) {
        out.stderr += o.quiet ? "" : `${now()} ERROR ${res.status}: ${res.reason}.\n\n`;
        code = 8;
        break;
      }
      const len = res.headers.find(([k]) => k.toLowerCase() === "content-length")?.[1];
      const type = res.headers.find(([k]) => k.toLowerCase() === "content-type")?.[1];
      const size = Buffer.byteLength(res.body);
      log(`Length: ${len ?? "unspecified"}${type ? ` [${type.split(";")[0]}]` : ""}\n`);
      if (o.spider) {
        log(
          "Remote file exists and could contain further links,\nbut recursion is disabled -- not retrieving.\n\n",
        );
        break;
      }
      let fname = o.output ?? (url.target.split("?")[0].split("/").pop() || "index.html");
      if (!o.output && opts.fileExists?.(fname)) {
        let n = 1;
        while (opts.fileExists(`${fname}.${n}`)) n++;
        fname = `${fname}.${n}`;
      }
      const toStdout = fname === "-";
      log(`Saving to: ${q(toStdout ? "STDOUT" : fname)}\n\n`);
      const secs = 0.000_9 + size / 1e9;
      const rt = rate(size, secs);
      log(`     0K${" ".repeat(55)} 100% ${rt.short}=0s\n\n`);
      if (toStdout) out.stdout += res.body;
      else {
        out.writes = out.writes ?? [];
        out.writes.push({ path: fname, content: res.body });
      }
      const what = toStdout ? "written to stdout" : `${q(fname)} saved`;
      log(`${now()} (${rt.long}) - ${what} [${size}${len !== undefined ? `/${len}` : ""}]\n\n`);
      break;
    }
    if (code) out.exitCode = code;
  }
  return out;
}
