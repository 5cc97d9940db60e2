// The kubelet's kill of a deleted pod's containers, planned as timeline steps: each
// container's preStop hook runs first and the kubelet waits for it for at most the grace
// period; SIGTERM then gets what is left, never less than 2 s (killContainer's
// minimumGracePeriodInSeconds). The hooks learners write are pauses (the sleep action,
// `sh -c "sleep N"`) that keep a terminating pod serving while load balancers drain it,
// and quick commands (`nginx -s quit`) or HTTP calls that return at once.
import type { Container } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import { imageInfo } from "../images/catalog.js";
import type { KubeletContext } from "./context.js";
import { imageOf } from "./started.js";
import type { PodSim, Step } from "./timeline.js";

/** The wait a shell command's `sleep N` adds (the first one; its other steps are quick). */
function sleepOf(command: string[]): number {
  const m = /(?:^|[\s;&|(])sleep\s+(\d+(?:\.\d+)?)(?:s)?(?=$|[\s;&|)])/.exec(command.join(" "));
  return m ? Number(m[1]) * 1000 : 0;
}

/** The hook's run, in ms, cut at the grace period (the kubelet stops waiting for it then). */
export function preStopMs(ctr: Container, graceMs: number): number {
  const hook = ctr.lifecycle?.preStop;
  if (!hook) return 0;
  let ms = 0;
  if (hook.sleep) ms = Number(hook.sleep.seconds ?? 0) * 1000;
  else if (hook.exec) ms = sleepOf(hook.exec.command ?? []);
  return Math.min(Math.max(0, ms), graceMs);
}

/** Stops the pod being deleted: a killing step, each container's stop, then the pod is gone. */
export function planKill(
  c: KubeletContext,
  scaled: (ms: number) => number,
  pod: Pod,
  sim: PodSim,
  t: number,
): void {
  sim.killing = true;
  const grace = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
  const statuses = pod.status?.containerStatuses ?? [];
  // A pod whose containers never started goes at once; otherwise it lasts until the slowest
  // container exits: shells as PID 1 ignore SIGTERM and wait out the grace period.
  let stopMs = 0;
  const stops: Step[] = [];
  pod.spec.containers.forEach((ctr, i) => {
    if (!statuses[i]?.state?.running) return;
    // The preStop hook runs first, for at most the grace period; SIGTERM gets what is left,
    // and never less than 2 s (killContainer's minimumGracePeriodInSeconds).
    const hook = preStopMs(ctr, grace);
    const left = hook ? Math.max(grace - hook, 2000) : grace;
    const stopsOnTerm = !ctr.command && (imageInfo(imageOf(ctr))?.stopsOnTerm ?? true);
    const ms = hook + (stopsOnTerm ? Math.min(left, 300 + c.rng.int(700)) : left);
    stopMs = Math.max(stopMs, ms);
    // A container that exits on SIGTERM is seen terminated while the others run out the grace period.
    if (ms < grace) stops.push({ at: t + scaled(ms), kind: "stopped", container: i });
  });
  // Steps not yet applied are abandoned: the kubelet stops starting containers.
  sim.steps = [{ at: t, kind: "killing" }];
  sim.next = 0;
  sim.steps.push(...stops.sort((a, b) => a.at - b.at));
  sim.steps.push({ at: t + scaled(stopMs), kind: "gone" });
}
