// The state one curl invocation carries between its transfers, and the request it builds:
// headers in curl's order, -H overrides, -d bodies, and the write-out variables it fills.
import type { CurlVersion } from "../../images/types.js";
import type { CurlOptions } from "./curl-args.js";
import { METER_HEADER, meterLine, type WriteOutVars } from "./curl-meter.js";
import type { ParsedUrl } from "./url.js";

export type { CurlVersion };

export interface CurlVariant {
  version: CurlVersion;
  /** stdout is a terminal (an interactive shell); false when piped or under `kubectl exec` without -t. */
  tty?: boolean;
  /** For `-d @file`. */
  readFile?(path: string): string | undefined;
}

/**
 * glibc's errno texts. Only 7.81.0 prints them in its error line; later versions say "Couldn't
 * connect to server" and keep the errno for -v, where alpine's musl would word two of them
 * differently (not modelled).
 */
export const ERRNO = {
  refused: "Connection refused",
  "no-route": "No route to host",
  timeout: "Connection timed out",
};

export class Run {
  stdout = "";
  stderr = "";
  writes: { path: string; content: string }[] = [];
  elapsedMs = 0;
  conn = 0;
  constructor(
    readonly o: CurlOptions,
    readonly v: CurlVariant,
  ) {}
  get is8() {
    return this.v.version.startsWith("8.");
  }
  info(line: string) {
    if (this.o.verbose) this.stderr += `* ${line}\n`;
  }
  closing(failed: boolean) {
    if (this.v.version === "8.11.1")
      this.info(`${failed ? "closing" : "shutting down"} connection #${this.conn}`);
    else this.info(this.is8 ? "Closing connection" : `Closing connection ${this.conn}`);
  }
  showErrors() {
    return !this.o.silent || this.o.showError;
  }
}

export interface Transfer {
  url: ParsedUrl;
  meter: boolean;
  meterStarted?: boolean;
  /** The next request goes over the connection the last one left open. */
  reuse?: boolean;
  t: number; // ms since this transfer started
  vars: WriteOutVars;
}

export function startMeter(r: Run, tr: Transfer) {
  if (!tr.meter || tr.meterStarted) return;
  tr.meterStarted = true;
  r.stderr += METER_HEADER + meterLine({ received: 0, spentMs: tr.t });
}

export const OPENSSL: Record<CurlVersion, string> = {
  "7.81.0": "",
  "7.88.1": "OpenSSL/3.0.15: ",
  "8.5.0": "OpenSSL/3.0.13: ",
  "8.11.1": "OpenSSL/3.3.2: ",
};

export function freshVars(href: string, method: string): WriteOutVars {
  return {
    http_code: 0,
    remote_ip: "",
    remote_port: "",
    local_ip: "",
    local_port: "",
    time_namelookup: 0,
    time_connect: 0,
    time_pretransfer: 0,
    time_starttransfer: 0,
    time_total: 0,
    time_redirect: 0,
    size_download: 0,
    size_header: 0,
    size_request: 0,
    size_upload: 0,
    speed_download: 0,
    content_type: "",
    url_effective: href,
    url: href,
    num_redirects: 0,
    num_connects: 0,
    redirect_url: "",
    exitcode: 0,
    errormsg: "",
    method,
    scheme: "HTTP",
    http_version: "0",
    filename_effective: "",
    headers: [],
  };
}

export function requestHeaders(
  o: CurlOptions,
  v: CurlVariant,
  url: ParsedUrl,
  body: string | undefined,
): [string, string][] {
  const hs: [string, string][] = [
    ["Host", url.hostHeader],
    ["User-Agent", o.userAgent ?? `curl/${v.version}`],
    ["Accept", "*/*"],
  ];
  if (o.user) hs.splice(1, 0, ["Authorization", `Basic ${Buffer.from(o.user).toString("base64")}`]);
  if (o.referer) hs.push(["Referer", o.referer]);
  for (const h of o.headers) {
    const colon = h.indexOf(":");
    if (colon <= 0) continue;
    const name = h.slice(0, colon).trim();
    const value = h.slice(colon + 1).trim();
    const at = hs.findIndex(([k]) => k.toLowerCase() === name.toLowerCase());
    // `-H "Name:"` removes a header curl would send; `-H "Name: v"` replaces it in place.
    if (value === "" && h.trimEnd().endsWith(":")) {
      if (at >= 0) hs.splice(at, 1);
    } else if (at >= 0) hs[at] = [name, value];
    else hs.push([name, value]);
  }
  if (body !== undefined) {
    if (!hs.some(([k]) => k.toLowerCase() === "content-length"))
      hs.push(["Content-Length", String(Buffer.byteLength(body))]);
    if (!hs.some(([k]) => k.toLowerCase() === "content-type"))
      hs.push(["Content-Type", "application/x-www-form-urlencoded"]);
  }
  return hs;
}

export function requestBody(o: CurlOptions, v: CurlVariant): string | undefined {
  if (o.data.length === 0 || o.get) return undefined;
  return o.data
    .map((d) => (d.startsWith("@") ? (v.readFile?.(d.slice(1)) ?? "").replace(/[\r\n]/g, "") : d))
    .join("&");
}

/** Fails the transfer: the meter line stays unterminated, then curl's one-line error. */
export function fail(r: Run, tr: Transfer, code: number, msg: string): number {
  tr.vars.exitcode = code;
  tr.vars.errormsg = msg;
  tr.vars.time_total = tr.t / 1000;
  if (r.showErrors()) r.stderr += `curl: (${code}) ${msg}\n`;
  return code;
}

export function emit(r: Run, text: string) {
  if (r.o.output && r.o.output !== "/dev/null") {
    const w = r.writes.find((x) => x.path === r.o.output);
    if (w) w.content += text;
    else r.writes.push({ path: r.o.output, content: text });
  } else if (!r.o.output) r.stdout += text;
}
