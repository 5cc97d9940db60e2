// A pod whose configMap, secret or projected volume names a source that is not there (and
// not optional) cannot be set up: the kubelet's volume manager reports FailedMount
// ("MountVolume.SetUp failed for volume ...") and retries with its exponential back-off
// (nestedpendingoperations: 500 ms doubling to at most 2 min 2 s), and the pod waits in
// ContainerCreating without a sandbox until the source appears.
import type { Pod } from "../api/types.js";
import type { KubeletContext } from "./context.js";
import type { PodSim, Step } from "./timeline.js";
import { setUpApiVolumes } from "./volumesync.js";

const INITIAL_MS = 500;
const MAX_MS = 2 * 60_000 + 2_000;

/** The delay before retry number `attempt` + 1. */
export function mountBackoffMs(attempt: number): number {
  return Math.min(MAX_MS, INITIAL_MS * 2 ** Math.min(attempt, 20));
}

/** Sets up the pod's volumes before its sandbox; false (and a retry planned) when one fails. */
export function mountVolumes(
  c: KubeletContext,
  pod: Pod,
  sim: PodSim,
  step: Step,
  paced: (ms: number) => number,
): boolean {
  const failed = setUpApiVolumes(c, pod, step.at);
  if (failed) holdForMount(c, pod, sim, step, failed, paced);
  return !failed;
}

/**
 * Reports the failed SetUp and puts the sandbox step (and everything planned after it) off
 * until the retry: `paced` keeps the back-off's real length in an instant cluster.
 */
function holdForMount(
  c: KubeletContext,
  pod: Pod,
  sim: PodSim,
  step: Step,
  failure: { volume: string; error: string },
  paced: (ms: number) => number,
): void {
  c.recorder.recordEvent(
    pod,
    "Warning",
    "FailedMount",
    `MountVolume.SetUp failed for volume "${failure.volume}" : ${failure.error}`,
    { component: "kubelet", host: sim.node },
  );
  const attempt = step.attempt ?? 0;
  const retry = step.at + paced(mountBackoffMs(attempt));
  const delta = retry - step.at;
  for (let i = sim.next; i < sim.steps.length; i++) sim.steps[i].at += delta;
  sim.steps.splice(sim.next, 0, { at: retry, kind: "sandbox", attempt: attempt + 1 });
}
