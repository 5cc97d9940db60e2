// The nslookups that container images ship. busybox's since 1.29 (busybox, alpine) sends every
// query at once and prints each reply; from 1.30 it expands only dotless names, under each
// search domain, and never tries the name itself. busybox's before 1.29 (busybox:1.28, the
// Kubernetes docs' DNS debugging image, and radial/busyboxplus) asks the C library: one
// getaddrinfo, a reverse lookup per address, and `nslookup: can't resolve` when it fails.
// bind's (dnsutils, netshoot) searches like the C library and prints only the final answer
// of each lookup.
import { isIP } from "node:net";
import { versionBefore } from "../util/version.js";
import type { Answer, DnsData, DnsResponse, ResolvConf, ToolOutput } from "./index.js";
import { exchange, type QType, reverseName } from "./records.js";
import { searchCandidates } from "./resolver.js";

export interface NslookupOptions {
  /** `-type=srv` / `-query=srv`: one explicit query type instead of A then AAAA (or PTR for an address). */
  type?: Answer["type"];
  /** The busybox release ("1.28.4"); its output changed with 1.29, 1.30, 1.31 and 1.34. Default: 1.36. */
  busyboxVersion?: string;
  /** The container's /etc/hosts, which the C library reads before DNS (busybox before 1.29). */
  hostsFile?: string;
}

function noDot(name: string): string {
  return name === "." ? name : name.replace(/\.$/, "");
}

function serversOf(rc: ResolvConf, server?: string): string[] {
  if (server) return [server];
  const list = rc.nameservers ?? (rc.nameserver ? [rc.nameserver] : []);
  return list.length ? list : ["127.0.0.1"];
}

const TIMED_OUT = ";; connection timed out; no servers could be reached\n\n";

/** busybox `nslookup [-type=T] NAME [SERVER]`, as 1.36 has it unless opts names an older release. */
export function nslookupBusybox(
  data: DnsData | null,
  rc: ResolvConf,
  name: string,
  server?: string,
  opts: NslookupOptions = {},
): ToolOutput {
  const release = opts.busyboxVersion ?? "1.36.1";
  if (versionBefore(release, "1.29")) return nslookupLibc(data, rc, name, server, opts.hostsFile);
  // add_query_with_search (1.30+): a dotless name goes under each search domain, anything
  // else as is; 1.29 sends every name as is.
  const search = !versionBefore(release, "1.30");
  const withSearch = (type: Answer["type"], n: string) =>
    type === "PTR" || !search || !rc.search.length || n.includes(".")
      ? [{ name: n, type }]
      : rc.search.map((d) => ({ name: `${n}.${d}`, type }));
  const ptr = reverseName(name);
  const queries = opts.type
    ? withSearch(opts.type, name)
    : ptr
      ? [{ name: ptr, type: "PTR" as const }]
      : [...withSearch("A", name), ...withSearch("AAAA", name)];
  for (const ns of serversOf(rc, server)) {
    const replies = queries.map((q) => exchange(data, ns, q.name, q.type));
    if (replies.every((r) => r === null)) continue; // timed out: try the next server
    let out = `Server:\t\t${ns}\nAddress:\t${ns}:53\n\n`;
    let exitCode = 0;
    // Replies are printed as they arrive; the order here is the order of the queries.
    replies.forEach((r, i) => {
      if (!r) return;
      if (r.rcode !== "NOERROR") {
        out += `** server can't find ${queries[i].name}: ${r.rcode}\n`;
        exitCode = 1;
      } else {
        if (!r.authoritative) out += "Non-authoritative answer:\n";
        for (const a of r.answers) out += busyboxRecord(a);
        // Before 1.34 an empty answer (NODATA, the AAAA of an IPv4 Service) said so.
        if (!r.answers.length && versionBefore(release, "1.34"))
          out += `*** Can't find ${queries[i].name}: No answer\n`;
      }
      out += "\n";
    });
    // Before 1.31 a name that was not found still exited 0.
    return { stdout: out, stderr: "", exitCode: versionBefore(release, "1.31") ? 0 : exitCode };
  }
  return { stdout: TIMED_OUT, stderr: "", exitCode: 1 };
}

