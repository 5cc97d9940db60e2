// kubectl options: the flags every command takes, in kubectl's words (options.help.ts). A verb
// so that completion offers it, as kubectl's does; cli.ts registers it after the others, and
// the root help lists it in no group, as kubectl's does not.
import type { Command } from "commander";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { optionsText } from "./help/hook.js";
import { HELP } from "./options.help.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

/** Nothing to complete or check: the text is the global flags, wrapped to the terminal. */
class OptionsCommandOptions implements VerbOptions<[]> {
  constructor(
    private readonly ctx: Ctx,
    private readonly cmd: Command,
  ) {}

  complete(): void {}

  validate(): void {}

  async run(): Promise<void> {
    this.ctx.io.out(await optionsText(this.cmd, this.ctx.io));
  }
}

export function registerOptions(program: Command, ctx: Ctx): void {
  const options: Command = attachHelp(program.command("options"), HELP)
    .description("Print the list of flags inherited by all commands")
    .action(() => runVerb(new OptionsCommandOptions(ctx, options)));
}
