// curl's progress meter (lib/progress.c) and --write-out. The meter shows when output is not
// the terminal and curl is not silent; each redraw starts with "\r", so a terminal keeps only
// the last line while a captured stderr keeps them all. A transfer that fails leaves the line
// unterminated, which is why "--:--:--     0curl: (7) ..." reads as it does.

export const METER_HEADER =
  "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
  "                                 Dload  Upload   Total   Spent    Left  Speed\n";

/** time2str: 8 columns, "--:--:--" for zero. */
export function time2str(seconds: number): string {
  const s = Math.floor(seconds);
  if (s <= 0) return "--:--:--";
  const h = Math.floor(s / 3600);
  if (h <= 99) {
    const m = Math.floor((s - h * 3600) / 60);
    const sec = s - h * 3600 - m * 60;
    return `${String(h).padStart(2)}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
  }
  const d = Math.floor(s / 86400);
  const hh = Math.floor((s - d * 86400) / 3600);
  return d <= 999 ? `${String(d).padStart(3)}d ${String(hh).padStart(2, "0")}h` : `${String(d).padStart(7)}d`;
}

/** max5data: a size in at most 5 columns, 1024-based suffixes. */
export function max5(bytes: number): string {
  const K = 1024;
  const M = K * K;
  const G = M * K;
  const b = Math.floor(bytes);
  if (b < 100000) return String(b).padStart(5);
  if (b < 10000 * K) return `${String(Math.floor(b / K)).padStart(4)}k`;
  if (b < 100 * M) return `${String(Math.floor(b / M)).padStart(2)}.${Math.floor((b % M) / (M / 10))}M`;
  if (b < 10000 * M) return `${String(Math.floor(b / M)).padStart(4)}M`;
  return `${String(Math.floor(b / G)).padStart(4)}G`;
}

export interface MeterState {
  /** Expected download size (Content-Length), if known. */
  total?: number;
  received: number;
  /** Time since the transfer started, in ms. */
  spentMs: number;
}

/** One redraw of the meter line, "\r" first, no newline. */
export function meterLine(s: MeterState): string {
  const total = s.total ?? s.received;
  const pct = (part: number, whole: number) => (whole > 0 ? Math.floor((part * 100) / whole) : 0);
  const us = Math.max(1, Math.round(s.spentMs * 1000));
  const dlSpeed = s.received > 0 ? Math.floor((s.received * 1e6) / us) : 0;
  // The "Current" column averages over whole milliseconds, at least one.
  const current = s.received > 0 ? Math.floor((s.received * 1000) / Math.max(1, Math.floor(s.spentMs))) : 0;
  const spent = time2str(s.spentMs / 1000);
  const estTotal = s.total !== undefined && dlSpeed > 0 ? time2str(s.total / dlSpeed) : "--:--:--";
  const left = s.total !== undefined && dlSpeed > 0 ? time2str((s.total - s.received) / dlSpeed) : "--:--:--";
  return (
    "\r" +
    `${String(pct(s.received, total)).padStart(3)} ${max5(total)}  ` +
    `${String(s.total !== undefined ? pct(s.received, s.total) : 0).padStart(3)} ${max5(s.received)}  ` +
    `${String(0).padStart(3)} ${max5(0)}  ${max5(dlSpeed)}  ${max5(0)} ` +
    `${estTotal} ${spent} ${left} ${max5(current)}`
  );
}

/** Redraws while waiting `fromMs`..`toMs` with nothing received: one per second, as curl does. */
export function waitingLines(fromMs: number, toMs: number): string {
  let out = "";
  for (let t = Math.floor(fromMs / 1000) + 1; t * 1000 <= toMs; t++)
    out += meterLine({ received: 0, spentMs: t * 1000 });
  return out;
}

export interface WriteOutVars {
  http_code: number;
  remote_ip: string;
  remote_port: number | "";
  local_ip: string;
  local_port: number | "";
  time_namelookup: number;
  time_connect: number;
  time_pretransfer: number;
  time_starttransfer: number;
  time_total: number;
  time_redirect: number;
  size_download: number;
  size_header: number;
  size_request: number;
  size_upload: number;
  speed_download: number;
  content_type: string;
  url_effective: string;
  url: string;
  num_redirects: number;
  num_connects: number;
  redirect_url: string;
  exitcode: number;
  errormsg: string;
  method: string;
  scheme: string;
  http_version: string;
  filename_effective: string;
  headers: [string, string][];
}

/** Expands a --write-out template; returns what goes to stdout and to stderr. */
export function expandWriteOut(
  tpl: string,
  v: WriteOutVars,
): { stdout: string; stderr: string; warnings: string } {
  const out = { stdout: "", stderr: "" };
  let to: "stdout" | "stderr" = "stdout";
  let warnings = "";
  const secs = (n: number) => n.toFixed(6);
  for (let i = 0; i < tpl.length; i++) {
    const c = tpl[i];
    if (c === "\\" && i + 1 < tpl.length) {
      const e = tpl[i + 1];
      const map: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\" };
      out[to] += map[e] ?? `\\${e}`;
      i++;
      continue;
    }
    if (c === "%" && tpl[i + 1] === "%") {
      out[to] += "%";
      i++;
      continue;
    }
    const hm = /^%header\{([^}]*)\}/.exec(tpl.slice(i));
    if (hm) {
      const name = hm[1].toLowerCase();
      out[to] += v.headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? "";
      i += hm[0].length - 1;
      continue;
    }
    const m = /^%\{([^}]*)\}/.exec(tpl.slice(i));
    if (c !== "%" || !m) {
      out[to] += c;
      continue;
    }
    i += m[0].length - 1;
    const name = m[1];
    if (name === "stdout" || name === "stderr") {
      to = name;
      continue;
    }
    const value: Record<string, string> = {
      http_code: String(v.http_code).padStart(3, "0"),
      response_code: String(v.http_code).padStart(3, "0"),
      http_connect: "000",
      remote_ip: v.remote_ip,
      remote_port: String(v.remote_port),
      local_ip: v.local_ip,
      local_port: String(v.local_port),
      time_namelookup: secs(v.time_namelookup),
      time_connect: secs(v.time_connect),
      time_appconnect: secs(0),
      time_pretransfer: secs(v.time_pretransfer),
      time_starttransfer: secs(v.time_starttransfer),
      time_total: secs(v.time_total),
      time_redirect: secs(v.time_redirect),
      size_download: String(v.size_download),
      size_header: String(v.size_header),
      size_request: String(v.size_request),
      size_upload: String(v.size_upload),
      speed_download: String(v.speed_download),
      speed_upload: "0",
      content_type: v.content_type,
      url_effective: v.url_effective,
      url: v.url,
      num_redirects: String(v.num_redirects),
      num_connects: String(v.num_connects),
      redirect_url: v.redirect_url,
      exitcode: String(v.exitcode),
      errormsg: v.errormsg,
      method: v.method,
      scheme: v.scheme,
      http_version: v.http_version,
      filename_effective: v.filename_effective,
      ssl_verify_result: "0",
      proxy_ssl_verify_result: "0",
    };
    if (name in value) out[to] += value[name];
    else warnings += `curl: unknown --write-out variable: '${name}'\n`;
  }
  return { ...out, warnings };
}
