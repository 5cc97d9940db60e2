// kubectl set resources: requests and limits for the containers (-c wildcard) of a pod
// template; a changed Deployment template rolls out through the Deployment controller.
import type { Command } from "commander";
import type { Ctx } from "./cli.js";
import { ErrorList } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { HELP } from "./setresources.help.js";
import { collect } from "./util/flags.js";
import {
  noPodTemplate,
  objectName,
  podSpecOf,
  resolveTargets,
  selectContainers,
  type Target,
  type TargetFlags,
} from "./util/podtemplate.js";
import { NO_RESOURCES } from "./util/resource-args.js";
import { resourceListArg } from "./util/resource-list.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { setCommand } from "./util/set-group.js";
import { setWriteOptions, writeSet } from "./util/set-write.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface SetResourcesOpts extends GlobalOpts, TargetFlags {
  containers: string;
  limits?: string;
  requests?: string;
  output?: string;
  dryRun?: string;
}

class SetResourcesOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: SetResourcesOpts,
  ) {}

  complete(args: string[]): void {
    this.args = args;
    if (!args.length && !this.flags.filename?.length && this.flags.kustomize === undefined)
      throw new CliError(NO_RESOURCES);
  }

  validate(): void {}

  /** Validate's checks, which kubectl makes after the builder has found the objects. */
  private checkFlags(): { limits?: Record<string, string>; requests?: Record<string, string> } {
    const o = this.flags;
    if (o.all && o.selector) throw new CliError("error: cannot set --all and --selector at the same time");
    if (!o.limits && !o.requests)
      throw new CliError(
        "error: you must specify an update to requests or limits (in the form of --requests/--limits)",
      );
    return { limits: resourceListArg(o.limits ?? ""), requests: resourceListArg(o.requests ?? "") };
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const w = setWriteOptions(ctx.io, o.output, o.dryRun);
    const ns = namespaceOf(o);
    const errors = new ErrorList();
    await session(ctx, o).transact((c) => {
      const targets: Target[] = resolveTargets(ctx, c.api, o, this.args, ns, "set resources");
      const { limits, requests } = this.checkFlags();
      for (const { obj } of targets) {
        const next = structuredClone(obj);
        const spec = podSpecOf(next);
        if (!spec) {
          errors.raw(`error: ${objectName(obj)} ${noPodTemplate(obj)}`);
          continue;
        }
        const containers = selectContainers(spec.containers, o.containers);
        if (!containers.length) {
          errors.raw(`error: unable to find container named ${o.containers}`);
          continue;
        }
        for (const ct of containers) {
          ct.resources ??= {};
          if (limits) ct.resources.limits = { ...ct.resources.limits, ...limits };
          if (requests) ct.resources.requests = { ...ct.resources.requests, ...requests };
        }
        writeSet(
          c,
          ctx.io,
          w,
          obj,
          next,
          "resource requirements updated",
          "failed to patch resources update to pod template ",
          errors,
        );
      }
    });
    errors.throwIfAny();
  }
}

export function registerSetResources(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(setCommand(program).command("resources")), HELP)
    .description("Update resource requests/limits on objects with pod templates")
    .argument("[args...]")
    .option("--all", "Select all resources, in the namespace of the specified resource types")
    .option(
      "-c, --containers <pattern>",
      "The names of containers in the selected pod templates to change",
      "*",
    )
    .option("--dry-run [mode]", "none, server, or client")
    .option("-f, --filename <file>", "Filename, directory, or URL to files identifying the resource", collect)
    .option(
      "-k, --kustomize <dir>",
      "Process the kustomization directory. This flag can't be used together with -f or -R.",
    )
    .option("--limits <list>", "The resource requirement limits for this container")
    .option("-o, --output <format>", "Output format")
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .option("--requests <list>", "The resource requirement requests for this container")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .action((args: string[], flags: SetResourcesOpts) => runVerb(new SetResourcesOptions(ctx, flags), args));
}
