// env, printenv, hostname, id, whoami, uname, date, ps, clear, sleep, which: what a
// container says about itself. Time, processes and addresses come from the caller's hooks.

import { copyMap } from "../environ.js";
import type { CommandContext, CommandImpl, ProcessInfo } from "../types.js";
import { err, getopt, isBusybox } from "./util.js";

export const env: CommandImpl = async (ctx) => {
  const vars = copyMap(ctx.env);
  const args = ctx.argv.slice(1);
  while (args.length) {
    if (args[0] === "-i" || args[0] === "-") {
      vars.clear();
      args.shift();
    } else if (args[0] === "-u" && args.length > 1) {
      vars.delete(args[1]);
      args.splice(0, 2);
    } else if (/^[^=-][^=]*=/.test(args[0])) {
      const a = args[0];
      args.shift();
      const eq = a.indexOf("=");
      vars.set(a.slice(0, eq), a.slice(eq + 1));
    } else break;
  }
  if (args.length === 0) {
    ctx.io.stdout([...vars].map(([k, v]) => `${k}=${v}\n`).join(""));
    return 0;
  }
  if (!ctx.resolve(args[0])) {
    err(
      ctx,
      isBusybox(ctx)
        ? `can't execute '${args[0]}': No such file or directory`
        : `'${args[0]}': No such file or directory`,
    );
    return 127;
  }
  return ctx.exec(args, vars);
};

export const printenv: CommandImpl = (ctx) => {
  const names = ctx.argv.slice(1);
  if (names.length === 0) {
    ctx.io.stdout([...ctx.env].map(([k, v]) => `${k}=${v}\n`).join(""));
    return 0;
  }
  let status = 0;
  for (const n of names) {
    const v = ctx.env.get(n);
    if (v === undefined) status = 1;
    else ctx.io.stdout(`${v}\n`);
  }
  return status;
};

/** The /etc/hosts lines (address, names) as the files NSS backend reads them. */
function hostsLines(ctx: CommandContext): { ip: string; names: string[] }[] {
  let hosts = "";
  try {
    hosts = ctx.fs.read("/etc/hosts");
  } catch {
    return [];
  }
  return hosts
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim().split(/\s+/))
    .filter((f) => f.length > 1)
    .map(([ip, ...names]) => ({ ip, names }));
}

/**
 * The host's entry as gethostbyname (busybox) or getaddrinfo with AI_CANONNAME (GNU) finds it
 * in /etc/hosts: the first line naming it gives the canonical name (its first name) and aliases.
 * A pod's own name is always there (the kubelet writes it), so DNS is never asked.
 */
function hostEntry(ctx: CommandContext, name: string): { canonical: string; aliases: string[] } | undefined {
  const want = name.toLowerCase();
  const line = hostsLines(ctx).find(
    (l) => !l.ip.includes(":") && l.names.some((n) => n.toLowerCase() === want),
  );
  return line && { canonical: line.names[0], aliases: line.names.slice(1) };
}

/** Addresses of the hostname: the hook, or the kubelet-written /etc/hosts as getaddrinfo reads it. */
function hostAddresses(ctx: CommandContext): string[] {
  if (ctx.hooks.hostIPs) return ctx.hooks.hostIPs();
  return hostsLines(ctx)
    .filter((l) => l.names.includes(ctx.hostname))
    .map((l) => l.ip);
}

/** busybox's hostname (networking/hostname.c): -d, -f, -i and -s; -f wins over -s over -d over -i. */
function busyboxHostname(ctx: CommandContext, flags: Set<string>): number {
  const name = ctx.hostname;
  const lookup = flags.has("d") || flags.has("f") || flags.has("i");
  if (!lookup) {
    ctx.io.stdout(`${flags.has("s") ? name.split(".")[0] : name}\n`);
    return 0;
  }
  const entry = hostEntry(ctx, name);
  if (!entry) {
    err(ctx, `${name}: Unknown host`);
    return 1;
  }
  const fqdn = entry.canonical;
  const dot = fqdn.indexOf(".");
  if (flags.has("f")) ctx.io.stdout(`${fqdn}\n`);
  else if (flags.has("s")) ctx.io.stdout(`${dot < 0 ? fqdn : fqdn.slice(0, dot)}\n`);
  else if (flags.has("d")) {
    if (dot >= 0) ctx.io.stdout(`${fqdn.slice(dot + 1)}\n`);
  } else ctx.io.stdout(`${hostAddresses(ctx).join(" ")}\n`);
  return 0;
}

/** The options of Debian's hostname (net-tools' successor) that print something; the last one given wins. */
const GNU_HOSTNAME_MODES = "adfAiIs";

