// The Job controller (pkg/controller/job, v1.32, NonIndexed jobs): keeps up to `parallelism`
// pods running until `completions` of them succeeded, counts failed pods against
// backoffLimit (and container restarts, for restartPolicy OnFailure), stops at
// activeDeadlineSeconds, and writes the status and conditions as v1.32 does: first the
// interim SuccessCriteriaMet / FailureTarget, then Complete / Failed once no pod of the job
// is still running. A failed pod is replaced after the controller's back-off (10 s doubling,
// up to 6 minutes). The TTL-after-finished controller deletes a finished job when its
// ttlSecondsAfterFinished have passed; the garbage collector then removes its pods.

import type { JobCondition, JobStatus } from "kubernetes-types/batch/v1";
import type { Job, Pod } from "../api/types.js";
import { JOBS, PODS } from "../apiserver/resources.js";
import { rfc3339 } from "../golang/time.js";
import type { ControllerContext } from "./context.js";
import { OwnerNews, ownedPods } from "./news.js";
import { deletePodGracefully, isPodReady, isTerminating, tryCreatePod } from "./podfactory.js";
import { sameJson } from "./status.js";
import { wakeAt } from "./timers.js";

const SOURCE = { component: "job-controller" };
/** The finalizer on a job's pods until the controller has counted them. */
const TRACKING = "batch.kubernetes.io/job-tracking";

