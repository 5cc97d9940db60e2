// URLs as curl and wget read them from the command line: the scheme may be missing (curl and
// busybox wget then assume http), the port defaults by scheme, and the Host header carries the
// port only when it is not the default.

import { isIPv4 } from "../../util/ipv4.js";

export interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  /** Request target: path and query, "/" when empty. */
  target: string;
  /** The Host header value. */
  hostHeader: string;
  /** How curl prints the URL back (%{url_effective}). */
  href: string;
  /** The URL named a port explicitly. */
  explicitPort: boolean;
  /** The host is an IP literal, so no name resolution happens. */
  literal: boolean;
}

export type UrlError =
  | { error: "scheme"; scheme: string }
  | { error: "malformed" }
  | { error: "port" }
  | { error: "nohost" };

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

export function parseUrl(input: string, defaultScheme = "http"): ParsedUrl | UrlError {
  let rest = input.trim();
  let scheme = defaultScheme;
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  }
  if (!(scheme in DEFAULT_PORTS)) return { error: "scheme", scheme };
  const hashAt = rest.indexOf("#");
  if (hashAt >= 0) rest = rest.slice(0, hashAt);
  const cut = rest.search(/[/?]/);
  let authority = cut >= 0 ? rest.slice(0, cut) : rest;
  let target = cut >= 0 ? rest.slice(cut) : "/";
  if (target.startsWith("?")) target = `/${target}`;
  const at = authority.lastIndexOf("@");
  if (at >= 0) authority = authority.slice(at + 1);
  let host = authority;
  let portText: string | undefined;
  if (authority.startsWith("[")) {
    const close = authority.indexOf("]");
    if (close < 0) return { error: "malformed" };
    host = authority.slice(0, close + 1);
    if (authority[close + 1] === ":") portText = authority.slice(close + 2);
  } else {
    const colon = authority.lastIndexOf(":");
    if (colon >= 0) {
      host = authority.slice(0, colon);
      portText = authority.slice(colon + 1);
    }
  }
  if (host === "") return { error: "nohost" };
  let port = DEFAULT_PORTS[scheme];
  const explicitPort = portText !== undefined && portText !== "";
  if (portText !== undefined && portText !== "") {
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) return { error: "port" };
    port = Number(portText);
  }
  host = host.toLowerCase();
  const hostHeader = port === DEFAULT_PORTS[scheme] ? host : `${host}:${port}`;
  return {
    scheme,
    host,
    port,
    target,
    hostHeader,
    href: `${scheme}://${hostHeader}${target}`,
    explicitPort,
    literal: isIPv4(host) || host.startsWith("["),
  };
}

/** A Location header against the URL it came from. */
export function resolveLocation(base: ParsedUrl, location: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(location)) return location;
  if (location.startsWith("//")) return `${base.scheme}:${location}`;
  if (location.startsWith("/")) return `${base.scheme}://${base.hostHeader}${location}`;
  const dir = base.target.split("?")[0].replace(/[^/]*$/, "");
  return `${base.scheme}://${base.hostHeader}${dir}${location}`;
}
