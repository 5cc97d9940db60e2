// Help in kubectl's layout (its templater over cobra): long description, Aliases, Examples,
// Available Commands, Options, Usage and the closing lines. The words come from each verb's
// help text (attach.ts); the command tree and its flags come from commander, so help lists
// exactly what the parser takes.
import { Command, type Option } from "commander";
import { collect } from "../util/flags.js";
import { withGlobals } from "../util/session.js";
import { commandPath, helpOf } from "./attach.js";
import { type CommandHelp, type FlagText, KUBESIM_GROUP, ROOT_GROUPS } from "./texts.js";

const OPTIONS_LINE =
  'Use "kubectl options" for a list of global command-line options (applies to all commands).\n';

/** The flags every verb takes through withGlobals; kubectl lists them under `kubectl options`, not per verb. */
export function globalOptions(): readonly Option[] {
  return withGlobals(new Command()).options;
}

function hasGlobals(cmd: Command): boolean {
  const names = new Set(cmd.options.map((o) => o.long));
  return globalOptions().every((g) => names.has(g.long));
}

/** The commander options a command's Options section lists: its own, not the global ones. */
export function listedOptions(cmd: Command): Option[] {
  const globals = hasGlobals(cmd) ? new Set(globalOptions().map((g) => g.long)) : new Set<string>();
  return cmd.options.filter((o) => !o.hidden && !globals.has(o.long));
}

function optionName(o: Option): string {
  return (o.long ?? o.short ?? "").replace(/^--?/, "");
}

/** A flag's default as pflag prints it, when the command's help text does not give kubectl's. */
function derivedDefault(o: Option): string {
  if (o.parseArg === collect) return "[]";
  if (!o.required && !o.optional) return o.negate ? "false" : String(o.defaultValue ?? false);
  const d = o.defaultValue;
  if (d === undefined) return o.optional ? "false" : "''";
  // Numbers and durations print bare, strings quoted, as pflag prints int, duration and string flags.
  return /^-?\d+(\.\d+)?([smh]|m0s)?$/.test(String(d)) ? String(d) : `'${d}'`;
}

/** go-wordwrap as kubectl uses it on a terminal: break at the last space that fits, long words intact. */
export function wrap(text: string, limit: number): string {
  if (limit <= 0) return text;
  return text
    .split("\n")
    .map((line) => {
      const out: string[] = [];
      let rest = line;
      while (rest.length > limit) {
        const cut = rest.lastIndexOf(" ", limit);
        if (cut <= 0) break;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      }
      out.push(rest);
      return out.join("\n");
    })
    .join("\n");
}

interface FlagLine {
  sortKey: string;
  names: string;
  def: string;
  text: string;
}

function flagLine(o: Option, text: FlagText | undefined): FlagLine {
  const names = o.long ? `${o.short ? `${o.short}, ` : ""}${o.long}` : (o.short ?? "");
  const [def, usage] = text ?? [derivedDefault(o), o.description];
  return { sortKey: optionName(o), names, def, text: usage };
}

function flagBlock(f: FlagLine, width: number): string {
  // kubectl wraps a flag's description 10 columns short of the terminal, under a tab.
  const body = wrap(f.text, width ? width - 10 : 0).replace(/\n/g, "\n\t");
  return `    ${f.names}=${f.def}:\n\t${body}\n\n`;
}

/** pflag sorts flags by name in byte order (Go's sort.Strings), where '-' sorts before letters. */
function byName(a: FlagLine, b: FlagLine): number {
  return a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0;
}

/** The Options section's entries, sorted by name as pflag sorts them. */
export function optionLines(cmd: Command): FlagLine[] {
  const h = helpOf(cmd);
  const own = (h?.ownFlags ?? []).map((f) => ({ ...f, sortKey: f.names.replace(/^.*--/, "") }));
  return [...listedOptions(cmd).map((o) => flagLine(o, h?.flags?.[optionName(o)])), ...own].sort(byName);
}

