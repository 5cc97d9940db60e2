// The decision a node's rules make for the first packet of a new connection, read from the
// rule text itself: nat PREROUTING (or OUTPUT for the node's own traffic) may DNAT it, the
// filter table may REJECT or DROP it, and nat POSTROUTING decides whether it is masqueraded.
import { inCIDR } from "../util/ipv4.js";
import { parseRule, type Rule } from "./rule.js";
import type {
  AffinityMemory,
  CompiledRules,
  Connection,
  IptablesTable,
  NatTable,
  NodeMeta,
  ProxyVerdict,
} from "./types.js";

const parsedTables = new WeakMap<IptablesTable, Map<string, Rule[]>>();

/** Rules per chain, parsed once per table object. */
function rulesOf(table: IptablesTable): Map<string, Rule[]> {
  let byChain = parsedTables.get(table);
  if (!byChain) {
    byChain = new Map();
    for (const r of table.rules) {
      const list = byChain.get(r.chain) ?? [];
      list.push(parseRule(r.spec));
      byChain.set(r.chain, list);
    }
    parsedTables.set(table, byChain);
  }
  return byChain;
}

interface Packet {
  src: string;
  dst: string;
  dport: number;
  proto: string;
  mark: number;
  dnat: boolean;
}

interface Env {
  localIPs: Set<string>;
  /** Gets the statistic rule's probability, so a caller can record each draw against it. */
  random: (probability: number) => number;
  affinity?: AffinityMemory;
  now: number;
  /** The rule that jumped to KUBE-MARK-MASQ: the reason the connection is masqueraded. */
  masqBy?: { chain: string; comment: string };
}

type Outcome =
  | { kind: "continue" }
  | { kind: "return" }
  | { kind: "dnat"; to: string; path: string[] }
  | { kind: "masquerade" }
  | { kind: "accept" }
  | { kind: "drop" | "reject"; path: string[]; note: string };

function isLocal(env: Env, ip: string): boolean {
  return ip.startsWith("127.") || env.localIPs.has(ip);
}

function parseMark(s: string): { value: number; mask: number } {
  const [v, m] = s.split("/");
  return { value: Number(v), mask: m === undefined ? 0xffffffff : Number(m) };
}

function matches(rule: Rule, pkt: Packet, env: Env): boolean {
  if (rule.src && inCIDR(pkt.src, rule.src.cidr) === !!rule.src.not) return false;
  if (rule.dst && inCIDR(pkt.dst, rule.dst.cidr) === !!rule.dst.not) return false;
  if (rule.proto && rule.proto !== pkt.proto) return false;
  for (const m of rule.matches) {
    switch (m.m) {
      case "comment":
        break;
      case "tcp":
      case "udp":
      case "sctp":
        if (m.m !== pkt.proto || (m.dport !== undefined && m.dport !== pkt.dport)) return false;
        break;
      case "addrtype":
        if (m.src && isLocal(env, pkt.src) === !!m.not) return false;
        if (m.dst && isLocal(env, pkt.dst) === !!m.not) return false;
        break;
      case "statistic":
        // xt_statistic: a fresh draw each time the rule is reached.
        if (!(env.random(Number(m.probability)) < Number(m.probability))) return false;
        break;
      case "recent": {
        const key = `${m.name}|${pkt.src}`;
        if (m.op === "set") {
          const to = rule.target?.j === "DNAT" ? rule.target.to : `${pkt.dst}:${pkt.dport}`;
          const [ip, port] = to.split(":");
          env.affinity?.set(key, { ip, port: Number(port), at: env.now });
          break;
        }
        const seen = env.affinity?.get(key);
        const fresh = !!seen && (!m.seconds || env.now - seen.at <= m.seconds * 1000);
        if (seen && !fresh && m.reap) env.affinity?.delete(key);
        if (!fresh) return false;
        break;
      }
      case "mark": {
        const { value, mask } = parseMark(m.mark);
        if (((pkt.mark & mask) === value) === !!m.not) return false;
        break;
      }
      case "set":
        // ipset lookups live in the ipvs-mode tables, which only render: the decision for a
        // connection comes from the Service model (see ipvs.ts), never from these rules.
        return false;
      case "conntrack": {
        // The first packet of a connection: NEW, plus DNAT once the nat table rewrote it.
        const states = new Set(["NEW", ...(pkt.dnat ? ["DNAT"] : [])]);
        const hit = m.ctstate.split(",").some((s) => states.has(s));
        if (hit === !!m.not) return false;
        break;
      }
    }
  }
  return true;
}

