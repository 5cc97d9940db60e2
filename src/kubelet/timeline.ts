// A pod's life on its node as declared stages with delays, in the manner of KWOK: when
// the kubelet first sees a bound pod it plans every step (sandbox, pull, create, start)
// with seeded durations, and each later command applies the steps whose time has come.
// Deletion appends the kill steps. Nothing here depends on wall time.

export type StepKind =
  | "sandbox"
  /** The sandbox's config cannot be generated (an FQDN hostname too long): retried until the pod goes. */
  | "sandboxFailed"
  | "pulling"
  | "pulled"
  | "present"
  | "created"
  | "started"
  | "killing"
  | "stopped"
  | "pullFailed"
  /** imagePullPolicy Never and the image is not on the node: ErrImageNeverPull, retried. */
  | "neverPull"
  | "probe"
  | "exited"
  | "crashBackOff"
  | "restart"
  | "backOff"
  /** A scripted main process wakes from a sleep (mainprocess.ts). */
  | "resume"
  | "gone";

export interface Step {
  at: number;
  kind: StepKind;
  /** Index into spec.containers. */
  container?: number;
  /** The exit status of a process that ends (exited steps). */
  exitCode?: number;
  /**
   * The kubelet killed the container (a failed liveness or startup probe): it is restarted
   * unless restartPolicy is Never, whatever its exit status, as computePodActions does.
   */
  killed?: boolean;
  /** Which retry of a failing pull this is (back-off doubles with each). */
  attempt?: number;
  /** Pull duration as the Pulled event reports it (unscaled). */
  pullMs?: number;
}

export interface PodSim {
  ns: string;
  name: string;
  node: string;
  steps: Step[];
  /** Index of the next step to apply. */
  next: number;
  /** Set once deletion was planned. */
  killing?: boolean;
}

/**
 * Adds steps to a pod's plan, keeping it in time order (ties keep the order they came in).
 * Steps already applied are dropped first: a probed or crash-looping pod adds steps for as long
 * as it lives, and the plan is saved with the cluster.
 */
export function schedule(sim: PodSim, ...steps: Step[]): void {
  if (sim.next > 0) {
    sim.steps.splice(0, sim.next);
    sim.next = 0;
  }
  for (const step of steps) {
    let i = sim.steps.length;
    while (i > 0 && sim.steps[i - 1].at > step.at) i--;
    sim.steps.splice(i, 0, step);
  }
}

export function nextStepAt(sim: PodSim): number | undefined {
  return sim.steps[sim.next]?.at;
}

/**
 * The next step that changes what the API shows: a process waking from a sleep does not;
 * with `quiet`, probes are left out too (in a steady cluster they pass and change nothing).
 */
export function nextEventAt(sim: PodSim, quiet = false): number | undefined {
  for (let i = sim.next; i < sim.steps.length; i++) {
    const k = sim.steps[i].kind;
    if (k !== "resume" && !(quiet && k === "probe")) return sim.steps[i].at;
  }
  return undefined;
}
