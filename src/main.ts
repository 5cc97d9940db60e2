// bin/kubesim's entry: wires the process to the in-process CLI.
import * as fs from "node:fs";
import { run } from "./kubectl/cli.js";
import { startRepl } from "./shell/index.js";

let stdinCache: string | undefined;

/** Reads all of stdin synchronously; a non-blocking pipe answers EAGAIN until data arrives. */
function readAllStdin(): string {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === "EOF" || code === "EBADF") break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString("utf8");
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
    process.stderr.write(`kubesim: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 70;
  },
);
