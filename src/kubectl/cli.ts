// The command line: commander parses argv into verbs and flags; this file maps its errors
// to kubectl's (cobra/pflag) words and exit codes, and runs a verb in-process so tests and
// the binary share one entry point.
import { Command, CommanderError } from "commander";
import { StoreError } from "../store/store.js";
import { levenshtein } from "../util/edit-distance.js";
import { type Impersonation, KUBECTL_COMMANDS, readCommandLine, VERBS } from "./commandline.js";
import { toCliError } from "./errors.js";
import { answerHelp } from "./help/hook.js";
import { internalErrorText, isInternalError } from "./internal-error.js";
import { CliError, type IO } from "./io.js";
import { registerOptions } from "./options.js";
import { serveStoredCustomResources } from "./util/custom-kinds.js";
import { applyContextNamespace } from "./util/kubeconfig.js";
import { registerVerbs } from "./verbs.js";

/** The code of the error the core bundle's runtime stub throws (scripts/build.mjs). */
export const NEEDS_FULL_BUNDLE = "KUBESIM_NEEDS_FULL_BUNDLE";

export interface Ctx {
  io: IO;
  /** The command line as typed (exec needs to see where `--` was). */
  argv?: string[];
  interactive?: (shell: import("../shell/index.js").Shell) => Promise<number>;
  /** --as, --as-group, --as-uid from anywhere on the line: the user the verb's requests run as. */
  impersonate?: Impersonation;
}

/** Cobra's "Did you mean this?": commands within Levenshtein distance 2, or with the typed prefix. */
function suggestions(typed: string, names: string[]): string[] {
  return names.filter((n) => levenshtein(typed.toLowerCase(), n) <= 2 || n.startsWith(typed.toLowerCase()));
}

function flagError(e: CommanderError, argv: string[], verb: string): string {
  const see = `\nSee '${["kubectl", verb].filter(Boolean).join(" ")} --help' for usage.`;
  if (e.code === "commander.unknownOption") {
    const flag = /'([^']+)'/.exec(e.message)?.[1] ?? "";
    if (flag.startsWith("--")) return `Error: unknown flag: ${flag.split("=")[0]}${see}`;
    const ch = flag.slice(1, 2);
    return `Error: unknown shorthand flag: '${ch}' in ${flag}${see}`;
  }
  if (e.code === "commander.optionMissingArgument") {
    const names = /'(-\w), (--[\w-]+)|'(--[\w-]+)/.exec(e.message);
    const short = names?.[1];
    const typed = [...argv].reverse().find((a) => a === short || a === (names?.[2] ?? names?.[3]));
    if (typed?.startsWith("--") || !short)
      return `Error: flag needs an argument: ${names?.[2] ?? names?.[3]}${see}`;
    return `Error: flag needs an argument: '${short.slice(1)}' in ${short}${see}`;
  }
  return `error: ${e.message.replace(/^error: /, "")}${see}`;
}

/**
 * pflag reads `-p=VALUE` as the value VALUE; commander would keep the "=". Shorthand flags
 * with "=" are split before parsing, up to a `--` (what follows belongs to the command run).
 */
export function splitShorthandEquals(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") return [...out, ...argv.slice(i)];
    const m = /^(-[A-Za-z])=(.*)$/s.exec(a);
    if (m) out.push(m[1], m[2]);
    else out.push(a);
  }
  return out;
}

/** The command the words name, as kubectl's usage hints name it: `rollout restart`, not `rollout`. */
function commandPath(program: Command, argv: string[]): string {
  const words = argv.filter((a) => !a.startsWith("-"));
  const path: string[] = [];
  let cmd: Command | undefined = program;
  for (const w of words) {
    const sub: Command | undefined = cmd?.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (!sub) break;
    path.push(sub.name());
    cmd = sub;
  }
  return path.join(" ") || (words[0] ?? "");
}

/** Runs one kubesim command line; resolves to the exit code. */
export async function run(rawArgv: string[], io: IO): Promise<number> {
  const line = readCommandLine(rawArgv);
  if (line.error) {
    io.err(`${line.error}\n`);
    return 1;
  }
  const verb = line.verb;
  // curl and trace parse curl's own options, where `-o=F` names the file "=F".
  const argv = verb === "curl" || verb === "trace" ? line.argv : splitShorthandEquals(line.argv);
  const program = new Command("kubectl");
  program
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => {} })
    .helpCommand(false)
    .allowExcessArguments(true)
    .hook("preAction", (_root, action) => {
      applyContextNamespace(action, io.env, io.fs);
      serveStoredCustomResources(action, io.env, io.fs);
    });
  const ctx: Ctx = { io, argv, interactive: io.repl, impersonate: line.impersonate };
  await registerVerbs(program, ctx, verb);
  registerOptions(program, ctx);
  const verbNames = [...program.commands.flatMap((c) => [c.name(), ...c.aliases()]), "help"];
  if (verb && !verbNames.includes(verb)) {
    if (KUBECTL_COMMANDS.includes(verb)) {
      io.err(`error: kubesim does not implement "kubectl ${verb}" yet\n`);
      return 1;
    }
    const known = [...KUBECTL_COMMANDS, ...Object.keys(VERBS).filter((v) => !v.startsWith("_"))];
    const sug = suggestions(verb, [...new Set(known)].sort());
    let msg = `Error: unknown command "${verb}" for "kubectl"`;
    if (sug.length) msg += `\n\nDid you mean this?\n${sug.map((s) => `\t${s}`).join("\n")}\n`;
    io.err(`${msg}\n`);
    return 1;
  }
  if (line.missingValue) {
    const path = commandPath(program, argv);
    io.err(
      `Error: flag needs an argument: ${line.missingValue}\nSee '${["kubectl", path].filter(Boolean).join(" ")} --help' for usage.\n`,
    );
    return 1;
  }
  try {
    const helped = await answerHelp(program, argv, io);
    if (helped !== undefined) return helped;
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      io.err(`${flagError(e, argv, commandPath(program, argv))}\n`);
      return 1;
    }
    if (e instanceof StoreError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    // The core bundle met a process to run: main.ts runs the command again in the full bundle.
    if (e instanceof Error && (e as Error & { code?: string }).code === NEEDS_FULL_BUNDLE) throw e;
    // A JavaScript error is a kubesim bug: one plain sentence, the raw text only for debugging.
    if (isInternalError(e)) {
      io.err(internalErrorText(e, !!io.env.KUBESIM_DEBUG));
      return 1;
    }
    const ce = e instanceof CliError ? e : toCliError(e);
    if (!(e instanceof CliError) && !(e instanceof Error && e.constructor.name === "StatusError")) {
      if (io.env.KUBESIM_DEBUG) io.err(`${(e as Error).stack}\n`);
    }
    if (ce.message) io.err(`${ce.message}\n`);
    return ce.exitCode;
  }
}