/**
 * busybox before 1.29: `nslookup HOST [SERVER]` is getaddrinfo and getnameinfo. The server
 * is shown by address and reverse name (`Server:    10.96.0.10` / `Address 1: 10.96.0.10
 * kube-dns.kube-system.svc.cluster.local`), then the name as typed with each address and its
 * reverse name; a name that does not resolve is `nslookup: can't resolve 'NAME'` on stderr,
 * exit 1. Names go through the C library of the image, uClibc-ng for docker-library's
 * busybox:1.28 (and buildroot's radial/busyboxplus): /etc/hosts first, then DNS, a dotless
 * name under each search domain before the name itself, a dotted one as is first, ndots
 * ignored; NXDOMAIN or SERVFAIL moves on to the next name, an empty answer ends the search.
 */
function nslookupLibc(
  data: DnsData | null,
  rc: ResolvConf,
  name: string,
  server: string | undefined,
  hostsFile = "",
): ToolOutput {
  // set_default_dns: a server given on the command line replaces resolv.conf's.
  const servers = serversOf(rc, server);
  const ask = (qname: string, type: QType): DnsResponse | null => {
    for (const ns of servers) {
      const r = exchange(data, ns, qname, type);
      if (r) return r;
    }
    return null; // every server timed out
  };
  const hosts = hostsFile
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim().split(/\s+/))
    .filter(([ip, ...names]) => isIP(ip ?? "") === 4 && names.length > 0);
  // gethostbyaddr: the hosts file's first name for the address, else the PTR record.
  const reverse = (ip: string): string | undefined => {
    const local = hosts.find(([addr]) => addr === ip);
    if (local) return local[1];
    const arpa = reverseName(ip);
    const r = arpa ? ask(arpa, "PTR") : null;
    const ptr = r?.rcode === "NOERROR" ? r.answers.find((a) => a.type === "PTR") : undefined;
    return ptr ? noDot(ptr.data) : undefined;
  };
  const lines = (ips: string[]) =>
    ips
      .map((ip, i) => {
        const rev = reverse(ip);
        return `Address ${i + 1}: ${ip}${rev ? ` ${rev}` : ""}\n`;
      })
      .join("");
  const pad = (header: string, value: string) => `${header.padEnd(10)} ${value}\n`;
  const shown = servers[0];
  let stdout = pad("Server:", shown) + lines([shown]) + "\n";
  const addresses = libcAddresses(name, rc, hosts, ask);
  if (!addresses.length) return { stdout, stderr: `nslookup: can't resolve '${name}'\n`, exitCode: 1 };
  stdout += pad("Name:", name) + lines(addresses);
  return { stdout, stderr: "", exitCode: 0 };
}

/** uClibc-ng's getaddrinfo for IPv4: an address as is, the hosts file, then __dns_lookup. */
function libcAddresses(
  name: string,
  rc: ResolvConf,
  hosts: string[][],
  ask: (qname: string, type: QType) => DnsResponse | null,
): string[] {
  if (isIP(name) === 4) return [name];
  if (!name || isIP(name)) return [];
  const want = name.replace(/\.$/, "").toLowerCase();
  const local = hosts.find(([, ...names]) => names.some((n) => n.toLowerCase() === want));
  if (local) return [local[0]];
  const bare = name.replace(/\.$/, "");
  const searched = rc.search.map((d) => `${bare}.${d}`);
  const candidates = name.endsWith(".")
    ? [bare]
    : name.includes(".")
      ? [bare, ...searched]
      : [...searched, bare];
  for (const candidate of candidates) {
    const r = ask(candidate, "A");
    if (!r) return [];
    if (r.rcode === "NXDOMAIN" || r.rcode === "SERVFAIL") continue;
    return r.answers.filter((a) => a.type === "A").map((a) => a.data);
  }
  return [];
}

/** busybox prints names as libc's ns_name_uncompress gives them: without the trailing dot. */
function busyboxRecord(a: Answer): string {
  const owner = noDot(a.name);
  switch (a.type) {
    case "A":
    case "AAAA":
      return `Name:\t${owner}\nAddress: ${a.data}\n`;
    case "CNAME":
      return `${owner}\tcanonical name = ${noDot(a.data)}\n`;
    case "PTR":
      return `${owner}\tname = ${noDot(a.data)}\n`;
    case "SRV": {
      const [prio, weight, port, target] = a.data.split(" ");
      return `${owner}\tservice = ${prio} ${weight} ${port} ${noDot(target)}\n`;
    }
  }
}

