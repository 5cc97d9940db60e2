// bin/kubesim's entry: wires the process to the in-process CLI.
import * as fs from "node:fs";
import { run } from "./kubectl/cli.js";
import { startRepl } from "./shell/index.js";

let stdinCache: string | undefined;

run(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  readStdin: () => {
    stdinCache ??= fs.readFileSync(0, "utf8");
    return stdinCache;
  },
  env: process.env,
  stdoutIsTTY: !!process.stdout.isTTY,
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