/** Debian/Ubuntu's hostname: -s cuts the kernel's name; -f, -d, -a and -i ask getaddrinfo for it. */
function gnuHostname(ctx: CommandContext): number {
  let mode = "";
  for (const a of ctx.argv.slice(1)) {
    if (a === "--") break;
    const long: Record<string, string> = {
      "--domain": "d",
      "--fqdn": "f",
      "--long": "f",
      "--alias": "a",
      "--all-fqdns": "A",
      "--ip-address": "i",
      "--all-ip-addresses": "I",
      "--short": "s",
    };
    if (long[a]) mode = long[a];
    else if (/^-[^-]/.test(a)) for (const c of a.slice(1)) if (GNU_HOSTNAME_MODES.includes(c)) mode = c;
  }
  const name = ctx.hostname;
  if (mode === "") {
    ctx.io.stdout(`${name}\n`);
    return 0;
  }
  if (mode === "s") {
    ctx.io.stdout(`${name.split(".")[0]}\n`);
    return 0;
  }
  if (mode === "I" || mode === "A") {
    // Every address of every interface but loopback, each followed by a space; -A names them.
    const all = ctx.hooks.interfaceIPs?.() ?? hostAddresses(ctx);
    const ips = all.filter((ip) => !ip.startsWith("127.") && ip !== "::1");
    const words =
      mode === "I" ? ips : ips.flatMap((ip) => hostsLines(ctx).find((l) => l.ip === ip)?.names[0] ?? []);
    ctx.io.stdout(`${words.map((w) => `${w} `).join("")}\n`);
    return 0;
  }
  const entry = hostEntry(ctx, name);
  if (!entry) {
    err(ctx, "Name or service not known");
    return 1;
  }
  const fqdn = entry.canonical;
  const dot = fqdn.indexOf(".");
  if (mode === "f") ctx.io.stdout(`${fqdn}\n`);
  else if (mode === "d") {
    if (dot >= 0) ctx.io.stdout(`${fqdn.slice(dot + 1)}\n`);
  } else if (mode === "a") ctx.io.stdout(`${entry.aliases.join(" ")}\n`);
  else ctx.io.stdout(`${hostAddresses(ctx).join(" ")}\n`);
  return 0;
}

export const hostname: CommandImpl = (ctx) => {
  const bb = isBusybox(ctx);
  const a = getopt(
    ctx,
    bb
      ? { flags: "dfisv", values: "F", long: { domain: "d", fqdn: "f", file: "F" } }
      : {
          flags: "aAdfiIsvby",
          values: "F",
          long: {
            domain: "d",
            fqdn: "f",
            long: "f",
            alias: "a",
            "all-fqdns": "A",
            "ip-address": "i",
            "all-ip-addresses": "I",
            short: "s",
            verbose: "v",
            file: "F",
          },
        },
  );
  if (typeof a === "number") return a;
  if (a.operands.length || a.values.has("F")) {
    err(ctx, bb ? "sethostname: Operation not permitted" : "you must be root to change the host name");
    return 1;
  }
  return bb ? busyboxHostname(ctx, a.flags) : gnuHostname(ctx);
};

/** Groups root is in: gid 0, plus /etc/group entries listing root (busybox's image lists several). */
function rootGroups(ctx: CommandContext): [number, string][] {
  const groups: [number, string][] = [[0, "root"]];
  try {
    for (const l of ctx.fs.read("/etc/group").split("\n")) {
      const [name, , gid, members] = l.split(":");
      if (members?.split(",").includes("root") && gid !== "0") groups.push([Number(gid), name]);
    }
  } catch {
    // no /etc/group: root alone
  }
  return groups;
}

export const id: CommandImpl = (ctx) => {
  const a = getopt(ctx, { flags: "ugGnr" });
  if (typeof a === "number") return a;
  const groups = rootGroups(ctx);
  const n = a.flags.has("n");
  if (a.flags.has("u") || a.flags.has("g")) ctx.io.stdout(n ? "root\n" : "0\n");
  else if (a.flags.has("G")) ctx.io.stdout(`${groups.map(([g, name]) => (n ? name : g)).join(" ")}\n`);
  else
    ctx.io.stdout(`uid=0(root) gid=0(root) groups=${groups.map(([g, name]) => `${g}(${name})`).join(",")}\n`);
  return 0;
};

export const whoami: CommandImpl = (ctx) => {
  ctx.io.stdout("root\n");
  return 0;
};

const DEFAULT_KERNEL = {
  release: "6.8.0-49-generic",
  version: "#49-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov  4 02:06:24 UTC 2024",
  machine: "x86_64",
};

