// kubectl auth can-i and auth whoami (pkg/cmd/auth in kubectl v1.32). Where kubectl sends a
// SelfSubjectAccessReview, SelfSubjectRulesReview or SelfSubjectReview, kubesim asks its
// apiserver's RBAC authorizer directly, as the learner (kubernetes-admin) or as the user
// --as and --as-group impersonate.
import type { Command } from "commander";
import { authorize, rulesFor, type UserInfo } from "../apiserver/rbac/authorizer.js";
import { ADMIN_USER, rbacObjectsOf } from "../apiserver/rbac/objects.js";
import { lookupResource } from "../apiserver/resources.js";
import { goTabwrite } from "../printers/customcolumns.js";
import { printableRules, ruleCells } from "../printers/describe/rbac.js";
import { HELP } from "./auth.help.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { type GlobalOpts, namespaceOf, requestUser, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

type AuthFlags = GlobalOpts;

interface CanIFlags extends AuthFlags {
  allNamespaces?: boolean;
  list?: boolean;
  /** commander's --no-headers sets headers to false. */
  headers?: boolean;
  quiet?: boolean;
  subresource?: string;
}

const RESOURCE_VERBS = [
  "get",
  "list",
  "watch",
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
  "use",
  "bind",
  "impersonate",
  "*",
];
const URL_VERBS = ["get", "put", "post", "head", "options", "delete", "patch", "*"];
/** Names kubectl passes through without the unknown-type warning (impersonation resources). */
const NON_STANDARD = ["users", "groups"];

/** The learner, or the user --as and --as-group impersonate. */
function userOf(ctx: Ctx): UserInfo {
  return requestUser(ctx) ?? ADMIN_USER;
}

interface Target {
  group: string;
  resource: string;
  namespaced?: boolean;
}

