// kubectl wait --for=condition=X[=value] | --for=delete | --for=jsonpath is left to a later issue.
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { matches } from "../apiserver/labels.js";
import { qualifiedPlural, type ResourceType } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { nameOf } from "./output.js";
import { parseDuration } from "./util/flags.js";
import { parseResourceArgs } from "./util/resource-args.js";
import { parseLabelSelector } from "./util/selectors.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { storedName } from "./util/stored.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import { waitFor } from "./wait.js";
import { HELP } from "./waitverb.help.js";

interface WaitOpts extends GlobalOpts {
  for?: string;
  timeout: string;
  selector?: string;
  all?: boolean;
  allNamespaces?: boolean;
}

function conditionHolds(obj: KObject, type: string, value: string): boolean {
  return (obj.status?.conditions ?? []).some(
    (c: { type: string; status: string }) =>
      c.type.toLowerCase() === type.toLowerCase() && String(c.status).toLowerCase() === value.toLowerCase(),
  );
}

/** One object being waited for, as it was when the wait began. */
interface Waited {
  r: ResourceType;
  name: string;
  ns?: string;
  uid?: string;
}

/** kubectl's WaitOptions: the condition (or deletion) to wait for, how long, and on what. */
class WaitOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];
  /** `condition=TYPE[=VALUE]`, parsed; undefined for --for=delete. */
  private condition?: { type: string; value: string };
  private timeoutMs = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: WaitOpts,
  ) {}

  complete(args: string[]): void {
    const o = this.flags;
    this.args = args;
    if (!o.for) throw new CliError("error: --for must be set");
    const m = /^condition=([^=]+)(?:=(.*))?$/i.exec(o.for);
    if (!m && o.for !== "delete") throw new CliError(`error: unrecognized condition: "${o.for}"`);
    if (m) this.condition = { type: m[1], value: m[2] ?? "true" };
    const timeout = parseDuration(o.timeout);
    if (timeout === undefined)
      throw new CliError(
        `error: invalid argument "${o.timeout}" for "--timeout" flag: time: invalid duration "${o.timeout}"`,
      );
    this.timeoutMs = timeout;
  }

  validate(): void {
    if (!this.args.length) throw new CliError("error: resource(s) were provided, but no name was specified");
  }

  async run(): Promise<void> {
    const { ctx, flags: o, condition } = this;
    const { types, names } = parseResourceArgs(this.args);
    const sel = parseLabelSelector(o.selector);
    const ns = namespaceOf(o);
    const s = session(ctx, o);
    const pick = (c: Cluster) => {
      const out: { r: ResourceType; obj: KObject }[] = [];
      for (const n of names) {
        const obj = c.api.get(n.r, ns, n.name);
        if (obj) out.push({ r: n.r, obj });
      }
      for (const r of types) {
        for (const obj of c.api.list(r, o.allNamespaces || !r.namespaced ? undefined : ns)) {
          if (!sel || matches(sel, obj.metadata.labels)) out.push({ r, obj });
        }
      }
      return out;
    };
    const initial: Waited[] = await s.view((c) =>
      pick(c).map((x) => ({
        r: x.r,
        name: storedName(x.obj),
        ns: x.obj.metadata.namespace,
        uid: x.obj.metadata.uid,
      })),
    );
    if (!initial.length) {
      if (!condition && names.length) return;
      throw new CliError(
        names.length
          ? `Error from server (NotFound): ${qualifiedPlural(names[0].r)} "${names[0].name}" not found`
          : "error: no matching resources found",
      );
    }
    for (const t of initial) {
      const ok = await waitFor(
        s,
        (c) => {
          const obj = c.api.get(t.r, t.ns, t.name);
          if (!condition) return !obj || obj.metadata.uid !== t.uid;
          return !!obj && conditionHolds(obj, condition.type, condition.value);
        },
        this.timeoutMs,
      );
      if (!ok)
        throw new CliError(`error: timed out waiting for the condition on ${qualifiedPlural(t.r)}/${t.name}`);
      ctx.io.out(`${nameOf({ apiVersion: "", kind: t.r.kind, metadata: { name: t.name } })} condition met\n`);
    }
  }
}

export function registerWait(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("wait")), HELP)
    .description("Experimental: Wait for a specific condition on one or many resources")
    .argument("[args...]")
    .option(
      "--for <condition>",
      "The condition to wait on: [delete|condition=condition-name[=condition-value]]",
    )
    .option("--timeout <duration>", "The length of time to wait before giving up", "30s")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("--all", "Select all resources in the namespace of the specified resource types")
    .option("-A, --all-namespaces", "If present, list the requested object(s) across all namespaces")
    .action((args: string[], flags: WaitOpts) => runVerb(new WaitOptions(ctx, flags), args));
}
