// What the kubelet does when a container's process ends: the terminated state (Completed or
// Error), the restart decision by restartPolicy, and the crash loop's back-off, 10 s doubling
// to 5 minutes, with CrashLoopBackOff and its BackOff event between restarts.
import type { KubeletContext } from "./context.js";
import { freshWritableLayer } from "./fs.js";
import { containerIndex, type StartedPod } from "./started.js";
import { terminationMessage } from "./termination.js";
import { type PodSim, type Step, schedule } from "./timeline.js";

export interface Delays {
  /** A delay scaled by the cluster's timeScale. */
  scaled(ms: number): number;
  /** A delay that keeps its real pace in an instant cluster (the kubelet's back-offs). */
  paced(ms: number): number;
}

export class Restarts {
  constructor(
    private readonly c: KubeletContext,
    private readonly delays: Delays,
    /** The kubelet's recomputation of the pod's phase and conditions. */
    private readonly updatePhase: (pod: StartedPod, ts: string) => void,
  ) {}

  /** Applies an exited, crashBackOff or restart step. Never removes the pod: always false. */
  run(pod: StartedPod, sim: PodSim, step: Step, ts: string): boolean {
    const api = this.c.api;
    const i = containerIndex(step);
    const ctr = pod.spec.containers[i];
    const source = { component: "kubelet", host: sim.node };
    const fieldPath = `spec.containers{${ctr.name}}`;
    switch (step.kind) {
      case "exited": {
        const cs = pod.status.containerStatuses[i];
        if (!cs?.state?.running) return false;
        const code = step.exitCode ?? 0;
        const message = terminationMessage(this.c, pod, ctr, code, step.at);
        const terminated = {
          containerID: cs.containerID,
          exitCode: code,
          finishedAt: ts,
          ...(message ? { message } : {}),
          reason: code === 0 ? "Completed" : "Error",
          startedAt: cs.state.running.startedAt,
        };
        const policy = pod.spec.restartPolicy ?? "Always";
        const restart =
          policy === "Always" || (policy === "OnFailure" && (code !== 0 || step.killed === true));
        cs.ready = false;
        cs.started = false;
        cs.state = { terminated };
        if (restart) {
          // The first restart is immediate; then the kubelet backs off 10 s, doubling to 5 minutes.
          const n = cs.restartCount ?? 0;
          const backoff = n === 0 ? 0 : Math.min(10_000 * 2 ** (n - 1), 300_000);
          schedule(sim, {
            at: step.at + this.delays.paced(backoff),
            kind: "restart",
            container: step.container,
            attempt: n + 1,
          });
          if (backoff > 0)
            schedule(sim, {
              at: step.at + this.delays.scaled(300),
              kind: "crashBackOff",
              container: step.container,
              attempt: backoff / 1000,
            });
        }
        this.updatePhase(pod, ts);
        const statuses = pod.status.containerStatuses;
        if (!restart && statuses.every((s) => s.state?.terminated)) {
          pod.status.phase = statuses.every((s) => s.state?.terminated?.exitCode === 0)
            ? "Succeeded"
            : "Failed";
        }
        api.put(pod);
        return false;
      }
      case "crashBackOff": {
        const cs = pod.status.containerStatuses[i];
        if (!cs?.state?.terminated) return false;
        const seconds = step.attempt ?? 10;
        const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
        cs.lastState = { terminated: cs.state.terminated };
        cs.state = {
          waiting: {
            message: `back-off ${seconds}s restarting failed container=${ctr.name} pod=${podRef}`,
            reason: "CrashLoopBackOff",
          },
        };
        this.c.recorder.recordEvent(
          pod,
          "Warning",
          "BackOff",
          `Back-off restarting failed container ${ctr.name} in pod ${podRef}`,
          source,
          fieldPath,
        );
        api.put(pod);
        return false;
      }
      case "restart": {
        const cs = pod.status.containerStatuses[i];
        freshWritableLayer(this.c, pod, ctr.name);
        if (cs?.state?.terminated) cs.lastState = { terminated: cs.state.terminated };
        cs.restartCount = step.attempt ?? (cs.restartCount ?? 0) + 1;
        cs.state = { waiting: { reason: "ContainerCreating" } };
        // The image is on the node now: pullPolicy Always still asks the registry, quickly;
        // IfNotPresent and Never find it there ("already present on machine").
        const at = step.at;
        const ready = at + this.delays.scaled(300 + this.c.rng.int(500));
        const fetch: Step[] =
          ctr.imagePullPolicy === "Always"
            ? [
                { at, kind: "pulling", container: step.container },
                { at: ready, kind: "pulled", container: step.container, pullMs: ready - at || 400 },
              ]
            : [{ at, kind: "present", container: step.container }];
        schedule(
          sim,
          ...fetch,
          { at: ready, kind: "created", container: step.container },
          { at: ready, kind: "started", container: step.container },
        );
        api.put(pod);
        return false;
      }
      default:
        return false;
    }
  }
}
