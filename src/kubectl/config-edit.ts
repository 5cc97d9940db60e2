// kubectl config view | set-context | get-clusters | get-users over the kubeconfig kubesim
// implies (util/kubeconfig.ts). Only a context's namespace can change: kubesim's contexts,
// clusters and users are its clusters, so a context pointing elsewhere has nowhere to go.
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { BUCKETS } from "../apiserver/storage.js";
import { toYaml } from "../printers/yaml.js";
import { Store } from "../store/store.js";
import type { Ctx } from "./cli.js";
import { commandHelp } from "./help/render.js";
import { CliError } from "./io.js";
import { type OutputFormat, parseOutput } from "./output.js";
import { printTemplate } from "./templates.js";
import { currentCluster } from "./util/current-cluster.js";
import { pflagBools } from "./util/flags.js";
import { contextNames, impliedKubeconfig, type Kubeconfig, setContextNamespace } from "./util/kubeconfig.js";
import { type GlobalOpts, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface ViewFlags extends GlobalOpts {
  output?: string;
  minify?: boolean;
  raw?: boolean;
  flatten?: boolean;
  template?: string;
  allowMissingTemplateKeys?: string | boolean;
}

/** kubectl's ViewOptions: the kubeconfig as YAML (default), JSON or a template. */
class ViewOptions implements VerbOptions<[string[]]> {
  private format: OutputFormat = "yaml";

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: ViewFlags,
    private readonly store: () => Store,
  ) {}

  complete(args: string[]): void {
    if (args.length)
      throw new CliError(
        `error: unexpected arguments: [${args.join(" ")}]\nSee 'kubectl config view -h' for help and examples`,
      );
    const o = this.flags.output;
    this.format =
      o === undefined || o === ""
        ? "yaml"
        : parseOutput(o, ["yaml", "json", "name", "template"], {
            template: this.flags.template,
            allowMissingTemplateKeys: this.flags.allowMissingTemplateKeys,
          });
  }

  validate(): void {}

  async run(): Promise<void> {
    const { ctx, flags } = this;
    // The first use of kubesim makes its default cluster; viewing the config is a use.
    // --context (or --cluster) names the context --minify keeps, as kubectl's does.
    // A name that cannot be a cluster's is refused as on every verb; one that is not there
    // only matters to --minify, which fails as kubectl's does.
    const sess = session(ctx, flags);
    const chosen = sess.clusterName();
    const s = this.store();
    const known = contextNames(s).includes(chosen);
    if (!known && flags.minify) throw new CliError(`error: cannot locate context ${chosen}`);
    await (known ? sess : session(ctx, {})).view(() => undefined);
    let cfg = impliedKubeconfig(s, !!flags.raw || !!flags.flatten);
    if (flags.minify) cfg = minify({ ...cfg, "current-context": chosen });
    const f = this.format;
    if (f === "yaml") ctx.io.out(toYaml(cfg));
    // kubectl marshals clientcmd's struct: fields in declaration order (util/kubeconfig.ts
    // builds them in it), not sorted as an unstructured object's are.
    else if (f === "json") ctx.io.out(`${JSON.stringify(cfg, null, 4)}\n`);
    // The kubeconfig has no name; kubectl's name printer says so.
    else if (f === "name") ctx.io.out("config/<unknown>\n");
    else if (f !== "table" && f !== "wide")
      ctx.io.out(printTemplate(ctx.io, f, [cfg as unknown as KObject], true, false));
  }
}

/** clientcmdapi.MinifyConfig: only the current context, its cluster and its user. */
function minify(cfg: Kubeconfig): Kubeconfig {
  const current = cfg["current-context"];
  const context = cfg.contexts.find((c) => c.name === current);
  if (!context) throw new CliError(`error: cannot locate current-context ${current}`);
  return {
    ...cfg,
    clusters: cfg.clusters.filter((c) => c.name === context.context.cluster),
    users: cfg.users.filter((u) => u.name === context.context.user),
    contexts: [context],
  };
}

interface SetContextFlags {
  current?: boolean | string;
  namespace?: string;
  cluster?: string;
  user?: string;
}

