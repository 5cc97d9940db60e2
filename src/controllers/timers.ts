// Controllers' timed work: a ReplicaSet whose pods become available once minReadySeconds
// have passed, a Deployment whose progress deadline runs out. Like an informer's
// AddAfter, a controller asks to be woken at a cluster time; when the clock reaches it,
// the cluster bumps that controller's "-timer:NAME" write counter, so only it runs, not
// every controller on every kubelet step. Timers are saved with the cluster.
import type { ControllerContext } from "./context.js";

function timers(c: ControllerContext): Record<string, number> {
  c.state.controllerTimers ??= {};
  return c.state.controllerTimers;
}

/** Wakes `controller` at cluster time `at` (the earlier of two requests for the same key). */
export function wakeAt(c: ControllerContext, controller: string, key: string, at: number): void {
  const t = timers(c);
  const k = `${controller}\t${key}`;
  if (t[k] === undefined || at < t[k]) t[k] = at;
}

/** The earliest timer, for the cluster's clock. */
export function nextTimer(c: ControllerContext): number | undefined {
  let min: number | undefined;
  for (const at of Object.values(c.state.controllerTimers ?? {})) if (min === undefined || at < min) min = at;
  return min;
}

/** Fires the timers due by `now`: each wakes its controller through its write counter. */
export function fireTimers(c: ControllerContext, now: number): void {
  const t = c.state.controllerTimers;
  if (!t) return;
  for (const [k, at] of Object.entries(t)) {
    if (at > now) continue;
    delete t[k];
    const name = `-timer:${k.slice(0, k.indexOf("\t"))}`;
    c.api.writes.set(name, (c.api.writes.get(name) ?? 0) + 1);
  }
}
