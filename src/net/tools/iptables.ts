// `iptables` on a node: -L and -S over the rules kube-proxy wrote there (the same tables
// `iptables-save` prints), parsed as iptables 1.8.9's getopt reads its command line: -L and -S
// take an optional chain (attached, or the next word when it does not start with '-'), short
// options combine (-nvL), -t names the table. Rules are kube-proxy's to write: the commands
// that change them are not modelled.
import { type IptablesTable, listTable, specTable } from "../../proxy/index.js";
import type { CommandContext } from "../../shell/index.js";
import { DataPlane } from "../connect.js";
import { tablesFor } from "../proxy-modes.js";
import type { ClusterRef } from "./index.js";
import { nodePortIPs } from "./node-addrs.js";

const VERSION = "iptables v1.8.9 (nf_tables)";
const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

/** The built-in chains of each table iptables knows; nft lists them even where nothing was added. */
const BUILTIN: Record<string, string[]> = {
  filter: ["INPUT", "FORWARD", "OUTPUT"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
  mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
  raw: ["PREROUTING", "OUTPUT"],
  security: ["INPUT", "FORWARD", "OUTPUT"],
};

const COMMAND_LETTERS: Record<string, string> = {
  A: "append",
  C: "check",
  D: "delete",
  R: "replace",
  I: "insert",
  L: "list",
  S: "list-rules",
  F: "flush",
  Z: "zero",
  N: "new-chain",
  X: "delete-chain",
  P: "policy",
  E: "rename-chain",
};
const LONG_COMMANDS: Record<string, string> = Object.fromEntries(
  Object.entries(COMMAND_LETTERS).map(([k, v]) => [`--${v}`, k]),
);

interface Args {
  table: string;
  command?: string;
  chain?: string;
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

/** xtables_exit_error: the message (some of iptables' own end in a newline), then the hint. */
function fail(ctx: CommandContext, msg: string, code = 2): number {
  ctx.io.stderr(`${VERSION}: ${msg}\n${code === 2 ? TRY : ""}`);
  return code;
}

function parseArgs(ctx: CommandContext, argv: string[]): Args | number {
  const a: Args = { table: "filter", numeric: false, verbose: false, exact: false, lineNumbers: false };
  const setCommand = (letter: string): number | undefined => {
    if (a.command && a.command !== letter) return fail(ctx, `Cannot use -${letter} with -${a.command}\n`);
    a.command = letter;
  };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    // An optional chain after -L/-S: the next word unless it is an option.
    const optionalChain = (attached: string) => {
      if (attached) a.chain = attached;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith("-") && !argv[i + 1].startsWith("!"))
        a.chain = argv[++i];
    };
    if (w.startsWith("--")) {
      const [name, value] = w.split(/=(.*)/s);
      if (LONG_COMMANDS[name]) {
        const r = setCommand(LONG_COMMANDS[name]);
        if (r !== undefined) return r;
        if (name === "--list" || name === "--list-rules") optionalChain(value ?? "");
        else return a;
      } else if (name === "--numeric") a.numeric = true;
      else if (name === "--verbose") a.verbose = true;
      else if (name === "--exact") a.exact = true;
      else if (name === "--line-numbers") a.lineNumbers = true;
      else if (name === "--wait") {
        if (value === undefined && /^\d+$/.test(argv[i + 1] ?? "")) i++;
      } else if (name === "--table") {
        const t = value ?? argv[++i];
        if (t === undefined) return fail(ctx, 'option "--table" requires an argument');
        a.table = t;
      } else if (name === "--version") {
        ctx.io.stdout(`${VERSION}\n`);
        return 0;
      } else return fail(ctx, `unknown option "${w}"`);
      continue;
    }
    if (!w.startsWith("-") || w === "-") return fail(ctx, `Bad argument \`${w}'\n`);
    for (let j = 1; j < w.length; j++) {
      const ch = w[j];
      const rest = w.slice(j + 1);
      if (ch === "n") a.numeric = true;
      else if (ch === "v") a.verbose = true;
      else if (ch === "x") a.exact = true;
      else if (ch === "w") {
        if (rest === "" && /^\d+$/.test(argv[i + 1] ?? "")) i++;
        break;
      } else if (ch === "V") {
        ctx.io.stdout(`${VERSION}\n`);
        return 0;
      } else if (ch === "t") {
        const t = rest || argv[++i];
        if (t === undefined) return fail(ctx, 'option "-t" requires an argument');
        a.table = t;
        break;
      } else if (COMMAND_LETTERS[ch]) {
        const r = setCommand(ch);
        if (r !== undefined) return r;
        if (ch === "L" || ch === "S") optionalChain(rest);
        // Every other command takes its chain and rule in the words after it: not modelled,
        // so the rest of the line is not read.
        else return a;
        break;
      } else return fail(ctx, `unknown option "-${ch}"`);
    }
  }
  return a;
}

/** The node's table by name: kube-proxy's nat and filter, the other tables' bare built-in chains. */
function tableOf(plane: DataPlane, name: string, node: string): IptablesTable {
  const rules = tablesFor(plane, node, nodePortIPs(plane.c, node));
  if (name === "nat") return rules.nat;
  if (name === "filter") return rules.filter;
  return { chains: BUILTIN[name].map((c) => ({ name: c, policy: "ACCEPT" })), rules: [] };
}

export function iptablesCommand(ctx: CommandContext, ref: ClusterRef, node: string): number {
  const a = parseArgs(ctx, ctx.argv.slice(1));
  if (typeof a === "number") return a;
  if (!a.command) return fail(ctx, "no command specified");
  if (!BUILTIN[a.table]) {
    ctx.io.stderr(
      `${VERSION}: table '${a.table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`,
    );
    return 3;
  }
  if (a.command !== "L" && a.command !== "S") {
    ctx.io.stderr(
      `iptables: kubesim lists a node's rules (-L, -S) but does not change them: kube-proxy writes them from Services and EndpointSlices.\n`,
    );
    return 1;
  }
  const plane = new DataPlane(ref.c);
  const table = tableOf(plane, a.table, node);
  // Docker's embedded DNS answers reverse lookups for the containers on its network: `NAME.kind`.
  const hostName = (ip: string) => {
    const n = plane.topo.nodeByIP(ip);
    return n ? `${n.name}.kind` : undefined;
  };
  const text =
    a.command === "L" ? listTable(table, { ...a, hostName }, a.chain) : specTable(table, a, a.chain);
  if (text === undefined) {
    ctx.io.stderr("iptables: No chain/target/match by that name.\n");
    return 1;
  }
  ctx.io.stdout(text);
  return 0;
}
