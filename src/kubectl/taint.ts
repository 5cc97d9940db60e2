// kubectl taint: add (`key=value:Effect`, `key:Effect`) and remove (`key:Effect-`, `key-`)
// taints on named nodes, on -l selected ones or on --all, with kubectl's parsing, its
// client-side errors and its words for what changed (tainted, untainted, modified).

import type { Command } from "commander";
import type { Taint } from "kubernetes-types/core/v1";
import type { Node } from "../api/types.js";
import { isQualifiedName, isValidLabelValue } from "../apiserver/admission/validation/names.js";
import { updateObject } from "../apiserver/admit.js";
import { notFound, StatusError } from "../apiserver/errors.js";
import { matches } from "../apiserver/labels.js";
import { lookupResource, NODES } from "../apiserver/resources.js";
import { quote } from "../golang/strconv.js";
import type { Ctx } from "./cli.js";
import { ErrorList } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { CliError, usageError } from "./io.js";
import { parseOutput } from "./output.js";
import { HELP } from "./taint.help.js";
import { dryRunMode, dryRunSuffix } from "./util/dry-run.js";
import { toPrinter } from "./util/printer.js";
import { parseLabelSelector } from "./util/selectors.js";
import { type GlobalOpts, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface TaintOpts extends GlobalOpts {
  overwrite?: boolean;
  selector?: string;
  all?: boolean;
  output?: string;
  template?: string;
  dryRun?: string;
}

type Effect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";
interface Change {
  key: string;
  value: string;
  effect: string;
}

/** kubectl's parseTaint: `key=value:effect`, `key:effect` or `key`. */
function parseTaint(spec: string): Change {
  const parts = spec.split(":");
  let key = "";
  let value = "";
  let effect = "";
  if (parts.length === 1) key = parts[0];
  else if (parts.length === 2) {
    effect = parts[1];
    if (!["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(effect))
      throw new Error(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0].split("=");
    if (kv.length > 2) throw new Error(`invalid taint spec: ${spec}`);
    key = kv[0];
    if (kv.length === 2) {
      value = kv[1];
      const errs = isValidLabelValue(value);
      if (errs.length) throw new Error(`invalid taint spec: ${spec}, ${errs.join("; ")}`);
    }
  } else throw new Error(`invalid taint spec: ${spec}`);
  const errs = isQualifiedName(key);
  if (errs.length) throw new Error(`invalid taint spec: ${spec}, ${errs.join("; ")}`);
  return { key, value, effect };
}

/** kubectl's parseTaints: the taints to add (each needs an effect, one per key and effect) and to remove. */
export function parseTaints(specs: string[]): { add: Change[]; remove: Change[] } {
  const add: Change[] = [];
  const remove: Change[] = [];
  for (const spec of specs) {
    if (spec.endsWith("-")) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, value: "", effect: t.effect });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new Error(`invalid taint spec: ${spec}`);
    // Go's %v of the Taint struct: {Key Value Effect TimeAdded}.
    if (add.some((a) => a.key === t.key && a.effect === t.effect))
      throw new Error(
        `duplicated taints with the same key and effect: {${t.key} ${t.value} ${t.effect} <nil>}`,
      );
    add.push(t);
  }
  return { add, remove };
}

/** corev1.Taint.ToString, as kubectl's "not found" error quotes it. */
function taintString(t: Change): string {
  if (t.value) return `${t.key}=${t.value}:${t.effect}`;
  return t.effect ? `${t.key}:${t.effect}` : t.key;
}

const toTaint = (t: Change): Taint => ({
  effect: t.effect as Effect,
  key: t.key,
  ...(t.value ? { value: t.value } : {}),
});

/**
 * kubectl's updateTaints and reorganizeTaints: the node's new taint list (the added ones first,
 * then the old ones they do not replace, less the removed ones) and the word for it.
 */
export function applyTaints(
  node: Node,
  add: Change[],
  remove: Change[],
  overwrite: boolean,
): { taints: Taint[]; operation: string } {
  const old = node.spec?.taints ?? [];
  if (!overwrite) {
    const exists = add.flatMap((t) =>
      old.filter((o) => o.key === t.key && o.effect === t.effect).map(() => t.key),
    );
    if (exists.length)
      throw new Error(
        `node ${node.metadata.name} already has ${exists.join(",")} taint(s) with same effect(s) and --overwrite is false`,
      );
  }
  let taints: Taint[] = add.map(toTaint);
  for (const o of old) if (!taints.some((t) => t.key === o.key && t.effect === o.effect)) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    deleted = taints.length !== before;
    if (!deleted) errors.push(`taint ${quote(taintString(r))} not found`);
  }
  // utilerrors.NewAggregate: one error alone, several in brackets.
  if (errors.length) throw new Error(errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`);
  const operation = (added && deleted) || overwrite ? "modified" : added ? "tainted" : "untainted";
  return { taints, operation };
}

/** kubectl's TaintOptions: the node arguments, the taint changes, and how to select. */
class TaintOptions implements VerbOptions<[string[]]> {
  private resources: string[] = [];
  private add: Change[] = [];
  private remove: Change[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: TaintOpts,
  ) {}

  complete(args: string[]): void {
    const taintArgs: string[] = [];
    for (const s of args) {
      const isTaint = s.includes("=") || s.includes(":") || s.endsWith("-");
      if (isTaint) taintArgs.push(s);
      else if (taintArgs.length)
        throw new CliError(`error: all resources must be specified before taint changes: ${s}`);
      else this.resources.push(s);
    }
    if (!this.resources.length)
      throw new CliError("error: one or more resources must be specified as <resource> <name>");
    if (!taintArgs.length) throw new CliError("error: at least one taint update is required");
    try {
      ({ add: this.add, remove: this.remove } = parseTaints(taintArgs));
    } catch (e) {
      throw usageError("taint", (e as Error).message);
    }
  }

  validate(): void {
    const type = this.resources[0].toLowerCase();
    const r = lookupResource(type);
    if (!r) throw new CliError(`error: the server doesn't have a resource type "${type}"`);
    if (r !== NODES)
      throw new CliError(`error: invalid resource type ${type}, only node types are supported`);
    const conflicts: string[] = [];
    for (const a of this.add)
      for (const r of this.remove)
        if (a.key === r.key && (!r.effect || a.effect === r.effect))
          conflicts.push(`{"${r.key}":"${r.effect}"}`);
    if (conflicts.length)
      throw new CliError(
        `error: can not both modify and remove the following taint(s) in the same command: ${conflicts.join(", ")}`,
      );
    const { all, selector } = this.flags;
    if (all && selector)
      throw new CliError("error: setting 'all' parameter with a non empty selector is prohibited");
    if (!all && !selector && this.resources.length < 2)
      throw new CliError(
        "error: at least one resource name must be specified since 'all' parameter is not set",
      );
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const mode = dryRunMode(o.dryRun);
    const format = parseOutput(o.output, ["table", "yaml", "json", "name", "template"], {
      template: o.template,
    });
    const printer = toPrinter(format, ctx.io);
    const sel = parseLabelSelector(o.selector);
    const errors = new ErrorList();
    await session(ctx, o).transact((c) => {
      const nodes: Node[] = [];
      if (o.all || sel) {
        for (const n of c.api.list(NODES)) if (!sel || matches(sel, n.metadata.labels)) nodes.push(n);
      } else {
        for (const name of this.resources.slice(1)) {
          const n = c.api.get(NODES, undefined, name);
          if (n) nodes.push(n);
          else errors.status(notFound(NODES, name));
        }
      }
      for (const node of nodes) {
        let next: Node;
        let operation: string;
        try {
          const r = applyTaints(node, this.add, this.remove, !!o.overwrite);
          operation = r.operation;
          next = structuredClone(node);
          next.spec = { ...next.spec, taints: r.taints };
          if (!r.taints.length) delete next.spec.taints;
        } catch (e) {
          errors.message((e as Error).message);
          continue;
        }
        let written: Node = next;
        if (mode !== "client") {
          try {
            written = updateObject(c, next, node, { dryRun: mode === "server", verb: "patch" }) as Node;
          } catch (e) {
            if (!(e instanceof StatusError)) throw e;
            errors.status(e);
            continue;
          }
        }
        ctx.io.out(printer.printWritten(written, `${operation}${dryRunSuffix(mode)}`));
      }
    });
    errors.throwIfAny();
  }
}

export function registerTaint(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("taint")), HELP)
    .description("Update the taints on one or more nodes")
    .argument("[args...]")
    .option("--all", "Select all nodes in the cluster")
    .option("--overwrite", "Allow taints to be overwritten")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("-o, --output <format>", "Output format")
    .option("--template <template>", "Template string")
    .option("--allow-missing-template-keys [bool]", "Accepted for compatibility")
    .option("--show-managed-fields [bool]", "Accepted for compatibility")
    .option("--field-manager <name>", "Accepted for compatibility")
    .option("--validate [mode]", "Accepted for compatibility")
    .option("--dry-run [mode]", "none, server, or client")
    .action((args: string[], flags: TaintOpts) => runVerb(new TaintOptions(ctx, flags), args));
}
