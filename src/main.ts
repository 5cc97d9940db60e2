// bin/kubesim's entry: wires the process to the in-process CLI.
import { NEEDS_FULL_BUNDLE, run } from "./kubectl/cli.js";
import { readFdBounded } from "./kubectl/input-limit.js";
import { startRepl } from "./shell/index.js";

/** What the launcher (src/launcher.ts) and a core bundle hand the full bundle. */
interface Handover {
  __kubesimLoadFull?: () => void;
  __kubesimStdin?: string;
}
const handover = globalThis as Handover;

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
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  readStdin: () => {
    stdinCache ??= readAllStdin();
    return stdinCache;
  },
  env: process.env,
  stdoutIsTTY: !!process.stdout.isTTY,
  columns: process.stdout.columns,
  repl: process.stdin.isTTY
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
    process.exitCode = code;
  },
  (e) => {
    if ((e as { code?: string }).code === NEEDS_FULL_BUNDLE && handover.__kubesimLoadFull) {
      // A container's process is due and this is the core bundle: run again in the full one.
      const loadFull = handover.__kubesimLoadFull;
      handover.__kubesimLoadFull = undefined;
      handover.__kubesimStdin = stdinCache;
      loadFull();
      return;
    }
    process.stderr.write(`kubesim: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 70;
  },
);
