// curl's command line: short options bundle (-sSL, -fsSL), those that take a value take the
// rest of the word or the next argument (-o file, -ofile, -m5), long options take the next
// argument (curl has no --opt=value form). Errors are curl's, exit 2.

export interface CurlOptions {
  urls: string[];
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  include: boolean;
  head: boolean;
  output?: string;
  remoteName: boolean;
  writeOut?: string;
  maxTimeMs?: number;
  connectTimeoutMs?: number;
  headers: string[];
  method?: string;
  data: string[];
  get: boolean;
  location: boolean;
  maxRedirs: number;
  fail: boolean;
  userAgent?: string;
  user?: string;
  referer?: string;
  resolve: { host: string; port: number; ip: string }[];
  noProgressMeter: boolean;
  http10: boolean;
  /** --http0.9: take a reply without a status line (refused by default since curl 7.66). */
  http09: boolean;
  /** -k/--insecure: no chain or host name check in the TLS handshake. */
  insecure: boolean;
  /** --cacert FILE: the CA bundle the server's chain is checked against. */
  cacert?: string;
  /** --http1.1: ALPN offers http/1.1 only. */
  http11: boolean;
}

export type ParseResult = { ok: true; opts: CurlOptions } | { ok: false; stderr: string; exitCode: number };

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** Long name → [takes a value, setter]. Short letters map onto these names. */
type Setter = (o: CurlOptions, v: string) => string | undefined;
type BoolKey = { [K in keyof CurlOptions]-?: CurlOptions[K] extends boolean ? K : never }[keyof CurlOptions];
type StrKey = "output" | "writeOut" | "method" | "userAgent" | "user" | "referer" | "cacert";
const bool =
  (k: BoolKey): Setter =>
  (o) => {
    o[k] = true;
    return undefined;
  };
const str =
  (k: StrKey): Setter =>
  (o, v) => {
    o[k] = v;
    return undefined;
  };
const push =
  (k: "headers" | "data" | "urls", map: (v: string) => string = (v) => v): Setter =>
  (o, v) => {
    o[k].push(map(v));
    return undefined;
  };
const seconds =
  (k: "maxTimeMs" | "connectTimeoutMs"): Setter =>
  (o, v) => {
    if (!/^\d*\.?\d+$/.test(v)) return "expected a proper numerical parameter";
    o[k] = Math.round(Number(v) * 1000);
    return undefined;
  };
const ignore: Setter = () => undefined;

const LONG: Record<string, [boolean, Setter]> = {
  silent: [false, bool("silent")],
  "show-error": [false, bool("showError")],
  verbose: [false, bool("verbose")],
  include: [false, bool("include")],
  head: [false, bool("head")],
  output: [true, str("output")],
  "remote-name": [false, bool("remoteName")],
  "write-out": [true, str("writeOut")],
  "max-time": [true, seconds("maxTimeMs")],
  "connect-timeout": [true, seconds("connectTimeoutMs")],
  header: [true, push("headers")],
  request: [true, str("method")],
  data: [true, push("data")],
  "data-raw": [true, push("data")],
  "data-binary": [true, push("data")],
  "data-ascii": [true, push("data")],
  "data-urlencode": [true, push("data", (v) => encodeURIComponent(v).replace(/%3D/, "="))],
  get: [false, bool("get")],
  location: [false, bool("location")],
  "max-redirs": [
    true,
    (o, v) => {
      if (!/^-?\d+$/.test(v)) return "expected a proper numerical parameter";
      o.maxRedirs = Number(v);
      return undefined;
    },
  ],
  fail: [false, bool("fail")],
  "fail-with-body": [false, bool("fail")],
  "user-agent": [true, str("userAgent")],
  user: [true, str("user")],
  referer: [true, str("referer")],
  url: [true, push("urls")],
  resolve: [
    true,
    (o, v) => {
      const m = /^([^:]+):(\d+):(.+)$/.exec(v);
      if (m) o.resolve.push({ host: m[1].toLowerCase(), port: Number(m[2]), ip: m[3] });
      return undefined;
    },
  ],
  "no-progress-meter": [false, bool("noProgressMeter")],
  "http1.0": [false, bool("http10")],
  "http0.9": [false, bool("http09")],
  "http1.1": [false, bool("http11")],
  insecure: [false, bool("insecure")],
  compressed: [false, ignore],
  ipv4: [false, ignore],
  "progress-bar": [false, ignore],
  "no-keepalive": [false, ignore],
  "no-buffer": [false, ignore],
  retry: [true, ignore],
  "retry-delay": [true, ignore],
  noproxy: [true, ignore],
  cookie: [true, ignore],
  "cookie-jar": [true, ignore],
  cacert: [true, str("cacert")],
};

const SHORT: Record<string, string> = {
  s: "silent",
  S: "show-error",
  v: "verbose",
  i: "include",
  I: "head",
  o: "output",
  O: "remote-name",
  w: "write-out",
  m: "max-time",
  H: "header",
  X: "request",
  d: "data",
  G: "get",
  L: "location",
  f: "fail",
  A: "user-agent",
  u: "user",
  e: "referer",
  k: "insecure",
  "4": "ipv4",
  "0": "http1.0",
  "#": "progress-bar",
  N: "no-buffer",
  b: "cookie",
  c: "cookie-jar",
};

function fresh(): CurlOptions {
  return {
    urls: [],
    silent: false,
    showError: false,
    verbose: false,
    include: false,
    head: false,
    remoteName: false,
    headers: [],
    data: [],
    get: false,
    location: false,
    maxRedirs: 50,
    fail: false,
    resolve: [],
    noProgressMeter: false,
    http10: false,
    http09: false,
    insecure: false,
    http11: false,
  };
}

export function parseCurlArgs(argv: string[]): ParseResult {
  const o = fresh();
  const bad = (text: string): ParseResult => ({ ok: false, stderr: `curl: ${text}\n${TRY}`, exitCode: 2 });
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      o.urls.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      let name = a.slice(2);
      // --no-X turns a boolean off; only the ones people type matter here.
      if (name.startsWith("no-") && LONG[name.slice(3)] && !LONG[name]) name = name.slice(3);
      const spec = LONG[name];
      if (!spec) return bad(`option ${a}: is unknown`);
      const [takes, set] = spec;
      let v = "";
      if (takes) {
        if (i + 1 >= argv.length) return bad(`option ${a}: requires parameter`);
        v = argv[++i];
      }
      const err = set(o, v);
      if (err) return bad(`option ${a}: ${err}`);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const name = SHORT[a[j]];
        if (!name) return bad(`option -${a.slice(j)}: is unknown`);
        const [takes, set] = LONG[name];
        let v = "";
        if (takes) {
          const rest = a.slice(j + 1);
          if (rest) v = rest;
          else if (i + 1 < argv.length) v = argv[++i];
          else return bad(`option -${a[j]}: requires parameter`);
        }
        const err = set(o, v);
        if (err) return bad(`option -${a[j]}: ${err}`);
        if (takes) break;
      }
      continue;
    }
    o.urls.push(a);
  }
  return { ok: true, opts: o };
}

export const TRY_HINT = TRY;
