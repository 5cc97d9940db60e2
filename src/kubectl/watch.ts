// get -w / --watch / --watch-only: after the list, one row per change to a watched object
// (added, modified, deleted), as the cluster advances. On the wall clock it follows real
// time until interrupted or --request-timeout; on a fixed clock it steps simulated time from
// one scheduled transition to the next, and stops when nothing more is scheduled (a settled
// cluster on a frozen clock cannot change) or the timeout is reached.

import type { KObject } from "../api/types.js";
import { matches, type Selector } from "../apiserver/labels.js";
import type { ResourceType } from "../apiserver/resources.js";
import type { Session } from "../cluster/session.js";
import { type TableOptions, tableRows } from "../printers/table/print.js";
import { RememberingTabWriter } from "../printers/tabwriter.js";
import type { Ctx } from "./cli.js";
import { storedName } from "./util/stored.js";
import { nextWatchMoment, watchMoment } from "./util/watch-clock.js";

export interface WatchSpec {
  r: ResourceType;
  namespace?: string;
  names?: string[];
  selector?: Selector;
  table: Omit<TableOptions, "nowMs">;
  watchOnly: boolean;
  timeoutMs?: number;
}

function snapshot(list: KObject[]): Map<string, KObject> {
  return new Map(list.map((o) => [`${o.metadata.namespace ?? ""}/${o.metadata.name}`, o]));
}

export async function watch(ctx: Ctx, s: Session, spec: WatchSpec): Promise<void> {
  const writer = new RememberingTabWriter();
  const pick = (list: KObject[]) =>
    list.filter(
      (o) =>
        (!spec.names?.length || spec.names.includes(storedName(o))) &&
        (!spec.selector || matches(spec.selector, o.metadata.labels)),
    );
  let first = true;
  let headed = false;
  let seen = new Map<string, KObject>();
  let started: number | undefined;
  for (;;) {
    const step = await s.view((c) => ({
      list: pick(c.api.listSummaries(spec.r, spec.namespace)),
      ...watchMoment(c),
    }));
    started ??= step.now;
    const current = snapshot(step.list);
    const changed: KObject[] = [];
    if (first) {
      if (!spec.watchOnly) changed.push(...step.list);
    } else {
      for (const [k, o] of current) {
        const before = seen.get(k);
        // Summaries carry no resourceVersion; any change to what they hold is a MODIFIED event.
        if (!before || JSON.stringify(before) !== JSON.stringify(o)) changed.push(o);
      }
      // A deletion shows the object one last time, as the watch's DELETED event carries it.
      for (const [k, o] of seen) if (!current.has(k)) changed.push(o);
    }
    // The header comes with the first row printed: an empty list prints nothing until an
    // event arrives, as kubectl's table printer does.
    if (changed.length) {
      const rows = tableRows(spec.r, changed, {
        ...spec.table,
        nowMs: step.now,
        noHeaders: headed || spec.table.noHeaders || spec.watchOnly,
      });
      ctx.io.out(writer.write(rows));
      headed = true;
    }
    first = false;
    seen = current;
    if (!(await nextWatchMoment(s, step, started, spec.timeoutMs))) return;
  }
}
