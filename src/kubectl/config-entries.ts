// kubectl config delete-context | delete-cluster | delete-user | rename-context | set-cluster |
// set-credentials | set | unset over the kubeconfig kubesim implies. Its clusters, users and
// contexts are kubesim's clusters, so only what keeps them so is done: a context's namespace
// (set, unset) and current-context (set). The rest answers kubectl's errors for names that are
// not there, and a kubesim sentence for entries it cannot change (`kubesim cluster` does).
// kubectl names the kubeconfig file in its messages; kubesim names the one kubectl would use
// ($KUBECONFIG's first path, else ~/.kube/config) and never writes it.
import type { Command } from "commander";
import { BUCKETS } from "../apiserver/storage.js";
import { Store } from "../store/store.js";
import type { Ctx } from "./cli.js";
import { commandHelp } from "./help/render.js";
import { CliError } from "./io.js";
import { switchCluster } from "./util/current-cluster.js";
import { collect, pflagBools } from "./util/flags.js";
import { contextNames, kubeconfigPath, setContextNamespace } from "./util/kubeconfig.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

type Kind = "context" | "cluster" | "user";

/** kubectl's delete-context, delete-cluster and delete-user. */
class DeleteEntryOptions implements VerbOptions<[string[]]> {
  private name?: string;

  constructor(
    private readonly ctx: Ctx,
    private readonly kind: Kind,
    private readonly store: () => Store,
    private readonly help: () => string,
  ) {}

  complete(args: string[]): void {
    this.name = args[0];
  }

  validate(): void {}

  run(): void {
    // kubectl prints the command's help and succeeds when no name is given.
    if (this.name === undefined) {
      this.ctx.io.out(this.help());
      return;
    }
    const path = kubeconfigPath(this.ctx.io.env);
    if (!contextNames(this.store()).includes(this.name))
      throw new CliError(`error: cannot delete ${this.kind} ${this.name}, not in ${path}`);
    throw new CliError(
      `error: kubesim cannot delete ${this.kind} ${this.name}: its ${this.kind}s are its clusters (kubesim cluster delete ${this.name} removes one)`,
    );
  }
}

/** kubectl's rename-context. */
class RenameContextOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly store: () => Store,
    private readonly help: () => string,
  ) {}

  complete(args: string[]): void {
    this.args = args;
  }

  validate(): void {
    if (this.args.length !== 2) {
      this.ctx.io.out(this.help());
      throw new CliError(`error: Unexpected args: [${this.args.join(" ")}]`);
    }
  }

  run(): void {
    const [from, to] = this.args;
    const path = kubeconfigPath(this.ctx.io.env);
    const names = contextNames(this.store());
    if (!names.includes(from))
      throw new CliError(`error: cannot rename the context "${from}", it's not in ${path}`);
    if (names.includes(to))
      throw new CliError(
        `error: cannot rename the context "${from}", the context "${to}" already exists in ${path}`,
      );
    throw new CliError(
      `error: kubesim cannot rename context "${from}": its contexts are named after its clusters`,
    );
  }
}

/** kubectl's set-cluster and set-credentials: kubesim's entries take no other server or credentials. */
class SetEntryOptions implements VerbOptions<[string[]]> {
  private name = "";

  constructor(
    private readonly ctx: Ctx,
    private readonly kind: "cluster" | "user",
    private readonly flags: Record<string, unknown>,
    private readonly store: () => Store,
    private readonly help: () => string,
  ) {}

  complete(given: string[]): void {
    const args = pflagBools(
      this.flags,
      ["embedCerts", "insecureSkipTlsVerify", "execProvideClusterInfo"],
      given,
    );
    if (args.length !== 1) {
      this.ctx.io.out(this.help());
      // kubectl's set-credentials says it in lower case, set-cluster in upper.
      const word = this.kind === "user" ? "unexpected" : "Unexpected";
      throw new CliError(`error: ${word} args: [${args.join(" ")}]`);
    }
    this.name = args[0];
  }

  validate(): void {
    const given = Object.values(this.flags).filter(
      (v) =>
        v !== undefined && v !== "" && v !== false && v !== "false" && !(Array.isArray(v) && v.length === 0),
    );
    const exists = contextNames(this.store()).includes(this.name);
    if (!exists || given.length)
      throw new CliError(
        `error: kubesim cannot ${exists ? "change" : "add"} ${this.kind} "${this.name}": its ${this.kind}s are its clusters${this.kind === "user" ? "' admins, with kubesim's own certificates" : ", with kubesim's own servers and certificates"} (kubesim cluster create makes one)`,
      );
  }

  run(): void {
    this.ctx.io.out(`${this.kind === "user" ? "User" : "Cluster"} "${this.name}" set.\n`);
  }
}

/** kubectl's set and unset, for the properties kubesim keeps: a context's namespace, current-context. */
class PropertyOptions implements VerbOptions<[string[]]> {
  private property = "";
  private value = "";

  constructor(
    private readonly ctx: Ctx,
    private readonly unset: boolean,
    private readonly flags: Record<string, unknown>,
    private readonly store: () => Store,
    private readonly help: () => string,
  ) {}

