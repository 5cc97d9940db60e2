// How a watch (`get -w`, `events -w`) moves on between its looks at the cluster: on a frozen
// clock it jumps the simulated time to the next scheduled transition (and ends when none is
// left within its timeout); on a running clock it sleeps up to a second.
import type { Cluster } from "../../cluster/cluster.js";
import type { Session } from "../../cluster/session.js";

export interface WatchMoment {
  now: number;
  /** The next scheduled transition, null when none is. */
  wake: number | null;
  fixed: boolean;
}

export function watchMoment(c: Cluster): WatchMoment {
  return {
    now: c.clock.nowMs(),
    wake: (c.state.nextEventWake === undefined ? c.state.nextWake : c.state.nextEventWake) ?? null,
    fixed: c.clock.fixed,
  };
}

/** Waits for the watch's next look; false when the watch is over. */
export async function nextWatchMoment(
  s: Session,
  step: WatchMoment,
  started: number,
  timeoutMs: number | undefined,
): Promise<boolean> {
  const deadline = timeoutMs !== undefined ? started + timeoutMs : undefined;
  if (deadline !== undefined && step.now >= deadline) return false;
  if (step.fixed) {
    if (step.wake === null || (deadline !== undefined && step.wake > deadline)) return false;
    const to = step.wake;
    await s.transact((c) => {
      c.state.clock.offsetMs += Math.max(1, to - c.clock.nowMs());
    });
  } else {
    const wait = Math.min(1000, deadline !== undefined ? deadline - step.now : 1000);
    await new Promise((r) => setTimeout(r, Math.max(10, wait)));
  }
  return true;
}
