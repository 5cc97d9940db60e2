// bind9's dig (9.18, as in Debian's dnsutils): `dig NAME [TYPE]`, `dig +short ...`,
// `dig @SERVER ...`, `dig -x ADDR`, `dig +search NAME`. dig does not use the search list
// unless told to, so `dig web` asks for `web.` and CoreDNS forwards it upstream.
import type { Answer, DnsData, DnsResponse, ResolvConf, Soa, ToolOutput } from "./index.js";
import { lookup } from "./nslookup.js";
import { type QType, reverseName } from "./records.js";

export interface DigOptions {
  /** dig's version string; Debian bookworm's dnsutils by default. */
  version?: string;
  /** The `;; WHEN:` time (the cluster clock); the Unix epoch by default so output stays fixed. */
  when?: Date;
  /** Message id and client cookie; derived from the question when absent. */
  id?: number;
  cookie?: string;
  queryTimeMsec?: number;
}

const TYPES = ["A", "AAAA", "CNAME", "SRV", "PTR"] as const;
const OTHER_TYPES = ["MX", "TXT", "NS", "SOA", "ANY"];
/** dig's EDNS buffer size since 9.18, which CoreDNS echoes. */
const UDP_SIZE = 1232;

interface Parsed {
  name: string;
  type: string;
  server?: string;
  short: boolean;
  search: boolean;
}

function parse(args: string[]): Parsed {
  const p: Parsed = { name: "", type: "", short: false, search: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("@")) p.server = a.slice(1);
    else if (a === "+short") p.short = true;
    else if (a === "+noshort") p.short = false;
    else if (a === "+search") p.search = true;
    else if (a === "+nosearch") p.search = false;
    else if (a.startsWith("+"))
      continue; // other display options are not modelled
    else if (a === "-x" && args[i + 1]) {
      p.name = reverseName(args[++i]) ?? args[i];
      p.type ||= "PTR";
    } else if (a === "-t" && args[i + 1]) p.type = args[++i].toUpperCase();
    else if (a === "-q" && args[i + 1]) p.name = args[++i];
    else if ([...TYPES, ...OTHER_TYPES].includes(a.toUpperCase()) && (p.name || !p.type))
      p.type = a.toUpperCase();
    else if (a.toUpperCase() === "IN") continue;
    else if (!p.name) p.name = a;
  }
  if (!p.name) return { ...p, name: ".", type: p.type || "NS" };
  return { ...p, type: p.type || "A" };
}

