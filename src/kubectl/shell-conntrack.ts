// The node shell's views of the kernel's connection tracking: `conntrack` reads the nodes'
// connection log in the line's own transaction; `tcpdump` waits for the connections other
// kubesim commands make after it starts (the log is in the cluster state, so a `kubesim curl`
// in another terminal, or a backgrounded one, shows up), printing their packets until -c
// packets were shown. It holds no lock while it waits: each look is a short read.
import type { Session } from "../cluster/session.js";
import { conntrackCommand } from "../net/tools/conntrack.js";
import type { ClusterRef } from "../net/tools/index.js";
import { parseTcpdumpArgs, tcpdumpBanner, tcpdumpLines, tcpdumpSummary } from "../net/tools/tcpdump.js";
import type { CommandImpl } from "../shell/index.js";

/** How often tcpdump looks for new connections (real time). */
const POLL_MS = 100;

function tcpdumpCommand(s: Session, node: string): CommandImpl {
  return async (ctx) => {
    const args = parseTcpdumpArgs(ctx.argv.slice(1));
    if ("error" in args) {
      ctx.io.stderr(`${args.error}\n`);
      return 1;
    }
    let next = await s.view((c) => c.state.conntrack?.next ?? 1);
    ctx.io.stderr(tcpdumpBanner(args.filter));
    let printed = 0;
    const done = () => args.count !== undefined && printed >= args.count;
    while (!done()) {
      const from = next;
      const records = await s.view((c) => (c.state.conntrack?.log ?? []).filter((r) => r.seq >= from));
      for (const r of records) {
        next = r.seq + 1;
        for (const line of tcpdumpLines(r, node, args.filter)) {
          if (done()) break;
          ctx.io.stdout(`${line}\n`);
          printed++;
        }
      }
      if (!done()) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    ctx.io.stderr(tcpdumpSummary(printed));
    return 0;
  };
}

/** conntrack (in the line's transaction, through `inTx`) and tcpdump (polling on its own). */
export function conntrackCommands(
  s: Session,
  ref: ClusterRef,
  node: string,
  inTx: (impl: CommandImpl) => CommandImpl,
): Map<string, CommandImpl> {
  return new Map<string, CommandImpl>([
    ["conntrack", inTx((ctx) => conntrackCommand(ctx, ref, node))],
    ["tcpdump", tcpdumpCommand(s, node)],
  ]);
}
