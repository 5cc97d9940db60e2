// The CronJob controller (pkg/controller/cronjob, v2, v1.32) on simulated time. For each
// CronJob it reconciles status.active with the Jobs it controls (SawCompletedJob,
// UnexpectedJob, MissingJob, lastSuccessfulTime), then, unless suspended, finds the most
// recent unmet schedule time (from lastScheduleTime, else the creation time; at most
// startingDeadlineSeconds back), skips it if it is too late, already processed, or
// Forbidden by a running job, replaces running jobs under Replace, and creates the Job
// `<name>-<minutes since the epoch>`; then it deletes finished jobs past the history
// limits, oldest first. Like the real controller's delayed requeue, it asks to be woken
// 100 ms after the next schedule time, so the cluster's event loop only stops when a job
// is due, whatever the idle time between commands.

import type { CronJobStatus } from "kubernetes-types/batch/v1";
import type { ObjectReference } from "kubernetes-types/core/v1";
import type { CronJob, Draft, Job } from "../api/types.js";
import { applyDefaults, prepareForCreate } from "../apiserver/admission/index.js";
import { CRONJOBS, JOBS } from "../apiserver/resources.js";
import { ApiServer } from "../apiserver/server.js";
import { next, parseStandard, type Schedule } from "../golang/cron.js";
import { compareKeys } from "../golang/sort.js";
import type { ControllerContext } from "./context.js";
import { isJobFinished } from "./job.js";
import { isTerminating } from "./podfactory.js";
import { sameJson } from "./status.js";
import { wakeAt } from "./timers.js";

const SOURCE = { component: "cronjob-controller" };
/** nextScheduleDelta: the controller requeues a little after the schedule time. */
const DELTA_MS = 100;

/** Where each loaded cluster's last pass left off: its change log and its timer count. */
const seen = new WeakMap<ControllerContext, { log: number; timer: number }>();

/**
 * The CronJobs with news since the last pass, as the informers would queue them: one
 * written, one whose Job was written (or whose active Job was removed), and on the clock's
 * wake those whose own timer fired. Syncing only these keeps a CronJob from re-reading its
 * state (and repeating JobAlreadyActive) whenever another CronJob's jobs change.
 */
function queued(c: ControllerContext): Set<string> {
  const last = seen.get(c) ?? { log: 0, timer: 0 };
  const uids = new Set<string>();
  const log = c.api.changeLog;
  const split = (key: string) => {
    const i = key.indexOf("/");
    return [key.slice(0, i), key.slice(i + 1)] as const;
  };
  for (let i = last.log; i < log.length; i++) {
    const e = log[i];
    if (e.startsWith("cronjobs/")) {
      const [ns, name] = split(e.slice(9));
      const cj = c.api.get(CRONJOBS, ns, name);
      if (cj) uids.add(cj.metadata.uid);
    } else if (e.startsWith("jobs/")) {
      const [ns, name] = split(e.slice(5));
      const job = c.api.get(JOBS, ns, name);
      const ref = job?.metadata.ownerReferences?.find((o) => o.controller && o.kind === "CronJob");
      if (ref) uids.add(ref.uid);
      else if (!job)
        for (const cj of c.api.all(CRONJOBS))
          if (cj.metadata.namespace === ns && cj.status?.active?.some((a) => a.name === name))
            uids.add(cj.metadata.uid);
    }
  }
  if ((c.api.writes.get("-timer:cronjob") ?? 0) !== last.timer) {
    const timers = c.state.controllerTimers ?? {};
    for (const cj of c.api.all(CRONJOBS))
      if (timers[`cronjob\t${cj.metadata.uid}`] === undefined) uids.add(cj.metadata.uid);
  }
  return uids;
}