class CanIOptions implements VerbOptions<[string[]]> {
  private verb = "";
  private url = "";
  private target: Target | undefined;
  private name = "";
  private namespace = "";

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: CanIFlags,
  ) {}

  /** The printer's `Warning: ` line; kubectl's messages end in a newline of their own. */
  private warn(m: string): void {
    this.ctx.io.err(`Warning: ${m}\n\n`);
  }

  /** resourceFor: the served type, or the typed word itself with kubectl's warning. */
  private resourceFor(arg: string): Target {
    if (arg === "*") return { group: "", resource: "*" };
    const r = lookupResource(arg);
    if (r) return { group: r.group, resource: r.plural, namespaced: r.namespaced };
    const lower = arg.toLowerCase();
    const dot = lower.indexOf(".");
    const resource = dot < 0 ? lower : lower.slice(0, dot);
    const group = dot < 0 ? "" : lower.slice(dot + 1);
    const groupResource = group ? `${resource}.${group}` : resource;
    if (!NON_STANDARD.includes(groupResource))
      this.warn(
        group
          ? `the server doesn't have a resource type '${resource}' in group '${group}'`
          : `the server doesn't have a resource type '${resource}'`,
      );
    return { group: "", resource: arg };
  }

  complete(args: string[]): void {
    if (this.flags.list) {
      if (args.length !== 0) throw new CliError("error: list option must be specified with no arguments");
    } else {
      if (args.length !== 2)
        throw new CliError(
          "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.",
        );
      this.verb = args[0];
      if (args[1].startsWith("/")) this.url = args[1];
      else {
        const slash = args[1].indexOf("/");
        this.target = this.resourceFor(slash < 0 ? args[1] : args[1].slice(0, slash));
        if (slash >= 0) this.name = args[1].slice(slash + 1);
      }
    }
    this.namespace = this.flags.allNamespaces ? "" : namespaceOf(this.flags);
  }

  validate(): void {
    const f = this.flags;
    if (f.list) {
      if (f.quiet || f.allNamespaces || f.subresource)
        throw new CliError(
          "error: list option can't be specified with neither quiet, all-namespaces nor subresource options",
        );
      return;
    }
    if (this.url) {
      if (f.subresource) throw new CliError("error: --subresource can not be used with NonResourceURL");
      if (!URL_VERBS.includes(this.verb)) this.warn(`verb '${this.verb}' is not a known verb`);
    } else if (this.target && !f.allNamespaces) {
      const t = this.target;
      if (t.namespaced === false)
        this.warn(
          t.group
            ? `resource '${t.resource}' is not namespace scoped in group '${t.group}'`
            : `resource '${t.resource}' is not namespace scoped`,
        );
      if (!RESOURCE_VERBS.includes(this.verb)) this.warn(`verb '${this.verb}' is not a known verb`);
    }
    if (f.headers === false) throw new CliError("error: --no-headers cannot be set without --list specified");
  }

  async run(): Promise<void> {
    const user = userOf(this.ctx);
    // SelfSubject reviews are open to every user (system:basic-user): the answer is read as the server.
    if (this.flags.list) {
      const rules = await session(this.ctx, this.flags).view((c) =>
        c.api.internally(() => printableRules(rulesFor(rbacObjectsOf(c.api), user, this.namespace))),
      );
      const head =
        this.flags.headers === false ? "" : "Resources\tNon-Resource URLs\tResource Names\tVerbs\n";
      this.ctx.io.out(goTabwrite(head + rules.map((r) => `${ruleCells(r)}\n`).join("")));
      return;
    }
    const decision = await session(this.ctx, this.flags).view((c) =>
      c.api.internally(() =>
        authorize(rbacObjectsOf(c.api), {
          user,
          verb: this.verb,
          ...(this.url
            ? { path: this.url }
            : {
                namespace: this.namespace,
                apiGroup: this.target?.group ?? "",
                resource: this.target?.resource ?? "",
                subresource: this.flags.subresource ?? "",
                name: this.name,
              }),
        }),
      ),
    );
    if (!this.flags.quiet) {
      if (decision.allowed) this.ctx.io.out("yes\n");
      else this.ctx.io.out(decision.reason ? `no - ${decision.reason}\n` : "no\n");
    }
    // kubectl exits 1 on "no" without a message of its own.
    if (!decision.allowed) throw new CliError("");
  }
}

class WhoAmIOptions implements VerbOptions<[]> {
  constructor(
    private readonly ctx: Ctx,
    private readonly flags: AuthFlags,
  ) {}
  complete(): void {}
  validate(): void {}
  async run(): Promise<void> {
    // The apiserver answers a SelfSubjectReview: the session only has to exist.
    await session(this.ctx, this.flags).view(() => undefined);
    const u = userOf(this.ctx);
    let text = `ATTRIBUTE\tVALUE\nUsername\t${u.name}\n`;
    if (u.groups.length) text += `Groups\t[${u.groups.join(" ")}]\n`;
    this.ctx.io.out(goTabwrite(text));
  }
}

export function registerAuth(program: Command, ctx: Ctx): void {
  const auth = attachHelp(program.command("auth"), HELP).description("Inspect authorization");
  withGlobals(auth.command("can-i"))
    .description("Check whether an action is allowed")
    .argument("[args...]")
    .option("-A, --all-namespaces", "If true, check the specified action in all namespaces.")
    .option("--list", "If true, prints all allowed actions.")
    .option("--no-headers", "If true, prints allowed actions without headers")
    .option("-q, --quiet", "If true, suppress output and just return the exit code.")
    .option("--subresource <name>", "SubResource such as pod/log or deployment/scale", "")
    .action((args: string[], flags: CanIFlags) => runVerb(new CanIOptions(ctx, flags), args));
  withGlobals(auth.command("whoami"))
    .description("Experimental: Check self subject attributes")
    .argument("[args...]")
    .action((_args: string[], flags: AuthFlags) => runVerb(new WhoAmIOptions(ctx, flags)));
}
