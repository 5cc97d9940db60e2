// Attaching to a container's main process, as `kubectl attach` and `kubectl run -i` do: wait
// until the pod runs (or has already finished: then its log is all there is), and stream what
// the process prints until it ends. Simulated time moves as the process needs it: on a fixed
// clock it is moved forward, on the wall clock it passes.
import type { Pod } from "../../api/types.js";
import { PODS } from "../../apiserver/resources.js";
import type { Cluster } from "../../cluster/cluster.js";
import type { Session } from "../../cluster/session.js";
import { containerLogs } from "../../kubelet/logs.js";
import type { Ctx } from "../cli.js";
import { CliError } from "../io.js";

const isDone = (p: Pod | undefined) => p?.status?.phase === "Succeeded" || p?.status?.phase === "Failed";

function isReady(p: Pod | undefined): boolean {
  return (
    p?.status?.phase === "Running" &&
    (p.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True")
  );
}

/** One look at the pod: its state, and the lines of the current run after `after` (ms). */
interface Look {
  pod?: Pod;
  lines: { at: number; line: string }[];
  now: number;
  wake: number | null;
  fixed: boolean;
}

function look(c: Cluster, ns: string, name: string, container: string, after: number): Look {
  const pod = c.api.get(PODS, ns, name);
  const now = c.clock.nowMs();
  const lines = pod ? containerLogs(c, pod, container, now).filter((l) => l.at > after) : [];
  return { pod, lines, now, wake: c.state.nextWake, fixed: c.clock.fixed };
}

/**
 * Lets simulated time pass up to the cluster's next moment: on a frozen clock, or when
 * `jump` (waiting on the cluster, not on the program: a pod starting, an exit being
 * recorded), by moving the clock; else on the wall clock, at most a second at a time.
 */
async function pass(s: Session, l: Look, deadline: number, jump = false): Promise<void> {
  const target = Math.min(deadline, l.wake ?? deadline);
  const moves = l.fixed || jump;
  const step = Math.max(1, moves ? target - l.now : Math.min(target - l.now, 1000));
  if (moves)
    await s.transact((c) => {
      c.state.clock.offsetMs += step;
    });
  else await new Promise((r) => setTimeout(r, step));
}

/**
 * Waits (up to `timeoutMs` of cluster time) for `cond`; false on timeout. The wait is the
 * cluster's (a pod starting, an exit recorded), not the program's, so it costs no wall time:
 * the clock moves (issue 13: `run -i` from a script takes well under a second).
 */
export async function waitForPod(
  s: Session,
  ns: string,
  name: string,
  cond: (p: Pod | undefined) => boolean,
  timeoutMs: number,
): Promise<Pod | undefined | false> {
  let deadline: number | undefined;
  for (;;) {
    const l = await s.view((c) => look(c, ns, name, "", Number.POSITIVE_INFINITY));
    if (cond(l.pod)) return l.pod;
    deadline ??= l.now + timeoutMs;
    if (l.now >= deadline) return false;
    await pass(s, l, deadline, true);
  }
}

export interface AttachOptions {
  ns: string;
  name: string;
  container: string;
  quiet?: boolean;
  /** --pod-running-timeout. */
  timeoutMs: number;
  /**
   * `kubectl attach` sees what the process prints from the moment it attaches; `run -i`
   * attaches as the container starts, so it sees everything.
   */
  fromNow?: boolean;
}

/** attach's hint as the stream opens, unless -q. */
export const PROMPT_HINT = "If you don't see a command prompt, try pressing enter.\n";
/** SetupTTY's notice: -t asked for, but standard input is no terminal; the session goes on without one. */
export const NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file\n";

/**
 * attach's reattachMessage after a terminal session of a pod that restarts: how to come back
 * (an ephemeral container is never restarted); undefined for any other restartPolicy.
 */
export function reattachMessage(pod: Pod, container: string): string | undefined {
  if (pod.spec.restartPolicy !== "Always") return undefined;
  const name = pod.metadata.name;
  return (pod.spec.ephemeralContainers ?? []).some((x) => x.name === container)
    ? `Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach ${name} -c ${container} -i -t' if it is still running\n`
    : `Session ended, resume using 'kubectl attach ${name} -c ${container} -i -t' command when the pod is running\n`;
}

/**
 * On a frozen clock (tests, lab scripts) nobody presses Ctrl-C: a process that never ends
 * is followed for this much simulated time, then the attach ends as if interrupted.
 */
const FROZEN_FOLLOW_MS = 60_000;

/**
 * kubectl run's handleAttachPod: waits for the pod to be running and ready, or finished (then
 * prints its log); attached, prints the prompt hint and streams the process's output until
 * the container stops. Returns the pod as it was last seen.
 */
export async function attachToProcess(ctx: Ctx, s: Session, o: AttachOptions): Promise<void> {
  const pod = await waitForPod(s, o.ns, o.name, (p) => !p || isReady(p) || isDone(p), o.timeoutMs);
  if (pod === false) throw new CliError("error: timed out waiting for the condition");
  if (!pod) throw new CliError(`Error from server (NotFound): pods "${o.name}" not found`);
  if (isDone(pod)) {
    // The pod ran to completion before the attach: kubectl prints its log instead.
    const l = await s.view((c) => look(c, o.ns, o.name, o.container, Number.NEGATIVE_INFINITY));
    ctx.io.out(l.lines.map((x) => `${x.line}\n`).join(""));
    return;
  }
  if (!o.quiet) ctx.io.err(PROMPT_HINT);
  const started = startedAt(pod, o.container);
  const first = await s.view((c) => c.clock.nowMs());
  // run -i is attached from the moment the container started: what it printed comes first.
  let after = o.fromNow ? first : started - 1;
  for (;;) {
    const l = await s.view((c) => look(c, o.ns, o.name, o.container, after));
    if (l.lines.length) {
      ctx.io.out(l.lines.map((x) => `${x.line}\n`).join(""));
      after = l.lines[l.lines.length - 1].at;
    }
    // The process ended (or was replaced): the attach ends with it.
    if (!l.pod || startedAt(l.pod, o.container) !== started || !running(l.pod, o.container)) return;
    if (l.fixed && l.now >= first + FROZEN_FOLLOW_MS) return;
    await pass(s, l, l.fixed ? first + FROZEN_FOLLOW_MS : Number.POSITIVE_INFINITY);
  }
}

function status(p: Pod, container: string) {
  return (p.status?.containerStatuses ?? []).find((x) => x.name === container);
}

function running(p: Pod, container: string): boolean {
  return !!status(p, container)?.state?.running;
}

function startedAt(p: Pod, container: string): number {
  const st = status(p, container)?.state;
  return Date.parse(st?.running?.startedAt ?? st?.terminated?.startedAt ?? "") || 0;
}