export function syncCronJobs(c: ControllerContext): boolean {
  const due = queued(c);
  // What this pass writes is news for the next one: a status update or a new Job requeues
  // the CronJob, as the informers' handlers do, and that pass finds the work done.
  const start = c.api.changeLog.length;
  let changed = false;
  try {
    if (due.size === 0) return false;
    // Jobs by the uid of the CronJob that controls them.
    const owned = new Map<string, Job[]>();
    for (const j of c.api.all(JOBS)) {
      const ref = j.metadata.ownerReferences?.find((o) => o.controller && o.kind === "CronJob");
      if (!ref || !due.has(ref.uid)) continue;
      const list = owned.get(ref.uid) ?? [];
      list.push(j);
      owned.set(ref.uid, list);
    }
    for (const cj of c.api.all(CRONJOBS)) {
      if (!due.has(cj.metadata.uid)) continue;
      changed = syncCronJob(c, cj, owned.get(cj.metadata.uid) ?? []) || changed;
    }
    return changed;
  } finally {
    seen.set(c, { log: start, timer: c.api.writes.get("-timer:cronjob") ?? 0 });
  }
}

function finishedCondition(j: Job): string | undefined {
  return j.status?.conditions?.find(
    (x) => (x.type === "Complete" || x.type === "Failed") && x.status === "True",
  )?.type;
}

function jobRef(j: Job): ObjectReference {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    name: j.metadata.name,
    namespace: j.metadata.namespace,
    resourceVersion: j.metadata.resourceVersion,
    uid: j.metadata.uid,
  };
}

/** time.RFC1123Z in UTC, as the MissSchedule event writes the time. */
function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()];
  const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
    d.getUTCMonth()
  ];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

interface Recent {
  earliest: number;
  mostRecent?: number;
  missed: "none" | "few" | "many";
  error?: string;
}

/** mostRecentScheduleTime: the latest schedule time by `now` since the last one processed. */
export function mostRecentScheduleTime(
  cj: CronJob,
  now: number,
  s: Schedule,
  withDeadline: boolean,
  zone?: string,
): Recent {
  let earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? "");
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && deadline !== undefined) earliest = Math.max(earliest, now - deadline * 1000);
  const t1 = next(s, earliest, zone);
  const t2 = next(s, t1, zone);
  if (now < t1) return { earliest, missed: "none" };
  if (now < t2) return { earliest, mostRecent: t1, missed: "none" };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1)
    return { earliest, missed: "none", error: "time difference between two schedules is less than 1 second" };
  const elapsed = Math.trunc((now - t1) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  let mostRecent: number | undefined;
  const potential = t1 + (missedCount - 2) * between * 1000;
  for (let t = next(s, potential, zone); t !== 0 && t <= now; t = next(s, t, zone)) mostRecent = t;
  const missed = missedCount > 100 ? "many" : missedCount > 1 ? "few" : "none";
  return { earliest, mostRecent, missed };
}

/** When the controller looks again: 100 ms after the next schedule time (nextScheduleTimeDuration). */
function requeue(c: ControllerContext, cj: CronJob, now: number, s: Schedule, zone?: string): void {
  const r = mostRecentScheduleTime(cj, now, s, false, zone);
  const from = r.error ? now : (r.mostRecent ?? r.earliest);
  const at = next(s, from, zone);
  if (at !== 0) wakeAt(c, "cronjob", cj.metadata.uid, at + DELTA_MS);
}

