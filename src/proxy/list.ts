// `iptables -L` and `iptables -S` over the same tables `iptables-save` prints, as iptables-nft
// 1.8.9 (kind's Debian 12 node image) writes them: print_header, print_rule_details and
// print_ipv4_addresses of xshared.c/nft-ipv4.c, then each match's and target's own print
// function (libxt_comment, libxt_tcp, libxt_addrtype, libxt_statistic, libxt_recent,
// libxt_mark, libxt_conntrack, libxt_DNAT, libxt_MARK, libxt_MASQUERADE, libxt_REJECT).
// Chains come in the order iptables-save uses, with a blank line between two chains.
import { saveOrder } from "./render.js";
import { formatRule, type Match, parseRule, type Rule, type Target } from "./rule.js";
import type { IptablesTable } from "./types.js";

export interface ListOptions {
  /** -n: addresses and ports as numbers. */
  numeric?: boolean;
  /** -v: counters, in/out interfaces, policy counters. */
  verbose?: boolean;
  /** -x: exact counters (wider columns). */
  exact?: boolean;
  /** --line-numbers. */
  lineNumbers?: boolean;
  /**
   * Without -n, an address's name as the node's resolver gives it (reverse lookups); a port's
   * name comes from /etc/services.
   */
  hostName?: (ip: string) => string | undefined;
}

/** The well-known ports in Debian's /etc/services (netbase) that kube-proxy's rules meet. */
const SERVICES: Record<number, { tcp?: string; udp?: string }> = {
  22: { tcp: "ssh" },
  25: { tcp: "smtp" },
  53: { tcp: "domain", udp: "domain" },
  80: { tcp: "http" },
  110: { tcp: "pop3" },
  123: { udp: "ntp" },
  143: { tcp: "imap2" },
  443: { tcp: "https" },
  514: { udp: "syslog" },
  587: { tcp: "submission" },
  993: { tcp: "imaps" },
  3306: { tcp: "mysql" },
  5432: { tcp: "postgresql" },
  6379: { tcp: "redis" },
  27017: { tcp: "mongodb" },
};

/** How many rules in the table jump to (or go to) the chain: nft's chain use count less its own rules. */
export function references(table: IptablesTable, chain: string): number {
  return referenceCounts(table.rules.map((r) => parseRule(r.spec))).get(chain) ?? 0;
}

/** How many rules jump to each chain, from the rules parsed once. */
function referenceCounts(rules: Rule[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const rule of rules)
    if (rule.target?.j === "jump") n.set(rule.target.chain, (n.get(rule.target.chain) ?? 0) + 1);
  return n;
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + " ".repeat(width - s.length);
}

function padLeft(s: string, width: number): string {
  return s.length >= width ? s : " ".repeat(width - s.length) + s;
}

/** xtables_print_num: counters; all zero here, since packets are not counted. */
function num(n: number, o: ListOptions, notable = false): string {
  if (notable) return `${n} `;
  return o.exact ? `${padLeft(String(n), 8)} ` : `${padLeft(String(n), 5)} `;
}

function header(refs: Map<string, number>, chain: { name: string; policy?: string }, o: ListOptions): string {
  let line = `Chain ${chain.name}`;
  if (chain.policy) {
    line += ` (policy ${chain.policy}`;
    if (o.verbose) line += ` ${num(0, o, true)}packets, ${num(0, o, true)}bytes`;
    line += ")";
  } else {
    line += ` (${refs.get(chain.name) ?? 0} references)`;
  }
  let cols = "";
  if (o.lineNumbers) cols += `${pad("num", 4)} `;
  if (o.verbose) cols += o.exact ? `${padLeft("pkts", 8)} ${padLeft("bytes", 10)} ` : " pkts bytes ";
  cols += `${pad("target", 9)} `;
  cols += " prot opt";
  if (o.verbose) cols += ` ${pad("in", 6)} ${pad("out", 6)} `;
  cols += ` ${pad("source", 19)} `;
  cols += ` ${pad("destination", 19)} `;
  return `${line}\n${cols}\n`;
}

function service(port: number, proto: string, o: ListOptions): string {
  if (o.numeric) return String(port);
  const s = SERVICES[port];
  return (proto === "udp" ? s?.udp : s?.tcp) ?? String(port);
}

/** A -s/-d column: "0.0.0.0/0" or "anywhere", a host without /32, a network with its length. */
function address(cidr: string | undefined, o: ListOptions): string {
  if (!cidr || cidr === "0.0.0.0/0") return o.numeric ? "0.0.0.0/0" : "anywhere";
  const [ip, len = "32"] = cidr.split("/");
  const mask = len === "32" ? "" : `/${len}`;
  const name = !o.numeric && mask === "" ? o.hostName?.(ip) : undefined;
  return (name ?? ip) + mask;
}

/** What a match's print function writes after the addresses (each piece starts with a space). */
function printMatch(m: Match, proto: string | undefined, o: ListOptions): string {
  switch (m.m) {
    case "comment":
      return ` /* ${m.text.slice(0, 255)} */`;
    case "tcp":
    case "udp":
    case "sctp":
      return ` ${m.m}${m.dport !== undefined ? ` dpt:${service(m.dport, m.m, o)}` : ""}`;
    case "addrtype": {
      let s = " ADDRTYPE match";
      if (m.src) s += ` src-type ${m.not ? "!" : ""}${m.src}`;
      if (m.dst) s += ` dst-type ${m.not ? "!" : ""}${m.dst}`;
      return s;
    }
    case "statistic":
      return ` statistic mode random probability ${m.probability}`;
    case "recent": {
      let s = ` recent: ${m.op === "set" ? "SET" : "CHECK"}`;
      if (m.seconds) s += ` seconds: ${m.seconds}`;
      if (m.reap) s += " reap";
      return `${s} name: ${m.name} side: source mask: 255.255.255.255`;
    }
    case "mark":
      return ` mark match${m.not ? " !" : ""} ${markText(m.mark)}`;
    case "conntrack":
      return `${m.not ? " !" : ""} ctstate ${m.ctstate}`;
    case "set":
      // libxt_set's print: "match-set NAME FLAGS", with the ! before the name.
      return ` match-set${m.not ? " !" : ""} ${m.name} ${m.flags}`;
  }
  void proto;
}