export const uname: CommandImpl = (ctx) => {
  const a = getopt(ctx, {
    flags: "asnrvmpio",
    long: { all: "a", "kernel-name": "s", nodename: "n", "kernel-release": "r", machine: "m" },
  });
  if (typeof a === "number") return a;
  const k = ctx.hooks.kernel ?? DEFAULT_KERNEL;
  const fields: [string, string][] = [
    ["s", "Linux"],
    ["n", ctx.hostname],
    ["r", k.release],
    ["v", k.version],
    ["m", k.machine],
    ["o", "GNU/Linux"],
  ];
  const f = a.flags;
  const want = f.has("a") ? fields : fields.filter(([c]) => f.has(c));
  const out = want.length ? want.map(([, v]) => v) : ["Linux"];
  if (!f.has("a") && (f.has("p") || f.has("i"))) out.push(isBusybox(ctx) ? "unknown" : k.machine);
  ctx.io.stdout(`${out.join(" ")}\n`);
  return 0;
};

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const LONG_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** strftime in UTC (containers run with TZ unset). */
export function strftime(fmt: string, d: Date): string {
  const p2 = (n: number) => String(n).padStart(2, "0");
  const h12 = d.getUTCHours() % 12 || 12;
  const doy = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400e3) + 1;
  const map: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()),
    y: () => p2(d.getUTCFullYear() % 100),
    m: () => p2(d.getUTCMonth() + 1),
    d: () => p2(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2),
    H: () => p2(d.getUTCHours()),
    k: () => String(d.getUTCHours()).padStart(2),
    I: () => p2(h12),
    l: () => String(h12).padStart(2),
    M: () => p2(d.getUTCMinutes()),
    S: () => p2(d.getUTCSeconds()),
    N: () => String(d.getUTCMilliseconds() * 1e6).padStart(9, "0"),
    p: () => (d.getUTCHours() < 12 ? "AM" : "PM"),
    s: () => String(Math.floor(d.getTime() / 1000)),
    a: () => DAYS[d.getUTCDay()],
    A: () => LONG_DAYS[d.getUTCDay()],
    b: () => MONTHS[d.getUTCMonth()],
    h: () => MONTHS[d.getUTCMonth()],
    B: () => LONG_MONTHS[d.getUTCMonth()],
    j: () => String(doy).padStart(3, "0"),
    u: () => String(d.getUTCDay() || 7),
    w: () => String(d.getUTCDay()),
    Z: () => "UTC",
    z: () => "+0000",
    F: () => strftime("%Y-%m-%d", d),
    T: () => strftime("%H:%M:%S", d),
    R: () => strftime("%H:%M", d),
    D: () => strftime("%m/%d/%y", d),
    c: () => strftime("%a %b %e %H:%M:%S %Y", d),
    x: () => strftime("%m/%d/%y", d),
    X: () => strftime("%H:%M:%S", d),
    n: () => "\n",
    t: () => "\t",
    "%": () => "%",
  };
  return fmt.replace(/%([A-Za-z%])/g, (m, c: string) => map[c]?.() ?? m);
}

export const date: CommandImpl = (ctx) => {
  const args = ctx.argv.slice(1);
  let d = ctx.now();
  let fmt = "%a %b %e %H:%M:%S %Z %Y";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("+")) fmt = a.slice(1);
    else if (a === "-u" || a === "--utc") continue;
    else if (a === "-R" || a === "--rfc-email") fmt = "%a, %d %b %Y %H:%M:%S +0000";
    else if (a === "-I" || a.startsWith("--iso-8601")) {
      const spec = a.split("=")[1] ?? "date";
      fmt = spec.startsWith("s")
        ? "%Y-%m-%dT%H:%M:%S+00:00"
        : spec.startsWith("m")
          ? "%Y-%m-%dT%H:%M+00:00"
          : "%Y-%m-%d";
    } else if (a === "-d" || a.startsWith("--date")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
      const parsed = v?.startsWith("@") ? new Date(Number(v.slice(1)) * 1000) : new Date(v ?? "");
      if (Number.isNaN(parsed.getTime())) {
        err(ctx, `invalid date '${v}'`);
        return 1;
      }
      d = parsed;
    } else if (a === "-s" || a.startsWith("--set")) {
      err(ctx, "cannot set date: Operation not permitted");
      return 1;
    } else {
      err(ctx, `invalid date '${a}'`);
      return 1;
    }
  }
  ctx.io.stdout(`${strftime(fmt, d)}\n`);
  return 0;
};