function subcommands(cmd: Command): Command[] {
  return cmd.commands.filter((c) => !(c as unknown as { _hidden: boolean })._hidden);
}

/** cobra's command list: names padded to the longest (at least 11), three spaces, the short text. */
function commandList(cmds: Command[]): string {
  const pad = Math.max(11, ...cmds.map((c) => c.name().length));
  return cmds.map((c) => `  ${c.name().padEnd(pad)}   ${shortOf(c)}`).join("\n");
}

export function shortOf(cmd: Command): string {
  return helpOf(cmd)?.short ?? cmd.description();
}

function indentExamples(examples: string): string {
  return examples
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

/** `kubectl VERB --help`. */
export function commandHelp(cmd: Command, width = 0): string {
  const path = commandPath(cmd);
  const h: CommandHelp = helpOf(cmd) ?? { long: `${cmd.description()}.`, usage: `${path} [options]` };
  let s = `${h.long}\n\n`;
  if (cmd.aliases().length) s += `Aliases:\n${[cmd.name(), ...cmd.aliases()].join(", ")}\n\n`;
  if (h.examples) s += `Examples:\n${indentExamples(h.examples)}\n\n`;
  // cobra lists subcommands sorted by name, whatever order they were added in.
  const subs = subcommands(cmd).sort((a, b) => (a.name() < b.name() ? -1 : 1));
  if (subs.length) s += `Available Commands:\n${commandList(subs)}\n\n`;
  const opts = optionLines(cmd);
  if (opts.length) s += `Options:\n${opts.map((f) => flagBlock(f, width)).join("")}`;
  s += `Usage:\n  kubectl ${h.usage}\n\n`;
  if (subs.length)
    s += `Use "kubectl ${path} <command> --help" for more information about a given command.\n`;
  return wrap(s + OPTIONS_LINE, responsiveLimit(width));
}

/** The part of the root help cobra calls its usage: the command groups and the closing lines. */
export function rootUsage(program: Command): string {
  const have = new Map(subcommands(program).map((c) => [c.name(), c]));
  const groups = [...ROOT_GROUPS, KUBESIM_GROUP]
    .map(([title, names]) => [title, names.flatMap((n) => have.get(n) ?? [])] as const)
    .filter(([, cmds]) => cmds.length);
  const pad = Math.max(11, ...groups.flatMap(([, cmds]) => cmds.map((c) => c.name().length)));
  const lines = groups.map(
    ([title, cmds]) => `${title}\n${cmds.map((c) => `  ${c.name().padEnd(pad)}   ${shortOf(c)}`).join("\n")}`,
  );
  return `${lines.join("\n\n")}

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
${OPTIONS_LINE}`;
}

/** `kubectl --help`, `kubectl help`. */
export function rootHelp(program: Command, width = 0): string {
  const head = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

`;
  return wrap(head + rootUsage(program), responsiveLimit(width));
}

/** `kubectl options`: the flags every command takes, in the words of the options command's help. */
export function optionsHelp(options: Command, width = 0): string {
  const flags = helpOf(options)?.flags;
  const blocks = globalOptions()
    .map((o) => flagLine(o, flags?.[optionName(o)]))
    .sort(byName)
    .map((f) => flagBlock(f, width));
  return wrap(
    `The following options can be passed to any command:\n\n${blocks.join("").replace(/\n$/, "")}`,
    responsiveLimit(width),
  );
}

/** kubectl wraps help on a terminal at 80, 100 or 120 columns, whichever fits; not when piped. */
function responsiveLimit(width: number): number {
  return width >= 120 ? 120 : width >= 100 ? 100 : width >= 80 ? 80 : 0;
}

/** Makes every command in the tree print kubectl's help for -h/--help and for a bare group. */
export function installHelp(program: Command, width = 0): void {
  const walk = (cmd: Command) => {
    cmd.configureHelp({
      formatHelp: (c: Command) => (c.parent ? commandHelp(c, width) : rootHelp(c, width)),
    });
    for (const sub of cmd.commands) walk(sub);
  };
  walk(program);
}
