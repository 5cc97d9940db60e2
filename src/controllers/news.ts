// What a controller has not seen yet, from the API server's change log: like an informer's
// event handlers feeding a work queue, it tells a controller that owns pods which of its
// objects a write since its last pass concerns (the owner of a written or removed pod, an
// object of its own kind that was written), so it syncs those and reads only their pods
// through the by-controller index, instead of reading every pod summary of the cluster.
import type { KObject, Pod } from "../api/types.js";
import { ownerValue, POD_OWNER, parseOwnerValue } from "../apiserver/indexes.js";
import { PODS, type ResourceType } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";

/** The owners to sync: every one (something all of them read changed) or those named. */
export interface Work {
  all: boolean;
  /** "namespace/name" of the owners concerned. */
  keys: Set<string>;
}

export class OwnerNews {
  /** Where each loaded cluster's last pass left off: its change log and its timer count. */
  private readonly seen = new WeakMap<ControllerContext, { log: number; timer: number }>();

  constructor(
    /** The owner kind (ReplicaSet, DaemonSet) whose pods concern the controller. */
    private readonly ownerKind: string,
    /** The owner kind's resource type: a write of one concerns that one. */
    private readonly own: ResourceType,
    /** Change-log prefixes whose writes concern every owner: quotas, nodes... */
    private readonly prefixes: string[],
    /** The write counter its timers bump, if it sets any (a timer resyncs every owner). */
    private readonly timer?: string,
    /**
     * Owners another change-log entry concerns ("all": every one), for entries the rules
     * below do not cover: the Deployment of a written ReplicaSet. It is not asked about
     * Events, which concern no owner, and answers from the cluster as it is now.
     */
    private readonly relate?: (c: ControllerContext, entry: string) => Iterable<string> | "all" | undefined,
    /**
     * Whether the pass's own writes are news to the next one, as an informer hears its
     * controller's own updates: a Deployment whose status a pass wrote is looked at again
     * (and only then finds its rollout stalled). The pod owners' passes settle in one go.
     */
    private readonly hearsOwnWrites = false,
  ) {}

  /**
   * What since the last pass may concern the controller: its timer fired or a prefix was
   * written (every owner), an owner written (that owner), a pod written or removed (its
   * controller now and before, if of the owner kind). A pod nobody owns (a `kubectl run`
   * pod, a lab's testpod) concerns none.
   */
  private news(c: ControllerContext): Work | undefined {
    // A loaded cluster is settled: only what this process writes can be news.
    const last = this.seen.get(c) ?? { log: 0, timer: 0 };
    const work: Work = { all: false, keys: new Set() };
    if (this.timer && (c.api.writes.get(this.timer) ?? 0) !== last.timer) work.all = true;
    const log = c.api.changeLog;
    const ownPrefix = `${this.own.plural}/`;
    const ownerPrefix = `${this.ownerKind}/`;
    // What an entry concerns is read from the cluster as it is now, so an object written
    // five times in the span (a pod created, bound, started...) is looked at once. Events,
    // half the log of a build, concern no owner.
    const seen = new Set<string>();
    for (let i = last.log; i < log.length && !work.all; i++) {
      const e = log[i];
      if (e.startsWith("events/") || seen.has(e)) continue;
      seen.add(e);
      const related = this.relate?.(c, e);
      if (related === "all") work.all = true;
      else if (related) for (const k of related) work.keys.add(k);
      else if (e.startsWith(ownPrefix)) work.keys.add(e.slice(ownPrefix.length));
      else if (this.prefixes.some((p) => e.startsWith(p))) work.all = true;
      else if (e.startsWith("pods/")) {
        const { now, former } = c.api.indexValues(POD_OWNER, e.slice(5));
        for (const values of [now, former])
          for (const v of values) {
            if (!v.startsWith(ownerPrefix)) continue;
            const o = parseOwnerValue(v);
            work.keys.add(`${o.ns}/${o.name}`);
          }
      }
    }
    return work.all || work.keys.size ? work : undefined;
  }

  /** Runs the pass over the owners there is news of. */
  run<O extends KObject>(c: ControllerContext, pass: (owners: O[], all: boolean) => boolean): boolean {
    const cursor = () => ({
      log: c.api.changeLog.length,
      timer: this.timer ? (c.api.writes.get(this.timer) ?? 0) : 0,
    });
    const start = cursor();
    try {
      const work = this.news(c);
      if (!work) return false;
      const r = this.own as ResourceType<O>;
      // The owners in the order a pass over all of them takes (store order), so what they
      // draw from the cluster's random source (pod names) does not depend on which had news.
      const owners = work.all
        ? c.api.all(r)
        : (c.api.objects
            .bucket(r.plural)
            .inStoreOrder(work.keys)
            .map((k) => c.api.objects.bucket(r.plural).get(k)) as O[]);
      return pass(owners, work.all);
    } finally {
      this.seen.set(c, this.hearsOwnWrites ? start : cursor());
    }
  }
}

/** The pods an owner controls (their summaries), from the API server's by-controller index. */
export function ownedPods(c: ControllerContext, owner: KObject): Pod[] {
  const m = owner.metadata;
  return c.api.indexed(PODS, POD_OWNER, ownerValue(owner.kind, m.namespace ?? "", m.name ?? "", m.uid ?? ""));
}
