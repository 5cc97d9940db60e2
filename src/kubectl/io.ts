import type { Shell } from "../shell/index.js";
import type { StoreFs } from "../store/fsio.js";
import type { UserFiles } from "./userfiles.js";

// What a command may touch of the outside world: its streams, its environment, stdin and
// the disk its state is on. The binary wires these to the process; tests run commands
// in-process with buffers (and, to show what a failing disk does, a double of the disk).

export interface IO {
  out(s: string): void;
  err(s: string): void;
  /** Whole standard input, read once (for `-f -`). */
  readStdin(): string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  /** The terminal's width when stdout is one (help wraps to it, as kubectl's does). */
  columns?: number;
  /** Runs an interactive prompt on the terminal (exec -it, kubesim shell); absent when stdin is not a TTY. */
  repl?: (shell: Shell) => Promise<number>;
  /** The file system the state is kept on; the real one when absent. */
  fs?: StoreFs;
  /** The files paths on the command line name: the host's when absent, a node's in `kubesim shell`. */
  files?: UserFiles;
  /**
   * Resolves when the process is told to stop (Ctrl-C, kill): port-forward and proxy serve
   * until then. Absent (a command run in-process), they stop as soon as they are serving.
   */
  untilInterrupted?: () => Promise<"SIGINT" | "SIGTERM">;
}

/** A failure kubectl reports on stderr with an exit code; `message` is the exact text. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** kubectl's usage error: the message, then where to look for help. */
export function usageError(cmd: string, message: string): CliError {
  return new CliError(`error: ${message}\nSee 'kubectl ${cmd} -h' for help and examples`);
}

/**
 * Holds what is written to io until release() (then writes it, stdout and stderr in their
 * order) or discard(). Verbs write through ctx.io at call time, so swapping the two
 * functions catches everything, including a nested hold's release.
 */
export function holdOutput(io: IO): { release(): void; discard(): void } {
  const { out, err } = io;
  const held: [(s: string) => void, string][] = [];
  io.out = (s) => {
    held.push([out, s]);
  };
  io.err = (s) => {
    held.push([err, s]);
  };
  const restore = () => {
    io.out = out;
    io.err = err;
  };
  return {
    release() {
      restore();
      for (const [write, s] of held) write(s);
    },
    discard: restore,
  };
}
