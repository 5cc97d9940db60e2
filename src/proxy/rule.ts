// One iptables rule as a value, written and read in the form `iptables-save` prints: the
// address and protocol options first (-s, -d, -p), then the matches in the order they were
// given, then the target. compile.ts builds rules as values and formats them; evaluate.ts
// parses the text back, so the evaluator follows exactly what the dump shows.

export interface Addr {
  cidr: string;
  not?: boolean;
}

export type Match =
  | { m: "comment"; text: string }
  | { m: "tcp" | "udp" | "sctp"; dport?: number }
  | { m: "addrtype"; src?: string; dst?: string; not?: boolean }
  | { m: "statistic"; probability: string }
  | { m: "recent"; op: "set" | "rcheck"; seconds?: number; reap?: boolean; name: string }
  | { m: "mark"; mark: string; not?: boolean }
  | { m: "conntrack"; ctstate: string; not?: boolean }
  /** An ipset lookup (kube-proxy's ipvs mode): `flags` says which packet fields make the key. */
  | { m: "set"; name: string; flags: string; not?: boolean };

export type Target =
  | { j: "jump"; chain: string }
  | { j: "DNAT"; to: string }
  | { j: "MARK"; xmark: string }
  | { j: "MASQUERADE"; randomFully?: boolean }
  | { j: "REJECT"; rejectWith: string }
  | { j: "RETURN" | "ACCEPT" | "DROP" };

export interface Rule {
  src?: Addr;
  dst?: Addr;
  proto?: string;
  matches: Match[];
  /** Absent for a rule that only counts (KUBE-FW's last rule). */
  target?: Target;
}

const NO_QUOTE = /^[A-Za-z0-9_-]+$/;

/** xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted with " and \ escaped. */
export function saveString(s: string): string {
  return NO_QUOTE.test(s) ? s : `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** A bare address gets iptables' /32, as `iptables-save` shows every IPv4 address. */
function cidr(a: string): string {
  return a.includes("/") ? a : `${a}/32`;
}

// The formatters below append words to a string rather than build arrays of them: compile
// formats 100,000 rules at 10,000 Services, and the arrays were most of its garbage.

function addr(flag: string, a: Addr | undefined): string {
  if (!a) return "";
  return a.not ? ` ! ${flag} ${cidr(a.cidr)}` : ` ${flag} ${cidr(a.cidr)}`;
}

const bang = (not: boolean | undefined) => (not ? " !" : "");

/** The match's words, each after a space. */
function formatMatch(x: Match): string {
  switch (x.m) {
    case "comment":
      // XT_MAX_COMMENT_LEN is 256 with the NUL: the kernel keeps 255 characters.
      return ` -m comment --comment ${saveString(x.text.slice(0, 255))}`;
    case "tcp":
    case "udp":
    case "sctp":
      return x.dport !== undefined ? ` -m ${x.m} --dport ${x.dport}` : ` -m ${x.m}`;
    case "addrtype": {
      let out = " -m addrtype";
      if (x.src) out += `${bang(x.not)} --src-type ${x.src}`;
      if (x.dst) out += `${bang(x.not)} --dst-type ${x.dst}`;
      return out;
    }
    case "statistic":
      return ` -m statistic --mode random --probability ${x.probability}`;
    case "recent": {
      // libxt_recent's save order; iptables 1.8.9 leaves out the all-ones --mask.
      let out = ` -m recent ${x.op === "set" ? "--set" : "--rcheck"}`;
      if (x.seconds) out += ` --seconds ${x.seconds}`;
      if (x.reap) out += " --reap";
      return `${out} --name ${x.name} --rsource`;
    }
    case "mark":
      return ` -m mark${bang(x.not)} --mark ${x.mark}`;
    case "conntrack":
      return ` -m conntrack${bang(x.not)} --ctstate ${x.ctstate}`;
    case "set":
      return ` -m set${bang(x.not)} --match-set ${x.name} ${x.flags}`;
  }
}

/** The target's words, each after a space. */
function formatTarget(t: Target): string {
  switch (t.j) {
    case "jump":
      return ` -j ${t.chain}`;
    case "DNAT":
      return ` -j DNAT --to-destination ${t.to}`;
    case "MARK":
      // -j MARK --or-mark/--xor-mark are stored as value/mask and saved as --set-xmark.
      return ` -j MARK --set-xmark ${t.xmark}`;
    case "MASQUERADE":
      return t.randomFully ? " -j MASQUERADE --random-fully" : " -j MASQUERADE";
    case "REJECT":
      return ` -j REJECT --reject-with ${t.rejectWith}`;
    default:
      return ` -j ${t.j}`;
  }
}

/** The text of a rule after `-A CHAIN ` in `iptables-save` output. */
export function formatRule(r: Rule): string {
  const w: string[] = [];
  if (r.src) w.push(addr("-s", r.src));
  if (r.dst) w.push(addr("-d", r.dst));
  if (r.proto) w.push(` -p ${r.proto}`);
  for (const m of r.matches) w.push(formatMatch(m));
  if (r.target) w.push(formatTarget(r.target));
  // One flat string: a rope of the pieces would keep them all alive as long as the rule.
  return w.join("").slice(1);
}

/** Splits save text into words; a double-quoted word may hold spaces and \" or \\. */
export function tokenize(spec: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < spec.length) {
    if (spec[i] === " ") {
      i++;
      continue;
    }
    let word = "";
    if (spec[i] === '"') {
      i++;
      while (i < spec.length && spec[i] !== '"') {
        if (spec[i] === "\\" && i + 1 < spec.length) i++;
        word += spec[i++];
      }
      i++;
    } else {
      while (i < spec.length && spec[i] !== " ") word += spec[i++];
    }
    out.push(word);
  }
  return out;
}

const BUILTIN_TARGETS = new Set(["DNAT", "MARK", "MASQUERADE", "REJECT", "RETURN", "ACCEPT", "DROP"]);

/** Reads back what formatRule writes (and what kube-proxy's rules look like in a real dump). */
export function parseRule(spec: string): Rule {
  const w = tokenize(spec);
  const rule: Rule = { matches: [] };
  let i = 0;
  let not = false;
  const take = (): string => {
    if (i >= w.length) throw new Error(`iptables rule ends early: ${spec}`);
    return w[i++];
  };
  while (i < w.length) {
    const word = take();
    if (word === "!") {
      not = true;
      continue;
    }
    if (word === "-s" || word === "-d") {
      const a: Addr = { cidr: take(), ...(not ? { not } : {}) };
      if (word === "-s") rule.src = a;
      else rule.dst = a;
    } else if (word === "-p") {
      rule.proto = take();
    } else if (word === "-m") {
      const { match, next } = parseMatch(take(), w, i, spec);
      rule.matches.push(match);
      i = next;
    } else if (word === "-j") {
      const { target, next } = parseTarget(take(), w, i);
      rule.target = target;
      i = next;
    } else {
      throw new Error(`unknown iptables option ${word} in: ${spec}`);
    }
    not = false;
  }
  return rule;
}

/** The options of one `-m NAME`: words up to the next `-m`/`-j` (a `!` may precede either). */
function optionsOf(w: string[], i: number): { opts: string[]; next: number } {
  let j = i;
  while (
    j < w.length &&
    w[j] !== "-m" &&
    w[j] !== "-j" &&
    !(w[j] === "!" && ["-s", "-d", "-p"].includes(w[j + 1]))
  )
    j++;
  return { opts: w.slice(i, j), next: j };
}

function parseMatch(name: string, w: string[], i: number, spec: string): { match: Match; next: number } {
  const { opts, next } = optionsOf(w, i);
  const not = opts.includes("!");
  const val = (flag: string): string | undefined => {
    const k = opts.indexOf(flag);
    return k >= 0 ? opts[k + 1] : undefined;
  };
  let match: Match;
  switch (name) {
    case "comment":
      match = { m: "comment", text: val("--comment") ?? "" };
      break;
    case "tcp":
    case "udp":
    case "sctp": {
      const dport = val("--dport");
      match = dport !== undefined ? { m: name, dport: Number(dport) } : { m: name };
      break;
    }
    case "addrtype":
      match = { m: "addrtype", src: val("--src-type"), dst: val("--dst-type"), not };
      break;
    case "statistic":
      match = { m: "statistic", probability: val("--probability") ?? "1" };
      break;
    case "recent": {
      const seconds = val("--seconds");
      match = {
        m: "recent",
        op: opts.includes("--set") ? "set" : "rcheck",
        seconds: seconds ? Number(seconds) : undefined,
        reap: opts.includes("--reap"),
        name: val("--name") ?? "DEFAULT",
      };
      break;
    }
    case "mark":
      match = { m: "mark", mark: val("--mark") ?? "", not };
      break;
    case "conntrack":
      match = { m: "conntrack", ctstate: val("--ctstate") ?? "", not };
      break;
    case "set": {
      const k = opts.indexOf("--match-set");
      match = { m: "set", name: opts[k + 1] ?? "", flags: opts[k + 2] ?? "", not };
      break;
    }
    default:
      throw new Error(`unknown iptables match ${name} in: ${spec}`);
  }
  return { match, next };
}

function parseTarget(name: string, w: string[], i: number): { target: Target; next: number } {
  const { opts, next } = optionsOf(w, i);
  const val = (flag: string) => opts[opts.indexOf(flag) + 1];
  if (!BUILTIN_TARGETS.has(name)) return { target: { j: "jump", chain: name }, next };
  switch (name) {
    case "DNAT":
      return { target: { j: "DNAT", to: val("--to-destination") }, next };
    case "MARK":
      return { target: { j: "MARK", xmark: val("--set-xmark") }, next };
    case "MASQUERADE":
      return { target: { j: "MASQUERADE", randomFully: opts.includes("--random-fully") }, next };
    case "REJECT":
      return { target: { j: "REJECT", rejectWith: val("--reject-with") ?? "icmp-port-unreachable" }, next };
    default:
      return { target: { j: name as "RETURN" | "ACCEPT" | "DROP" }, next };
  }
}
