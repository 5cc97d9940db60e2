// kubesim iptables-save [--node NODE]: the nat table kube-proxy programmed on a node,
// as `iptables-save -t nat` prints it there.
import type { Command } from "commander";
import { notFound } from "../apiserver/errors.js";
import { NODES } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { DataPlane } from "../net/connect.js";
import { tablesFor } from "../net/proxy-modes.js";
import { nodePortIPs } from "../net/tools/node-addrs.js";
import { renderIptablesSave } from "../proxy/index.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { HELP } from "./iptables.help.js";
import { type GlobalOpts, session, withGlobals } from "./util/session.js";
import { firstNode } from "./util/vantage.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

export function iptablesSave(c: Cluster, node: string, withFilter: boolean): string {
  // In the cluster's proxy mode: ipvs mode's few ipset rules, only kubelet's in nftables mode.
  const rules = tablesFor(new DataPlane(c), node, nodePortIPs(c, node));
  return renderIptablesSave(rules.nat, {
    date: c.clock.now(),
    filter: withFilter ? rules.filter : undefined,
  });
}

interface IptablesFlags extends GlobalOpts {
  node?: string;
  table?: string;
}

/** The node whose rules to print (the control plane unless --node) and which tables. */
class IptablesSaveOptions implements VerbOptions<[]> {
  private withFilter = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: IptablesFlags,
  ) {}

  complete(): void {
    this.withFilter = this.flags.table === "all" || this.flags.table === "filter";
  }

  validate(): void {
    // Any other -t (nat among them) prints the nat table, as iptables-save -t nat does.
  }

  async run(): Promise<void> {
    const { flags: o, withFilter } = this;
    const text = await session(this.ctx, o).view((c) => {
      const node = o.node ?? firstNode(c);
      if (!c.api.get(NODES, undefined, node)) throw notFound(NODES, node);
      return iptablesSave(c, node, withFilter);
    });
    this.ctx.io.out(text);
  }
}

export function registerIptables(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("iptables-save")), HELP)
    .description("Print a node's kube-proxy rules as `iptables-save -t nat` does there")
    .option("--node <name>", "The node (default: the control plane)")
    .option("-t, --table <table>", "nat (default) or all for filter and nat")
    .action((flags: IptablesFlags) => runVerb(new IptablesSaveOptions(ctx, flags)));
}
