// The kubelet's probe workers: readiness, liveness and startup probes of running containers,
// as timeline steps. Readiness sets the container's ready flag; liveness and startup count
// failures to their threshold and then have the container killed, after which the kubelet's
// exit path restarts it with its back-off.
import type { Container, ContainerStatus, Probe } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import { imageInfo } from "../images/catalog.js";
import type { KubeletContext } from "./context.js";
import { type ProbeResult, runProbe } from "./probes.js";
import { containerIndex, imageOf, type StartedPod } from "./started.js";
import { type PodSim, type Step, schedule } from "./timeline.js";

export type ProbeType = "readiness" | "liveness" | "startup";

/**
 * A probe step names its probe (readiness when absent), the container instance it probes (a
 * restarted container gets new probe workers) and the consecutive failures so far.
 */
interface ProbeStep extends Step {
  probe?: ProbeType;
  containerID?: string;
  failures?: number;
  /** Consecutive successes, for a readiness probe with a successThreshold above 1. */
  successes?: number;
}

const PROBE_FIELD: Record<ProbeType, "readinessProbe" | "livenessProbe" | "startupProbe"> = {
  readiness: "readinessProbe",
  liveness: "livenessProbe",
  startup: "startupProbe",
};

const PROBE_NAME: Record<ProbeType, string> = {
  readiness: "Readiness",
  liveness: "Liveness",
  startup: "Startup",
};

export class ProbeWorkers {
  constructor(
    private readonly c: KubeletContext,
    /** The kubelet's delays scaled by the cluster's timeScale. */
    private readonly scaled: (ms: number) => number,
    /** The kubelet's recomputation of the pod's phase and conditions. */
    private readonly updatePhase: (pod: StartedPod, ts: string) => void,
    /**
     * Hands an exec probe's command to the container runtime, which runs it in the container
     * (with the container's environment, files and tools) and reports back through complete().
     */
    private readonly execInContainer?: (pod: StartedPod, step: Step, command: string[]) => void,
    /** When the kubelet next syncs volumes (a ConfigMap's change reaching the files), if due. */
    private readonly nextVolumeSync: () => number | undefined = () => undefined,
  ) {}

  /** Runs a due probe step. Never removes the pod, so always false, as kubelet steps return. */
  run(pod: StartedPod, sim: PodSim, step: Step, ts: string): boolean {
    const i = containerIndex(step);
    const ctr = pod.spec.containers[i];
    const ps = step as ProbeStep;
    const type = ps.probe ?? "readiness";
    const spec = ctr[PROBE_FIELD[type]];
    const cs = pod.status.containerStatuses[i];
    // A probe of a container that stopped or was replaced ends with it.
    if (!cs?.state?.running || !spec) return false;
    if (ps.containerID !== undefined && ps.containerID !== cs.containerID) return false;
    if (spec.exec && this.execInContainer) {
      this.execInContainer(pod, step, spec.exec.command ?? []);
      return false;
    }
    return this.complete(pod, sim, step, ts, runProbe(this.c, pod, ctr, spec));
  }

  /** Acts on a probe's result: events, readiness, and a kill after failureThreshold failures. */
  complete(pod: StartedPod, sim: PodSim, step: Step, ts: string, result: ProbeResult): boolean {
    const i = containerIndex(step);
    const ctr = pod.spec.containers[i];
    const source = { component: "kubelet", host: sim.node };
    const fieldPath = `spec.containers{${ctr.name}}`;
    const ps = step as ProbeStep;
    const type = ps.probe ?? "readiness";
    const spec = ctr[PROBE_FIELD[type]];
    const cs = pod.status.containerStatuses[i];
    if (!cs?.state?.running || !spec) return false;
    if (!result.ok) {
      this.c.recorder.recordEvent(
        pod,
        "Warning",
        "Unhealthy",
        `${PROBE_NAME[type]} probe failed: ${result.message}`,
        source,
        fieldPath,
      );
    }
    const period = spec.periodSeconds ?? 10;
    if (type === "readiness") {
      // The worker reports a change only after failureThreshold failures in a row (from ready)
      // or successThreshold successes in a row (from not ready), as the kubelet's prober does.
      const failures = result.ok ? 0 : (ps.failures ?? 0) + 1;
      const successes = result.ok ? (ps.successes ?? 0) + 1 : 0;
      const ready = cs.ready
        ? failures < (spec.failureThreshold ?? 3)
        : successes >= (spec.successThreshold ?? 1);
      if (cs.ready !== ready) {
        cs.ready = ready;
        this.updatePhase(pod, ts);
        this.c.api.put(pod);
      }
      const counting = ready ? failures > 0 : successes > 0;
      // A passing probe of a ready container that nothing can change is not repeated at each
      // period in between (a failing one is: each failure is an Unhealthy event).
      const steady = ready && result.ok && !!result.steady;
      this.scheduleProbe(sim, i, step.at, period, counting, { ...ps, failures, successes }, steady);
      return false;
    }
    if (result.ok) {
      if (type === "startup") {
        // Started: the startup probe is done, readiness and liveness probing begin.
        cs.started = true;
        if (!ctr.readinessProbe) cs.ready = true;
        this.updatePhase(pod, ts);
        this.c.api.put(pod);
        const startedAt = Date.parse(cs.state.running.startedAt ?? "");
        this.startProbes(sim, i, cs, ctr, startedAt, step.at);
        return false;
      }
      this.scheduleProbe(sim, i, step.at, period, false, { ...ps, failures: 0 }, !!result.steady);
      return false;
    }
    const failures = (ps.failures ?? 0) + 1;
    if (failures < (spec.failureThreshold ?? 3)) {
      this.scheduleProbe(sim, i, step.at, period, true, { ...ps, failures });
      return false;
    }
    // The probe gave up on this container: the kubelet kills it, and the usual restart
    // (with its back-off) follows as for a container that exited.
    this.killUnhealthy(pod, sim, step, type, spec);
    return false;
  }