function syncCronJob(c: ControllerContext, stored: CronJob, jobs: Job[]): boolean {
  const cj = structuredClone(stored);
  const now = c.clock.now();
  const status: CronJobStatus = cj.status ?? {};
  cj.status = status;
  const events: Array<() => void> = [];
  const event = (type: "Normal" | "Warning", reason: string, message: string) =>
    events.push(() => c.recorder.recordEvent(stored, type, reason, message, SOURCE));
  const active = () => status.active ?? [];
  const dropActive = (uid: string | undefined) => {
    const rest = active().filter((a) => a.uid !== uid);
    if (rest.length) status.active = rest;
    else delete status.active;
  };
  let changed = false;

  const children = new Set<string>();
  for (const j of jobs) {
    children.add(j.metadata.uid);
    const found = active().some((a) => a.uid === j.metadata.uid);
    const finished = isJobFinished(j);
    if (!found && !finished) {
      event(
        "Warning",
        "UnexpectedJob",
        `Saw a job that the controller did not create or forgot: ${j.metadata.name}`,
      );
    } else if (found && finished) {
      dropActive(j.metadata.uid);
      event(
        "Normal",
        "SawCompletedJob",
        `Saw completed job: ${j.metadata.name}, condition: ${finishedCondition(j)}`,
      );
    }
    // The latest completion time of a finished job (the real controller records it on the
    // pass its own status update requeues, at the same moment).
    const done = j.status?.completionTime;
    if (
      finished &&
      done &&
      (!status.lastSuccessfulTime || Date.parse(done) > Date.parse(status.lastSuccessfulTime))
    )
      status.lastSuccessfulTime = done;
  }
  for (const a of active()) {
    if (children.has(a.uid ?? "")) continue;
    event("Normal", "MissingJob", `Active job went missing: ${a.name}`);
    dropActive(a.uid);
  }

  if (!isTerminating(cj) && !cj.spec?.suspend)
    changed = schedule(c, cj, jobs, now, event, dropActive) || changed;
  changed = cleanupFinishedJobs(c, cj, jobs, event, dropActive) || changed;

  for (const e of events) e();
  changed = changed || events.length > 0;
  if (!sameJson(stored.status ?? {}, status)) {
    const fresh = c.api.get(CRONJOBS, stored.metadata.namespace, stored.metadata.name);
    if (fresh) {
      fresh.status = status;
      c.api.put(fresh);
      changed = true;
    }
  }
  return changed;
}

type EventFn = (type: "Normal" | "Warning", reason: string, message: string) => void;

