// kubectl wait --for=condition=X[=value] | --for=jsonpath='{...}'[=value] | --for=create | --for=delete.
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
import { NO_RESOURCES, parseResourceArgs } from "./util/resource-args.js";
import { parseLabelSelector } from "./util/selectors.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { storedName } from "./util/stored.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import { type JsonPathWait, jsonPathHolds, parseJsonPathWait } from "./util/wait-jsonpath.js";
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

/** What --for names, parsed as kubectl's conditionFuncFor parses it. */
type WaitCondition =
  | { kind: "delete" }
  | { kind: "create" }
  | { kind: "condition"; type: string; value: string }
  | ({ kind: "jsonpath" } & JsonPathWait);

/** kubectl's conditionFuncFor: `delete` and `create` in any case, the prefixes exactly. */
function parseCondition(forFlag: string): WaitCondition {
  const lower = forFlag.toLowerCase();
  if (lower === "delete") return { kind: "delete" };
  if (lower === "create") return { kind: "create" };
  if (forFlag.startsWith("condition=")) {
    const rest = forFlag.slice("condition=".length);
    const eq = rest.indexOf("=");
    return eq < 0
      ? { kind: "condition", type: rest, value: "true" }
      : { kind: "condition", type: rest.slice(0, eq), value: rest.slice(eq + 1) };
  }
  if (forFlag.startsWith("jsonpath="))
    return { kind: "jsonpath", ...parseJsonPathWait(forFlag.slice("jsonpath=".length)) };
  throw new CliError(`error: unrecognized condition: "${forFlag}"`);
}

/** kubectl's WaitOptions: the condition (or creation, deletion) to wait for, how long, and on what. */
class WaitOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];
  private condition: WaitCondition = { kind: "delete" };
  private timeoutMs = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: WaitOpts,
  ) {}

  complete(args: string[]): void {
    const o = this.flags;
    this.args = args;
    const timeout = parseDuration(o.timeout);
    if (timeout === undefined)
      throw new CliError(
        `error: invalid argument "${o.timeout}" for "--timeout" flag: time: invalid duration "${o.timeout}"`,
      );
    this.timeoutMs = timeout;
    // Flags are parsed (the timeout above) before the condition; no --for is the condition "".
    this.condition = parseCondition(o.for ?? "");
  }

  validate(): void {
    if (!this.args.length) throw new CliError(NO_RESOURCES);
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
    if (condition.kind === "create") {
      // kubectl polls its resource finder until every named object exists (a type with a
      // selector: until one matches), then reports each as met.
      const found = await waitFor(
        s,
        (c) => names.every((n) => c.api.get(n.r, ns, n.name)) && pick(c).length > 0,
        this.timeoutMs,
      );
      if (!found) throw new CliError("error: timed out waiting for the condition");
    }
    const initial: Waited[] = await s.view((c) =>
      pick(c).map((x) => ({
        r: x.r,
        name: storedName(x.obj),
        ns: x.obj.metadata.namespace,
        uid: x.obj.metadata.uid,
      })),
    );
    if (!initial.length) {
      if (condition.kind === "delete" && names.length) return;
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
          switch (condition.kind) {
            case "create":
              return true;
            case "delete":
              return !obj || obj.metadata.uid !== t.uid;
            case "condition":
              return !!obj && conditionHolds(obj, condition.type, condition.value);
            case "jsonpath":
              return !!obj && jsonPathHolds(condition, obj);
          }
        },
        this.timeoutMs,
      );
      if (!ok)
        // kubectl names the resource without its group here (Mapping.Resource.Resource).
        throw new CliError(`error: timed out waiting for the condition on ${t.r.plural}/${t.name}`);
      // kind.group/name, a custom kind's group included (gateway.gateway.networking.k8s.io/x).
      const apiVersion = t.r.group ? `${t.r.group}/${t.r.version}` : t.r.version;
      ctx.io.out(`${nameOf({ apiVersion, kind: t.r.kind, metadata: { name: t.name } })} condition met\n`);
    }
  }
}

export function registerWait(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("wait")), HELP)
    .description("Experimental: Wait for a specific condition on one or many resources")
    .argument("[args...]")
    .option(
      "--for <condition>",
      "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]",
    )
    .option("--timeout <duration>", "The length of time to wait before giving up", "30s")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("--all", "Select all resources in the namespace of the specified resource types")
    .option("-A, --all-namespaces", "If present, list the requested object(s) across all namespaces")
    .action((args: string[], flags: WaitOpts) => runVerb(new WaitOptions(ctx, flags), args));
}
