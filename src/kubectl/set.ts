// `kubectl set`: the group its subcommands (image, env, resources, serviceaccount) hang
// under, made once by whichever registers first.
import type { Command } from "commander";
import { attachHelp } from "./help/attach.js";
import { HELP } from "./setimage.help.js";

export function setCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === "set") ??
    attachHelp(program.command("set"), HELP).description("Set specific features on objects")
  );
}
