// Waiting on the simulated cluster: poll a condition, and between polls let cluster time
// pass up to the next scheduled transition (a real sleep on the wall clock, a jump of the
// stored offset on a fixed clock), bounded by a timeout.
import type { Cluster } from "../cluster/cluster.js";
import type { Session } from "../cluster/session.js";

/** Resolves true when cond held before timeoutMs of cluster time passed. */
export async function waitFor(
  s: Session,
  cond: (c: Cluster) => boolean,
  timeoutMs: number,
): Promise<boolean> {
  let deadline: number | undefined;
  for (;;) {
    const { ok, now, wake, fixed } = await s.view((c) => ({
      ok: cond(c),
      now: c.clock.nowMs(),
      wake: c.state.nextWake,
      fixed: c.clock.fixed,
    }));
    if (ok) return true;
    deadline ??= now + timeoutMs;
    if (now >= deadline) return false;
    const target = Math.min(deadline, wake ?? deadline);
    // On the wall clock poll at least every second: other commands may change the cluster.
    const step = Math.max(1, fixed ? target - now : Math.min(target - now, 1000));
    if (fixed) {
      await s.transact((c) => {
        c.state.clock.offsetMs += step;
      });
    } else {
      await new Promise((r) => setTimeout(r, step));
    }
  }
}
