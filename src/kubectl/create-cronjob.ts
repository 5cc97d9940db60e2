// kubectl create cronjob NAME --image=IMG --schedule=SPEC [--restart=POLICY] [-- COMMAND...]
// (create_cronjob.go): the CronJob kubectl builds, with its job template named after it.
import type { Command } from "commander";
import type { Container } from "kubernetes-types/core/v1";
import type { KObject } from "../api/types.js";
import type { Ctx } from "./cli.js";
import { requiredFlag } from "./util/flags.js";
import { type BuildOpts, GeneratorOptions, generator } from "./util/generator.js";
import { runVerb } from "./util/verb-options.js";

interface CronJobOpts extends BuildOpts {
  image?: string;
  schedule?: string;
  restart?: string;
}

/** The CronJob of createCronJob: the container named after the cronjob, restartPolicy OnFailure unless --restart. */
export function buildCronJob(
  name: string,
  image: string,
  schedule: string,
  restart: string,
  command: string[],
): KObject {
  // Container's field order, as kubectl's JSON has it.
  const container: Container = command.length
    ? { name, image, command, resources: {} }
    : { name, image, resources: {} };
  return {
    kind: "CronJob",
    apiVersion: "batch/v1",
    metadata: { name, creationTimestamp: null },
    spec: {
      schedule,
      jobTemplate: {
        metadata: { name, creationTimestamp: null },
        spec: {
          template: {
            metadata: { creationTimestamp: null },
            spec: { containers: [container], restartPolicy: restart || "OnFailure" },
          },
        },
      },
    },
    status: {},
  } as unknown as KObject;
}

class CreateCronJobOptions extends GeneratorOptions<CronJobOpts> {
  protected override readonly takesCommand = true;

  protected override namesOf(args: string[]): string[] {
    // cobra checks the required flags before the command runs, so before the NAME.
    const missing = (["image", "schedule"] as const).filter((f) => !this.flags[f]);
    if (missing.length) throw requiredFlag(this.ctx, ...missing);
    return super.namesOf(args);
  }

  protected build(): KObject {
    const { image = "", schedule = "", restart = "" } = this.flags;
    return buildCronJob(this.name, image, schedule, restart, this.command);
  }

  protected override wrap(m: string): string {
    return `failed to create cronjob: ${m}`;
  }
}

export function registerCreateCronJob(create: Command, ctx: Ctx): void {
  generator(create, "cronjob", "cj", "Create a cron job with the specified name")
    .option("--image <image>", "Image name to run.")
    .option("--schedule <schedule>", "A schedule in the Cron format the job should be run with.")
    .option("--restart <policy>", "job's restart policy. supported values: OnFailure, Never")
    .action((names: string[], flags: CronJobOpts) =>
      runVerb(new CreateCronJobOptions(ctx, flags, "create cronjob"), names),
    );
}
