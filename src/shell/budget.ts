// Time is simulated, so `while true; do curl ...; sleep 5; done` would never end and never
// wait: each command line gets a budget of loop iterations and of simulated sleep, and is
// stopped with a clear message when it runs out (status 130, as after Ctrl-C).

import { BudgetExceeded } from "./state.js";
import type { ShellHooks } from "./types.js";

export interface Limits {
  /** Loop iterations per command line. */
  maxIterations: number;
  /** Simulated seconds `sleep` may take per command line. */
  maxSleepSeconds: number;
}

export const DEFAULT_LIMITS: Limits = { maxIterations: 1000, maxSleepSeconds: 600 };

export class Budget {
  private iterations = 0;
  private slept = 0;

  constructor(
    private readonly limits: Limits,
    private readonly hooks: ShellHooks,
  ) {}

  /** A new command line starts with the whole budget. */
  reset(): void {
    this.iterations = 0;
    this.slept = 0;
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
}
