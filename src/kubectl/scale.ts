// kubectl scale: a new spec.replicas for Deployments and ReplicaSets, with the
// --current-replicas precondition checked against the stored object first.
import type { Command } from "commander";
import { updateObject } from "../apiserver/admit.js";
import { notFound } from "../apiserver/errors.js";
import type { Ctx } from "./cli.js";
import { ErrorList } from "./errors.js";
import { CliError, usageError } from "./io.js";
import { nameOf } from "./output.js";
import { parseResourceArgs } from "./util/resource-args.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";

interface ScaleOpts extends GlobalOpts {
  replicas?: string;
  currentReplicas?: string;
  output?: string;
  dryRun?: string;
}

const SCALABLE = new Set(["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"]);

export function registerScale(program: Command, ctx: Ctx): void {
  withGlobals(program.command("scale"))
    .description("Set a new size for a deployment, replica set, replication controller, or stateful set")
    .argument("[args...]")
    .option("--replicas <count>", "The new desired number of replicas. Required.")
    .option("--current-replicas <count>", "Precondition for current size.")
    .option("-o, --output <format>", "Output format: name")
    .option("--dry-run [mode]", "none, server, or client")
    .action(async (args: string[], o: ScaleOpts) => {
      const replicas = o.replicas === undefined ? -1 : Number(o.replicas);
      if (!Number.isInteger(replicas) || replicas < 0)
        throw new CliError(
          "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        );
      if (!args.length)
        throw usageError(
          "scale",
          "You must specify the type of resource to scale. Valid resource types include:\n\n    * deployment\n    * replicaset\n    * replicationcontroller\n    * statefulset",
        );
      const { types, names } = parseResourceArgs(args);
      if (types.length) throw usageError("scale", "resource(s) were provided, but no name was specified");
      const current = o.currentReplicas === undefined ? -1 : Number(o.currentReplicas);
      const ns = namespaceOf(o);
      const errors = new ErrorList();
      await session(ctx, o).transact((c) => {
        for (const n of names) {
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
          if (!dry) updateObject(c, next, obj);
          const suffix = dry ? (o.dryRun === "server" ? " (server dry run)" : " (dry run)") : "";
          ctx.io.out(o.output === "name" ? `${nameOf(obj)}\n` : `${nameOf(obj)} scaled${suffix}\n`);
        }
      });
      errors.throwIfAny();
    });
}
