// The bytes of a real socket as the simulated servers understand them: HTTP/1.x requests read
// off a forwarded connection (kubectl port-forward), the model's answer written back as an
// HTTP/1.x response, and RESP (redis) commands and replies.
import type { HttpResponse, RespReply } from "../../images/types.js";

export interface WireRequest {
  method: string;
  target: string;
  version: "HTTP/1.0" | "HTTP/1.1";
  headers: [string, string][];
  body: string;
}

const REQUEST_LINE = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/;

/** Whether the bytes so far could start an HTTP request line (a method in capitals, then a space). */
export function looksLikeHttp(buf: Buffer): boolean {
  const head = buf.subarray(0, 16).toString("latin1");
  return /^[A-Z]{1,10}( |$)/.test(head);
}

/**
 * One complete request at the start of `buf`, and the bytes after it; `undefined` while more
 * bytes are needed; `"bad"` when the head is no HTTP/1.x request.
 */
export function readRequest(buf: Buffer): { req: WireRequest; rest: Buffer } | "bad" | undefined {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return buf.length > 65536 ? "bad" : undefined;
  const lines = buf.subarray(0, end).toString("latin1").split("\r\n");
  const m = REQUEST_LINE.exec(lines[0] ?? "");
  if (!m) return "bad";
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) return "bad";
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  const length = Number(headers.find(([k]) => k.toLowerCase() === "content-length")?.[1] ?? 0);
  if (!Number.isInteger(length) || length < 0) return "bad";
  const start = end + 4;
  if (buf.length < start + length) return undefined;
  const body = buf.subarray(start, start + length).toString("utf8");
  return {
    req: { method: m[1], target: m[2], version: m[3] as WireRequest["version"], headers, body },
    rest: buf.subarray(start + length),
  };
}

export function headerOf(headers: [string, string][], name: string): string | undefined {
  return headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

/** Whether the connection stays open after this exchange (HTTP/1.1 keep-alive unless either side closes). */
export function keepsAlive(req: WireRequest, res: HttpResponse): boolean {
  if (res.version === "HTTP/0.9" || res.version === "HTTP/1.0") return false;
  const asked = headerOf(req.headers, "Connection")?.toLowerCase();
  const answered = headerOf(res.headers, "Connection")?.toLowerCase();
  if (answered === "close" || asked === "close") return false;
  return req.version === "HTTP/1.1" || asked === "keep-alive";
}

/** The model's answer as the bytes the server writes (HTTP/0.9: the body alone). */
export function writeResponse(res: HttpResponse, method: string): Buffer {
  const body = Buffer.from(method === "HEAD" ? "" : res.body, "utf8");
  if (res.version === "HTTP/0.9") return body;
  const headers = [...res.headers];
  const bodiless = res.status === 204 || res.status === 304 || (res.status >= 100 && res.status < 200);
  if (!bodiless && !headerOf(headers, "Content-Length") && !headerOf(headers, "Transfer-Encoding"))
    headers.push(["Content-Length", String(body.length)]);
  const version = res.version === "HTTP/2" || !res.version ? "HTTP/1.1" : res.version;
  const head = `${version} ${res.status} ${res.reason}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

/**
 * One RESP command at the start of `buf`: a multibulk array (`*1\r\n$4\r\nPING\r\n`, what
 * redis-cli sends) or an inline line (`PING\r\n`, what nc or telnet send).
 */
export function readCommand(buf: Buffer): { argv: string[]; rest: Buffer } | "bad" | undefined {
  if (buf[0] !== 0x2a /* '*' */) {
    const nl = buf.indexOf("\n");
    if (nl < 0) return undefined;
    const line = buf.subarray(0, nl).toString("utf8").replace(/\r$/, "");
    return { argv: line.split(/\s+/).filter((w) => w !== ""), rest: buf.subarray(nl + 1) };
  }
  let at = 0;
  const line = (): string | undefined => {
    const nl = buf.indexOf("\r\n", at);
    if (nl < 0) return undefined;
    const s = buf.subarray(at, nl).toString("utf8");
    at = nl + 2;
    return s;
  };
  const count = line();
  if (count === undefined) return undefined;
  const n = Number(count.slice(1));
  if (!Number.isInteger(n) || n < 0) return "bad";
  const argv: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = line();
    if (len === undefined) return undefined;
    if (!len.startsWith("$")) return "bad";
    const size = Number(len.slice(1));
    if (!Number.isInteger(size) || size < 0) return "bad";
    if (buf.length < at + size + 2) return undefined;
    argv.push(buf.subarray(at, at + size).toString("utf8"));
    at += size + 2;
  }
  return { argv, rest: buf.subarray(at) };
}

/** A RESP reply as redis writes it. */
export function writeReply(r: RespReply): Buffer {
  switch (r.kind) {
    case "status":
      return Buffer.from(`+${r.text}\r\n`);
    case "error":
      return Buffer.from(`-${r.text}\r\n`);
    case "bulk":
      return Buffer.from(`$${Buffer.byteLength(r.text)}\r\n${r.text}\r\n`);
    case "nil":
      return Buffer.from("$-1\r\n");
    case "integer":
      return Buffer.from(`:${r.value}\r\n`);
  }
}