  /**
   * The next probe. With delays scaled to nothing, a result cannot change between probes of the
   * same instant, so the kubelet probes once instead of forever; a probe that is `counting`
   * towards its threshold (failures to kill or unready, successes to ready) still probes again
   * a millisecond later, so that it reaches it.
   */
  private scheduleProbe(
    sim: PodSim,
    container: number,
    from: number,
    seconds: number,
    counting: boolean,
    extra: Partial<ProbeStep> = {},
    steady = false,
  ): void {
    let delay = this.scaled(seconds * 1000);
    if (delay === 0) {
      if (!counting) return;
      delay = 1;
    }
    const periods = steady && !counting ? this.quietPeriods(sim, from, delay) : 1;
    const step: ProbeStep = { ...extra, at: from + periods * delay, kind: "probe", container };
    schedule(sim, step);
  }

  /**
   * How many periods a steady probe may pass over: the probes on the way would all give the
   * same result and change nothing, as long as they come before the end of this advance, the
   * pod's next step of another kind (a script that deletes the file, an exit) and the next
   * volume sync (a ConfigMap's new page). The last of them runs, so the pod's plan stays short
   * over a long idle stretch (a day of a 1 s period is 86,400 probes otherwise).
   */
  private quietPeriods(sim: PodSim, from: number, delay: number): number {
    let bound = this.c.until;
    if (bound === undefined) return 1;
    const other = sim.steps.slice(sim.next).find((s) => s.kind !== "probe");
    // The probe must come before that step, not at the same moment (ties keep arrival order).
    if (other) bound = Math.min(bound, other.at - 1);
    const volumes = this.nextVolumeSync();
    if (volumes !== undefined) bound = Math.min(bound, volumes - 1);
    return Math.max(1, Math.floor((bound - from) / delay));
  }

  /** Readiness and liveness probing of a container started at `startedAt`, from `now` on. */
  startProbes(
    sim: PodSim,
    container: number,
    cs: ContainerStatus,
    ctr: Container,
    startedAt: number,
    now: number,
  ) {
    if (ctr.readinessProbe)
      this.startProbe(sim, container, cs, "readiness", startedAt, now, ctr.readinessProbe);
    if (ctr.livenessProbe) this.startProbe(sim, container, cs, "liveness", startedAt, now, ctr.livenessProbe);
  }

  /** The first run of one probe: initialDelaySeconds after the container started, not before `now`. */
  startProbe(
    sim: PodSim,
    container: number,
    cs: ContainerStatus,
    type: ProbeType,
    startedAt: number,
    now: number,
    spec: Probe | undefined = undefined,
  ): void {
    const delay = this.scaled((spec?.initialDelaySeconds ?? 0) * 1000);
    const step: ProbeStep = {
      at: Math.max(startedAt + delay, now),
      kind: "probe",
      container,
      containerID: cs.containerID,
    };
    if (type !== "readiness") step.probe = type;
    schedule(sim, step);
  }

  /**
   * A liveness or startup probe reached its failure threshold: the kubelet kills the container
   * (SIGTERM, then SIGKILL after the grace period) and restarts it through the exit path.
   */
  private killUnhealthy(pod: Pod, sim: PodSim, step: Step, type: ProbeType, spec: Probe): void {
    const i = containerIndex(step);
    const ctr = pod.spec.containers[i];
    const restart = (pod.spec.restartPolicy ?? "Always") !== "Never";
    this.c.recorder.recordEvent(
      pod,
      "Normal",
      "Killing",
      `Container ${ctr.name} failed ${type} probe${restart ? ", will be restarted" : ""}`,
      { component: "kubelet", host: sim.node },
      `spec.containers{${ctr.name}}`,
    );
    const grace = (spec.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    const stopsOnTerm = !ctr.command && (imageInfo(imageOf(ctr))?.stopsOnTerm ?? true);
    const ms = stopsOnTerm ? Math.min(grace, 300 + this.c.rng.int(700)) : grace;
    schedule(sim, {
      at: step.at + Math.max(1, this.scaled(ms)),
      kind: "exited",
      container: i,
      exitCode: stopsOnTerm ? 0 : 137,
      killed: true,
    });
  }
}
