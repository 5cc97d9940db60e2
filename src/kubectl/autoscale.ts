// kubectl autoscale (pkg/cmd/autoscale, v1.32): an autoscaling/v1 HorizontalPodAutoscaler
// for a named deployment, replica set, stateful set or replication controller, posted to the
// apiserver (which stores it as autoscaling/v2) and reported as `... autoscaled`; a client
// dry run prints the v1 object kubectl built and says `created (dry run)`.
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { hpaAsV1 } from "../apiserver/admission/autoscaling.js";
import { createObject } from "../apiserver/admit.js";
import { notFound } from "../apiserver/errors.js";
import { apiVersionOf } from "../apiserver/resources.js";
import { HELP } from "./autoscale.help.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { describeResult, forServer } from "./imperative.js";
import { CliError } from "./io.js";
import { type OutputFormat, parseOutput } from "./output.js";
import { type DryRun, dryRunMode } from "./util/dry-run.js";
import { intFlag, requiredFlag } from "./util/flags.js";
import { parseResourceArgs, type TypedName } from "./util/resource-args.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface AutoscaleOpts extends GlobalOpts {
  min?: string;
  max?: string;
  cpuPercent?: string;
  name?: string;
  dryRun?: string;
  output?: string;
}

/** The kinds with a scale subresource. */
const SCALABLE = ["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"];

const NO_RESOURCES =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** createHorizontalPodAutoscaler: kubectl's typed v1 object, in its Go field order. */
export function buildHpa(
  target: KObject,
  o: { name?: string; min: number; max: number; cpu: number },
): KObject {
  const spec: Record<string, unknown> = {
    scaleTargetRef: { kind: target.kind, name: target.metadata.name, apiVersion: target.apiVersion },
  };
  if (o.min > 0) spec.minReplicas = o.min;
  spec.maxReplicas = o.max;
  if (o.cpu >= 0) spec.targetCPUUtilizationPercentage = o.cpu;
  return {
    kind: "HorizontalPodAutoscaler",
    apiVersion: "autoscaling/v1",
    metadata: { name: o.name || target.metadata.name, creationTimestamp: null },
    spec,
    status: { currentReplicas: 0, desiredReplicas: 0 },
  } as unknown as KObject;
}

class AutoscaleOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];
  private min = -1;
  private max = -1;
  private cpu = -1;
  private mode: DryRun = "none";
  private format: OutputFormat = "table";
  private names: TypedName[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: AutoscaleOpts,
  ) {}

  complete(args: string[]): void {
    const o = this.flags;
    // cobra checks the required flag before the command runs.
    if (o.max === undefined) throw requiredFlag(this.ctx, "max");
    this.max = intFlag(o.max, "--max", "autoscale");
    if (o.min !== undefined) this.min = intFlag(o.min, "--min", "autoscale");
    if (o.cpuPercent !== undefined) this.cpu = intFlag(o.cpuPercent, "--cpu-percent", "autoscale");
    this.mode = dryRunMode(o.dryRun);
    this.format = parseOutput(o.output, ["table", "yaml", "json", "name", "template"], {
      files: this.ctx.io.files,
    });
    this.args = args;
  }

  validate(): void {
    if (this.max < 1)
      throw new CliError(`error: --max=MAXPODS is required and must be at least 1, max: ${this.max}`);
    if (this.max < this.min)
      throw new CliError(
        `error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: ${this.max}, min: ${this.min}`,
      );
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    if (!this.args.length) throw new CliError(NO_RESOURCES);
    const { names } = parseResourceArgs(this.args);
    if (!names.length) throw new CliError("error: resource(s) were provided, but no name was specified");
    this.names = names;
    const ns = namespaceOf(o);
    await session(ctx, o).transact((c) => {
      for (const n of this.names) {
        const obj = c.api.get(n.r, n.r.namespaced ? ns : undefined, n.name);
        if (!obj) throw notFound(n.r, n.name);
        if (!SCALABLE.includes(obj.kind)) {
          const gv = apiVersionOf(n.r);
          throw new CliError(
            `error: cannot autoscale a ${obj.kind}: could not find scale subresource for ${gv.includes("/") ? gv : `/${gv}`}, Resource=${n.r.plural} in discovery information`,
          );
        }
        const built = buildHpa(obj, { name: o.name, min: this.min, max: this.max, cpu: this.cpu });
        // The server answers in the version kubectl posted: autoscaling/v1.
        const written =
          this.mode === "client"
            ? built
            : hpaAsV1(createObject(c, forServer(built), ns, { dryRun: this.mode === "server" }));
        const op = this.mode === "client" ? "created" : "autoscaled";
        ctx.io.out(describeResult(ctx.io, written, this.mode, this.format, op));
      }
    });
  }
}

export function registerAutoscale(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("autoscale")), HELP)
    .description("Auto-scale a deployment, replica set, stateful set, or replication controller")
    .argument("[args...]")
    .option("--min <n>", "The lower limit for the number of pods that can be set by the autoscaler.")
    .option(
      "--max <n>",
      "The upper limit for the number of pods that can be set by the autoscaler. Required.",
    )
    .option("--cpu-percent <n>", "The target average CPU utilization over all the pods.")
    .option("--name <name>", "The name for the newly created object.")
    .option("--dry-run [mode]", "none, server, or client")
    .option("-o, --output <format>", "Output format")
    .action((args: string[], flags: AutoscaleOpts) => runVerb(new AutoscaleOptions(ctx, flags), args));
}
