// The cluster clock. "Now" is the wall clock, or KUBESIM_NOW when a test or a lab document
// fixes it, plus an offset the cluster keeps: commands that wait (delete, wait) on a fixed
// clock move simulated time forward instead of sleeping, so fixed-clock runs stay instant
// and deterministic while real-clock runs behave like a real cluster.

export interface ClockState {
  /** Milliseconds that waits on a fixed clock have added. */
  offsetMs: number;
}

export class Clock {
  readonly fixed: boolean;
  private readonly base: () => number;

  constructor(
    private readonly state: ClockState,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    const fixedAt = env.KUBESIM_NOW ? parseTime(env.KUBESIM_NOW) : undefined;
    this.fixed = fixedAt !== undefined;
    this.base = fixedAt !== undefined ? () => fixedAt : () => Date.now();
  }

  /**
   * While the container runtime runs a process through a past moment (src/runtime), "now"
   * for the servers it reaches and the effects it leaves is that moment.
   */
  pinned?: number;

  nowMs(): number {
    return this.pinned ?? this.base() + this.state.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Waits `ms` of cluster time: really on the wall clock, by moving the offset on a fixed one. */
  async sleep(ms: number): Promise<void> {
    if (ms <= 0) return;
    if (this.fixed) {
      this.state.offsetMs += ms;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

export function parseTime(s: string): number {
  const n = /^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s);
  if (Number.isNaN(n))
    throw new Error(`KUBESIM_NOW: cannot parse time "${s}" (use RFC 3339, e.g. 2026-01-01T00:00:00Z)`);
  return n;
}
