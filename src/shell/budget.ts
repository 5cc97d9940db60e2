// Time is simulated, so `while true; do curl ...; sleep 5; done` would never end and never
// wait: each command line gets a budget of loop iterations and of simulated sleep, and is
// stopped with a clear message when it runs out (status 130, as after Ctrl-C).
//
// Memory is real: `x=$x$x` in a loop, `echo {1..1000}{1..1000}{1..1000}` or a pipe that
// never ends would take kubesim down with it. Strings (variables, expansions, captured
// output, files) stop at a size a real shell would have no trouble with, with the words
// bash uses when malloc fails; its status is 2, as bash's fatal errors give.

import { BudgetExceeded } from "./state.js";
import type { ShellHooks } from "./types.js";

export interface Limits {
  /** Loop iterations per command line. */
  maxIterations: number;
  /** Simulated seconds `sleep` may take per command line. */
  maxSleepSeconds: number;
  /** Longest string the shell holds: a variable, an expansion, a pipe's or $(...)'s output, a file. */
  maxStringLength: number;
  /** Most words one brace expansion may produce. */
  maxBraceWords: number;
  /** Most output one command line may write to the terminal. */
  maxOutput: number;
  /**
   * How much text a container's files may hold together: the VFS is saved in kubesim's state
   * and read by every command, so it stays small.
   */
  maxDiskUsage: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_LIMITS: Limits = {
  maxIterations: 1000,
  maxSleepSeconds: 600,
  maxStringLength: 16 * MIB,
  maxBraceWords: 100_000,
  maxOutput: 16 * MIB,
  maxDiskUsage: 4 * MIB,
};

const mib = (n: number) => `${n / MIB} MiB`;

/** A string grew past maxStringLength: bash's xmalloc failure, busybox's "out of memory". */
export class MemoryExceeded extends BudgetExceeded {
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super("", 2);
  }

  override text(argv0: string): string {
    const why = `(kubesim caps a shell string at ${mib(this.limit)})`;
    return argv0 === "sh"
      ? `sh: out of memory ${why}`
      : `${argv0}: xmalloc: cannot allocate ${this.length} bytes ${why}`;
  }
}

/** Throws MemoryExceeded when a string of `length` would be past the limit. */
export function checkLength(length: number, limits: Pick<Limits, "maxStringLength">): void {
  if (length > limits.maxStringLength) throw new MemoryExceeded(length, limits.maxStringLength);
}

/** Output gathered in memory (a pipe's, $(...)'s), refused past maxStringLength. */
export class Capture {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly limits: Pick<Limits, "maxStringLength">) {}

  readonly sink = (s: string): void => {
    checkLength(this.length + s.length, this.limits);
    this.length += s.length;
    this.parts.push(s);
  };

  text(): string {
    return this.parts.join("");
  }
}

export class Budget {
  private iterations = 0;
  private slept = 0;
  private written = 0;

  constructor(
    readonly limits: Limits,
    private readonly hooks: ShellHooks,
  ) {}

  /** A new command line starts with the whole budget. */
  reset(): void {
    this.iterations = 0;
    this.slept = 0;
    this.written = 0;
  }

  /** One more loop iteration. */
  tick(): void {
    const max = this.limits.maxIterations;
    if (++this.iterations > max) {
      throw new BudgetExceeded(
        `kubesim: stopped after ${max} loop iterations: time is simulated here, and a real shell would loop until you pressed Ctrl-C`,
      );
    }
  }

  /** Moves simulated time through the hook; past the budget, moves it to the limit and stops. */
  async sleep(seconds: number): Promise<void> {
    const max = this.limits.maxSleepSeconds;
    const left = max - this.slept;
    if (seconds > left) {
      if (left > 0) await this.hooks.sleep?.(left);
      this.slept = max;
      throw new BudgetExceeded(
        `kubesim: stopped after ${max} s of simulated sleep: time is simulated here, and a real shell would keep going until you pressed Ctrl-C`,
      );
    }
    this.slept += seconds;
    if (seconds > 0) await this.hooks.sleep?.(seconds);
  }

  /** The terminal's sink, counted against maxOutput for the command line. */
  terminal(write: (s: string) => void): (s: string) => void {
    return (s) => {
      this.written += s.length;
      if (this.written > this.limits.maxOutput) {
        throw new BudgetExceeded(
          `kubesim: stopped after ${mib(this.limits.maxOutput)} of output: a real shell would keep writing until you pressed Ctrl-C`,
        );
      }
      write(s);
    };
  }
}
