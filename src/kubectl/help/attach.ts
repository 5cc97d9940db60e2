// Where a command's help text is found: each verb hands its texts (its sibling
// `<verb>.help.ts`, keyed by command path) to attachHelp as it registers its command, so the
// verb is the one place that says both what a command parses and what its help says. The
// renderer asks helpOf, which finds the texts on the command or the group above it, so
// subcommands added after attachHelp find theirs too.
import type { Command } from "commander";
import type { CommandHelp } from "./flags.js";

type Texts = Readonly<Record<string, CommandHelp>>;

const TEXTS = new WeakMap<Command, Texts>();

/** The words after `kubectl` that name a command: "rollout status", "create service clusterip". */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** Gives a verb's command, and the subcommands under it, the texts its help module keys. */
export function attachHelp<C extends Command>(cmd: C, texts: Texts): C {
  TEXTS.set(cmd, texts);
  return cmd;
}

/** The command's help text; undefined for one without (the renderer words a plain one). */
export function helpOf(cmd: Command): CommandHelp | undefined {
  const path = commandPath(cmd);
  for (let c: Command | null = cmd; c; c = c.parent) {
    const texts = TEXTS.get(c);
    if (texts && Object.hasOwn(texts, path)) return texts[path];
  }
  return undefined;
}
