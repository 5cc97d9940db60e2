// wget as busybox has it (busybox, alpine and the images built on them), over the modelled
// network; GNU wget is in wget-gnu.ts. Messages go to stderr, the body to a file (index.html
// by default; an existing one is not overwritten) or to stdout with -O -. 1.36/1.37 unless
// the image names an older release: before 1.31 there is no "saving to"/"saved" and no
// "remote file exists" (`--spider` succeeds silently), before 1.29 the progress bar has its
// old layout, and before 1.30 a non-terminal gets a blank line after it (networking/wget.c,
// libbb/progress.c).
import { versionBefore } from "../../util/version.js";
import type { ClientResult, HttpRequest, HttpResponse, Net } from "./types.js";
import { KERNEL_CONNECT_TIMEOUT_MS } from "./types.js";
import { type ParsedUrl, parseUrl, resolveLocation } from "./url.js";
import { gnuWget } from "./wget-gnu.js";

export interface WgetOptions {
  /** stderr is a terminal (`kubectl exec -it`): the progress line is redrawn with "\r". */
  tty?: boolean;
  /** Terminal width for the progress bar; busybox assumes 80 when it cannot ask. */
  columns?: number;
  /** busybox prints the C library's error texts; alpine's musl words some differently. */
  libc?: "glibc" | "musl";
  /** For the "File exists" refusal (busybox) and index.html.1 (GNU). */
  fileExists?(path: string): boolean;
  /** GNU wget quotes with ‘’ under a UTF-8 locale (the python image sets LANG=C.UTF-8). */
  utf8?: boolean;
  /** The busybox release ("1.28.4"); default 1.37.0. */
  busyboxVersion?: string;
}

const ERRNO = {
  glibc: { refused: "Connection refused", unreach: "No route to host", timedout: "Connection timed out" },
  musl: { refused: "Connection refused", unreach: "Host is unreachable", timedout: "Operation timed out" },
};

const USAGE = `BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
	[--post-data STR | --post-file FILE] [-Y on/off]
	[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

	--spider	Only check URL existence: $? is 0 if exists
	--header STR	Add STR (of form 'header: value') to headers
	--post-data STR	Send STR using POST method
	--post-file FILE	Send FILE using POST method
	--no-check-certificate	Don't validate the server's certificate
	-c		Continue retrieval of aborted transfer
	-q		Quiet
	-P DIR		Save to DIR (default .)
	-S    		Show server response
	-T SEC		Network read timeout is SEC seconds
	-O FILE		Save to FILE ('-' for stdout)
	-o LOGFILE	Log messages to FILE
	-U STR		Use STR for User-Agent header
	-Y on/off	Use proxy
`;

interface BbOpts {
  quiet: boolean;
  serverResponse: boolean;
  spider: boolean;
  noCheckCertificate: boolean;
  output?: string;
  prefix?: string;
  userAgent: string;
  timeoutS: number;
  headers: string[];
  postData?: string;
  urls: string[];
}

type Parsed = { ok: true; o: BbOpts } | { ok: false; stderr: string };

const WITH_ARG: Record<string, keyof BbOpts | "ignore"> = {
  O: "output",
  "output-document": "output",
  P: "prefix",
  "directory-prefix": "prefix",
  U: "userAgent",
  "user-agent": "userAgent",
  T: "timeoutS",
  timeout: "timeoutS",
  header: "headers",
  "post-data": "postData",
  o: "ignore",
  "output-file": "ignore",
  Y: "ignore",
  proxy: "ignore",
  t: "ignore",
  tries: "ignore",
  "post-file": "ignore",
};
const FLAGS: Record<string, keyof BbOpts | "ignore"> = {
  q: "quiet",
  quiet: "quiet",
  S: "serverResponse",
  "server-response": "serverResponse",
  spider: "spider",
  c: "ignore",
  continue: "ignore",
  "no-check-certificate": "noCheckCertificate",
  "no-verbose": "ignore",
  "no-cache": "ignore",
  "no-clobber": "ignore",
  "passive-ftp": "ignore",
};

