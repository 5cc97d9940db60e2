// The interactive prompt of `kubesim exec -it`: node:readline gives line editing, up-arrow
// history and Tab completion (command names, then VFS paths). Lines that leave a construct
// open (a quote, `if` without `fi`, a trailing `|`) get bash's "> " continuation prompt.

import * as readline from "node:readline";
import type { Shell } from "./shell.js";
import type { ShellIO } from "./types.js";
import { resolvePath } from "./vfs.js";

export interface ReplOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where stderr goes; default `output` (a terminal shows both). */
  errorOutput?: NodeJS.WritableStream;
  /** PS1, e.g. () => shell.prompt() for "root@testpod:/# ". */
  prompt: () => string;
  /** Command names to complete besides the shell's own (builtins, functions, image commands). */
  completions: () => string[];
  /** Line editing and echo; default: whether output is a TTY. */
  terminal?: boolean;
  /** Terminal width for `ls` columns; default: output's columns when it is a TTY. */
  columns?: number;
}

/** Runs the prompt until `exit` or end of input (Ctrl-D); resolves with the shell's exit status. */
export async function startRepl(shell: Shell, opts: ReplOptions): Promise<number> {
  const out = opts.output as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  const terminal = opts.terminal ?? out.isTTY === true;
  const rl = readline.createInterface({
    input: opts.input,
    output: opts.output,
    terminal,
    historySize: 1000,
    completer: (line: string) => complete(shell, line, opts.completions),
  });
  bashHistory(rl);
  const errOut = opts.errorOutput ?? opts.output;
  const io: ShellIO = {
    stdout: (s) => void opts.output.write(s),
    stderr: (s) => void errOut.write(s),
    columns: opts.columns ?? (terminal ? (out.columns ?? 80) : undefined),
    ask: (question) => ask(rl, question),
  };
  let buffer = "";
  const prompt = (ps: string) => {
    rl.setPrompt(ps);
    rl.prompt();
  };
  rl.on("SIGINT", () => {
    // bash: "^C", the line is dropped, $? = 130, a fresh prompt.
    opts.output.write("^C\n");
    Object.assign(rl as unknown as { line: string; cursor: number }, { line: "", cursor: 0 });
    buffer = "";
    shell.interrupted();
    prompt(opts.prompt());
  });
  const lines = rl[Symbol.asyncIterator]();
  prompt(opts.prompt());
  for (;;) {
    const next = await lines.next();
    if (next.done) break;
    buffer = buffer ? `${buffer}\n${next.value}` : next.value;
    if (shell.needsMoreInput(buffer)) {
      prompt("> ");
      continue;
    }
    const text = buffer;
    buffer = "";
    const lineCount = text.split("\n").length;
    if (text.trim()) {
      const entry = historyEntry(text);
      shell.addHistory(entry);
      // readline kept each physical line; bash (cmdhist) keeps one entry per command.
      const h = (rl as unknown as { history?: string[] }).history;
      if (terminal && h && lineCount > 1) h.splice(0, lineCount, entry);
    }
    await shell.run(text, io);
    if (shell.exited) {
      rl.close();
      return shell.lastStatus;
    }
    prompt(opts.prompt());
  }
  // End of input (Ctrl-D): an unfinished construct is a syntax error; bash then says "exit".
  if (buffer) await shell.run(buffer, io);
  if (shell.shellName === "bash") errOut.write("exit\n");
  else if (terminal) opts.output.write("\n");
  rl.close();
  return shell.lastStatus;
}

/**
 * Up and Down step through history as bash's do. Node's readline filters history by what
 * is already typed (its kSubstringSearch, an internal symbol); pinning that search to
 * nothing gives bash's plain previous and next line. If a Node version renames the symbol,
 * the filtering simply stays.
 */
function bashHistory(rl: readline.Interface): void {
  const search = Object.getOwnPropertySymbols(rl).find((s) => s.description === "kSubstringSearch");
  if (search) Object.defineProperty(rl, search, { get: () => null, set: () => {} });
}

/** A question a running command asks at the terminal; the answer is not a history entry. */
function ask(rl: readline.Interface, question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const onClose = () => resolve(undefined);
    rl.once("close", onClose);
    rl.question(question, (answer) => {
      rl.off("close", onClose);
      const h = (rl as unknown as { history?: string[] }).history;
      if (h?.[0] === answer) h.shift();
      resolve(answer);
    });
  });
}

/** A multi-line command as one history line: bash's cmdhist joins lines with "; " where that keeps the syntax. */
export function historyEntry(text: string): string {
  // Here-documents and quoted newlines are kept as typed: joining would change them.
  if (/<<|['"`]/.test(text)) return text;
  return text
    .split("\n")
    .reduce(
      (acc, line) =>
        acc === ""
          ? line
          : `${acc}${/(\||&&|\bthen|\bdo|\belse|[{(;])\s*$/.test(acc) ? " " : "; "}${line.trim()}`,
      "",
    );
}

/** readline completer: [candidates, the text they replace]. */
export function complete(shell: Shell, line: string, extra: () => string[]): [string[], string] {
  const word = /[^\s;|&<>()]*$/.exec(line)?.[0] ?? "";
  const before = line.slice(0, line.length - word.length);
  const commandPosition = /(^|[;|&(])\s*$/.test(before);
  const single = (hits: string[]) => (hits.length === 1 && !hits[0].endsWith("/") ? [`${hits[0]} `] : hits);
  if (commandPosition && !word.includes("/")) {
    const names = new Set([...shell.commandNames(), ...extra()]);
    return [single([...names].filter((n) => n.startsWith(word)).sort()), word];
  }
  const slash = word.lastIndexOf("/");
  const dirPart = word.slice(0, slash + 1);
  const base = word.slice(slash + 1);
  const home = shell.getVar("HOME") ?? "/root";
  const dirAbs = resolvePath(shell.cwd, dirPart.startsWith("~/") ? home + dirPart.slice(1) : dirPart || ".");
  if (!shell.fs.isDir(dirAbs)) return [[], word];
  const hits = shell.fs
    .list(dirAbs)
    .filter((n) => n.startsWith(base) && (base.startsWith(".") || !n.startsWith(".")))
    .map((n) => dirPart + n + (shell.fs.isDir(resolvePath(dirAbs, n)) ? "/" : ""));
  return [single(hits), word];
}
