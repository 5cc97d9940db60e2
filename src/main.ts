// bin/kubesim's entry: wires the process to the in-process CLI.
import { isatty } from "node:tty";
import { NEEDS_FULL_BUNDLE, run } from "./kubectl/cli.js";
import { readFdBounded } from "./kubectl/input-limit.js";
import { startRepl } from "./shell/index.js";
import { Recorder, Reprinted } from "./util/reprinted.js";

/** What the launcher (src/launcher.ts) and a core bundle hand the full bundle. */
interface Handover {
  __kubesimLoadFull?: () => void;
  __kubesimStdin?: string;
  /** What the core bundle printed before it handed the command over, per stream. */
  __kubesimPrinted?: { out: string; err: string };
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
function write(stream: NodeJS.WriteStream, which: "out" | "err", s: string): void {
  const fresh = reprint[which].filter(s);
  if (recording) printed[which].add(fresh);
  if (fresh) stream.write(fresh);
}

let stdinCache: string | undefined = handover.__kubesimStdin;

// `kubesim logs pod | head`: the reader went away. kubectl dies of SIGPIPE (the shell sees
// 141) without a word; so does kubesim, instead of an unhandled EPIPE stack.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(141);
    throw e;
  });

/** Reads all of stdin synchronously, up to kubesim's input limit. */
function readAllStdin(): string {
  return readFdBounded(0, "standard input").toString("utf8");
}

run(process.argv.slice(2), {
  out: (s) => write(process.stdout, "out", s),
  err: (s) => write(process.stderr, "err", s),
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
  stdoutIsTTY: !!process.stdout.isTTY,
  columns: process.stdout.columns,
  // isatty(0) is what process.stdin.isTTY answers, without building the stdin stream (a
  // socket or file reader, some ms) on every command that never reads it.
  repl: isatty(0)
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
    for (const [which, stream] of [
      ["out", process.stdout],
      ["err", process.stderr],
    ] as const) {
      const tail = reprint[which].flush();
      if (tail) stream.write(tail);
    }
    process.exitCode = code;
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
    process.stderr.write(`kubesim: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 70;
  },
);
