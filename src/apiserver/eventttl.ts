// kube-apiserver stores every Event with an etcd lease of --event-ttl (1 h by default), and
// the events registry's TTL function hands the full TTL to every create and every update:
// an Event disappears one hour after it was last written, so a pod that keeps failing keeps
// its folded Event alive while the record of a pod started yesterday is gone. This is what
// keeps etcd from growing with every pod ever started, and kubesim's state with it.
import type { Event, KObject } from "../api/types.js";

/** --event-ttl's default. */
export const EVENT_TTL_MS = 60 * 60 * 1000;

// Every event written asks this of its timestamps, which are mostly the same second's text.
let lastText = "";
let lastMs = 0;

function ms(t: unknown): number {
  if (typeof t !== "string") return 0;
  if (t === lastText) return lastMs;
  const v = Date.parse(t);
  lastText = t;
  lastMs = Number.isNaN(v) ? 0 : v;
  return lastMs;
}

/**
 * When an Event's lease runs out: an hour after its last write. The object says when that
 * was: creation (creationTimestamp), each fold of a repeat (lastTimestamp, or an
 * events.k8s.io series' lastObservedTime), an eventTime.
 */
export function eventExpiresAt(o: KObject): number {
  const e = o as Event & { series?: { lastObservedTime?: string } };
  const written = Math.max(
    ms(e.metadata.creationTimestamp),
    ms(e.lastTimestamp),
    ms(e.eventTime),
    ms(e.series?.lastObservedTime),
  );
  return written + EVENT_TTL_MS;
}

/** Whether the Event's lease has run out at `now` (ms). */
export function eventExpired(o: KObject, now: number): boolean {
  return eventExpiresAt(o) <= now;
}
