// kubectl set serviceaccount (sa): the service account of a pod template; a changed
// Deployment template rolls out through the Deployment controller.
import type { Command } from "commander";
import type { Ctx } from "./cli.js";
import { ErrorList } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { HELP } from "./setsa.help.js";
import { collect } from "./util/flags.js";
import {
  noPodTemplate,
  objectName,
  podSpecOf,
  resolveTargets,
  type TargetFlags,
} from "./util/podtemplate.js";
import { NO_RESOURCES } from "./util/resource-args.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { setCommand } from "./util/set-group.js";
import { setWriteOptions, writeSet } from "./util/set-write.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface SetSAOpts extends GlobalOpts, TargetFlags {
  output?: string;
  dryRun?: string;
}

class SetServiceAccountOptions implements VerbOptions<[string[]]> {
  private account = "";
  private resources: string[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: SetSAOpts,
  ) {}

  complete(args: string[]): void {
    if (!args.length) throw new CliError("error: serviceaccount is required");
    this.account = args[args.length - 1];
    this.resources = args.slice(0, -1);
    if (!this.resources.length && !this.flags.filename?.length && this.flags.kustomize === undefined)
      throw new CliError(NO_RESOURCES);
  }

  validate(): void {}

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const w = setWriteOptions(ctx.io, o.output, o.dryRun);
    const ns = namespaceOf(o);
    const errors = new ErrorList();
    await session(ctx, o).transact((c) => {
      for (const { obj } of resolveTargets(ctx, c.api, o, this.resources, ns, "set serviceaccount")) {
        const next = structuredClone(obj);
        const spec = podSpecOf(next);
        if (!spec) {
          errors.raw(`error: ${objectName(obj)} ${noPodTemplate(obj)}`);
          continue;
        }
        spec.serviceAccountName = this.account;
        // kubectl patches (and prints) even when the account was already the one named.
        writeSet(
          c,
          ctx.io,
          w,
          obj,
          next,
          "serviceaccount updated",
          "failed to patch ServiceAccountName ",
          errors,
          true,
        );
      }
    });
    errors.throwIfAny();
  }
}

export function registerSetServiceAccount(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(setCommand(program).command("serviceaccount")), HELP)
    .alias("sa")
    .description("Update the service account of a resource")
    .argument("[args...]")
    .option("--all", "Select all resources, in the namespace of the specified resource types")
    .option("--dry-run [mode]", "none, server, or client")
    .option("-f, --filename <file>", "Filename, directory, or URL to files identifying the resource", collect)
    .option(
      "-k, --kustomize <dir>",
      "Process the kustomization directory. This flag can't be used together with -f or -R.",
    )
    .option("-o, --output <format>", "Output format")
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .action((args: string[], flags: SetSAOpts) => runVerb(new SetServiceAccountOptions(ctx, flags), args));
}
