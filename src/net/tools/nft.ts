// `nft list ruleset` (and `nft list table ip nat|filter`) on a node whose kube-proxy runs in
// iptables mode: the tables iptables-nft built, as nft 1.0.6 (Debian 12, built with
// libxtables) prints them. iptables-nft writes addresses, protocols, ports, counters,
// comments and verdicts as native expressions; the other matches and targets stay xtables
// extensions, which nft prints through their xlate functions, or as `xt match "NAME"` where
// the extension has none (statistic's random mode, recent).

import {
  compileNftables,
  type IptablesTable,
  type Match,
  parseRule,
  type Rule,
  renderNftTable,
  saveOrder,
  type Target,
} from "../../proxy/index.js";
import type { CommandContext } from "../../shell/index.js";
import { DataPlane } from "../connect.js";
import { proxyInput, tablesFor } from "../proxy-modes.js";
import { proxyMode } from "../published.js";
import type { ClusterRef } from "./index.js";
import { nodePortIPs } from "./node-addrs.js";

const HOOKS: Record<string, Record<string, string>> = {
  nat: {
    PREROUTING: "type nat hook prerouting priority dstnat; policy accept;",
    INPUT: "type nat hook input priority 100; policy accept;",
    OUTPUT: "type nat hook output priority -100; policy accept;",
    POSTROUTING: "type nat hook postrouting priority srcnat; policy accept;",
  },
  filter: {
    INPUT: "type filter hook input priority filter; policy accept;",
    FORWARD: "type filter hook forward priority filter; policy accept;",
    OUTPUT: "type filter hook output priority filter; policy accept;",
  },
};

function addr(dir: "saddr" | "daddr", a: Rule["src"]): string[] {
  if (!a) return [];
  const cidr = a.cidr.endsWith("/32") ? a.cidr.slice(0, -3) : a.cidr;
  return [`ip ${dir} ${a.not ? "!= " : ""}${cidr}`];
}

function ctState(states: string, not?: boolean): string {
  const words = states.toLowerCase().split(",");
  const state = words.filter((w) => w !== "snat" && w !== "dnat");
  const status = words.filter((w) => w === "snat" || w === "dnat");
  const op = not ? "!= " : "";
  return [
    state.length ? `ct state ${op}${state.join(",")}` : "",
    status.length ? `ct status ${op}${status.join(",")}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

function match(m: Match): string | undefined {
  switch (m.m) {
    case "comment":
      return undefined;
    case "tcp":
    case "udp":
    case "sctp":
      return m.dport !== undefined ? `${m.m} dport ${m.dport}` : undefined;
    case "addrtype":
      return `fib ${m.src ? "saddr" : "daddr"} type ${m.not ? "!= " : ""}${(m.src ?? m.dst ?? "").toLowerCase()}`;
    case "statistic":
      return 'xt match "statistic"';
    case "recent":
      return 'xt match "recent"';
    case "mark": {
      const [v, mask] = m.mark.split("/");
      return mask ? `mark and ${mask} ${m.not ? "!=" : "=="} ${v}` : `mark ${m.not ? "!= " : ""}${v}`;
    }
    case "conntrack":
      return ctState(m.ctstate, m.not);
    case "set":
      // libxt_set has no translation to nft: the rule keeps the xtables match.
      return 'xt match "set"';
  }
}

function target(t: Target | undefined): string | undefined {
  if (!t) return undefined;
  switch (t.j) {
    case "jump":
      return `jump ${t.chain}`;
    case "DNAT":
      return `dnat to ${t.to}`;
    case "MARK": {
      const [v, m] = t.xmark.split("/");
      if (m !== undefined && Number(m) === 0) return `meta mark set mark xor ${v}`;
      if (m !== undefined && Number(m) === Number(v)) return `meta mark set mark or ${v}`;
      return `meta mark set ${v}`;
    }
    case "MASQUERADE":
      return t.randomFully ? "masquerade fully-random" : "masquerade";
    case "REJECT":
      return t.rejectWith === "icmp-port-unreachable"
        ? "reject"
        : `reject with icmp type ${t.rejectWith.replace(/^icmp-/, "")}`;
    default:
      return t.j.toLowerCase();
  }
}

/** One rule as nft prints an iptables-nft rule: matches, the counter, the verdict, the comment. */
export function nftRule(spec: string): string {
  const r = parseRule(spec);
  const words: string[] = [...addr("saddr", r.src), ...addr("daddr", r.dst)];
  const ports = r.matches.some(
    (m) => (m.m === "tcp" || m.m === "udp" || m.m === "sctp") && m.dport !== undefined,
  );
  // A port match implies its protocol: nft leaves out the `meta l4proto` it depends on.
  if (r.proto && !ports) words.push(`meta l4proto ${r.proto}`);
  for (const m of r.matches) {
    const w = match(m);
    if (w) words.push(w);
  }
  words.push("counter packets 0 bytes 0");
  const t = target(r.target);
  if (t) words.push(t);
  const comment = r.matches.find((m) => m.m === "comment");
  if (comment?.m === "comment") words.push(`comment ${JSON.stringify(comment.text.slice(0, 255))}`);
  return words.join(" ");
}

function table(name: string, t: IptablesTable): string {
  const s = saveOrder(t);
  let out = `table ip ${name} {\n`;
  s.chains.forEach((c, i) => {
    out += `${i ? "\n" : ""}\tchain ${c.name} {\n`;
    const hook = HOOKS[name]?.[c.name];
    if (hook) out += `\t\t${hook}\n`;
    for (const r of s.rules) if (r.chain === c.name) out += `\t\t${nftRule(r.spec)}\n`;
    out += "\t}\n";
  });
  return `${out}}\n`;
}

export function nftCommand(ctx: CommandContext, ref: ClusterRef, node: string): number {
  const args = ctx.argv.slice(1).filter((a) => a !== "-a" && a !== "--handle");
  const plane = new DataPlane(ref.c);
  const rules = tablesFor(plane, node, nodePortIPs(ref.c, node));
  const tables: Record<string, () => string> = {
    filter: () => table("filter", rules.filter),
    nat: () => table("nat", rules.nat),
  };
  // nftables mode: kube-proxy's own table, after the ones iptables-nft made for kubelet.
  if (proxyMode(ref.c.state.settings) === "nftables")
    tables["kube-proxy"] = () => renderNftTable(compileNftables(proxyInput(plane, node)));
  if (args[0] === "list" && args[1] === "ruleset" && args.length === 2) {
    ctx.io.stdout(
      Object.values(tables)
        .map((t) => t())
        .join(""),
    );
    return 0;
  }
  if (args[0] === "list" && args[1] === "tables" && args.length === 2) {
    ctx.io.stdout(
      Object.keys(tables)
        .map((t) => `table ip ${t}\n`)
        .join(""),
    );
    return 0;
  }
  if (args[0] === "list" && args[1] === "table" && args.length >= 3) {
    const [family, name] = args.length === 4 ? [args[2], args[3]] : ["ip", args[2]];
    const t = family === "ip" ? tables[name] : undefined;
    if (!t) {
      ctx.io.stderr(
        `Error: No such file or directory\nlist table ${family} ${name}\n${" ".repeat(11 + family.length + 1)}${"^".repeat(name.length)}\n`,
      );
      return 1;
    }
    ctx.io.stdout(t());
    return 0;
  }
  if (args.length === 0) {
    ctx.io.stderr("Error: syntax error, unexpected end of file\n\n^\n");
    return 1;
  }
  ctx.io.stderr(
    `nft: kubesim's nft lists (list ruleset, list tables, list table ip NAME); it changes nothing\n`,
  );
  return 1;
}