/** bind's printsection: addresses as Name/Address pairs, anything else as owner, text, rdata. */
function bindRecord(a: Answer): string {
  const owner = noDot(a.name);
  const text = { CNAME: "canonical name = ", PTR: "name = ", SRV: "service = " } as const;
  if (a.type === "A" || a.type === "AAAA") return `Name:\t${owner}\nAddress: ${a.data}\n`;
  return `${owner}\t${text[a.type]}${a.data}\n`;
}

interface Lookup {
  /** The name queried last: the one reported. */
  queried: string;
  resp: DnsResponse;
}

/**
 * One dig-library lookup: with fewer than ndots dots, each search domain and then the name
 * itself; otherwise the name only. An NXDOMAIN moves on to the next name; anything else ends it.
 */
export function lookup(
  data: DnsData | null,
  rc: ResolvConf,
  server: string,
  name: string,
  type: QType,
  search: boolean,
): Lookup | null {
  const dots = (name.match(/\./g) ?? []).length;
  const names =
    !search || name.endsWith(".") || dots >= rc.ndots
      ? [name]
      : searchCandidates(name, { ...rc, ndots: Number.MAX_SAFE_INTEGER });
  let last: Lookup | null = null;
  for (const n of names) {
    const resp = exchange(data, server, n, type);
    if (!resp) return null;
    last = { queried: n, resp };
    if (resp.rcode !== "NXDOMAIN") break;
  }
  return last;
}

/** The name the answers end at, following CNAMEs from `name` (bind's chase_cnamechain). */
export function chase(name: string, answers: Answer[]): string {
  let cur = noDot(name).toLowerCase();
  for (let i = 0; i < answers.length; i++) {
    const c = answers.find((a) => a.type === "CNAME" && noDot(a.name).toLowerCase() === cur);
    if (!c) break;
    cur = noDot(c.data).toLowerCase();
  }
  return cur;
}

/** bind9 (9.18) `nslookup [-type=T] NAME [SERVER]`. */
export function nslookupBind(
  data: DnsData | null,
  rc: ResolvConf,
  name: string,
  server?: string,
  opts: NslookupOptions = {},
): ToolOutput {
  const ptr = reverseName(name);
  const defaults = !opts.type;
  const type = opts.type ?? (ptr ? "PTR" : "A");
  const qname = !opts.type && ptr ? ptr : name;
  for (const ns of serversOf(rc, server)) {
    const first = lookup(data, rc, ns, qname, type, true);
    if (!first) continue;
    let out = "";
    let failed = false;
    const report = (l: Lookup, t: Answer["type"], textname: string, aNoAnswer: boolean) => {
      // The server is named before the A answer, or before any answer of an explicit type.
      if (!defaults || t === "A") out += `Server:\t\t${ns}\nAddress:\t${ns}#53\n\n`;
      if (l.resp.rcode !== "NOERROR") {
        out += `** server can't find ${l.resp.rcode === "NXDOMAIN" ? noDot(textname) : noDot(l.queried)}: ${l.resp.rcode}\n`;
        failed = true;
        return false;
      }
      if (!l.resp.authoritative && (!defaults || t === "A")) out += "Non-authoritative answer:\n";
      if (l.resp.answers.length) for (const a of l.resp.answers) out += bindRecord(a);
      else if (!defaults || (t === "AAAA" && aNoAnswer))
        out += `*** Can't find ${noDot(textname)}: No answer\n`;
      if (!l.resp.authoritative && t !== "A" && t !== "AAAA")
        out += "\nAuthoritative answers can be found from:\n";
      return true;
    };
    if (report(first, type, qname, false) && defaults && type === "A") {
      // Then AAAA for the name the A answer ended at.
      const target = chase(first.queried, first.resp.answers);
      const second = lookup(data, rc, ns, target, "AAAA", false);
      if (second) report(second, "AAAA", target, first.resp.answers.length === 0);
    }
    return { stdout: `${out}\n`, stderr: "", exitCode: failed ? 1 : 0 };
  }
  return { stdout: TIMED_OUT, stderr: "", exitCode: 1 };
}
