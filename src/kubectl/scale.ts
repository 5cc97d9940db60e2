// kubectl scale: a new spec.replicas for Deployments and ReplicaSets, with the
// --current-replicas precondition checked against the stored object first.
import type { Command } from "commander";
import { updateObject } from "../apiserver/admit.js";
import { notFound } from "../apiserver/errors.js";
import type { Ctx } from "./cli.js";
import { ErrorList } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { CliError, usageError } from "./io.js";
import { HELP } from "./scale.help.js";
import { nameOnlyOutput, toPrinter } from "./util/printer.js";
import { parseResourceArgs, type TypedName } from "./util/resource-args.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface ScaleOpts extends GlobalOpts {
  replicas?: string;
  currentReplicas?: string;
  output?: string;
  dryRun?: string;
}

const SCALABLE = new Set(["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"]);

const NO_TYPE =
  "You must specify the type of resource to scale. Valid resource types include:\n\n    * deployment\n    * replicaset\n    * replicationcontroller\n    * statefulset";

/** kubectl's ScaleOptions: the new size, its precondition, and the named objects. */
class ScaleOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];
  /** -1 when --replicas is missing, which validate refuses. */
  private replicas = -1;
  /** -1 when there is no --current-replicas precondition. */
  private current = -1;
  private names: TypedName[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: ScaleOpts,
  ) {}

  complete(args: string[]): void {
    const o = this.flags;
    this.args = args;
    this.replicas = o.replicas === undefined ? -1 : Number(o.replicas);
    this.current = o.currentReplicas === undefined ? -1 : Number(o.currentReplicas);
  }

  validate(): void {
    if (!Number.isInteger(this.replicas) || this.replicas < 0)
      throw new CliError(
        "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
      );
    if (!this.args.length) throw usageError("scale", NO_TYPE);
    // scale takes names only: a bare type would scale everything of it.
    const { types, names } = parseResourceArgs(this.args);
    if (types.length) throw usageError("scale", "resource(s) were provided, but no name was specified");
    this.names = names;
  }

  async run(): Promise<void> {
    const { ctx, flags: o, replicas, current } = this;
    const ns = namespaceOf(o);
    const printer = toPrinter(nameOnlyOutput(o.output), ctx.io);
    const errors = new ErrorList();
    await session(ctx, o).transact((c) => {
      for (const n of this.names) {
        const obj = c.api.get(n.r, ns, n.name);
        if (!obj) {
          errors.status(notFound(n.r, n.name));
          continue;
        }
        if (!SCALABLE.has(obj.kind)) {
          errors.message(`cannot scale ${n.r.plural}/${n.name}`);
          continue;
        }
        const was = obj.spec.replicas ?? 1;
        if (current >= 0 && was !== current) {
          errors.message(`Expected replicas to be ${current}, was ${was}`);
          continue;
        }
        const next = structuredClone(obj);
        next.spec.replicas = replicas;
        const dry = o.dryRun !== undefined && o.dryRun !== "none";
        if (!dry) updateObject(c, next, obj, { verb: "patch", subresource: "scale" });
        const suffix = dry ? (o.dryRun === "server" ? " (server dry run)" : " (dry run)") : "";
        ctx.io.out(printer.printWritten(obj, `scaled${suffix}`));
      }
    });
    errors.throwIfAny();
  }
}

export function registerScale(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("scale")), HELP)
    .description("Set a new size for a deployment, replica set, replication controller, or stateful set")
    .argument("[args...]")
    .option("--replicas <count>", "The new desired number of replicas. Required.")
    .option("--current-replicas <count>", "Precondition for current size.")
    .option("-o, --output <format>", "Output format: name")
    .option("--dry-run [mode]", "none, server, or client")
    .action((args: string[], flags: ScaleOpts) => runVerb(new ScaleOptions(ctx, flags), args));
}