/** The scheduling half of syncCronJob: at most one Job, for the most recent unmet time. */
function schedule(
  c: ControllerContext,
  cj: CronJob,
  jobs: Job[],
  now: number,
  event: EventFn,
  dropActive: (uid: string | undefined) => void,
): boolean {
  const spec = cj.spec;
  if (!spec) return false;
  const zone = spec.timeZone;
  let s: Schedule;
  try {
    s = parseStandard(zone ? `TZ=${zone} ${spec.schedule}` : spec.schedule);
  } catch (e) {
    event(
      "Warning",
      "UnparseableSchedule",
      `unparseable schedule: "${spec.schedule}" : ${(e as Error).message}`,
    );
    return false;
  }
  const status = cj.status ?? {};
  const r = mostRecentScheduleTime(cj, now, s, true, zone);
  if (r.error) {
    event("Warning", "InvalidSchedule", `invalid schedule: ${spec.schedule} : ${r.error}`);
    return false;
  }
  const scheduled = r.mostRecent;
  if (scheduled === undefined) {
    requeue(c, cj, now, s, zone);
    return false;
  }
  if (r.missed === "many")
    event(
      "Warning",
      "TooManyMissedTimes",
      "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
    );
  const deadline = spec.startingDeadlineSeconds;
  if (deadline !== undefined && scheduled + deadline * 1000 < now) {
    event("Warning", "MissSchedule", `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
    requeue(c, cj, now, s, zone);
    return false;
  }
  const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
  const last = status.lastScheduleTime ? Date.parse(status.lastScheduleTime) : undefined;
  if ((status.active ?? []).some((a) => a.name === name) || last === scheduled) {
    requeue(c, cj, now, s, zone);
    return false;
  }
  if (spec.concurrencyPolicy === "Forbid" && (status.active ?? []).length > 0) {
    event(
      "Normal",
      "JobAlreadyActive",
      "Not starting job because prior execution is running and concurrency policy is Forbid",
    );
    requeue(c, cj, now, s, zone);
    return false;
  }
  let changed = false;
  if (spec.concurrencyPolicy === "Replace") {
    for (const a of [...(status.active ?? [])]) {
      const j = jobs.find((x) => x.metadata.uid === a.uid);
      if (j) deleteJob(c, j, event, dropActive);
      changed = true;
    }
  }
  if (c.api.get(JOBS, cj.metadata.namespace, name)) {
    // Created by another actor: the controller assumes it updated the status.
    requeue(c, cj, now, s, zone);
    return changed;
  }
  const job = createJob(c, cj, name, scheduled, zone);
  event("Normal", "SuccessfulCreate", `Created job ${job.metadata.name}`);
  status.active = [...(status.active ?? []), jobRef(job)];
  status.lastScheduleTime = new Date(scheduled).toISOString().replace(".000Z", "Z");
  cj.status = status;
  requeue(c, cj, now, s, zone);
  return true;
}

/** The scheduled time in the CronJob's zone, as time.RFC3339 writes it (offset, not Z, outside UTC). */
function scheduledStamp(ms: number, zone: string | undefined): string {
  const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, "");
  if (!zone || zone === "UTC" || zone === "Etc/UTC") return `${iso(ms)}Z`;
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(new Date(ms))
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(parts ?? "");
  if (!m) return `${iso(ms)}Z`;
  const sign = m[1][0] === "-" ? -1 : 1;
  const offMin = sign * (Math.abs(Number(m[1])) * 60 + Number(m[2] ?? "0"));
  return `${iso(ms + offMin * 60_000)}${m[1]}:${m[2] ?? "00"}`;
}

/** getJobFromTemplate2: the template's labels and annotations, the scheduled-timestamp annotation, a controller ref. */
function createJob(c: ControllerContext, cj: CronJob, name: string, scheduled: number, zone?: string): Job {
  const tpl = structuredClone(cj.spec?.jobTemplate ?? {});
  const draft: Draft<Job> = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      ...(tpl.metadata?.labels ? { labels: tpl.metadata.labels } : {}),
      annotations: {
        ...tpl.metadata?.annotations,
        "batch.kubernetes.io/cronjob-scheduled-timestamp": scheduledStamp(scheduled, zone),
      },
      ownerReferences: [ApiServer.controllerRef(cj)],
    },
    spec: tpl.spec ?? { template: {} },
  };
  const created = prepareForCreate(applyDefaults(draft, { randomSuffix: () => c.rng.name(5) }));
  return c.api.insert<Job>(created as Draft<Job>);
}

/** deleteJob: the job in the background (the garbage collector takes its pods) and its active entry. */
function deleteJob(
  c: ControllerContext,
  j: Job,
  event: EventFn,
  dropActive: (uid: string | undefined) => void,
): void {
  c.api.remove(j);
  dropActive(j.metadata.uid);
  event("Normal", "SuccessfulDelete", `Deleted job ${j.metadata.name}`);
}

/** cleanupFinishedJobs: keep the newest successfulJobsHistoryLimit complete and failedJobsHistoryLimit failed jobs. */
function cleanupFinishedJobs(
  c: ControllerContext,
  cj: CronJob,
  jobs: Job[],
  event: EventFn,
  dropActive: (uid: string | undefined) => void,
): boolean {
  const spec = cj.spec;
  if (!spec) return false;
  let changed = false;
  const byStart = (a: Job, b: Job) => {
    const sa = a.status?.startTime;
    const sb = b.status?.startTime;
    if (!sa || !sb) return sa ? -1 : sb ? 1 : compareKeys(a.metadata.name ?? "", b.metadata.name ?? "");
    if (sa === sb) return (a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1;
    return Date.parse(sa) - Date.parse(sb);
  };
  for (const [kind, limit] of [
    ["Complete", spec.successfulJobsHistoryLimit],
    ["Failed", spec.failedJobsHistoryLimit],
  ] as const) {
    if (limit === undefined) continue;
    const finished = jobs.filter(
      (j) => finishedCondition(j) === kind && c.api.get(JOBS, j.metadata.namespace, j.metadata.name),
    );
    const extra = finished.length - limit;
    if (extra <= 0) continue;
    finished.sort(byStart);
    for (const j of finished.slice(0, extra)) deleteJob(c, j, event, dropActive);
    changed = true;
  }
  return changed;
}
