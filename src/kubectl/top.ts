// kubectl top node|pod. kind has no metrics-server until one is applied, and kubesim models
// none yet, so after kubectl's own flag checks every form answers as on a fresh kind cluster:
// the metrics.k8s.io API is not served.
import type { Command } from "commander";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { commandHelp } from "./help/render.js";
import { CliError } from "./io.js";
import { HELP } from "./top.help.js";
import { withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

/** `kubectl top` alone: cobra prints the group's help on stderr and fails. */
class TopOptions implements VerbOptions<[]> {
  constructor(private readonly help: () => string) {}

  complete(): void {}

  validate(): void {
    throw new CliError(this.help().replace(/\n$/, ""));
  }

  run(): void {
    // validate refused the command line.
  }
}

class TopKindOptions implements VerbOptions<[]> {
  constructor(private readonly flags: { sortBy?: string }) {}

  complete(): void {}

  validate(): void {
    const by = this.flags.sortBy;
    if (by && by !== "cpu" && by !== "memory")
      throw new CliError("error: --sort-by accepts only cpu or memory");
  }

  run(): void {
    throw new CliError("error: Metrics API not available");
  }
}

export function registerTop(program: Command, _ctx: Ctx): void {
  const top: Command = attachHelp(withGlobals(program.command("top")), HELP)
    .description("Display resource (CPU/memory) usage")
    .action(() => runVerb(new TopOptions(() => commandHelp(top))));
  attachHelp(withGlobals(top.command("node").aliases(["nodes", "no"])), HELP)
    .description("Display resource (CPU/memory) usage of nodes")
    .argument("[name]")
    .option("--no-headers", "If present, print output without headers")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("--show-capacity", "Print node resources based on Capacity instead of Allocatable")
    .option("--sort-by <field>", "Sort nodes list using specified field")
    .option("--use-protocol-buffers [bool]", "Enables using protocol-buffers to access Metrics API.")
    .action((_name: string | undefined, flags: { sortBy?: string }) => runVerb(new TopKindOptions(flags)));
  attachHelp(withGlobals(top.command("pod").aliases(["pods", "po"])), HELP)
    .description("Display resource (CPU/memory) usage of pods")
    .argument("[name]")
    .option("-A, --all-namespaces", "List the requested object(s) across all namespaces")
    .option("--containers", "If present, print usage of containers within a pod.")
    .option("--field-selector <selector>", "Selector (field query) to filter on")
    .option("--no-headers", "If present, print output without headers.")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("--sort-by <field>", "Sort pods list using specified field")
    .option("--sum", "Print the sum of the resource usage")
    .option("--use-protocol-buffers [bool]", "Enables using protocol-buffers to access Metrics API.")
    .action((_name: string | undefined, flags: { sortBy?: string }) => runVerb(new TopKindOptions(flags)));
}
