// `conntrack -L` on a kind node (conntrack-tools 1.4.7, Debian 12): the entries of the
// connections made through the node in the last two minutes of simulated time, from the
// connection log, in conntrack's line format. The original tuple is as the packet arrived,
// the reply tuple as the answer leaves the endpoint, so DNAT and SNAT show as the difference.
import type { ConnRecord, NodeFlow, Tuple } from "../../proxy/index.js";
import type { CommandContext } from "../../shell/index.js";
import type { ClusterRef } from "./index.js";

export const CONNTRACK_VERSION = "1.4.7";

/** How long each TCP state lives in nf_conntrack (seconds), as the kernel's defaults set them. */
const TIMEOUTS: Record<ConnRecord["end"], { state: string; seconds: number }> = {
  closed: { state: "TIME_WAIT", seconds: 120 },
  refused: { state: "CLOSE", seconds: 10 },
  timeout: { state: "SYN_SENT", seconds: 120 },
};

const tuple = ([src, dst, sport, dport]: Tuple) => `src=${src} dst=${dst} sport=${sport} dport=${dport}`;

/** The reply direction of a flow: the endpoint answering the (NATed) source. */
export function replyOf(f: NodeFlow): Tuple {
  return [f.post[1], f.post[0], f.post[3], f.post[2]];
}

export interface ConntrackEntry {
  flow: NodeFlow;
  record: ConnRecord;
  /** Seconds left before the entry expires. */
  left: number;
}

/** The node's live entries at `nowMs`, oldest first. */
export function conntrackEntries(log: readonly ConnRecord[], node: string, nowMs: number): ConntrackEntry[] {
  const out: ConntrackEntry[] = [];
  for (const record of log) {
    const left = TIMEOUTS[record.end].seconds - Math.floor((nowMs - record.at) / 1000);
    if (left <= 0 || nowMs < record.at) continue;
    for (const flow of record.flows) if (flow.node === node) out.push({ flow, record, left });
  }
  return out;
}

/** One line of `conntrack -L`. */
export function conntrackLine(e: ConntrackEntry): string {
  const { state } = TIMEOUTS[e.record.end];
  const orig = tuple(e.flow.pre);
  const reply = tuple(replyOf(e.flow));
  const head = `${"tcp".padEnd(8)} 6 ${e.left} ${state} `;
  if (e.record.end === "timeout") return `${head}${orig} [UNREPLIED] ${reply} mark=0 use=1`;
  const assured = e.record.end === "closed" ? "[ASSURED] " : "";
  return `${head}${orig} ${reply} ${assured}mark=0 use=1`;
}

const USAGE_HINT = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

interface Filter {
  test(e: ConntrackEntry): boolean;
}

/** conntrack's option parser for -L and -C with the filters a lesson uses. */
function parseArgs(argv: string[]): { command?: "L" | "C"; filters: Filter[] } | { error: string } {
  const filters: Filter[] = [];
  let command: "L" | "C" | undefined;
  const value = (i: number, opt: string): string | { error: string } =>
    argv[i + 1] === undefined ? { error: `option \`${opt}' requires an argument` } : argv[i + 1];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const takes = (pick: (e: ConntrackEntry) => string | number) => {
      const v = value(i, a);
      if (typeof v !== "string") return v;
      i++;
      filters.push({ test: (e) => String(pick(e)) === v });
      return undefined;
    };
    let err: { error: string } | undefined;
    switch (a) {
      case "-L":
      case "--dump":
        command = "L";
        // An optional table name: conntrack (the default) or expect.
        if (argv[i + 1] === "conntrack") i++;
        break;
      case "-C":
      case "--count":
        command = "C";
        break;
      case "-p":
      case "--proto": {
        const v = value(i, a);
        if (typeof v !== "string") return v;
        i++;
        if (v !== "tcp" && v !== "6") filters.push({ test: () => false });
        break;
      }
      case "-s":
      case "--src":
      case "--orig-src":
        err = takes((e) => e.flow.pre[0]);
        break;
      case "-d":
      case "--dst":
      case "--orig-dst":
        err = takes((e) => e.flow.pre[1]);
        break;
      case "--sport":
      case "--orig-port-src":
        err = takes((e) => e.flow.pre[2]);
        break;
      case "--dport":
      case "--orig-port-dst":
        err = takes((e) => e.flow.pre[3]);
        break;
      case "-n":
      case "--src-nat":
        filters.push({ test: (e) => replyOf(e.flow)[1] !== e.flow.pre[0] });
        break;
      case "-g":
      case "--dst-nat":
        filters.push({ test: (e) => replyOf(e.flow)[0] !== e.flow.pre[1] });
        break;
      default:
        return { error: `unknown option \`${a}'` };
    }
    if (err) return err;
  }
  return { command, filters };
}

/** `conntrack` in a node shell. */
export function conntrackCommand(ctx: CommandContext, ref: ClusterRef, node: string): number {
  const parsed = parseArgs(ctx.argv.slice(1));
  const prefix = `conntrack v${CONNTRACK_VERSION} (conntrack-tools): `;
  if ("error" in parsed) {
    ctx.io.stderr(`${prefix}${parsed.error}\n${USAGE_HINT}`);
    return 2;
  }
  if (!parsed.command) {
    ctx.io.stderr(`${prefix}no command specified\n${USAGE_HINT}`);
    return 2;
  }
  const all = conntrackEntries(ref.c.state.conntrack?.log ?? [], node, ref.c.clock.nowMs());
  if (parsed.command === "C") {
    ctx.io.stdout(`${all.length}\n`);
    return 0;
  }
  const shown = all.filter((e) => parsed.filters.every((f) => f.test(e)));
  ctx.io.stdout(shown.map((e) => `${conntrackLine(e)}\n`).join(""));
  ctx.io.stderr(`${prefix}${shown.length} flow entries have been shown.\n`);
  return 0;
}
