// kubectl plugin list: kubesim runs no plugin (a plugin is a real program, and kubesim starts
// none), so no plugin is visible to it, and it answers as kubectl does on a PATH without
// `kubectl-*` executables. It does not read the PATH's directories to find out.
import type { Command } from "commander";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { commandHelp } from "./help/render.js";
import { CliError } from "./io.js";
import { HELP } from "./plugin.help.js";
import { withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

/** `kubectl plugin` alone: cobra prints the group's help on stderr and fails. */
class PluginOptions implements VerbOptions<[]> {
  constructor(private readonly help: () => string) {}

  complete(): void {}

  validate(): void {
    throw new CliError(this.help().replace(/\n$/, ""));
  }

  run(): void {
    // validate refused the command line.
  }
}

class PluginListOptions implements VerbOptions<[]> {
  complete(): void {}

  validate(): void {}

  run(): void {
    throw new CliError("error: unable to find any kubectl plugins in your PATH");
  }
}

export function registerPlugin(program: Command, _ctx: Ctx): void {
  const plugin: Command = attachHelp(withGlobals(program.command("plugin")), HELP)
    .description("Provides utilities for interacting with plugins")
    .action(() => runVerb(new PluginOptions(() => commandHelp(plugin))));
  attachHelp(withGlobals(plugin.command("list")), HELP)
    .description("List all visible plugin executables on a user's PATH")
    .option("--name-only", "If true, display only the binary name of each plugin, rather than its full path")
    .argument("[args...]")
    .action(() => runVerb(new PluginListOptions()));
}