/** Runs one chain; user chains entered are pushed on path while they run. */
function run(rules: Map<string, Rule[]>, chain: string, pkt: Packet, env: Env, path: string[]): Outcome {
  if (path.length > 64) throw new Error(`iptables chain loop at ${chain}`);
  for (const rule of rules.get(chain) ?? []) {
    if (!matches(rule, pkt, env)) continue;
    const t = rule.target;
    if (!t) continue;
    const note = rule.matches.find((m) => m.m === "comment")?.text ?? "";
    switch (t.j) {
      case "jump": {
        if (t.chain === "KUBE-MARK-MASQ") env.masqBy ??= { chain, comment: note };
        path.push(t.chain);
        const out = run(rules, t.chain, pkt, env, path);
        if (out.kind !== "continue" && out.kind !== "return") return out;
        path.pop();
        break;
      }
      case "MARK": {
        const { value, mask } = parseMark(t.xmark);
        pkt.mark = ((pkt.mark & ~mask) ^ value) >>> 0;
        break;
      }
      case "RETURN":
        return { kind: "return" };
      case "DNAT":
        return { kind: "dnat", to: t.to, path: [...path] };
      case "MASQUERADE":
        return { kind: "masquerade" };
      case "ACCEPT":
        return { kind: "accept" };
      case "DROP":
        return { kind: "drop", path: [...path], note };
      case "REJECT":
        return { kind: "reject", path: [...path], note };
    }
  }
  return { kind: "continue" };
}

function dropReason(note: string): "no-local-endpoints" | "load-balancer-source-ranges" | "firewall" {
  if (note.endsWith("has no local endpoints")) return "no-local-endpoints";
  if (note.includes(" traffic not accepted by KUBE-FW-")) return "load-balancer-source-ranges";
  return "firewall";
}

function isCompiled(x: NatTable | CompiledRules): x is CompiledRules {
  return "nat" in x && "meta" in x;
}

/**
 * What this node's rules do with a new connection. `random` is the statistic match's draw in
 * [0,1); `affinity` is the node's ClientIP memory (updated here); `nowMs` its clock.
 * A bare NatTable without its `filter` cannot REJECT or DROP: pass compile()'s result.
 */
export function evaluate(
  tables: NatTable | CompiledRules,
  conn: Connection,
  random: (probability: number) => number,
  affinity?: AffinityMemory,
  nowMs = 0,
): ProxyVerdict {
  const nat = isCompiled(tables) ? tables.nat : tables;
  const filter = isCompiled(tables) ? tables.filter : tables.filter;
  const meta: NodeMeta | undefined = isCompiled(tables) ? tables.meta : tables.meta;
  const env: Env = { localIPs: new Set(meta?.localIPs ?? []), random, affinity, now: nowMs };
  if (!meta && conn.fromLocalNode) env.localIPs.add(conn.srcIP);
  const pkt: Packet = {
    src: conn.srcIP,
    dst: conn.dstIP,
    dport: conn.dstPort,
    proto: conn.protocol.toLowerCase(),
    mark: 0,
    dnat: false,
  };
  const natRules = rulesOf(nat);
  const pre = run(natRules, conn.fromLocalNode ? "OUTPUT" : "PREROUTING", pkt, env, []);
  let dnat: { ip: string; port: number; path: string[] } | undefined;
  if (pre.kind === "dnat") {
    const [ip, port] = pre.to.split(":");
    dnat = { ip, port: Number(port), path: pre.path };
    pkt.dst = ip;
    pkt.dport = Number(port);
    pkt.dnat = true;
  }

  if (filter) {
    const filterRules = rulesOf(filter);
    // Own traffic passes OUTPUT, and INPUT too when it is delivered locally over lo;
    // arriving traffic passes INPUT if it is for this node, FORWARD otherwise.
    const hooks = conn.fromLocalNode
      ? ["OUTPUT", ...(isLocal(env, pkt.dst) ? ["INPUT"] : [])]
      : [isLocal(env, pkt.dst) ? "INPUT" : "FORWARD"];
    for (const hook of hooks) {
      const out = run(filterRules, hook, pkt, env, []);
      if (out.kind === "reject") return { kind: "reject", chain: out.path, reason: "no-endpoints" };
      if (out.kind === "drop") return { kind: "drop", chain: out.path, reason: dropReason(out.note) };
    }
  }

  if (!dnat) return { kind: "none" };
  const post = run(natRules, "POSTROUTING", pkt, env, []);
  const where = meta?.endpoints[`${dnat.ip}:${dnat.port}`] ?? {};
  return {
    kind: "dnat",
    ip: dnat.ip,
    port: dnat.port,
    chain: dnat.path,
    masquerade: post.kind === "masquerade",
    ...(post.kind === "masquerade" && env.masqBy ? { masqueradeBy: env.masqBy } : {}),
    endpoint: { ip: dnat.ip, port: dnat.port, ...where },
  };
}