function set(o: BbOpts, key: keyof BbOpts | "ignore", value?: string): string | undefined {
  if (key === "ignore") return undefined;
  // Options with an argument always come with their value (parseArgs checks it).
  if (key === "headers") {
    if (value !== undefined) o.headers.push(value);
  } else if (key === "timeoutS") {
    if (!/^\d+$/.test(value ?? "")) return `invalid number '${value}'`;
    o.timeoutS = Number(value);
  } else if (value === undefined) (o[key] as boolean) = true;
  else (o[key] as string) = value;
  return undefined;
}

function parseArgs(argv: string[]): Parsed {
  const o: BbOpts = {
    quiet: false,
    serverResponse: false,
    spider: false,
    noCheckCertificate: false,
    userAgent: "Wget",
    timeoutS: 900,
    headers: [],
    urls: [],
  };
  const die = (msg: string): Parsed => ({ ok: false, stderr: `${msg}\n${USAGE}` });
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (name in FLAGS) {
        set(o, FLAGS[name]);
        continue;
      }
      if (!(name in WITH_ARG)) return die(`wget: unrecognized option '${a}'`);
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) return die(`wget: option '--${name}' requires an argument`);
      const err = set(o, WITH_ARG[name], value);
      if (err) return { ok: false, stderr: `wget: ${err}\n` };
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === "n") break; // -nv, -nc, -nH, -np: accepted and ignored
        if (c in FLAGS) {
          set(o, FLAGS[c]);
          continue;
        }
        if (!(c in WITH_ARG)) return die(`wget: invalid option -- '${c}'`);
        const value = a.slice(j + 1) || argv[++i];
        if (value === undefined) return die(`wget: option requires an argument -- '${c}'`);
        const err = set(o, WITH_ARG[c], value);
        if (err) return { ok: false, stderr: `wget: ${err}\n` };
        break;
      }
      continue;
    }
    o.urls.push(a);
  }
  if (o.urls.length === 0) return { ok: false, stderr: USAGE };
  return { ok: true, o };
}

/** smart_ulltoa5: a size in five columns, scaled by 1024 with a unit letter past 99999. */
function size5(n: number): string {
  if (n < 100000) return String(n).padStart(5);
  const units = " kMGTPEZY";
  let v = n;
  let u = 0;
  while (v >= 10000) {
    v = Math.floor(v / 1024);
    u++;
  }
  return `${String(v).padStart(4)}${units[u]}`;
}

/** libbb/progress.c at the end of a transfer (busybox 1.36+ layout). */
export function busyboxProgress(
  curfile: string,
  size: number,
  total: number | undefined,
  opts: WgetOptions,
): string {
  const tty = opts.tty ?? false;
  let line = `${tty ? "\r" : ""}${curfile.slice(0, 20).padEnd(20)} `;
  if (total !== undefined && total > 0) {
    const ratio = Math.floor((100 * size) / total);
    line += `${String(ratio).padStart(3)}% `;
    const bar = Math.min((opts.columns ?? 80) - 48, 999);
    if (bar > 2) {
      const stars = Math.floor((bar * size) / total);
      line += `|${"*".repeat(stars)}${" ".repeat(bar - stars)}| `;
    }
  }
  line += size5(size);
  line += total !== undefined && size > 0 ? "  0:00:00 ETA" : " --:--:-- ETA";
  return `${line}\n`;
}

/** libbb/progress.c before 1.29: "%-20.20s", "%4u%%", a bar of width-49, "%6u%c". */
function oldBusyboxProgress(
  curfile: string,
  size: number,
  total: number | undefined,
  columns: number,
): string {
  let line = curfile.slice(0, 20).padEnd(20);
  let shown = size;
  let of = total ?? 0;
  let unit = 0;
  // Sizes of 4 MiB and more are counted in KiB before anything is drawn.
  if (of >= 1 << 22) {
    of = Math.floor(of / 1024);
    shown = Math.floor(shown / 1024);
    unit = 1;
  }
  if (of > 0) {
    line += `${String(Math.floor((100 * shown) / of)).padStart(4)}%`;
    const bar = columns - 49;
    if (bar > 0) {
      const stars = Math.floor((bar * shown) / of);
      line += ` |${"*".repeat(stars)}${" ".repeat(bar - stars)}|`;
    }
  }
  while (shown >= 100000) {
    shown = Math.floor(shown / 1024);
    unit++;
  }
  line += `${String(shown).padStart(6)}${" kMGTPEZY"[unit]}`;
  return line + (of > 0 && size > 0 ? "  0:00:00 ETA" : " --:--:-- ETA");
}

