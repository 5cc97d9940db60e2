// A container's output over simulated time, as the kubelet's log files hold it: what the
// process printed when it started, its periodic loop output, what it logged while serving
// requests, and everything a scripted main process wrote (mainprocess.ts), in time order,
// each with its RFC 3339 timestamp. One run of the container is one window of time: the
// current run from its start, the previous one (--previous) as lastState records it.
import type { ContainerStatus } from "kubernetes-types/core/v1";
import type { KObject, Pod, PodLike } from "../api/types.js";
import { podOf } from "../api/types.js";
import type { KubeletContext } from "./context.js";
import { readContainerFile } from "./fs.js";
import { LOG_BUCKET } from "./logbucket.js";
import { containerKey, containerSpec, processOf, runtimeAt } from "./runtime.js";

export interface LogLine {
  at: number;
  line: string;
}

/** Loop output is generated, not stored; this caps what one request can ask for. */
const MAX_LOOP_LINES = 100_000;

/**
 * What kubesim keeps of a container's output (a scripted process's lines, a server's access
 * log): the newest 128 KiB, some 3,700 lines (two hours) of a two-second client loop. The kubelet rotates at
 * containerLogMaxSize (10 MiB) and `kubectl logs` reads the current file only; kubesim keeps
 * less because the log is rewritten with every command that adds to it, and a long catch-up
 * runs only the loop turns whose lines are kept (runtime/containerd.ts).
 */
export const MAX_LOG_BYTES = 128 * 1024;

/** The stored output of scripted main processes: [ms, line] pairs, oldest first. */
interface StoredLog {
  lines: [number, string][];
  bytes: number;
}

function storedLog(c: KubeletContext, key: string): StoredLog | undefined {
  return c.api.objects.bucket(LOG_BUCKET).get(key) as unknown as StoredLog | undefined;
}

/** Appends what a main process printed, dropping the oldest lines past MAX_LOG_BYTES. */
export function appendLog(c: KubeletContext, pod: PodLike, container: string, lines: LogLine[]): void {
  appendLogKey(c, containerKey(pod, container), lines);
}

/** appendLog for a container named by its key (pod uid/container). */
export function appendLogKey(c: KubeletContext, key: string, lines: readonly LogLine[]): void {
  if (!lines.length) return;
  const bucket = c.api.objects.bucket(LOG_BUCKET);
  // Appended in place (a loop's server gets a line per request); set() marks the shard dirty.
  const log: StoredLog = storedLog(c, key) ?? { lines: [], bytes: 0 };
  for (const l of lines) {
    log.lines.push([l.at, l.line]);
    log.bytes += l.line.length + 1;
  }
  // Rotation: past the limit by a quarter, the oldest lines go down to the limit.
  if (log.bytes > MAX_LOG_BYTES * 1.25) {
    let drop = 0;
    while (log.bytes > MAX_LOG_BYTES && drop < log.lines.length) log.bytes -= log.lines[drop++][1].length + 1;
    log.lines = log.lines.slice(drop);
  }
  bucket.set(key, log as unknown as KObject);
  c.api.markChanged();
}

/** Rotates out the lines printed before `at` (a loop's turns skipped by log rotation). */
export function dropLogBefore(c: KubeletContext, key: string, at: number): void {
  const log = storedLog(c, key);
  if (!log) return;
  const keep = log.lines.findIndex(([t]) => t >= at);
  const kept = keep < 0 ? [] : log.lines.slice(keep);
  if (kept.length === log.lines.length) return;
  c.api.objects
    .bucket(LOG_BUCKET)
    .set(key, { lines: kept, bytes: kept.reduce((n, [, l]) => n + l.length + 1, 0) } as unknown as KObject);
  c.api.markChanged();
}

/** Which run of a container: the current (or last) one, or the one before (--previous). */
export type Run = "current" | "previous";

/** A container's status, app, init or ephemeral: the kubelet keeps each one's log while the pod lives. */
export function containerStatusOf(pod: Pod, container: string): ContainerStatus | undefined {
  const st = pod.status;
  return [
    ...(st?.containerStatuses ?? []),
    ...(st?.initContainerStatuses ?? []),
    ...(st?.ephemeralContainerStatuses ?? []),
  ].find((s) => s.name === container);
}

/** The time window of a run, or undefined when there is no such run. */
export function runWindow(
  status: ContainerStatus | undefined,
  run: Run,
  nowMs: number,
): { from: number; to: number } | undefined {
  const term = status?.lastState?.terminated;
  // Status times are whole seconds: a run ends at the end of its finishedAt second.
  const window = (t: { startedAt?: string; finishedAt?: string } | undefined) =>
    t?.startedAt
      ? { from: Date.parse(t.startedAt), to: t.finishedAt ? Date.parse(t.finishedAt) + 999 : nowMs }
      : undefined;
  // As the kubelet's validateContainerLogStatus: --previous is lastState's container; the
  // current one is the running or terminated one, else (waiting to restart) lastState's.
  const state = status?.state;
  if (run === "previous") return window(term);
  return window(state?.running ?? state?.terminated ?? term);
}

export function containerLogs(
  c: KubeletContext,
  untyped: PodLike,
  container: string,
  nowMs: number,
  run: Run = "current",
): LogLine[] {
  const pod = podOf(untyped);
  const status = containerStatusOf(pod, container);
  const key = containerKey(pod, container);
  const w = runWindow(status, run, nowMs);
  if (!w) return [];
  const { from: start, to: end } = w;
  // A container with a status is one of the pod's containers.
  const proc = processOf(pod, containerSpec(pod, container) ?? { name: container });
  const lines: LogLine[] = [];
  if (!proc.script) {
    const env: Record<string, string> = {};
    const startCtx = {
      podIP: pod.status?.podIP ?? "",
      hostname: pod.metadata.name,
      nowMs: start,
      env,
      readFile: (path: string) => readContainerFile(c, pod, container, path),
    };
    for (const line of proc.startupLog?.(startCtx) ?? []) lines.push({ at: start, line });
    if (proc.logLines) {
      const every = proc.logLines.everySeconds * 1000;
      let n = 0;
      for (let t = start; t <= end && n < MAX_LOOP_LINES; t += every || end + 1, n++) {
        lines.push({ at: t, line: proc.logLines.text });
      }
    }
  }
  for (const [at, line] of storedLog(c, key)?.lines ?? [])
    if (at >= start && at <= end) lines.push({ at, line });
  for (const l of runtimeAt(c, key)?.log ?? []) if (l.at >= start && l.at <= end) lines.push(l);
  // Stable: lines of one moment keep the order they were produced in.
  return lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => a.l.at - b.l.at || a.i - b.i)
    .map((x) => x.l);
}
