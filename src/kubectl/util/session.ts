// The flags every verb shares and what they choose: the cluster a command runs against
// (a Session) and the namespace it works in, as kubectl's ConfigFlags do.
import type { Command } from "commander";
import { Session } from "../../cluster/session.js";
import { renderTraceText } from "../../printers/trace.js";
import { processRunner } from "../../runtime/index.js";
import type { Ctx } from "../cli.js";
import { holdOutput } from "../io.js";

export interface GlobalOpts {
  namespace?: string;
  cluster?: string;
  context?: string;
  /** The current context's namespace (util/kubeconfig.ts applyContextNamespace), under -n. */
  contextNamespace?: string;
}

/** Adds the global flags kubectl accepts on every verb. */
export function withGlobals(cmd: Command): Command {
  return cmd
    .option("-n, --namespace <namespace>", "If present, the namespace scope for this CLI request")
    .option("--cluster <name>", "The kubesim cluster to use (default: the current one)")
    .option("--context <name>", "Same as --cluster: kubesim's clusters are its contexts")
    .option("--kubeconfig <path>", "Accepted for compatibility; kubesim keeps its own state")
    .option("--request-timeout <duration>", "Accepted for compatibility");
}

export function session(ctx: Ctx, o: GlobalOpts): Session {
  const flag = o.cluster ? "--cluster" : "--context";
  return new Session({
    cluster: o.cluster || o.context,
    flag,
    env: ctx.io.env,
    holdOutput: () => holdOutput(ctx.io),
    fs: ctx.io.fs,
    runtime: (c) => processRunner(c, (t) => renderTraceText(t)),
  });
}

export function namespaceOf(o: GlobalOpts): string {
  return o.namespace || o.contextNamespace || "default";
}