/** The progress meter's last drawing as the release prints it, with its line ends. */
function progressFor(curfile: string, size: number, total: number | undefined, opts: WgetOptions): string {
  const release = opts.busyboxVersion ?? "1.37.0";
  if (!versionBefore(release, "1.30")) return busyboxProgress(curfile, size, total, opts);
  const tty = opts.tty ?? false;
  const line = versionBefore(release, "1.29")
    ? oldBusyboxProgress(curfile, size, total, opts.columns ?? 80)
    : busyboxProgress(curfile, size, total, { ...opts, tty: false }).slice(0, -1);
  // Before 1.25 the line always starts with "\r"; after, only on a terminal, and a
  // non-terminal's line ends in its own newline before the meter's closing one.
  if (versionBefore(release, "1.25")) return `\r${line}\n`;
  return tty ? `\r${line}\n` : `${line}\n\n`;
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

function oneUrl(input: string, o: BbOpts, net: Net, opts: WgetOptions, out: ClientResult): boolean {
  const err = (msg: string) => {
    out.stderr += `wget: ${msg}\n`;
    return false;
  };
  const errno = ERRNO[opts.libc ?? "glibc"];
  const release = opts.busyboxVersion ?? "1.37.0";
  // 46fc3290c (1.31): "saving to", "written to stdout", "saved" and "remote file exists".
  const notify = !versionBefore(release, "1.31");
  // e71ea6c1f (1.34): 307 and 308 are redirects; before, they are errors like any other.
  const redirectCodes = versionBefore(release, "1.34")
    ? [300, 301, 302, 303]
    : [300, 301, 302, 303, 307, 308];
  let url = parseUrl(input) as ParsedUrl | { error: string };
  if ("error" in url) return err(`not an http or ftp url: ${input}`);
  // The name as typed in the URL, port included, is what busybox prints back.
  const typed = (u: ParsedUrl) => (u.explicitPort ? `${u.host}:${u.port}` : u.host);
  let fname = o.output;
  if (!fname) {
    const last = basename(url.target.split("?")[0]);
    fname = last || "index.html";
    if (o.prefix) fname = `${o.prefix.replace(/\/$/, "")}/${fname}`;
  }
  const toStdout = fname === "-";
  let connectLine = true;
  // 4a9daf2b9 (1.32) raised the limit from 5 redirections to 16.
  const maxRedirects = versionBefore(release, "1.32") ? 5 : 16;
  for (let redirects = 0; ; redirects++) {
    if (redirects >= maxRedirects) return err("too many redirections");
    let ip = url.host;
    if (!url.literal) {
      const r = net.resolve(url.host);
      if (!r.ok) return err(`bad address '${typed(url)}'`);
      ip = r.ip;
    }
    if (connectLine && !o.quiet) out.stderr += `Connecting to ${typed(url)} (${ip}:${url.port})\n`;
    const timeoutMs = o.timeoutS * 1000;
    const c = net.connect(ip, url.port, { timeoutMs });
    if (c.kind === "refused") {
      out.elapsedMs += c.elapsedMs;
      return err(`can't connect to remote host (${ip}): ${errno.refused}`);
    }
    if (c.kind === "no-route") {
      out.elapsedMs += c.elapsedMs;
      return err(`can't connect to remote host (${ip}): ${errno.unreach}`);
    }
    if (c.kind === "timeout") {
      // The -T alarm covers the connect too; past the kernel's own limit the connect fails first.
      if (timeoutMs < KERNEL_CONNECT_TIMEOUT_MS) {
        out.elapsedMs += timeoutMs;
        return err("download timed out");
      }
      out.elapsedMs += Math.max(c.elapsedMs, KERNEL_CONNECT_TIMEOUT_MS);
      return err(`can't connect to remote host (${ip}): ${errno.timedout}`);
    }
    if (c.kind === "silent") {
      out.elapsedMs += timeoutMs;
      return err("download timed out");
    }
    if (c.kind === "reset") return err("error getting response: Connection reset by peer");
    if (c.kind === "empty") return err("error getting response");
    if (url.scheme === "https") {
      // The glibc and uClibc builds speak TLS themselves (FEATURE_WGET_HTTPS) and never check
      // the certificate; a plain-HTTP server resets the handshake. Alpine's build hands TLS
      // to the ssl_client helper, and releases before 1.30 lack the AES-GCM suites Go's
      // servers insist on: neither is modelled, and both keep the reset.
      if (c.kind !== "ok" || !c.tls || opts.libc === "musl" || versionBefore(release, "1.30"))
        return err("error getting response: Connection reset by peer");
      if (!o.noCheckCertificate) out.stderr += "wget: note: TLS certificate validation not implemented\n";
    }
    const headers: [string, string][] = [
      ["Host", typed(url)],
      ["User-Agent", o.userAgent],
      ["Connection", "close"],
    ];
    for (const h of o.headers) {
      const colon = h.indexOf(":");
      if (colon > 0) headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
    }
    if (o.postData !== undefined) {
      headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
      headers.push(["Content-Length", String(Buffer.byteLength(o.postData))]);
    }
    const req: HttpRequest = {
      method: o.postData !== undefined ? "POST" : "GET",
      path: url.target,
      headers,
      body: o.postData ?? "",
      clientIP: net.localIP,
      host: typed(url),
      version: "HTTP/1.1",
      ...(url.scheme === "https" ? { tls: true } : {}),
    };
    const res: HttpResponse = c.serve(req);
    out.elapsedMs += (c.elapsedMs ?? 0.12) + 1;
    if (res.version === "HTTP/0.9" && res.body === "") return err("error getting response");
    // An HTTP/0.9 answer has no status line: busybox takes its first line for one.
    const statusLine =
      res.version === "HTTP/0.9"
        ? res.body.split(/\r?\n/)[0]
        : `${res.version ?? "HTTP/1.1"} ${res.status}${res.reason ? ` ${res.reason}` : ""}`;
    if (o.serverResponse) {
      out.stderr += `  ${statusLine}\n`;
      for (const [k, v] of res.headers) out.stderr += `  ${k}: ${v}\n`;
    }
    const location = res.headers.find(([k]) => k.toLowerCase() === "location")?.[1];
    if (redirectCodes.includes(res.status) && location) {
      const next = parseUrl(resolveLocation(url, location));
      if ("error" in next) return err(`not an http or ftp url: ${location}`);
      // A path on the same server reuses the address: no new "Connecting to" line.
      connectLine = !location.startsWith("/");
      url = next;
      continue;
    }
    if (!(res.status >= 200 && res.status <= 204)) return err(`server returned error: ${statusLine}`);
    if (o.spider) {
      if (!o.quiet && notify) out.stderr += "remote file exists\n";
      return true;
    }
    // busybox opens the file only now, and refuses to clobber one unless -O named it.
    if (!toStdout && !o.output && opts.fileExists?.(fname)) return err(`can't open '${fname}': File exists`);
    const body = res.body;
    const size = Buffer.byteLength(body);
    const lenHeader = res.headers.find(([k]) => k.toLowerCase() === "content-length")?.[1];
    if (!o.quiet && notify) out.stderr += toStdout ? "writing to stdout\n" : `saving to '${fname}'\n`;
    if (toStdout) out.stdout += body;
    else {
      out.writes = out.writes ?? [];
      out.writes.push({ path: fname, content: body });
    }
    // Chunked and unknown-length downloads are drawn as complete once they end.
    if (!o.quiet)
      out.stderr += progressFor(
        basename(fname),
        size,
        lenHeader !== undefined ? Number(lenHeader) : size,
        opts,
      );
    if (!o.quiet && notify) out.stderr += toStdout ? "written to stdout\n" : `'${fname}' saved\n`;
    return true;
  }
}

export function wget(
  argv: string[],
  net: Net,
  variant: "busybox" | "gnu",
  opts: WgetOptions = {},
): ClientResult {
  if (variant === "gnu") return gnuWget(argv, net, opts);
  const parsed = parseArgs(argv);
  if (!parsed.ok) return { stdout: "", stderr: parsed.stderr, exitCode: 1, elapsedMs: 0 };
  const out: ClientResult = { stdout: "", stderr: "", exitCode: 0, elapsedMs: 0 };
  for (const u of parsed.o.urls) {
    // busybox dies on the first failure: later URLs are never tried.
    if (!oneUrl(u, parsed.o, net, opts, out)) {
      out.exitCode = 1;
      break;
    }
  }
  if (out.writes && out.writes.length === 0) delete out.writes;
  return out;
}
