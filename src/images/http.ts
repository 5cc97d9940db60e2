// Small HTTP helpers the server models share: dates in the formats servers print, reason
// phrases, byte lengths and the request bits (path, query, headers) servers look at.
import type { HttpRequest, HttpResponse } from "./types.js";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const p2 = (n: number) => String(n).padStart(2, "0");

/** RFC 1123 date of Date/Last-Modified headers: "Wed, 27 Nov 2026 10:00:00 GMT". */
export function httpDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`;
}

/** Common Log Format time: "27/Nov/2026:10:00:00 +0000" (containers run in UTC). */
export function clfDate(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** Go's log package and nginx's error log: "2026/11/27 10:00:00". */
export function slashDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** Apache error-log time: "Wed Nov 27 10:00:00.123456 2026". */
export function apacheErrorDate(ms: number): string {
  const d = new Date(ms);
  const us = String((ms % 1000) * 1000).padStart(6, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${us} ${d.getUTCFullYear()}`;
}

export const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  307: "Temporary Redirect",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  412: "Precondition Failed",
  417: "Expectation Failed",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
};

export function reason(status: number): string {
  return REASONS[status] ?? "";
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

export function header(req: { headers: [string, string][] }, name: string): string | undefined {
  const n = name.toLowerCase();
  return req.headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

/** Path without query, percent-decoded as servers map it to files. */
export function pathOnly(target: string): string {
  const q = target.search(/[?#]/);
  const raw = q >= 0 ? target.slice(0, q) : target;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function query(target: string): URLSearchParams {
  const q = target.indexOf("?");
  return new URLSearchParams(q >= 0 ? target.slice(q + 1) : "");
}

/** Resolves "." and ".." the way servers normalise a URI before mapping it to a file. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  const joined = `/${out.join("/")}`;
  return path.endsWith("/") && joined !== "/" ? `${joined}/` : joined;
}

export function requestLine(req: HttpRequest): string {
  return `${req.method} ${req.path} ${req.version ?? "HTTP/1.1"}`;
}

/** Body bytes a response actually carried (none for HEAD). */
export function sentBytes(req: HttpRequest, res: HttpResponse): number {
  return req.method === "HEAD" ? 0 : byteLength(res.body);
}

export function textResponse(
  status: number,
  headers: [string, string][],
  body: string,
  version?: "HTTP/1.0" | "HTTP/1.1",
): HttpResponse {
  return { status, reason: reason(status), headers, body, ...(version ? { version } : {}) };
}

/** HEAD answers carry the GET headers (Content-Length included) but no body. */
export function forMethod(req: HttpRequest, res: HttpResponse): HttpResponse {
  return req.method === "HEAD" ? { ...res, body: "" } : res;
}

/** Go net/http writes Date, Content-Length, Content-Type after the handler's own headers. */
export function goResponse(
  status: number,
  body: string,
  nowMs: number,
  extra: [string, string][] = [],
  contentType = "text/plain; charset=utf-8",
): HttpResponse {
  const headers: [string, string][] = [...extra].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  headers.push(["Date", httpDate(nowMs)]);
  headers.push(["Content-Length", String(byteLength(body))]);
  // Go sniffs a type only when the handler wrote a body.
  if (body.length > 0) headers.push(["Content-Type", contentType]);
  return textResponse(status, headers, body);
}

const EXT_TYPES: Record<string, string> = {
  html: "text/html",
  htm: "text/html",
  txt: "text/plain",
  css: "text/css",
  js: "application/javascript",
  json: "application/json",
  xml: "text/xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  svg: "image/svg+xml",
  ico: "image/x-icon",
};

/** Type by extension as nginx's mime.types / Apache's mime.types map it. */
export function typeByExtension(path: string): string | undefined {
  const m = /\.([A-Za-z0-9]+)$/.exec(path);
  return m ? EXT_TYPES[m[1].toLowerCase()] : undefined;
}

export function joinPath(dir: string, rel: string): string {
  return `${dir.replace(/\/+$/, "")}/${rel.replace(/^\/+/, "")}`;
}
