// kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]: the patch is applied to the
// live object and the result written as an update; an unchanged result is `patched (no change)`.
import type { Command } from "commander";
import { updateObject } from "../apiserver/admit.js";
import { badRequest, notFound } from "../apiserver/errors.js";
import type { KObject } from "../apiserver/types.js";
import { YamlToJsonError, yamlToJson } from "../golang/yaml/decode.js";
import { dryRunMode } from "./apply.js";
import type { Ctx } from "./cli.js";
import { type GlobalOpts, namespaceOf, parseResourceArgs, session, withGlobals } from "./common.js";
import { CliError } from "./io.js";
import { nameOf, parseOutput, printObjects } from "./output.js";
import { jsonMergePatch, jsonPatch, PatchError, strategicMergePatch } from "./patch-apply.js";
import { printTemplate } from "./templates.js";

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

export function registerPatch(program: Command, ctx: Ctx): void {
  withGlobals(program.command("patch"))
    .description("Update fields of a resource")
    .argument("[args...]")
    .option("-p, --patch <patch>", "The patch to be applied to the resource JSON file")
    .option("--type <type>", "The type of patch being provided; one of [json merge strategic]", "strategic")
    .option("--dry-run [mode]", "none, server, or client")
    .option("-o, --output <format>", "Output format: name, yaml, json")
    .action(async (args: string[], o: PatchOpts) => {
      if (!args.length)
        throw new CliError(
          "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
      const type = o.type ?? "strategic";
      if (!["json", "merge", "strategic"].includes(type))
        throw new CliError(`error: --type must be one of [json merge strategic], not "${type}"`);
      if (!o.patch)
        throw new CliError(
          "error: must specify --patch or --patch-file containing the contents of the patch",
        );
      let patch: unknown;
      try {
        patch = yamlToJson(o.patch);
      } catch (e) {
        if (e instanceof YamlToJsonError)
          throw new CliError(`error: unable to parse "${o.patch}": ${e.message}`);
        throw e;
      }
      const { names } = parseResourceArgs(args);
      if (!names.length) throw new CliError("error: resource(s) were provided, but no name was specified");
      const mode = dryRunMode(o.dryRun);
      const format = parseOutput(o.output, ["table", "yaml", "json", "name", "template"], {
        files: ctx.io.files,
      });
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
            result = updateObject(c, next, live, { dryRun: mode === "server" });
          } else if (!unchanged) {
            result = next;
          }
          if (format === "yaml" || format === "json") ctx.io.out(printObjects(format, [result], true));
          else if (typeof format === "object")
            ctx.io.out(printTemplate(ctx.io, format, [result], true, false));
          else if (format === "name") ctx.io.out(`${nameOf(result)}\n`);
          else {
            const suffix = mode === "client" ? " (dry run)" : mode === "server" ? " (server dry run)" : "";
            ctx.io.out(`${nameOf(result)} patched${unchanged ? " (no change)" : ""}${suffix}\n`);
          }
        }
      });
    });
}
