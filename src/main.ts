// bin/kubesim's entry: wires the process to the in-process CLI.
import { NEEDS_FULL_BUNDLE, run } from "./kubectl/cli.js";
import { InputTooLargeError, readFdBounded } from "./kubectl/input-limit.js";
import type { StdinRead } from "./kubectl/process-hint.js";
import { startRepl } from "./shell/index.js";
import { Recorder, Reprinted } from "./util/reprinted.js";
import { isTerminal, writeAll } from "./util/stdio.js";

/** What the launcher (src/launcher.ts) and a core bundle hand the full bundle. */
interface Handover {
  __kubesimLoadFull?: () => void;
  __kubesimStdin?: string;
  /** Standard input as the launcher read it for its guess (kubectl/process-hint.ts). */
  __kubesimStdinRead?: StdinRead;
  /** What the core bundle printed before it handed the command over, per stream. */
  __kubesimPrinted?: { out: string; err: string };
  /**
   * Called with the exit status when the command is done: the build (scripts/codecache.mjs)
   * runs several commands in one process through it, so the code cache holds what each runs.
   */
  __kubesimDone?: (code: number) => void;
}
const handover = globalThis as Handover;

// A core bundle records what it prints, for a handover; the full bundle after a handover does
// not print again what the core bundle already did (util/reprinted.ts).
const printed = { out: new Recorder(), err: new Recorder() };
const reprint = {
  out: new Reprinted(handover.__kubesimPrinted?.out ?? ""),
  err: new Reprinted(handover.__kubesimPrinted?.err ?? ""),
};
const recording = !!handover.__kubesimLoadFull;

/**
 * Where each stream's text goes: Node's stream for a terminal, else straight to the file
 * descriptor (util/stdio.ts). `kubesim logs pod | head`: the reader went away. kubectl dies
 * of SIGPIPE (the shell sees 141) without a word; so does kubesim, instead of an EPIPE stack.
 */
function sink(fd: 1 | 2, terminal: boolean): (s: string) => void {
  if (terminal) {
    const stream = fd === 1 ? process.stdout : process.stderr;
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(141);
      throw e;
    });
    return (s) => stream.write(s);
  }
  return (s) => {
    try {
      writeAll(fd, s);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EPIPE") process.exit(141);
      throw e;
    }
  };
}
const stdoutIsTTY = isTerminal(1);
const sinks = { out: sink(1, stdoutIsTTY), err: sink(2, isTerminal(2)) };

function write(which: "out" | "err", s: string): void {
  const fresh = reprint[which].filter(s);
  if (recording) printed[which].add(fresh);
  if (fresh) sinks[which](fresh);
}

let stdinCache: string | undefined = handover.__kubesimStdin;

/** Reads all of stdin synchronously, up to kubesim's input limit, or takes what the launcher read. */
function readAllStdin(): string {
  const read = handover.__kubesimStdinRead;
  if (read) {
    if ("tooLarge" in read) throw new InputTooLargeError("standard input");
    if ("error" in read) throw read.error;
    return read.text;
  }
  return readFdBounded(0, "standard input").toString("utf8");
}

run(process.argv.slice(2), {
  out: (s) => write("out", s),
  err: (s) => write("err", s),
  readStdin: () => {
    stdinCache ??= readAllStdin();
    return stdinCache;
  },
  env: process.env,
  untilInterrupted: () =>
    new Promise((resolve) => {
      const on = (sig: "SIGINT" | "SIGTERM") => () => {
        process.off("SIGINT", int);
        process.off("SIGTERM", term);
        resolve(sig);
      };
      const int = on("SIGINT");
      const term = on("SIGTERM");
      process.once("SIGINT", int);
      process.once("SIGTERM", term);
    }),
  stdoutIsTTY,
  columns: stdoutIsTTY ? process.stdout.columns : undefined,
  // isatty(0) is what process.stdin.isTTY answers, without building the stdin stream (a
  // socket or file reader, some ms) on every command that never reads it.
  repl: isTerminal(0)
    ? (shell) =>
        startRepl(shell, {
          input: process.stdin,
          output: process.stdout,
          errorOutput: process.stderr,
          prompt: () => shell.prompt(),
          completions: () => shell.commandNames(),
        })
    : undefined,
}).then(
  (code) => {
    for (const which of ["out", "err"] as const) {
      const tail = reprint[which].flush();
      if (tail) sinks[which](tail);
    }
    process.exitCode = code;
    handover.__kubesimDone?.(code);
  },
  (e) => {
    if ((e as { code?: string }).code === NEEDS_FULL_BUNDLE && handover.__kubesimLoadFull) {
      // A container's process is due and this is the core bundle: run again in the full one.
      const loadFull = handover.__kubesimLoadFull;
      handover.__kubesimLoadFull = undefined;
      handover.__kubesimStdin = stdinCache;
      // Past the recording limit the rerun prints everything again rather than guess.
      handover.__kubesimPrinted = {
        out: printed.out.overflow ? "" : printed.out.text,
        err: printed.err.overflow ? "" : printed.err.text,
      };
      loadFull();
      return;
    }
    sinks.err(`kubesim: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 70;
    handover.__kubesimDone?.(70);
  },
);
