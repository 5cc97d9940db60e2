// `tcpdump -i any -n` on a kind node (tcpdump 4.99.3, Debian 12): the packets of one logged
// connection as the node's interfaces carried them. With -i any every packet shows once per
// interface it crossed, "In" on the way in and "Out" on the way out, before DNAT on the way in
// and after SNAT on the way out. The sequence is a plain HTTP/1.1 exchange that the client
// closes: handshake, request, response, FIN both ways; a refused SYN gets an RST, an
// unanswered one nothing. Sequence numbers are absolute until tcpdump has seen the
// connection's first ACK, relative after, as tcpdump prints them without -S.
import type { ConnRecord, NodeFlow, Tuple } from "../../proxy/index.js";

export const TCPDUMP_VERSION = "4.99.3";

export interface CaptureFilter {
  iface?: string;
  ports: number[];
  hosts: string[];
  /** -nn: ports as numbers; with -n alone tcpdump still names them from /etc/services. */
  numericPorts?: boolean;
}

/** Debian's /etc/services (netbase) for the ports a lesson meets; tcpdump -n names these. */
const SERVICES: Record<number, string> = {
  22: "ssh",
  53: "domain",
  80: "http",
  443: "https",
  3306: "mysql",
  5432: "postgresql",
  6443: "sun-sr-https",
  8080: "http-alt",
  27017: "mongodb",
};

const portText = (p: number, f: CaptureFilter) => (f.numericPorts ? String(p) : (SERVICES[p] ?? String(p)));

/** Reads tcpdump's options and the few filter primitives lessons use ("port 80", "host X", "tcp", "and"). */
export function parseTcpdumpArgs(
  argv: string[],
): { filter: CaptureFilter; count?: number; numeric: boolean } | { error: string } {
  const filter: CaptureFilter = { ports: [], hosts: [] };
  let count: number | undefined;
  let numeric = false;
  const expr: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-i" || a === "--interface") {
      const v = argv[++i];
      if (v === undefined) return { error: "tcpdump: option requires an argument -- 'i'" };
      if (v !== "any") filter.iface = v;
    } else if (a === "-c") {
      const v = argv[++i];
      if (v === undefined) return { error: "tcpdump: option requires an argument -- 'c'" };
      if (!/^\d+$/.test(v) || Number(v) <= 0) return { error: `tcpdump: invalid packet count ${v}` };
      count = Number(v);
    } else if (/^-n+$/.test(a)) {
      numeric = true;
      if (a.length > 2) filter.numericPorts = true;
    } else if (a === "-l" || a === "-q") {
      // Line buffering is what kubesim does anyway.
    } else if (a.startsWith("-")) return { error: `tcpdump: invalid option -- '${a.replace(/^-+/, "")[0]}'` };
    else expr.push(a);
  }
  for (let i = 0; i < expr.length; i++) {
    const w = expr[i];
    if (w === "and" || w === "&&" || w === "tcp" || w === "ip") continue;
    if (w === "port" || w === "host") {
      const v = expr[++i];
      if (v === undefined) return { error: "tcpdump: syntax error" };
      if (w === "port") filter.ports.push(Number(v));
      else filter.hosts.push(v);
      continue;
    }
    return { error: `tcpdump: can't parse filter expression: syntax error` };
  }
  return { filter, ...(count !== undefined ? { count } : {}), numeric };
}

/** What tcpdump prints on stderr as it starts. */
export function tcpdumpBanner(f: CaptureFilter): string {
  const iface = f.iface ?? "any";
  const link = iface === "any" ? "LINUX_SLL2 (Linux cooked v2)" : "EN10MB (Ethernet)";
  return `${iface === "any" ? "tcpdump: data link type LINUX_SLL2\n" : ""}tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on ${iface}, link-type ${link}, snapshot length 262144 bytes\n`;
}

/** What it prints on stderr when it stops. */
export function tcpdumpSummary(n: number): string {
  const p = (k: number) => `${k} packet${k === 1 ? "" : "s"}`;
  return `${p(n)} captured\n${p(n)} received by filter\n0 packets dropped by kernel\n`;
}

interface Segment {
  /** From the client (c) or the server (s). */
  from: "c" | "s";
  flags: string;
  /** µs after the SYN. */
  t: number;
  /** Payload: bytes and the HTTP line tcpdump shows for ports 80 and 8080. */
  data?: { bytes: number; line: string };
  syn?: boolean;
  fin?: boolean;
}

