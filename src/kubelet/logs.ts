// A container's output over simulated time, as the kubelet's log files hold it: what the
// process printed when it started, its periodic loop output, and what it logged while
// serving requests, in time order, each with its RFC 3339 timestamp.
import { type PodLike, podOf } from "../api/types.js";
import type { KubeletContext } from "./context.js";
import { containerSpec, processOf } from "./runtime.js";

export interface LogLine {
  at: number;
  line: string;
}

/** Loop output is generated, not stored; this caps what one request can ask for. */
const MAX_LOOP_LINES = 100_000;

export function containerLogs(
  c: KubeletContext,
  untyped: PodLike,
  container: string,
  nowMs: number,
): LogLine[] {
  const pod = podOf(untyped);
  const status = (pod.status?.containerStatuses ?? []).find((s) => s.name === container);
  const startedAt = status?.state?.running?.startedAt ?? status?.state?.terminated?.startedAt;
  if (!startedAt) return [];
  const start = Date.parse(startedAt);
  const end = status?.state?.terminated?.finishedAt ? Date.parse(status.state.terminated.finishedAt) : nowMs;
  // A container with a status is one of the pod's containers.
  const proc = processOf(pod, containerSpec(pod, container) ?? { name: container });
  const lines: LogLine[] = [];
  const env: Record<string, string> = {};
  const startCtx = { podIP: pod.status?.podIP ?? "", hostname: pod.metadata.name, nowMs: start, env };
  for (const line of proc.startupLog?.(startCtx) ?? []) lines.push({ at: start, line });
  if (proc.logLines) {
    const every = proc.logLines.everySeconds * 1000;
    let n = 0;
    for (let t = start; t <= end && n < MAX_LOOP_LINES; t += every || end + 1, n++) {
      lines.push({ at: t, line: proc.logLines.text });
    }
  }
  for (const l of c.state.runtime[`${pod.metadata.uid}/${container}`]?.log ?? []) lines.push(l);
  // Stable: lines of one moment keep the order they were produced in.
  return lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => a.l.at - b.l.at || a.i - b.i)
    .map((x) => x.l);
}
