// What a controller has not seen yet, from the API server's change log: like an informer's
// event handlers, it lets a controller that owns pods skip a pass when nothing written since
// its last one can concern it, instead of reading every pod summary to find that out.
import type { ControllerContext } from "./context.js";

export class OwnerNews {
  /** Where each loaded cluster's last pass left off: its change log and its timer count. */
  private readonly seen = new WeakMap<ControllerContext, { log: number; timer: number }>();

  constructor(
    /** The owner kind (ReplicaSet, DaemonSet) whose pods concern the controller. */
    private readonly ownerKind: string,
    /** Change-log prefixes that always concern it: its own objects, nodes... */
    private readonly prefixes: string[],
    /** The write counter its timers bump, if it sets any. */
    private readonly timer?: string,
  ) {}

  /**
   * Whether anything since the last pass may concern the controller: one of its prefixes
   * written, its timer fired, or a pod written that its kind owns (or that is gone, its owner
   * unknown). A pod nobody owns (a `kubectl run` pod, a lab's testpod) concerns neither.
   */
  private news(c: ControllerContext): boolean {
    // A loaded cluster is settled: only what this process writes can be news.
    const last = this.seen.get(c) ?? { log: 0, timer: 0 };
    if (this.timer && (c.api.writes.get(this.timer) ?? 0) !== last.timer) return true;
    const log = c.api.changeLog;
    for (let i = last.log; i < log.length; i++) {
      const e = log[i];
      if (this.prefixes.some((p) => e.startsWith(p))) return true;
      if (!e.startsWith("pods/")) continue;
      const pod = c.api.objects.bucket("pods").summary(e.slice(5));
      if (!pod || pod.metadata.ownerReferences?.some((o) => o.kind === this.ownerKind)) return true;
    }
    return false;
  }

  /** Runs the pass only if there is news; the pass's own writes are not news to it. */
  run(c: ControllerContext, pass: () => boolean): boolean {
    try {
      return this.news(c) && pass();
    } finally {
      this.seen.set(c, {
        log: c.api.changeLog.length,
        timer: this.timer ? (c.api.writes.get(this.timer) ?? 0) : 0,
      });
    }
  }
}
