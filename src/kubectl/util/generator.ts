// The shape every `kubectl create <kind>` generator shares (kubectl's Create*Options): one
// NAME, the kind's own flags, --dry-run and -o, and a create in a transaction with the
// generator's words around a server error. create.ts and create-config.ts build on it.
import type { Command } from "commander";
import type { KObject } from "../../api/types.js";
import { StatusError } from "../../apiserver/errors.js";
import { byKind } from "../../apiserver/resources.js";
import type { Cluster } from "../../cluster/cluster.js";
import type { Ctx } from "../cli.js";
import { createBuilt } from "../imperative.js";
import { CliError, usageError } from "../io.js";
import { type OutputFormat, parseOutput } from "../output.js";
import { type DryRun, dryRunMode } from "./dry-run.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./session.js";
import { inTypedOrder } from "./typed-json.js";
import type { VerbOptions } from "./verb-options.js";

export interface BuildOpts extends GlobalOpts {
  output?: string;
  dryRun?: string;
}

/** The flags every `create <kind>` generator takes. */
export function generator(
  parent: Command,
  name: string,
  alias: string | undefined,
  description: string,
): Command {
  const cmd = withGlobals(parent.command(name));
  if (alias) cmd.alias(alias);
  return cmd
    .description(description)
    .argument("[name...]")
    .option("-o, --output <format>", "Output format: name, yaml, json")
    .option("--dry-run [mode]", "none, server, or client")
    .option("--save-config", "Accepted for compatibility")
    .option("--validate [mode]", "Accepted: kubesim always validates strictly as the server does");
}

export function oneName(names: string[], cmd: string): string {
  if (names.length !== 1) throw usageError(cmd, `exactly one NAME is required, got ${names.length}`);
  return names[0];
}

/**
 * What every `create <kind>` generator does (kubectl's Create*Options): complete takes the
 * one NAME, the kind's own flags, --dry-run and -o; run builds the object and creates it in
 * a transaction, rewording the server's errors as the generator does.
 */
export abstract class GeneratorOptions<F extends BuildOpts> implements VerbOptions<[string[]]> {
  protected name = "";
  private mode: DryRun = "none";
  private format: OutputFormat = "table";

  constructor(
    protected readonly ctx: Ctx,
    protected readonly flags: F,
    private readonly cmd: string,
  ) {}

  complete(names: string[]): void {
    this.name = oneName(this.namesOf(names), this.cmd);
    this.completeKind();
    this.mode = dryRunMode(this.flags.dryRun);
    this.format = parseOutput(this.flags.output, ["table", "yaml", "json", "name", "template"], {
      files: this.ctx.io.files,
    });
  }

  /** The kind's own flags, read (and refused) before --dry-run and -o, as kubesim always has. */
  protected completeKind(): void {}

  /** The kind takes a command after `--` (deployment, job): the first container's command. */
  protected readonly takesCommand: boolean = false;
  /** The words after `--`, for a kind that takes a command. */
  protected command: string[] = [];

  /**
   * The words that name the object: all of them, or for a kind that takes a command those
   * before `--` (kubectl's ArgsLenAtDash), the rest being the command.
   */
  protected namesOf(args: string[]): string[] {
    const raw = this.ctx.argv ?? [];
    const dash = raw.indexOf("--");
    if (!this.takesCommand || dash < 0) return args;
    const cut = Math.max(0, args.length - (raw.length - dash - 1));
    this.command = args.slice(cut);
    return args.slice(0, cut);
  }

  validate(): void {}

  /** The object to create; `c` is the cluster, for a generator that reads it (create job --from). */
  protected abstract build(rand: () => string, c: Cluster): KObject;

  /** The generator's words around a server error, if it has any. */
  protected wrap?(message: string): string;

  async run(): Promise<void> {
    const { ctx, flags } = this;
    await session(ctx, flags).transact((c) => {
      let built = this.build(() => c.rng.name(5), c);
      // kubectl's EnforceNamespace: with -n given, a generated namespaced object names it.
      if (flags.namespace && byKind(built.kind).namespaced && !built.metadata.namespace)
        built.metadata.namespace = flags.namespace;
      built = inTypedOrder(built);
      try {
        createBuilt(c, ctx, built, namespaceOf(flags), this.mode, this.format);
      } catch (e) {
        if (this.wrap && e instanceof StatusError) throw new CliError(`error: ${this.wrap(e.message)}`);
        throw e;
      }
    });
  }
}