/** kubectl's setContextOptions, over contexts that are kubesim's clusters. */
class SetContextOptions implements VerbOptions<[string[]]> {
  private name = "";

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: SetContextFlags,
    private readonly store: () => Store,
    private readonly help: () => string,
  ) {}

  complete(given: string[]): void {
    const args = pflagBools(this.flags as Record<string, unknown>, ["current"], given);
    if (args.length > 1) {
      this.ctx.io.out(this.help());
      throw new CliError(`error: Unexpected args: [${args.join(" ")}]`);
    }
    const name = args[0] ?? "";
    const current = this.flags.current === true;
    if (current && name !== "")
      throw new CliError("error: you cannot specify both a context name and --current");
    this.name = current ? currentCluster(this.store()) : name;
  }

  validate(): void {
    if (this.name === "") throw new CliError("error: you must specify a non-empty context name or --current");
    const s = this.store();
    // kubesim's contexts are its clusters: a new name, or a context moved to another cluster
    // or user, would point at a server kubesim does not run.
    if (!contextNames(s).includes(this.name))
      throw new CliError(
        `error: kubesim cannot create context "${this.name}": its contexts are its clusters (kubesim cluster create ${this.name} makes one)`,
      );
    for (const field of ["cluster", "user"] as const) {
      const v = this.flags[field];
      if (v !== undefined && v !== "" && v !== this.name)
        throw new CliError(
          `error: kubesim cannot point context "${this.name}" at ${field} "${v}": each context uses the cluster and user of its own name`,
        );
    }
  }

  async run(): Promise<void> {
    const ns = this.flags.namespace;
    if (ns !== undefined) await setContextNamespace(this.store(), this.name, ns);
    this.ctx.io.out(`Context "${this.name}" modified.\n`);
  }
}

/** kubectl's get-clusters and get-users: a NAME header, then the names. */
class GetNamesOptions implements VerbOptions<[]> {
  constructor(
    private readonly ctx: Ctx,
    private readonly store: () => Store,
  ) {}

  complete(): void {}

  validate(): void {}

  run(): void {
    const names = contextNames(this.store()).sort();
    this.ctx.io.out(`NAME\n${names.map((n) => `${n}\n`).join("")}`);
  }
}

export function registerConfigEdit(config: Command, ctx: Ctx): void {
  const store = () => new Store(ctx.io.env, BUCKETS, { fs: ctx.io.fs });

  withGlobals(config.command("view"))
    .description("Display merged kubeconfig settings or a specified kubeconfig file")
    .argument("[args...]")
    .option("-o, --output <format>", "Output format")
    .option("--minify", "Remove all information not used by current-context from the output")
    .option("--raw", "Display raw byte data and sensitive data")
    .option("--flatten", "Flatten the resulting kubeconfig file into self-contained output")
    .option("--merge", "Merge the full hierarchy of kubeconfig files")
    .option("--template <template>", "Template string or path to template file")
    .option("--allow-missing-template-keys [bool]", "Ignore missing keys in templates")
    .option("--show-managed-fields", "Keep managedFields (no effect here)")
    .action((args: string[], flags: ViewFlags) => runVerb(new ViewOptions(ctx, flags, store), args));

  // set-context's own --namespace and --cluster name the context's fields, not the command's.
  const setContext = config
    .command("set-context")
    .description("Set a context entry in kubeconfig")
    .argument("[args...]")
    .option("--current [bool]", "Modify the current context")
    .option("--namespace <namespace>", "namespace for the context entry in kubeconfig")
    .option("--cluster <cluster>", "cluster for the context entry in kubeconfig")
    .option("--user <user>", "user for the context entry in kubeconfig")
    .action((args: string[], flags: SetContextFlags) =>
      runVerb(new SetContextOptions(ctx, flags, store, () => commandHelp(setContext)), args),
    );

  withGlobals(config.command("get-clusters"))
    .description("Display clusters defined in the kubeconfig")
    .argument("[args...]")
    .action(() => runVerb(new GetNamesOptions(ctx, store)));

  withGlobals(config.command("get-users"))
    .description("Display users defined in the kubeconfig")
    .argument("[args...]")
    .action(() => runVerb(new GetNamesOptions(ctx, store)));
}
