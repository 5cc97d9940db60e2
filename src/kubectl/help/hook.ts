// Where help meets the command line: which command lines want help, `kubectl help [COMMAND]`,
// `kubectl options`, and -h on the verbs that parse their own flags. The renderer is loaded
// only for those command lines, so other commands do not pay for it.
import type { Command } from "commander";
import type { IO } from "../io.js";

type Render = typeof import("./render.js");

const render = (): Promise<Render> => import("./render.js");

/** The terminal width kubectl wraps help to; 0 (no wrapping) when stdout is not a terminal. */
function width(io: IO): number {
  return io.stdoutIsTTY ? (io.columns ?? 0) : 0;
}

/** The flags before `--`: after it, -h is the command's (`exec pod -- ls -h`). */
function ownArgs(argv: string[]): string[] {
  const end = argv.indexOf("--");
  return end < 0 ? argv : argv.slice(0, end);
}

/** The deepest command the leading words name (`rollout status`), and the words left over. */
function resolve(program: Command, words: string[]): { cmd: Command; rest: string[] } {
  let cmd = program;
  let i = 0;
  for (; i < words.length; i++) {
    const next = cmd.commands.find((c) => c.name() === words[i] || c.aliases().includes(words[i]));
    if (!next) break;
    cmd = next;
  }
  return { cmd, rest: words.slice(i) };
}

/** A command that only groups others (`rollout`, `set`), named with no subcommand after it. */
function bareGroup(program: Command, argv: string[]): Command | undefined {
  const words = ownArgs(argv).filter((a) => !a.startsWith("-"));
  const { cmd, rest } = resolve(program, words);
  const hasAction = (cmd as unknown as { _actionHandler: unknown })._actionHandler != null;
  return cmd !== program && cmd.commands.length && !hasAction && !rest.length ? cmd : undefined;
}

function hidden(cmd: Command): boolean {
  return (cmd as unknown as { _hidden: boolean })._hidden;
}

function hasHelpOption(cmd: Command): boolean {
  return (cmd as unknown as { _getHelpOption(): unknown })._getHelpOption() !== null;
}

/** `kubectl options`' text (options.ts): the global flags, wrapped as help is. */
export async function optionsText(options: Command, io: IO): Promise<string> {
  return (await render()).optionsHelp(options, width(io));
}

/**
 * Answers the command lines that are all help, before commander parses them; undefined when
 * commander should parse. Installs kubectl's help layout on the tree whenever help may show.
 */
export async function answerHelp(program: Command, argv: string[], io: IO): Promise<number | undefined> {
  const own = ownArgs(argv);
  // `__complete` (hidden) is handed words as typed, -h among them, and must complete them.
  if (
    hidden(
      resolve(
        program,
        own.filter((a) => !a.startsWith("-")),
      ).cmd,
    )
  )
    return undefined;
  const wantsHelp = own.includes("-h") || own.includes("--help");
  const group = bareGroup(program, argv);
  if (!(argv.length === 0 || argv[0] === "help" || argv[0] === "options" || wantsHelp || group))
    return undefined;
  const r = await render();
  const w = width(io);
  r.installHelp(program, w);
  if (argv.length === 0) {
    io.out(r.rootHelp(program, w));
    return 0;
  }
  if (argv[0] === "help") return helpVerb(r, program, argv.slice(1), io, w);
  const { cmd } = resolve(
    program,
    own.filter((a) => !a.startsWith("-")),
  );
  // curl and trace take their arguments raw (most are curl's), so commander never sees their -h.
  if (wantsHelp && !hidden(cmd) && !hasHelpOption(cmd)) {
    io.out(r.commandHelp(cmd, w));
    return 0;
  }
  if (group && !wantsHelp) {
    // kubectl prints a bare group's help and fails; `rollout` prints it on stdout, the others on stderr.
    (group.name() === "rollout" ? io.out : io.err)(r.commandHelp(group, w));
    return 1;
  }
  return undefined;
}

const HELP_HELP = `Help provides help for any command in the application.
Simply type kubectl help [path to command] for full details.

Usage:
  kubectl help [command] [flags] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** `kubectl help [COMMAND...]`: cobra's help command. */
function helpVerb(r: Render, program: Command, words: string[], io: IO, w: number): number {
  // cobra's help command answers its own -h/--help and `help help` with its own usage.
  if (words.some((x) => x === "-h" || x === "--help") || words[0] === "help") {
    io.out(HELP_HELP);
    return 0;
  }
  const { cmd, rest } = resolve(program, words);
  if (!words.length) {
    io.out(r.rootHelp(program, w));
    return 0;
  }
  if (cmd === program || rest.length) {
    // cobra: the topic it could not find, then the root command's usage, on stderr; still exit 0.
    io.err(`Unknown help topic [${words.map((x) => `\`${x}\``).join(" ")}]\n\n\n${r.rootUsage(program)}`);
    return 0;
  }
  io.out(r.commandHelp(cmd, w));
  return 0;
}
