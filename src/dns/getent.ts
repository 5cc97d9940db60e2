// `getent hosts`, as glibc's getent runs it in a Debian or Ubuntu container: for a name,
// gethostbyname2 for IPv6 and then, finding none, for IPv4, each through nsswitch's
// `hosts: files dns` (the /etc/hosts lines of that family, then res_search over the search
// list); for an address, gethostbyaddr (the hosts file, then a PTR query). Each address is
// printed as glibc's print_hosts does: "%-15s %s" of the address and the official name, then
// the aliases, space-separated. A key that is not found prints nothing and exits 2.
import { isIP } from "node:net";
import type { DnsData, ResolvConf } from "./index.js";
import { exchange } from "./records.js";
import { searchCandidates } from "./resolver.js";

export interface HostEnt {
  name: string;
  aliases: string[];
  addresses: string[];
}

export interface GetentHosts {
  /** What was found for the key, if anything. */
  ent?: HostEnt;
  /** How many lookups waited out an unanswered nameserver (5 s, twice, in glibc). */
  timeouts: number;
}

const DEFAULT_HOSTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";

function hostsLines(hostsFile: string): { ip: string; names: string[] }[] {
  return hostsFile
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim().split(/\s+/))
    .filter(([ip, ...names]) => isIP(ip ?? "") !== 0 && names.length > 0)
    .map(([ip, ...names]) => ({ ip, names }));
}

/**
 * The files backend: every line of the family naming `name` (host.conf's `multi on`, as
 * Debian ships it), the first line's name official, the other names aliases.
 */
function fromFiles(hostsFile: string, name: string, family: 4 | 6): HostEnt | undefined {
  const want = name.toLowerCase();
  const lines = hostsLines(hostsFile).filter(
    (l) => isIP(l.ip) === family && l.names.some((n) => n.toLowerCase() === want),
  );
  if (!lines.length) return undefined;
  const [official, ...rest] = lines[0].names;
  const aliases: string[] = [];
  for (const n of [...rest, ...lines.slice(1).flatMap((l) => l.names)])
    if (n !== official && !aliases.includes(n)) aliases.push(n);
  const addresses = [...new Set(lines.map((l) => l.ip))];
  return { name: official, aliases, addresses };
}

/** res_search for A or AAAA records; the official name is the one answered for. */
function fromDns(
  data: DnsData | null,
  rc: ResolvConf,
  name: string,
  type: "A" | "AAAA",
): { ent?: HostEnt; timedOut?: boolean } {
  const servers = rc.nameservers ?? [rc.nameserver];
  for (const candidate of searchCandidates(name, rc)) {
    const resp = servers.map((s) => exchange(data, s, candidate, type)).find((r) => r !== null) ?? null;
    if (!resp) return { timedOut: true };
    const addresses = resp.answers.filter((a) => a.type === type).map((a) => a.data);
    if (resp.rcode === "NOERROR" && addresses.length) {
      const cnames = resp.answers.filter((a) => a.type === "CNAME");
      const official = (cnames.length ? cnames[cnames.length - 1].data : candidate).replace(/\.$/, "");
      // A CNAME chain leaves the names it went through as aliases.
      const aliases = cnames.length
        ? [candidate, ...cnames.slice(0, -1).map((c) => c.data.replace(/\.$/, ""))]
        : [];
      return { ent: { name: official, aliases, addresses } };
    }
  }
  return {};
}

/** The PTR name of an address: 4.3.2.1.in-addr.arpa, or the nibbles of an IPv6 one. */
function reverseName(ip: string): string {
  if (isIP(ip) === 4) return `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
  const [head, tail = ""] = ip.split("::");
  const groups = (s: string) => (s ? s.split(":") : []);
  const h = groups(head);
  const t = groups(tail);
  const full = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t].map((g) => g.padStart(4, "0"));
  return `${full.join("").split("").reverse().join(".")}.ip6.arpa`;
}

/** gethostbyaddr: the first hosts-file line with the address, else a PTR query. */
function byAddress(data: DnsData | null, rc: ResolvConf, ip: string, hostsFile: string): GetentHosts {
  const line = hostsLines(hostsFile).find((l) => l.ip === ip);
  if (line)
    return { ent: { name: line.names[0], aliases: line.names.slice(1), addresses: [ip] }, timeouts: 0 };
  const servers = rc.nameservers ?? [rc.nameserver];
  const resp = servers.map((s) => exchange(data, s, reverseName(ip), "PTR")).find((r) => r !== null) ?? null;
  if (!resp) return { timeouts: 1 };
  const names = resp.answers.filter((a) => a.type === "PTR").map((a) => a.data.replace(/\.$/, ""));
  if (resp.rcode !== "NOERROR" || !names.length) return { timeouts: 0 };
  return { ent: { name: names[0], aliases: names.slice(1), addresses: [ip] }, timeouts: 0 };
}

/** getent's hosts_keys for one key. */
export function getentHosts(
  data: DnsData | null,
  rc: ResolvConf,
  key: string,
  hostsFile = DEFAULT_HOSTS,
): GetentHosts {
  if (isIP(key)) return byAddress(data, rc, key, hostsFile);
  const name = key.replace(/\.$/, "");
  let timeouts = 0;
  for (const [family, type] of [
    [6, "AAAA"],
    [4, "A"],
  ] as const) {
    const local = fromFiles(hostsFile, name, family);
    if (local) return { ent: local, timeouts };
    const dns = fromDns(data, rc, key, type);
    if (dns.ent) return { ent: dns.ent, timeouts };
    if (dns.timedOut) timeouts++;
  }
  return { timeouts };
}

/** print_hosts: one line per address. */
export function printHostEnt(ent: HostEnt): string {
  return ent.addresses.map((ip) => `${ip.padEnd(15)} ${[ent.name, ...ent.aliases].join(" ")}\n`).join("");
}