const BACKOFF_LIMIT = {
  reason: "BackoffLimitExceeded",
  message: "Job has reached the specified backoff limit",
};
const DEADLINE = { reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" };
const COMPLETIONS = { reason: "CompletionsReached", message: "Reached expected number of succeeded pods" };

/** The controller's pod-recreation back-off: 10 s, doubling, at most 6 minutes. */
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 360_000;

const news = new OwnerNews("Job", JOBS, ["resourcequotas/", "limitranges/"], "-timer:job");

export function syncJobs(c: ControllerContext): boolean {
  return news.run(c, (owners: Job[]) => syncOwners(c, owners));
}

function hasCondition(job: Job, type: string): boolean {
  return !!job.status?.conditions?.some((x) => x.type === type && x.status === "True");
}

export function isJobFinished(job: Job): boolean {
  return hasCondition(job, "Complete") || hasCondition(job, "Failed");
}

function condition(type: string, why: { reason: string; message: string }, now: string): JobCondition {
  return {
    lastProbeTime: now,
    lastTransitionTime: now,
    message: why.message,
    reason: why.reason,
    status: "True",
    type,
  };
}

/** Instant clusters keep the back-off's real length, as the kubelet's crash loop does. */
function paced(c: ControllerContext, ms: number): number {
  return Math.max(1, c.clock.timeScale > 0 ? Math.round(ms * c.clock.timeScale) : ms);
}

function finishedAt(p: Pod): number | undefined {
  let last: number | undefined;
  for (const s of p.status?.containerStatuses ?? []) {
    const t = s.state?.terminated?.finishedAt;
    if (t && (last === undefined || Date.parse(t) > last)) last = Date.parse(t);
  }
  return last;
}

/** Removes the job-tracking finalizer from a pod the job has counted. */
function untrack(c: ControllerContext, p: Pod): void {
  const pod = c.api.get(PODS, p.metadata.namespace, p.metadata.name);
  if (!pod?.metadata.finalizers?.includes(TRACKING)) return;
  const rest = pod.metadata.finalizers.filter((f) => f !== TRACKING);
  if (rest.length) pod.metadata.finalizers = rest;
  else delete pod.metadata.finalizers;
  c.api.put(pod);
}

function syncOwners(c: ControllerContext, owners: Job[]): boolean {
  let changed = false;
  for (const job of owners) {
    if (isTerminating(job)) continue;
    changed = syncJob(c, job, ownedPods(c, job)) || changed;
  }
  return changed;
}

function syncJob(c: ControllerContext, job: Job, pods: Pod[]): boolean {
  const now = c.clock.now();
  const ts = rfc3339(now);
  if (isJobFinished(job)) return ttlAfterFinished(c, job, now);
  const before = structuredClone(job.status ?? {});
  const status: JobStatus = structuredClone(job.status ?? {});
  status.startTime ??= ts;
  const spec = job.spec;
  const failedPods = pods.filter((p) => p.status?.phase === "Failed");
  const running = pods.filter((p) => !["Succeeded", "Failed"].includes(p.status?.phase ?? ""));
  const active = running.filter((p) => !isTerminating(p));
  const terminating = running.filter(isTerminating);
  // Each pod is counted once, when it ends or is deleted (a deleted pod that had not
  // succeeded counts as failed: podReplacementPolicy TerminatingOrFailed); the job-tracking
  // finalizer marks the pods not counted yet, and is removed as they are.
  let succeeded = status.succeeded ?? 0;
  let failed = status.failed ?? 0;
  for (const p of pods) {
    if (!p.metadata.finalizers?.includes(TRACKING)) continue;
    const phase = p.status?.phase;
    const ok = phase === "Succeeded";
    if (!ok && phase !== "Failed" && !isTerminating(p)) continue;
    if (ok) succeeded++;
    else failed++;
    untrack(c, p);
  }
  const backoffLimit = spec.backoffLimit ?? 6;
  const parallelism = spec.parallelism ?? 1;
  const completions = spec.completions;
  let events: Array<() => void> = [];

  const conditions = status.conditions ?? [];
  const interim = conditions.find((x) => x.type === "FailureTarget" || x.type === "SuccessCriteriaMet");
  let finish = interim;
  if (!finish) {
    // pastBackoffLimitOnFailure: restarts of OnFailure pods count as failures.
    const restarts =
      spec.template.spec?.restartPolicy === "OnFailure"
        ? active.reduce(
            (n, p) => n + (p.status?.containerStatuses ?? []).reduce((m, s) => m + (s.restartCount ?? 0), 0),
            0,
          )
        : 0;
    const deadline =
      spec.activeDeadlineSeconds !== undefined
        ? Date.parse(status.startTime) + paced(c, spec.activeDeadlineSeconds * 1000)
        : undefined;
    const onFailure = spec.template.spec?.restartPolicy === "OnFailure";
    const pastOnFailure = onFailure && (backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit);
    if (failed > backoffLimit || pastOnFailure) {
      finish = condition("FailureTarget", BACKOFF_LIMIT, ts);
    } else if (deadline !== undefined && deadline <= now) {
      finish = condition("FailureTarget", DEADLINE, ts);
    } else if (completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0) {
      finish = condition("SuccessCriteriaMet", COMPLETIONS, ts);
    } else if (deadline !== undefined) {
      wakeAt(c, "job", job.metadata.uid, deadline);
    }
    if (finish) conditions.push(finish);
  }

  if (finish) {
    // Whatever still runs is removed (and counted as failed once terminating); the terminal
    // condition waits until it is gone.
    for (const p of active) {
      const pod = c.api.get(PODS, p.metadata.namespace, p.metadata.name);
      if (pod) deletePodGracefully(c, pod);
      // The controller sees its own deletion at once: the pod counts as failed.
      failed++;
      untrack(c, p);
      events.push(() =>
        c.recorder.recordEvent(job, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, SOURCE),
      );
    }
    const stillRunning = running.length;
    if (stillRunning === 0) {
      const failedJob = finish.type === "FailureTarget";
      const why = { reason: finish.reason ?? "", message: finish.message ?? "" };
      conditions.push(condition(failedJob ? "Failed" : "Complete", why, ts));
      if (!failedJob) status.completionTime = ts;
      events.push(() =>
        failedJob
          ? c.recorder.recordEvent(job, "Warning", why.reason, why.message, SOURCE)
          : c.recorder.recordEvent(job, "Normal", "Completed", "Job completed", SOURCE),
      );
    }
  } else {
    // Pods to run now: parallelism, less what is left to do.
    const left = completions !== undefined ? completions - succeeded : succeeded > 0 ? 0 : parallelism;
    const want = Math.max(0, Math.min(parallelism, left));
    if (active.length < want) {
      // After a failure the controller waits out its back-off before the replacement.
      let ready = now;
      if (failed > 0) {
        const last = Math.max(
          ...failedPods.map(
            (p) => finishedAt(c.api.get(PODS, p.metadata.namespace, p.metadata.name) ?? p) ?? 0,
          ),
        );
        const delay = Math.min(BACKOFF_BASE_MS * 2 ** (failed - 1), BACKOFF_MAX_MS);
        ready = Math.max(now, last + paced(c, delay));
      }
      if (ready <= now) {
        for (let i = active.length; i < want; i++) {
          const pod = tryCreatePod(c, job, "job-controller", {}, { finalizers: [TRACKING] });
          if (!pod) break;
          active.push(pod);
          events.push(() =>
            c.recorder.recordEvent(
              job,
              "Normal",
              "SuccessfulCreate",
              `Created pod: ${pod.metadata.name}`,
              SOURCE,
            ),
          );
        }
      } else {
        wakeAt(c, "job", job.metadata.uid, ready);
      }
    }
  }

  const stillActive = finish ? 0 : active.length;
  const next: JobStatus = {
    ...(conditions.length ? { conditions } : {}),
    startTime: status.startTime,
    ...(status.completionTime ? { completionTime: status.completionTime } : {}),
    ...(stillActive ? { active: stillActive } : {}),
    ...(succeeded ? { succeeded } : {}),
    ...(failed ? { failed } : {}),
    terminating: finish ? running.length : terminating.length,
    uncountedTerminatedPods: {},
    ready: finish ? 0 : active.filter((p) => p.status && isPodReady(p)).length,
  };
  let changed = events.length > 0;
  for (const e of events) e();
  events = [];
  if (!sameJson(before, next)) {
    job.status = next;
    c.api.put(job);
    changed = true;
  }
  if (isJobFinished(job)) ttlAfterFinished(c, job, now);
  return changed;
}

/** The TTL-after-finished controller: deletes the job once its ttl has passed since it finished. */
function ttlAfterFinished(c: ControllerContext, job: Job, now: number): boolean {
  const ttl = job.spec.ttlSecondsAfterFinished;
  if (ttl === undefined) return false;
  const done = job.status?.conditions?.find(
    (x) => (x.type === "Complete" || x.type === "Failed") && x.status === "True",
  );
  if (!done?.lastTransitionTime) return false;
  const at = Date.parse(done.lastTransitionTime) + paced(c, ttl * 1000);
  if (at > now) {
    wakeAt(c, "job", job.metadata.uid, at);
    return false;
  }
  c.api.remove(job);
  return true;
}
