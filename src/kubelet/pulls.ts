// The kubelet's image pulls as timeline steps: Pulling and Pulled (with the pull's duration
// and the image size, as the kubelet reports them), an image already present, and a failing
// pull with ErrImagePull, ImagePullBackOff and the pull back-off, 10 s doubling to 5 minutes.
import type { Container, ContainerStatus } from "kubernetes-types/core/v1";
import { imageInfo } from "../images/catalog.js";
import { pullFailureMessage } from "../images/index.js";
import type { KubeletContext } from "./context.js";
import type { Delays } from "./restarts.js";
import { containerIndex, imageOf, type StartedPod } from "./started.js";
import { type PodSim, type Step, schedule } from "./timeline.js";

/** Go's time.Duration.String() of a duration truncated to milliseconds. */
export function goDurationMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = ms / 1000;
  if (s < 60) return `${trimZeros(s.toFixed(3))}s`;
  const m = Math.floor(s / 60);
  return `${m}m${trimZeros((s - m * 60).toFixed(3))}s`;
}

function trimZeros(x: string): string {
  return x.includes(".") ? x.replace(/0+$/, "").replace(/\.$/, "") : x;
}

export class ImagePulls {
  constructor(
    private readonly c: KubeletContext,
    private readonly delays: Delays,
    /** A container status waiting with `reason`, as the kubelet first writes it. */
    private readonly waiting: (ctr: Container, reason: string) => ContainerStatus,
  ) {}

  /** Applies a pulling, pulled, present, pullFailed, neverPull or backOff step; always false. */
  run(pod: StartedPod, sim: PodSim, step: Step): boolean {
    const api = this.c.api;
    const i = containerIndex(step);
    const ctr = pod.spec.containers[i];
    const image = imageOf(ctr);
    const source = { component: "kubelet", host: sim.node };
    const fieldPath = `spec.containers{${ctr.name}}`;
    switch (step.kind) {
      case "pulling":
        this.c.recorder.recordEvent(
          pod,
          "Normal",
          "Pulling",
          `Pulling image "${ctr.image}"`,
          source,
          fieldPath,
        );
        return false;
      case "pulled": {
        const size = imageInfo(image)?.sizeBytes ?? 30000000;
        const d = goDurationMs(step.pullMs ?? 0);
        this.c.recorder.recordEvent(
          pod,
          "Normal",
          "Pulled",
          `Successfully pulled image "${ctr.image}" in ${d} (${d} including waiting). Image size: ${size} bytes.`,
          source,
          fieldPath,
        );
        return false;
      }
      case "present":
        this.c.recorder.recordEvent(
          pod,
          "Normal",
          "Pulled",
          `Container image "${ctr.image}" already present on machine`,
          source,
          fieldPath,
        );
        return false;
      case "pullFailed": {
        const msg = pullFailureMessage(image);
        this.c.recorder.recordEvent(
          pod,
          "Warning",
          "Failed",
          `Failed to pull image "${ctr.image}": ${msg}`,
          source,
          fieldPath,
        );
        this.c.recorder.recordEvent(pod, "Warning", "Failed", "Error: ErrImagePull", source, fieldPath);
        pod.status.containerStatuses[i] = {
          ...this.waiting(ctr, "ErrImagePull"),
          state: { waiting: { message: msg, reason: "ErrImagePull" } },
        };
        api.put(pod);
        // The kubelet backs off: 10 s, doubling to 5 minutes, between attempts.
        const attempt = step.attempt ?? 0;
        const backoff = Math.min(10_000 * 2 ** attempt, 300_000);
        schedule(sim, {
          at: step.at + this.delays.scaled(600 + this.c.rng.int(600)),
          kind: "backOff",
          container: step.container,
          attempt,
        });
        // The back-off is a rate limit, paced in real time even in an instant cluster.
        const retry = step.at + this.delays.paced(backoff);
        schedule(sim, { at: retry, kind: "pulling", container: step.container });
        schedule(sim, {
          at: retry + this.delays.scaled(800 + this.c.rng.int(900)),
          kind: "pullFailed",
          container: step.container,
          attempt: attempt + 1,
        });
        return false;
      }
      case "neverPull": {
        // EnsureImageExists: the policy forbids the pull; startContainer reports it, and the
        // pod worker tries the sync again after its back-off (10 s, jittered).
        const msg = `Container image "${ctr.image}" is not present with pull policy of Never`;
        this.c.recorder.recordEvent(pod, "Warning", "ErrImageNeverPull", msg, source, fieldPath);
        this.c.recorder.recordEvent(pod, "Warning", "Failed", "Error: ErrImageNeverPull", source, fieldPath);
        pod.status.containerStatuses[i] = {
          ...this.waiting(ctr, "ErrImageNeverPull"),
          state: { waiting: { message: msg, reason: "ErrImageNeverPull" } },
        };
        api.put(pod);
        const next = step.at + this.delays.paced(10_000 + this.c.rng.int(5000));
        // A cluster left idle for long catches up with the last minute's retries, not every one.
        const horizon = (this.c.until ?? next) - 60_000;
        schedule(sim, { at: Math.max(next, horizon), kind: "neverPull", container: step.container });
        return false;
      }
      case "backOff": {
        const msg = `Back-off pulling image "${ctr.image}": ErrImagePull: ${pullFailureMessage(image)}`;
        this.c.recorder.recordEvent(
          pod,
          "Normal",
          "BackOff",
          `Back-off pulling image "${ctr.image}"`,
          source,
          fieldPath,
        );
        this.c.recorder.recordEvent(pod, "Warning", "Failed", "Error: ImagePullBackOff", source, fieldPath);
        pod.status.containerStatuses[i] = {
          ...this.waiting(ctr, "ImagePullBackOff"),
          state: { waiting: { message: msg, reason: "ImagePullBackOff" } },
        };
        api.put(pod);
        return false;
      }
      default:
        return false;
    }
  }
}
