// `kubectl set`: the group its subcommands (image, env, resources, serviceaccount) hang
// under, made once by whichever registers first, with kubectl v1.32's words for the group.
import type { Command } from "commander";
import { attachHelp } from "../help/attach.js";
import type { CommandHelp } from "../help/flags.js";

const HELP: Record<string, CommandHelp> = {
  set: {
    long: `Configure application resources.

 These commands help you make changes to existing application resources.`,
    usage: "set SUBCOMMAND [options]",
  },
};

export function setCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === "set") ??
    attachHelp(program.command("set"), HELP).description("Set specific features on objects")
  );
}