export const ps: CommandImpl = (ctx) => {
  const procs: ProcessInfo[] = [...(ctx.hooks.processes?.() ?? [])];
  // The session's terminal: without one (exec without -t) its processes show "?", are no
  // terminal's foreground (no "+"), and plain `ps` lists the processes without a terminal.
  const term = ctx.hooks.terminal ?? "pts/0";
  // An exec'd ps is the session's process; a shell's ps is its child.
  const direct = !!ctx.hooks.direct && !procs.some((p) => p.pid === ctx.pid);
  if (!direct && !procs.some((p) => p.pid === ctx.pid))
    procs.push({ pid: ctx.pid, command: ctx.shellName, tty: term });
  const self = {
    pid: direct ? ctx.pid : Math.max(...procs.map((p) => p.pid)) + 1,
    ppid: direct ? 0 : ctx.pid,
    command: ctx.argv.join(" "),
    tty: term,
  };
  procs.push(self);
  procs.sort((x, y) => x.pid - y.pid);
  const now = ctx.now();
  const hm = (d?: Date) => strftime("%H:%M", d ?? now);
  const user = (p: ProcessInfo) => p.user ?? "root";
  const tty = (p: ProcessInfo) => p.tty ?? "?";
  const comm = (p: ProcessInfo) => (p.command.split(" ")[0] ?? "").replace(/.*\//, "");
  const out = (s: string) => ctx.io.stdout(`${s}\n`);
  if (isBusybox(ctx)) {
    out("PID   USER     TIME  COMMAND");
    for (const p of procs)
      out(`${String(p.pid).padStart(5)} ${user(p).padEnd(8)} ${"0:00".padStart(5)} ${p.command}`);
    return 0;
  }
  const opts = ctx.argv.slice(1).join(" ");
  if (/aux|\bu\b/.test(opts)) {
    out("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND");
    for (const p of procs) {
      const vsz = String(p.vszKiB ?? 4628);
      const rss = String(p.rssKiB ?? 3584);
      const stat = p.stat ?? (p === self ? (term === "?" ? "R" : "R+") : "Ss");
      out(
        `${user(p).padEnd(8)} ${String(p.pid).padStart(7)}  0.0  0.0 ${vsz.padStart(6)} ${rss.padStart(5)} ${tty(p).padEnd(8)} ${stat.padEnd(4)} ${hm(p.started).padStart(5)}   0:00 ${p.command}`,
      );
    }
  } else if (/-\w*f/.test(opts)) {
    out("UID          PID    PPID  C STIME TTY          TIME CMD");
    for (const p of procs) {
      out(
        `${user(p).padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid ?? 0).padStart(7)}  0 ${hm(p.started)} ${tty(p).padEnd(8)} 00:00:00 ${p.command}`,
      );
    }
  } else {
    const all = /-\w*[eA]|\bax\b/.test(opts);
    out("    PID TTY          TIME CMD");
    for (const p of procs.filter((x) => all || tty(x) === term)) {
      out(`${String(p.pid).padStart(7)} ${tty(p).padEnd(8)} 00:00:00 ${comm(p)}`);
    }
  }
  return 0;
};

export const clear: CommandImpl = (ctx) => {
  if (isBusybox(ctx)) {
    ctx.io.stdout("\x1b[H\x1b[J");
    return 0;
  }
  if (!ctx.env.get("TERM")) {
    ctx.io.stderr("TERM environment variable not set.\n");
    return 1;
  }
  ctx.io.stdout("\x1b[H\x1b[2J\x1b[3J");
  return 0;
};

const UNIT: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

export const sleep: CommandImpl = async (ctx) => {
  const args = ctx.argv.slice(1);
  const usage = (msg: string) => {
    err(ctx, msg);
    if (!isBusybox(ctx)) ctx.io.stderr("Try 'sleep --help' for more information.\n");
    return 1;
  };
  if (args.length === 0) return usage("missing operand");
  let total = 0;
  for (const a of args) {
    const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(a);
    if (a === "infinity" || a === "inf") total = Number.POSITIVE_INFINITY;
    else if (m) total += Number(m[1]) * UNIT[m[2]];
    else return usage(isBusybox(ctx) ? `invalid number '${a}'` : `invalid time interval '${a}'`);
  }
  await ctx.sleep(total);
  return 0;
};

export const which: CommandImpl = (ctx) => {
  const names = ctx.argv.slice(1).filter((a) => a !== "-a" && a !== "-s");
  let status = names.length ? 0 : 1;
  for (const n of names) {
    const p = ctx.resolve(n);
    if (p) ctx.io.stdout(`${p}\n`);
    else status = 1;
  }
  return status;
};
