// kubectl label and annotate: set (`key=value`), refuse to overwrite without --overwrite,
// remove (`key-`), on named objects, selected ones or --all.

import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { isValidLabelValue } from "../apiserver/admission/validation/names.js";
import { updateObject } from "../apiserver/admit.js";
import { notFound, StatusError } from "../apiserver/errors.js";
import { matches } from "../apiserver/labels.js";
import type { ResourceType } from "../apiserver/resources.js";
import { quote } from "../golang/strconv.js";
import type { Ctx } from "./cli.js";
import { formatStatus } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { CliError, usageError } from "./io.js";
import { HELP } from "./label.help.js";
import { dryRunMode } from "./util/dry-run.js";
import { nameOnlyOutput, toPrinter } from "./util/printer.js";
import { parseResourceArgs } from "./util/resource-args.js";
import { parseLabelSelector } from "./util/selectors.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface LabelOpts extends GlobalOpts {
  overwrite?: boolean;
  selector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  output?: string;
  dryRun?: string;
}

/**
 * kubectl's parseLabels / parseAnnotations: `k=v` sets, `k-` removes. kubectl itself checks
 * a label's value (its key, and annotations, are left to the server's validation).
 */
function parseChanges(verb: "label" | "annotate", changes: string[]) {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const ch of changes) {
    if (ch.endsWith("-") && !ch.includes("=")) {
      remove.push(ch.slice(0, -1));
      continue;
    }
    const i = ch.indexOf("=");
    if (verb === "label") {
      const parts = ch.split("=");
      if (parts.length !== 2) throw new CliError(`error: invalid label spec: ${ch}`);
      const errs = isValidLabelValue(parts[1]);
      if (errs.length) throw new CliError(`error: invalid label value: ${quote(ch)}: ${errs.join(";")}`);
    }
    set[ch.slice(0, i)] = ch.slice(i + 1);
  }
  return { set, remove };
}

/** kubectl's LabelOptions (and annotate's): the changes, the objects they go to, and how. */
class LabelOptions implements VerbOptions<[string[]]> {
  private changes: string[] = [];
  private resArgs: string[] = [];
  private set: Record<string, string> = {};
  private remove: string[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: LabelOpts,
    private readonly verb: "label" | "annotate",
  ) {}

  complete(args: string[]): void {
    this.changes = args.filter((a) => a.includes("=") || (a.endsWith("-") && !a.includes("/")));
    this.resArgs = args.filter((a) => !this.changes.includes(a));
    // kubectl parses the changes (Complete) before it checks that there is something to change (Validate).
    ({ set: this.set, remove: this.remove } = parseChanges(this.verb, this.changes));
  }

  validate(): void {
    const verb = this.verb;
    if (!this.resArgs.length)
      throw usageError(
        verb,
        "one or more resources must be specified as <resource> <name> or <resource>/<name>",
      );
    if (!this.changes.length)
      throw usageError(verb, `at least one ${verb === "label" ? "label" : "annotation"} update is required`);
  }

  async run(): Promise<void> {
    const { ctx, flags: o, verb, set, remove } = this;
    const field = verb === "label" ? "labels" : "annotations";
    const past = verb === "label" ? "labeled" : "annotated";
    // What kubectl's resource builder reads as RunLabel starts, in its order.
    const mode = dryRunMode(o.dryRun);
    const { types, names } = parseResourceArgs(this.resArgs);
    const sel = parseLabelSelector(o.selector);
    if (types.length && !sel && !o.all)
      throw usageError(verb, "resource(s) were provided, but no name was specified");
    const ns = namespaceOf(o);
    const printer = toPrinter(nameOnlyOutput(o.output), ctx.io);
    const errors: string[] = [];
    await session(ctx, o).transact((c) => {
      const objs: { r: ResourceType; obj: KObject }[] = [];
      for (const n of names) {
        const obj = c.api.get(n.r, ns, n.name);
        if (obj) objs.push({ r: n.r, obj });
        else errors.push(formatStatus(notFound(n.r, n.name)));
      }
      for (const r of types) {
        for (const obj of c.api.list(r, o.allNamespaces || !r.namespaced ? undefined : ns)) {
          if (!sel || matches(sel, obj.metadata.labels)) objs.push({ r, obj });
        }
      }
      for (const { obj } of objs) {
        const cur: Record<string, string> = { ...(obj.metadata[field] ?? {}) };
        let bad = false;
        for (const [k, v] of Object.entries(set)) {
          if (k in cur && cur[k] !== v && !o.overwrite) {
            errors.push(`error: '${k}' already has a value (${cur[k]}), and --overwrite is false`);
            bad = true;
          }
        }
        if (bad) continue;
        const before = JSON.stringify(cur);
        Object.assign(cur, set);
        for (const k of remove) delete cur[k];
        const changed = JSON.stringify(cur) !== before;
        if (changed && mode !== "client") {
          const next = structuredClone(obj);
          if (Object.keys(cur).length) next.metadata[field] = cur;
          else delete next.metadata[field];
          try {
            // Through the server's update path, so label keys and values are validated as for apply.
            updateObject(c, next, obj, { dryRun: mode === "server", verb: "patch" });
          } catch (e) {
            if (!(e instanceof StatusError)) throw e;
            errors.push(formatStatus(e));
            continue;
          }
        }
        // kubectl's updateDataChangeMsg: a change that shortens the object without
        // --overwrite is a removal, "unlabeled"; annotate always says "annotated".
        const shorter = JSON.stringify(cur).length < before.length && !o.overwrite;
        const word =
          verb === "annotate" || (changed && !shorter) ? past : changed ? "unlabeled" : `not ${past}`;
        ctx.io.out(printer.printWritten(obj, word));
      }
    });
    if (errors.length) throw new CliError(errors.join("\n"));
  }
}

function register(program: Command, ctx: Ctx, verb: "label" | "annotate"): void {
  attachHelp(withGlobals(program.command(verb)), HELP)
    .description(
      verb === "label" ? "Update the labels on a resource" : "Update the annotations on a resource",
    )
    .argument("[args...]")
    .option("--overwrite", "Allow existing values to be overwritten")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("--all", "Select all resources, in the namespace of the specified resource types")
    .option("-A, --all-namespaces", "If true, check the specified action in all namespaces")
    .option("-o, --output <format>", "Output format: name")
    .option("--dry-run [mode]", "none, server, or client")
    .action((args: string[], flags: LabelOpts) => runVerb(new LabelOptions(ctx, flags, verb), args));
}

export function registerLabel(program: Command, ctx: Ctx): void {
  register(program, ctx, "label");
  register(program, ctx, "annotate");
}
