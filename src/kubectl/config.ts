// kubectl config get-contexts | current-context | use-context over kubesim's clusters, so
// kubectl habits and kubectx-style prompts work. A context is named after its cluster
// (cluster and user carry the same name), which is also what `--context NAME` accepts on
// every verb. Like kubectl, these read the saved choice: --context and KUBESIM_CLUSTER pick
// a cluster for one command and do not change what current-context prints.
import type { Command } from "commander";
import { BUCKETS } from "../apiserver/storage.js";
import { goTabwrite } from "../printers/customcolumns.js";
import { Store } from "../store/store.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./config.help.js";
import { registerConfigEdit } from "./config-edit.js";
import { registerConfigEntries } from "./config-entries.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { currentCluster, switchCluster } from "./util/current-cluster.js";
import { contextNamespace } from "./util/kubeconfig.js";
import { withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

const USE_CONTEXT_HELP = `Set the current-context in a kubeconfig file.

Aliases:
use-context, use

Examples:
  # Use the context for the minikube cluster
  kubectl config use-context minikube

Usage:
  kubectl config use-context CONTEXT_NAME [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const CONFIG_HELP = `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, \${HOME}/.kube/config is used and no merging takes place.

Available Commands:
  current-context   Display the current-context
  delete-cluster    Delete the specified cluster from the kubeconfig
  delete-context    Delete the specified context from the kubeconfig
  delete-user       Delete the specified user from the kubeconfig
  get-clusters      Display clusters defined in the kubeconfig
  get-contexts      Describe one or many contexts
  get-users         Display users defined in the kubeconfig
  rename-context    Rename a context from the kubeconfig file
  set               Set an individual value in a kubeconfig file
  set-cluster       Set a cluster entry in kubeconfig
  set-context       Set a context entry in kubeconfig
  set-credentials   Set a user entry in kubeconfig
  unset             Unset an individual value in a kubeconfig file
  use-context       Set the current-context in a kubeconfig file
  view              Display merged kubeconfig settings or a specified kubeconfig file

Usage:
  kubectl config SUBCOMMAND [options]

Use "kubectl config <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

interface GetContextsFlags {
  output?: string;
  headers: boolean;
}

/** kubectl's GetContextsOptions: the contexts (kubesim's clusters) named, or all, as a table or names. */
class GetContextsOptions implements VerbOptions<[string[]]> {
  private names: string[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: GetContextsFlags,
    private readonly store: () => Store,
  ) {}

  complete(names: string[]): void {
    this.names = names;
  }

  validate(): void {
    const output = this.flags.output;
    if (output !== undefined && output !== "" && output !== "name")
      throw new CliError(
        `error: --output ${output} is not available in kubectl config get-contexts; resetting to default output format`,
      );
  }

  run(): void {
    const { ctx, flags: o, names } = this;
    const s = this.store();
    const all = s.list();
    const current = currentCluster(s);
    const missing = names.filter((n) => !all.includes(n));
    const shown = (names.length ? names.filter((n) => all.includes(n)) : all).sort();
    if (o.output === "name") {
      ctx.io.out(shown.map((n) => `${n}\n`).join(""));
    } else {
      const lines = o.headers === false ? [] : ["CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE"];
      for (const n of shown)
        lines.push(`${n === current ? "*" : " "}\t${n}\t${n}\t${n}\t${contextNamespace(s, n) ?? ""}`);
      // kubectl's tabwriter (min width 6, padding 3): an empty NAMESPACE cell leaves
      // AUTHINFO padded, so such rows end in three spaces.
      ctx.io.out(goTabwrite(lines.map((l) => `${l}\n`).join("")));
    }
    if (missing.length) throw new CliError(aggregate(missing.map((n) => `context ${n} not found`)));
  }
}

/** kubectl's UseContextOptions: the one context (cluster) to make current. */
class UseContextOptions implements VerbOptions<[string | undefined]> {
  private name?: string;

  constructor(
    private readonly ctx: Ctx,
    private readonly store: () => Store,
  ) {}

  complete(name: string | undefined): void {
    this.name = name;
  }

  validate(): void {
    // kubectl's helpErrorf: the command's help on stdout, then the error.
    if (this.name === undefined) {
      this.ctx.io.out(USE_CONTEXT_HELP);
      throw new CliError("error: Unexpected args: []");
    }
  }

  async run(): Promise<void> {
    const name = this.name ?? "";
    if (!(await switchCluster(this.store(), name)))
      throw new CliError(`error: no context exists with the name: "${name}"`);
    this.ctx.io.out(`Switched to context "${name}".\n`);
  }
}

/** `kubectl config` with no subcommand, or one kubectl lacks: kubectl's help or its error. */
class ConfigOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];

  complete(args: string[]): void {
    this.args = args;
  }

  validate(): void {
    // cobra prints a bare `kubectl config` help to stderr and fails.
    if (!this.args.length) throw new CliError(CONFIG_HELP.replace(/\n$/, ""));
    throw new CliError(
      `error: unknown command "${this.args[0]}"\nSee 'kubectl config -h' for help and examples`,
    );
  }

  run(): void {
    // validate refused every command line that reaches here.
  }
}

/** kubectl's CurrentContextOptions: the saved current context (kubesim's current cluster). */
class CurrentContextOptions implements VerbOptions<[]> {
  constructor(
    private readonly ctx: Ctx,
    private readonly store: () => Store,
  ) {}

  complete(): void {}

  validate(): void {}

  run(): void {
    this.ctx.io.out(`${currentCluster(this.store())}\n`);
  }
}

export function registerConfig(program: Command, ctx: Ctx): void {
  const store = () => new Store(ctx.io.env, BUCKETS, { fs: ctx.io.fs });
  const config = attachHelp(program.command("config"), HELP)
    .description("Modify kubeconfig files")
    .argument("[args...]")
    .allowUnknownOption()
    .action((args: string[]) => runVerb(new ConfigOptions(), args));

  withGlobals(config.command("get-contexts"))
    .description("Describe one or many contexts")
    .argument("[names...]")
    .option("-o, --output <format>", "Output format. One of: (name).")
    .option("--no-headers", "When using the default or custom-column output format, don't print headers")
    .action((names: string[], flags: GetContextsFlags) =>
      runVerb(new GetContextsOptions(ctx, flags, store), names),
    );

  withGlobals(config.command("current-context"))
    .description("Display the current-context")
    .argument("[args...]")
    .action(() => runVerb(new CurrentContextOptions(ctx, store)));

  withGlobals(config.command("use-context").alias("use"))
    .description("Set the current-context in a kubeconfig file")
    .argument("[name]")
    .action((name: string | undefined) => runVerb(new UseContextOptions(ctx, store), name));

  registerConfigEdit(config, ctx);
  registerConfigEntries(config, ctx);
}

/** How kubectl's CheckErr prints an aggregate: one error with "error: ", several one a line, bare. */
function aggregate(errs: string[]): string {
  return errs.length === 1 ? `error: ${errs[0]}` : errs.join("\n");
}
