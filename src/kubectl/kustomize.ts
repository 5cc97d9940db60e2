// kubectl kustomize DIR: the embedded kustomize v5.5's build, printed as kustomize prints it,
// or written to -o PATH. A failed build is logged the way kubectl's kustomize command fails:
// through klog, as `run.go:72] "command failed" err=...`.
import type { Command } from "commander";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { HELP } from "./kustomize.help.js";
import { hostFiles } from "./userfiles.js";
import { klogCommandFailed } from "./util/flags.js";
import { buildKustomization, kustomizeYaml } from "./util/kustomize.js";
import { withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface KustomizeFlags {
  output?: string;
  loadRestrictor?: string;
}

class KustomizeOptions implements VerbOptions<[string[]]> {
  private dir = ".";

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: KustomizeFlags,
  ) {}

  complete(args: string[]): void {
    if (args.length > 1) throw new CliError(`error: specify one path to kustomization.yaml`);
    this.dir = args[0] ?? ".";
  }

  validate(): void {
    const r = this.flags.loadRestrictor ?? "LoadRestrictionsRootOnly";
    if (r !== "LoadRestrictionsRootOnly" && r !== "LoadRestrictionsNone") {
      throw klogCommandFailed(
        this.ctx,
        `illegal flag value --load-restrictor ${r}; legal values: [LoadRestrictionsNone LoadRestrictionsRootOnly]`,
      );
    }
  }

  run(): void {
    const { ctx, flags } = this;
    const built = buildKustomization(ctx, this.dir, flags.loadRestrictor === "LoadRestrictionsNone");
    if (built instanceof Error) throw klogCommandFailed(ctx, built.message);
    const text = kustomizeYaml(built.objects);
    if (flags.output) (ctx.io.files ?? hostFiles).writeFile(flags.output, text);
    else ctx.io.out(text);
  }
}

export function registerKustomize(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("kustomize")), HELP)
    .description("Build a kustomization target from a directory or URL")
    .argument("[dir...]")
    .option("-o, --output <path>", "If specified, write output to this path.")
    .option("--load-restrictor <value>", "LoadRestrictionsRootOnly or LoadRestrictionsNone")
    .action((args: string[], flags: KustomizeFlags) => runVerb(new KustomizeOptions(ctx, flags), args));
}