function hash(s: string): number {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

function segments(r: ConnRecord): Segment[] {
  const syn: Segment = { from: "c", flags: "S", t: 0, syn: true };
  if (r.end === "timeout") return [syn];
  if (r.end === "refused") return [syn, { from: "s", flags: "R.", t: 60 }];
  const req = r.req ?? { bytes: 0, line: "" };
  const res = r.res ?? { bytes: 0, line: "" };
  return [
    syn,
    { from: "s", flags: "S.", t: 70, syn: true },
    { from: "c", flags: ".", t: 110 },
    ...(req.bytes ? [{ from: "c" as const, flags: "P.", t: 260, data: req }] : []),
    ...(req.bytes ? [{ from: "s" as const, flags: ".", t: 300 }] : []),
    ...(res.bytes ? [{ from: "s" as const, flags: "P.", t: 1180, data: res }] : []),
    ...(res.bytes ? [{ from: "c" as const, flags: ".", t: 1230 }] : []),
    { from: "c", flags: "F.", t: 1420, fin: true },
    { from: "s", flags: "F.", t: 1510, fin: true },
    { from: "c", flags: ".", t: 1560 },
  ];
}

const reverse = ([a, b, c, d]: Tuple): Tuple => [b, a, d, c];

/** One packet as captured: the interface and direction, and the tuple on the wire there. */
interface Capture {
  iface: string;
  dir: "In" | "Out";
  tuple: Tuple;
  seg: Segment;
  /** µs offset of this copy. */
  t: number;
}

/** The copies of each segment the node's interfaces carried, in order. */
function captures(r: ConnRecord, f: NodeFlow, segs: Segment[]): Capture[] {
  const out: Capture[] = [];
  for (const seg of segs) {
    const copies: Omit<Capture, "seg" | "t">[] = [];
    if (seg.from === "c") {
      if (f.inIf) copies.push({ iface: f.inIf, dir: "In", tuple: f.pre });
      if (f.outIf === "lo")
        copies.push({ iface: "lo", dir: "Out", tuple: f.post }, { iface: "lo", dir: "In", tuple: f.post });
      else if (f.outIf) copies.push({ iface: f.outIf, dir: "Out", tuple: f.post });
      // The client never got past this node: its later segments are never sent.
    } else {
      if (r.end === "timeout") continue;
      if (f.outIf === "lo")
        copies.push(
          { iface: "lo", dir: "Out", tuple: reverse(f.post) },
          { iface: "lo", dir: "In", tuple: reverse(f.post) },
        );
      else if (f.outIf) copies.push({ iface: f.outIf, dir: "In", tuple: reverse(f.post) });
      // Delivered on this node, the answer starts here and only leaves by the way it came.
      if (f.inIf) copies.push({ iface: f.inIf, dir: "Out", tuple: reverse(f.pre) });
    }
    for (const [i, c] of copies.entries()) out.push({ ...c, seg, t: seg.t + i * 14 });
  }
  return out;
}

/** HH:MM:SS.uuuuuu of the SYN's simulated time plus `us` microseconds. */
function clock(ms: number, us: number): string {
  const total = ms * 1000 + us;
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const d = new Date(Math.floor(total / 1000000) * 1000);
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(total % 1000000, 6)}`;
}

function matches(c: Capture, f: CaptureFilter): boolean {
  if (f.iface && f.iface !== c.iface) return false;
  const [src, dst, sport, dport] = c.tuple;
  if (f.ports.some((p) => p !== sport && p !== dport)) return false;
  return f.hosts.every((h) => h === src || h === dst);
}

/** The lines tcpdump prints for one logged connection on `node`, filtered. */
export function tcpdumpLines(r: ConnRecord, node: string, f: CaptureFilter): string[] {
  const flow = r.flows.find((x) => x.node === node);
  if (!flow) return [];
  const isn = { c: hash(`${r.seq}c${r.at}`), s: hash(`${r.seq}s${r.at}`) };
  const tsBase = { c: hash(`${r.at}tc`) % 4000000000, s: hash(`${r.at}ts`) % 4000000000 };
  // Bytes each side has sent so far (SYN and FIN count one), to print seq and ack.
  const sent = { c: 0, s: 0 };
  const acked = new Set<string>();
  const lines: string[] = [];
  const progress = new Map<Segment, { seq: number; ack: number }>();
  const segs = segments(r);
  for (const seg of segs) {
    const other = seg.from === "c" ? "s" : "c";
    progress.set(seg, { seq: sent[seg.from], ack: sent[other] });
    sent[seg.from] += (seg.data?.bytes ?? 0) + (seg.syn || seg.fin ? 1 : 0);
  }
  for (const c of captures(r, flow, segs)) {
    if (!matches(c, f)) continue;
    const { seg } = c;
    const me = seg.from;
    const other = me === "c" ? "s" : "c";
    const pos = progress.get(seg) ?? { seq: 0, ack: 0 };
    const [src, dst, sport, dport] = c.tuple;
    const key = [src, dst, sport, dport].sort().join("|");
    const relative = acked.has(key);
    const hasAck = seg.flags.includes(".");
    const parts = [`Flags [${seg.flags}]`];
    const len = seg.data?.bytes ?? 0;
    if (seg.flags === "R.") parts.push("seq 0");
    else if (seg.syn || seg.fin || len > 0) {
      const base = relative ? 0 : isn[me];
      parts.push(len > 0 ? `seq ${base + pos.seq}:${base + pos.seq + len}` : `seq ${(base + pos.seq) >>> 0}`);
    }
    if (hasAck) parts.push(`ack ${((relative ? 0 : isn[other]) + pos.ack) >>> 0}`);
    const win = seg.flags === "R." ? 0 : seg.syn ? (me === "c" ? 64240 : 65160) : me === "c" ? 502 : 509;
    parts.push(`win ${win}`);
    const ts = tsBase[me] + Math.floor(seg.t / 1000);
    const ecr = seg.flags === "S" ? 0 : tsBase[other] + Math.floor(seg.t / 1000);
    if (seg.syn) parts.push(`options [mss 1460,sackOK,TS val ${ts} ecr ${ecr},nop,wscale 7]`);
    else if (seg.flags !== "R.") parts.push(`options [nop,nop,TS val ${ts} ecr ${ecr}]`);
    const http =
      len > 0 && [80, 8080].some((p) => p === sport || p === dport) ? `: HTTP: ${seg.data?.line}` : "";
    parts.push(`length ${len}${http}`);
    if (hasAck) acked.add(key);
    const iface = c.iface.length < 5 ? c.iface.padEnd(5) : c.iface;
    lines.push(
      `${clock(r.at, c.t)} ${iface} ${c.dir.padEnd(3)} IP ${src}.${portText(sport, f)} > ${dst}.${portText(dport, f)}: ${parts.join(", ")}`,
    );
  }
  return lines;
}
