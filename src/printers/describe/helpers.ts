// Formatting helpers shared by the describers, mirroring the Go functions of the same names in
// kubectl's pkg/describe. Times are handled in integer microseconds so that MicroTime event
// timestamps truncate exactly like Go's time arithmetic.
import type { KObject } from "../../api/types.js";
import { goSort } from "../../golang/sort.js";
import { humanDuration } from "../age.js";
import { LEVEL_0, LEVEL_1, type PrefixWriter } from "./writer.js";

// Describers walk the objects src/kubectl hands them, untyped until its verbs are typed
// (issue 12); each describer is to take its kind's type from ../../api/types.ts then.
// biome-ignore lint/suspicious/noExplicitAny: the describers' one untyped door, named so its uses can be counted.
export type Any = any;

/** Parses an RFC 3339 timestamp into microseconds since the epoch; null for a zero/absent time. */
export function parseTime(ts: unknown): number | null {
  if (typeof ts !== "string" || ts === "") return null;
  const m = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = "", zone] = m;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  if (zone !== "Z" && zone !== "z") {
    const offset = (+zone.slice(1, 3) * 60 + +zone.slice(4, 6)) * 60_000;
    ms -= zone[0] === "+" ? offset : -offset;
  }
  return ms * 1000 + Number((frac + "000000").slice(0, 6));
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number) => String(n).padStart(2, "0");

/** Go's time.Format(time.RFC1123Z) in UTC; Go's zero time for an absent timestamp. */
export function formatTime(ts: unknown): string {
  const us = parseTime(ts);
  if (us === null) return "Mon, 01 Jan 0001 00:00:00 +0000";
  const d = new Date(Math.floor(us / 1000));
  const date = `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return `${date} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

/** kubectl's translateTimestampSince; `now` in microseconds. */
export function since(ts: unknown, now: number): string {
  const us = parseTime(ts);
  if (us === null) return "<unknown>";
  return humanDuration((now - us) / 1000);
}

/** labels.FormatLabels: sorted k=v pairs, or <none>. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const set = labels ?? {};
  const keys = Object.keys(set).sort(byteCompare);
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${set[k]}`).join(",");
}

/** Go string ordering (byte-wise; identical to UTF-16 order for the BMP). */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined | null,
  initialIndent = "",
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const set = labels ?? {};
  const keys = Object.keys(set).sort(byteCompare);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    w.write(LEVEL_0, `${key}=${set[key]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

// Go measures and cuts annotation values in bytes, not characters.
const byteLength = (s: string) => Buffer.byteLength(s, "utf8");
function shorten(s: string, max: number): string {
  if (byteLength(s) <= max) return s;
  return `${Buffer.from(s, "utf8").subarray(0, max).toString("utf8")}...`;
}

export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Record<string, string> | undefined | null,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const set = annotations ?? {};
  const keys = Object.keys(set)
    .filter((k) => k !== LAST_APPLIED)
    .sort(byteCompare);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    const value = String(set[key]).replace(/\n$/, "");
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split("\n")) w.write(LEVEL_0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: Any[] | undefined,
  initialIndent = "",
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const sorted = goSort([...tolerations], (a, b) => (a.key ?? "") < (b.key ?? ""));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    let s = t.key ?? "";
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === "Exists" && !t.value) s += t.key || t.effect ? " op=Exists" : "op=Exists";
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
      s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

function taintToString(t: Any): string {
  const key = t.key ?? "";
  if (!t.effect) return t.value ? `${key}=${t.value}:` : key;
  return t.value ? `${key}=${t.value}:${t.effect}` : `${key}:${t.effect}`;
}

export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Any[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const cmpKey = (t: Any) => `${t.effect ?? ""},${t.key ?? ""}`;
  goSort([...taints], (a, b) => cmpKey(a) < cmpKey(b)).forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    w.write(LEVEL_0, `${taintToString(t)}\n`);
  });
}

/** metav1.GetControllerOf rendered as Kind/name, or "". */
export function controllerOf(obj: KObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : "";
}

export function controllerUid(obj: KObject): string | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true)?.uid;
}

const NEVER = Number.NEGATIVE_INFINITY;

// event.SortableEvents orders by series.lastObservedTime, else lastTimestamp, else eventTime.
function eventSortTime(e: Any): number {
  if (e.series) return parseTime(e.series.lastObservedTime) ?? NEVER;
  const last = parseTime(e.lastTimestamp);
  if (last !== null) return last;
  return parseTime(e.eventTime) ?? NEVER;
}

/** kubectl's DescribeEvents. `events` must be in API list order; `now` in microseconds. */
export function describeEvents(events: KObject[], w: PrefixWriter, now: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  const sorted = goSort([...events], (a, b) => eventSortTime(a) < eventSortTime(b));
  w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
  for (const e of sorted as Any[]) {
    let first = since(e.eventTime, now);
    if (parseTime(e.eventTime) === null) first = since(e.firstTimestamp, now);
    let interval = first;
    if (e.series)
      interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingComponent || "";
    const message = String(e.message ?? "").trim();
    w.write(LEVEL_1, `${e.type ?? ""}\t${e.reason ?? ""}\t${interval}\t${source}\t${message}\n`);
  }
}

/** The Type/Status/Reason condition table of deployments and replica sets. */
export function describeReplicaConditions(conditions: Any[] | undefined, w: PrefixWriter): void {
  if (!conditions || conditions.length === 0) return;
  w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
  w.write(LEVEL_1, "----\t------\t------\n");
  for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ""} \t${c.status ?? ""}\t${c.reason ?? ""}\n`);
}

export function stringOrNone(s: string): string {
  return s.length > 0 ? s : "<none>";
}

/** Go's fmt %v of a bool pointer-less field. */
export function goBool(v: unknown): string {
  return v === true ? "true" : "false";
}

export { humanDuration };