/** libxt_mark's print_mark: the mask only when it is not all ones. */
function markText(mark: string): string {
  const [value, mask] = mark.split("/");
  const v = Number(value);
  if (mask === undefined || Number(mask) === 0xffffffff) return `0x${v.toString(16)}`;
  return `0x${v.toString(16)}/0x${Number(mask).toString(16)}`;
}

function printTarget(t: Target | undefined): string {
  if (!t) return "";
  switch (t.j) {
    case "DNAT":
      return ` to:${t.to}`;
    case "MARK": {
      const [v, m = "0xffffffff"] = t.xmark.split("/");
      const mark = Number(v) >>> 0;
      const mask = Number(m) >>> 0;
      if (mark === 0) return ` MARK and 0x${(~mask >>> 0).toString(16)}`;
      if (mark === mask) return ` MARK or 0x${mark.toString(16)}`;
      if (mask === 0) return ` MARK xor 0x${mark.toString(16)}`;
      if (mask === 0xffffffff) return ` MARK set 0x${mark.toString(16)}`;
      return ` MARK xset 0x${mark.toString(16)}/0x${mask.toString(16)}`;
    }
    case "MASQUERADE":
      return t.randomFully ? " random-fully" : "";
    case "REJECT":
      return ` reject-with ${t.rejectWith}`;
    default:
      return "";
  }
}

function targetName(t: Target | undefined): string {
  if (!t) return "";
  return t.j === "jump" ? t.chain : t.j;
}

/** One rule's line under `iptables -L`. */
export function listRule(rule: Rule, n: number, o: ListOptions): string {
  let s = "";
  if (o.lineNumbers) s += `${pad(String(n), 4)} `;
  // xtables_print_num gives bytes the packets' width, under a wider "bytes" heading with -x.
  if (o.verbose) s += num(0, o) + num(0, o);
  s += `${pad(targetName(rule.target), 9)} `;
  s += " ";
  s += `${pad(rule.proto ?? "all", 4)} `;
  s += "-- ";
  if (o.verbose) {
    const any = o.numeric ? "*" : "any";
    s += ` ${pad(any, 6)} ${pad(any, 6)} `;
  }
  s += `${rule.src?.not ? "!" : " "}${pad(address(rule.src?.cidr, o), 19)} `;
  s += `${rule.dst?.not ? "!" : " "}${pad(address(rule.dst?.cidr, o), 19)} `;
  for (const m of rule.matches) s += printMatch(m, rule.proto, o);
  s += printTarget(rule.target);
  return `${s}\n`;
}

/** `iptables -t TABLE -L [CHAIN]`; undefined when CHAIN is not in the table. */
export function listTable(table: IptablesTable, o: ListOptions, chain?: string): string | undefined {
  const t = saveOrder(table);
  const chains = chain === undefined ? t.chains : t.chains.filter((c) => c.name === chain);
  if (chains.length === 0) return undefined;
  // Each rule parsed once and grouped by chain: 30,000 chains at 10,000 Services, each
  // scanning 80,000 rules for its own and for the jumps to it, took hours.
  const parsed = t.rules.map((r) => parseRule(r.spec));
  const refs = referenceCounts(parsed);
  const byChain = new Map<string, Rule[]>();
  t.rules.forEach((r, i) => {
    const list = byChain.get(r.chain) ?? [];
    byChain.set(r.chain, list);
    list.push(parsed[i]);
  });
  const blocks = chains.map((c) => {
    let out = header(refs, c, o);
    let n = 0;
    for (const rule of byChain.get(c.name) ?? []) out += listRule(rule, ++n, o);
    return out;
  });
  return blocks.join("\n");
}

/** `iptables -t TABLE -S [CHAIN]`: -P for built-in chains, -N for the others, then the rules. */
export function specTable(
  table: IptablesTable,
  o: { verbose?: boolean },
  chain?: string,
): string | undefined {
  const t = saveOrder(table);
  const chains = chain === undefined ? t.chains : t.chains.filter((c) => c.name === chain);
  if (chains.length === 0) return undefined;
  const counters = o.verbose ? " -c 0 0" : "";
  const lines: string[] = [];
  for (const c of chains) lines.push(c.policy ? `-P ${c.name} ${c.policy}${counters}` : `-N ${c.name}`);
  const wanted = new Set(chains.map((c) => c.name));
  for (const r of t.rules) {
    if (!wanted.has(r.chain)) continue;
    // The -S text is the save text; with -v, save_matches_and_target puts the counters
    // before the target.
    const rule = parseRule(r.spec);
    const body = formatRule({ ...rule, target: undefined });
    const target = rule.target ? formatRule({ matches: [], target: rule.target }) : "";
    lines.push(
      `-A ${r.chain}${[body, counters.trim(), target]
        .filter(Boolean)
        .map((x) => ` ${x}`)
        .join("")}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
