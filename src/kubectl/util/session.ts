// The flags every verb shares and what they choose: the cluster a command runs against
// (a Session) and the namespace it works in, as kubectl's ConfigFlags do.
import type { Command } from "commander";
import type { UserInfo } from "../../apiserver/rbac/authorizer.js";
import { impersonated } from "../../apiserver/rbac/objects.js";
import { Session } from "../../cluster/session.js";
import { renderTraceText } from "../../printers/trace.js";
import { processRunner } from "../../runtime/index.js";
import type { Ctx } from "../cli.js";
import { CliError, holdOutput } from "../io.js";

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

/**
 * The user --as, --as-group and --as-uid impersonate, as client-go builds the request's
 * impersonation headers; groups or a uid without a user is its error.
 */
export function requestUser(ctx: Ctx): UserInfo | undefined {
  const imp = ctx.impersonate;
  if (!imp) return undefined;
  if (!imp.user) {
    if (imp.groups.length || imp.uid)
      throw new CliError("error: requesting uid, groups or user-extra for  without impersonating a user");
    return undefined;
  }
  const user = impersonated(imp.user, imp.groups);
  if (imp.uid) user.uid = imp.uid;
  return user;
}

export function session(ctx: Ctx, o: GlobalOpts): Session {
  const flag = o.cluster ? "--cluster" : "--context";
  return new Session({
    user: requestUser(ctx),
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
