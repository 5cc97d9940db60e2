// kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]: the patch is applied to the
// live object and the result written as an update; an unchanged result is `patched (no change)`.
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { updateObject } from "../apiserver/admit.js";
import { badRequest, notFound } from "../apiserver/errors.js";
import { YamlToJsonError, yamlToJson } from "../golang/yaml/decode.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { parseOutput } from "./output.js";
import { HELP } from "./patch.help.js";
import { jsonMergePatch, jsonPatch, PatchError, strategicMergePatch } from "./patch-apply.js";
import { dryRunMode, dryRunSuffix } from "./util/dry-run.js";
import { toPrinter } from "./util/printer.js";
import { parseResourceArgs } from "./util/resource-args.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface PatchOpts extends GlobalOpts {
  patch?: string;
  type?: string;
  dryRun?: string;
  output?: string;
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, x[k]]),
        )
      : x,
  );

/** Applies one patch of the given type to a copy of `live`. */
export function applyPatch(live: KObject, type: string, patch: unknown): KObject {
  if (type === "json") return jsonPatch(live, patch) as KObject;
  if (!patch || typeof patch !== "object" || Array.isArray(patch))
    throw badRequest(
      `json: cannot unmarshal ${Array.isArray(patch) ? "array" : typeof patch} into Go value of type map[string]interface {}`,
    );
  return (type === "merge" ? jsonMergePatch(live, patch) : strategicMergePatch(live, patch)) as KObject;
}

const NO_RESOURCES =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** kubectl's PatchOptions: the patch, its type, and the named objects it goes to. */
class PatchOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];
  private type = "strategic";

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: PatchOpts,
  ) {}

  complete(args: string[]): void {
    if (!args.length) throw new CliError(NO_RESOURCES);
    this.args = args;
    this.type = this.flags.type ?? "strategic";
  }

  validate(): void {
    if (!["json", "merge", "strategic"].includes(this.type))
      throw new CliError(`error: --type must be one of [json merge strategic], not "${this.type}"`);
    if (!this.flags.patch)
      throw new CliError("error: must specify --patch or --patch-file containing the contents of the patch");
  }

  /** The patch as JSON; kubectl reads it as YAML, which JSON is a part of. */
  private parsePatch(text: string): unknown {
    try {
      return yamlToJson(text);
    } catch (e) {
      if (e instanceof YamlToJsonError) throw new CliError(`error: unable to parse "${text}": ${e.message}`);
      throw e;
    }
  }

  async run(): Promise<void> {
    const { ctx, flags: o, type } = this;
    // Read in RunPatch's order: the patch, the objects, then how to write and print.
    const patch = this.parsePatch(o.patch ?? "");
    const { names } = parseResourceArgs(this.args);
    if (!names.length) throw new CliError("error: resource(s) were provided, but no name was specified");
    const mode = dryRunMode(o.dryRun);
    const format = parseOutput(o.output, ["table", "yaml", "json", "name", "template"], {
      files: ctx.io.files,
    });
    const printer = toPrinter(format, ctx.io);
    const ns = namespaceOf(o);
    await session(ctx, o).transact((c) => {
      for (const n of names) {
        const live = c.api.get(n.r, n.r.namespaced ? ns : undefined, n.name);
        if (!live) throw notFound(n.r, n.name);
        let next: KObject;
        try {
          next = applyPatch(structuredClone(live), type, patch);
        } catch (e) {
          if (e instanceof PatchError) throw new CliError(`error: ${e.message}`);
          throw e;
        }
        const unchanged = canonical(next) === canonical(live);
        let result = live;
        if (!unchanged && mode !== "client") {
          result = updateObject(c, next, live, { dryRun: mode === "server", verb: "patch" });
        } else if (!unchanged) {
          result = next;
        }
        ctx.io.out(
          printer.printWritten(result, `patched${unchanged ? " (no change)" : ""}${dryRunSuffix(mode)}`),
        );
      }
    });
  }
}

export function registerPatch(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("patch")), HELP)
    .description("Update fields of a resource")
    .argument("[args...]")
    .option("-p, --patch <patch>", "The patch to be applied to the resource JSON file")
    .option("--type <type>", "The type of patch being provided; one of [json merge strategic]", "strategic")
    .option("--dry-run [mode]", "none, server, or client")
    .option("-o, --output <format>", "Output format: name, yaml, json")
    .action((args: string[], flags: PatchOpts) => runVerb(new PatchOptions(ctx, flags), args));
}
