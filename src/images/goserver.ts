// Bits the Go servers (agnhost, serve_hostname, http-echo) share: log.Printf's prefix, the
// RemoteAddr they print, and time.Time's String form.
import { slashDate } from "./http.js";
import type { HttpRequest } from "./types.js";

/** log.Printf with the default flags: "2026/11/27 10:00:00 message". */
export const goLog = (nowMs: number, msg: string): string => `${slashDate(nowMs)} ${msg}`;

/** r.RemoteAddr: "10.244.1.1:43512". Without a known source port, one from the ephemeral range. */
export function remoteAddr(req: HttpRequest): string {
  if (req.clientPort !== undefined) return `${req.clientIP}:${req.clientPort}`;
  let h = 0;
  for (const c of `${req.clientIP}${req.path}`) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `${req.clientIP}:${32768 + (h % 28232)}`;
}

/** time.Now().String() in UTC: "2026-11-27 10:00:00.123456789 +0000 UTC m=+12.345678901". */
export function goTimeString(nowMs: number, startedAtMs?: number): string {
  const d = new Date(nowMs);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const ns = `${p(d.getUTCMilliseconds(), 3)}${p((nowMs * 7919) % 1000000, 6)}`;
  const wall = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${ns} +0000 UTC`;
  if (startedAtMs === undefined) return wall;
  return `${wall} m=+${((nowMs - startedAtMs) / 1000).toFixed(9)}`;
}

/** Reads Go-style flags: -name=value, --name=value, -name value. */
export function goFlag(words: string[], name: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i].replace(/^--?/, "-");
    if (w === `-${name}`) return words[i + 1];
    if (w.startsWith(`-${name}=`)) return w.slice(name.length + 2);
  }
  return undefined;
}