/** A small FNV-1a hash: ids and cookies look random but are the same for the same question. */
function hash(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** BIND's master-file columns: owner, then TTL at 24, class at 32, type at 40, data at 48 (tabs of 8). */
function column(text: string, col: number, to: number): [string, number] {
  const target = Math.max(to, col + 1);
  const tabs = Math.floor(target / 8) - Math.floor(col / 8);
  const from = tabs > 0 ? Math.floor(target / 8) * 8 : col;
  return [text + "\t".repeat(Math.max(0, tabs)) + " ".repeat(target - from), target];
}

function rrLine(owner: string, ttl: number | undefined, type: string, data: string): string {
  let line = owner;
  let col = owner.length;
  if (ttl !== undefined) {
    [line, col] = column(line, col, 24);
    line += String(ttl);
    col += String(ttl).length;
  }
  [line, col] = column(line, col, 32);
  line += "IN";
  [line, col] = column(line, col + 2, 40);
  line += type;
  if (data === "") return line;
  [line] = column(line, col + type.length, 48);
  return line + data;
}

function soaText(s: Soa): string {
  return `${s.mname} ${s.rname} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
}

function fqdn(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

/**
 * The response's size on the wire. miekg/dns (CoreDNS) compresses names only when the
 * message would not fit the client's buffer otherwise; SRV targets are never compressed.
 */
function wireSize(qname: string, resp: DnsResponse): number {
  const rdNames = (a: Answer): [string, boolean][] =>
    a.type === "CNAME" || a.type === "PTR"
      ? [[a.data, true]]
      : a.type === "SRV"
        ? [[a.data.split(" ")[3], false]]
        : [];
  const rdFixed = (a: Answer) => (a.type === "A" ? 4 : a.type === "AAAA" ? 16 : a.type === "SRV" ? 6 : 0);
  const rrs: { owner: string; names: [string, boolean][]; fixed: number }[] = [
    ...resp.answers.map((a) => ({ owner: a.name, names: rdNames(a), fixed: rdFixed(a) })),
    ...(resp.authority ?? []).map((s) => ({
      owner: s.name,
      names: [
        [s.mname, true],
        [s.rname, true],
      ] as [string, boolean][],
      fixed: 20,
    })),
    ...(resp.additional ?? []).map((a) => ({ owner: a.name, names: rdNames(a), fixed: rdFixed(a) })),
  ];
  const opt = 1 + 10 + 12; // root owner, fixed fields, the echoed 8-byte client cookie
  const size = (compress: boolean) => {
    const seen = new Map<string, number>();
    let off = 12;
    const name = (n: string, canCompress: boolean) => {
      const labels = fqdn(n).toLowerCase().split(".").slice(0, -1);
      for (let i = 0; i < labels.length; i++) {
        const suffix = labels.slice(i).join(".");
        if (compress && canCompress && seen.has(suffix)) {
          off += 2; // a pointer to the earlier copy ends the name
          return;
        }
        if (off < 0x3fff && !seen.has(suffix)) seen.set(suffix, off);
        off += labels[i].length + 1;
      }
      off += 1;
    };
    name(qname, true);
    off += 4;
    for (const rr of rrs) {
      name(rr.owner, true);
      off += 10 + rr.fixed;
      for (const [n, c] of rr.names) name(n, c);
    }
    return off + opt;
  };
  const plain = size(false);
  return plain <= UDP_SIZE ? plain : size(true);
}

function when(d: Date): string {
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** `dig ARGS...` from a pod (rc is its resolv.conf) or a node. Exit 0 on any reply, 9 when none came. */
export function dig(data: DnsData | null, rc: ResolvConf, args: string[], opts: DigOptions = {}): ToolOutput {
  const p = parse(args);
  const version = opts.version ?? "9.18.33-1~deb12u2-Debian";
  const servers = p.server ? [p.server] : (rc.nameservers ?? [rc.nameserver]);
  for (const server of servers) {
    // Types CoreDNS has no records for here get NODATA for a name that exists, NXDOMAIN otherwise.
    const got = lookup(data, rc, server, p.name, p.type as QType, p.search);
    if (!got) continue;
    const resp = got.resp;
    const qname = fqdn(got.queried);
    if (p.short) {
      const lines = resp.answers.map((a) => `${a.data}\n`).join("");
      return { stdout: lines, stderr: "", exitCode: 0 };
    }
    const id = opts.id ?? hash(`${qname} ${p.type}`) % 65536;
    const cookie =
      opts.cookie ??
      hash(qname, 7).toString(16).padStart(8, "0") + hash(p.type, 11).toString(16).padStart(8, "0");
    const authority = resp.authority ?? [];
    const additional = resp.additional ?? [];
    const flags = ["qr", resp.authoritative ? "aa" : "", "rd", resp.recursionAvailable ? "ra" : ""].filter(
      Boolean,
    );
    let out = `\n; <<>> DiG ${version} <<>> ${args.join(" ")}\n`;
    if (p.server) out += "; (1 server found)\n";
    out += ";; global options: +cmd\n;; Got answer:\n";
    out += `;; ->>HEADER<<- opcode: QUERY, status: ${resp.rcode}, id: ${id}\n`;
    out += `;; flags: ${flags.join(" ")}; QUERY: 1, ANSWER: ${resp.answers.length}, AUTHORITY: ${authority.length}, ADDITIONAL: ${additional.length + 1}\n`;
    if (!resp.recursionAvailable) out += ";; WARNING: recursion requested but not available\n";
    out += `\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: ${UDP_SIZE}\n; COOKIE: ${cookie} (echoed)\n`;
    out += `;; QUESTION SECTION:\n${rrLine(`;${qname}`, undefined, p.type, "")}\n`;
    const section = (title: string, lines: string[]) =>
      lines.length ? `\n;; ${title} SECTION:\n${lines.join("\n")}\n` : "";
    out += section(
      "ANSWER",
      resp.answers.map((a) => rrLine(a.name, a.ttl, a.type, a.data)),
    );
    out += section(
      "AUTHORITY",
      authority.map((s) => rrLine(s.name, s.ttl, "SOA", soaText(s))),
    );
    out += section(
      "ADDITIONAL",
      additional.map((a) => rrLine(a.name, a.ttl, a.type, a.data)),
    );
    out += `\n;; Query time: ${opts.queryTimeMsec ?? 0} msec\n`;
    out += `;; SERVER: ${server}#53(${server}) (UDP)\n;; WHEN: ${when(opts.when ?? new Date(0))}\n`;
    out += `;; MSG SIZE  rcvd: ${wireSize(qname, resp)}\n\n`;
    return { stdout: out, stderr: "", exitCode: 0 };
  }
  // Three tries per server (dig's default +tries=3), then the summary.
  let out = servers.map((s) => `;; communications error to ${s}#53: timed out\n`.repeat(3)).join("");
  if (!p.short) {
    out += `\n; <<>> DiG ${version} <<>> ${args.join(" ")}\n`;
    if (p.server) out += "; (1 server found)\n";
    out += ";; global options: +cmd\n";
  }
  out += ";; no servers could be reached\n";
  return { stdout: out, stderr: "", exitCode: 9 };
}