  complete(given: string[]): void {
    const args = pflagBools(this.flags, ["setRawBytes"], given);
    if (args.length !== (this.unset ? 1 : 2)) {
      this.ctx.io.out(this.help());
      throw new CliError(`error: Unexpected args: [${args.join(" ")}]`);
    }
    [this.property, this.value = ""] = args;
  }

  validate(): void {}

  async run(): Promise<void> {
    const s = this.store();
    const p = this.property;
    const ns = /^contexts\.([^.]+)\.namespace$/.exec(p);
    if (ns && contextNames(s).includes(ns[1]))
      await setContextNamespace(s, ns[1], this.unset ? "" : this.value);
    else if (p === "current-context" && !this.unset) {
      if (!(await switchCluster(s, this.value)))
        throw new CliError(
          `error: kubesim cannot set current-context to "${this.value}": it has no such context`,
        );
    } else
      throw new CliError(
        `error: kubesim cannot ${this.unset ? "unset" : "set"} ${p}: of its kubeconfig, only contexts.NAME.namespace and current-context change`,
      );
    this.ctx.io.out(`Property "${p}" ${this.unset ? "unset" : "set"}.\n`);
  }
}

export function registerConfigEntries(config: Command, ctx: Ctx): void {
  const store = () => new Store(ctx.io.env, BUCKETS, { fs: ctx.io.fs });
  for (const kind of ["context", "cluster", "user"] as const) {
    const cmd = config
      .command(`delete-${kind}`)
      .description(`Delete the specified ${kind} from the kubeconfig`)
      .argument("[args...]")
      .action((args: string[]) =>
        runVerb(new DeleteEntryOptions(ctx, kind, store, () => commandHelp(cmd)), args),
      );
  }
  const rename = config
    .command("rename-context")
    .description("Rename a context from the kubeconfig file")
    .argument("[args...]")
    .action((args: string[]) =>
      runVerb(new RenameContextOptions(ctx, store, () => commandHelp(rename)), args),
    );

  const setCluster = config
    .command("set-cluster")
    .description("Set a cluster entry in kubeconfig")
    .argument("[args...]")
    .option("--server <server>", "server for the cluster entry in kubeconfig")
    .option(
      "--certificate-authority <path>",
      "Path to certificate-authority file for the cluster entry in kubeconfig",
    )
    .option("--embed-certs [bool]", "embed-certs for the cluster entry in kubeconfig")
    .option(
      "--insecure-skip-tls-verify [bool]",
      "insecure-skip-tls-verify for the cluster entry in kubeconfig",
    )
    .option("--tls-server-name <name>", "tls-server-name for the cluster entry in kubeconfig")
    .option("--proxy-url <url>", "proxy-url for the cluster entry in kubeconfig")
    .action((args: string[], flags: Record<string, unknown>) =>
      runVerb(new SetEntryOptions(ctx, "cluster", flags, store, () => commandHelp(setCluster)), args),
    );

  const setCredentials = config
    .command("set-credentials")
    .description("Set a user entry in kubeconfig")
    .argument("[args...]")
    .option("--auth-provider <provider>", "Auth provider for the user entry in kubeconfig")
    .option("--auth-provider-arg <key=value>", "'key=value' arguments for the auth provider", collect, [])
    .option("--exec-api-version <version>", "API version of the exec credential plugin")
    .option("--exec-arg <arg>", "New arguments for the exec credential plugin command", collect, [])
    .option("--exec-command <command>", "Command for the exec credential plugin")
    .option(
      "--exec-env <key=value>",
      "'key=value' environment values for the exec credential plugin",
      collect,
      [],
    )
    .option("--exec-interactive-mode <mode>", "InteractiveMode of the exec credentials plugin")
    .option("--exec-provide-cluster-info [bool]", "ProvideClusterInfo of the exec credentials plugin")
    .option("--client-certificate <path>", "Path to client-certificate file for the user entry in kubeconfig")
    .option("--client-key <path>", "Path to client-key file for the user entry in kubeconfig")
    .option("--embed-certs [bool]", "Embed client cert/key for the user entry in kubeconfig")
    .option("--password <password>", "password for the user entry in kubeconfig")
    .option("--token <token>", "token for the user entry in kubeconfig")
    .option("--username <username>", "username for the user entry in kubeconfig")
    .action((args: string[], flags: Record<string, unknown>) =>
      runVerb(new SetEntryOptions(ctx, "user", flags, store, () => commandHelp(setCredentials)), args),
    );

  const set = config
    .command("set")
    .description("Set an individual value in a kubeconfig file")
    .argument("[args...]")
    .option(
      "--set-raw-bytes [bool]",
      "When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.",
    )
    .action((args: string[], flags: Record<string, unknown>) =>
      runVerb(new PropertyOptions(ctx, false, flags, store, () => commandHelp(set)), args),
    );

  const unset = config
    .command("unset")
    .description("Unset an individual value in a kubeconfig file")
    .argument("[args...]")
    .action((args: string[]) =>
      runVerb(new PropertyOptions(ctx, true, {}, store, () => commandHelp(unset)), args),
    );
}
