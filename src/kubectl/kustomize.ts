// kubectl kustomize DIR: the embedded kustomize v5.5's build, printed as kustomize prints it,
// or written to -o PATH. A failed build is logged the way kubectl's kustomize command fails:
// through klog, as `run.go:72] "command failed" err=...`.
import type { Command } from "commander";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { HELP } from "./kustomize.help.js";
import { hostFiles } from "./userfiles.js";
import { collect, klogCommandFailed, pflagBools } from "./util/flags.js";
import { buildKustomization, kustomizeYaml } from "./util/kustomize.js";
import { withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface KustomizeFlags {
  output?: string;
  loadRestrictor?: string;
  [flag: string]: unknown;
}

/** Flags for KRM functions and helm, which kubesim's kustomize never runs (see README). */
const BOOL_FLAGS = ["asCurrentUser", "enableAlphaPlugins", "enableHelm", "helmDebug", "network"];

class KustomizeOptions implements VerbOptions<[string[]]> {
  private dir = ".";

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: KustomizeFlags,
  ) {}

  complete(given: string[]): void {
    const args = pflagBools(this.flags, BOOL_FLAGS, given);
    if (args.length > 1) throw klogCommandFailed(this.ctx, "specify one path to kustomization.yaml");
    this.dir = args[0] ?? ".";
  }

  validate(): void {
    const r = this.flags.loadRestrictor ?? "LoadRestrictionsRootOnly";
    if (r !== "LoadRestrictionsRootOnly" && r !== "LoadRestrictionsNone") {
      throw klogCommandFailed(
        this.ctx,
        `illegal flag value --load-restrictor ${r}; legal values: [LoadRestrictionsRootOnly LoadRestrictionsNone]`,
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
    .option(
      "--as-current-user [bool]",
      "use the uid and gid of the command executor to run the function in the container",
    )
    .option("--enable-alpha-plugins [bool]", "enable kustomize plugins")
    .option("--enable-helm [bool]", "Enable use of the Helm chart inflator generator.")
    .option("-e, --env <var>", "a list of environment variables to be used by functions", collect)
    .option(
      "--helm-api-versions <v>",
      "Kubernetes api versions used by Helm for Capabilities.APIVersions",
      collect,
    )
    .option("--helm-command <cmd>", "helm command (path to executable)")
    .option("--helm-debug [bool]", "Enable debug output from the Helm chart inflator generator.")
    .option("--helm-kube-version <v>", "Kubernetes version used by Helm for Capabilities.KubeVersion")
    .option("--mount <opt>", "a list of storage options read from the filesystem", collect)
    .option("--network [bool]", "enable network access for functions that declare it")
    .option("--network-name <name>", "the docker network to run the container in")
    .action((args: string[], flags: KustomizeFlags) => runVerb(new KustomizeOptions(ctx, flags), args));
}
