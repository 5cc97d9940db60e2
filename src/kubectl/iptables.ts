// kubesim iptables-save [--node NODE]: the nat table kube-proxy programmed on a node,
// as `iptables-save -t nat` prints it there.
import type { Command } from "commander";
import { notFound } from "../apiserver/errors.js";
import { NODES } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { DataPlane } from "../net/connect.js";
import { renderIptablesSave } from "../proxy/index.js";
import type { Ctx } from "./cli.js";
import { session, withGlobals } from "./util/session.js";
import { firstNode } from "./util/vantage.js";

export function iptablesSave(c: Cluster, node: string, withFilter: boolean): string {
  const rules = new DataPlane(c).rulesFor(node);
  return renderIptablesSave(rules.nat, {
    date: c.clock.now(),
    filter: withFilter ? rules.filter : undefined,
  });
}

export function registerIptables(program: Command, ctx: Ctx): void {
  withGlobals(program.command("iptables-save"))
    .description("Print a node's kube-proxy rules as `iptables-save -t nat` does there")
    .option("--node <name>", "The node (default: the control plane)")
    .option("-t, --table <table>", "nat (default) or all for filter and nat")
    .action(async (o: { node?: string; table?: string; cluster?: string; context?: string }) => {
      const text = await session(ctx, o).view((c) => {
        const node = o.node ?? firstNode(c);
        if (!c.api.get(NODES, undefined, node)) throw notFound(NODES, node);
        return iptablesSave(c, node, o.table === "all" || o.table === "filter");
      });
      ctx.io.out(text);
    });
}
