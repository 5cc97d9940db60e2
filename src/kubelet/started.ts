// What the kubelet may rely on in a pod it is running: writeInitialStatus gave the pod its
// conditions (in the kubelet's fixed order) and one status per container before any later
// step runs, and every container step names its container. A pod or step without them is
// a kubesim bug, reported as such instead of a TypeError deep in a step.
import type { Container, ContainerStatus, PodCondition, PodStatus } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import type { Step } from "./timeline.js";

export type StartedPod = Pod & {
  status: PodStatus & { conditions: PodCondition[]; containerStatuses: ContainerStatus[] };
};

export function assertStarted(pod: Pod): asserts pod is StartedPod {
  if (!pod.status?.conditions || !pod.status.containerStatuses)
    throw new Error(`kubesim: kubelet step for pod ${pod.metadata.name} before its initial status`);
}

/** The index into spec.containers of a container step. */
export function containerIndex(step: Step): number {
  if (step.container === undefined) throw new Error(`kubesim: a ${step.kind} step without its container`);
  return step.container;
}

/** A container's image: validation requires one (spec.containers[*].image: Required value). */
export function imageOf(ctr: Container): string {
  return ctr.image ?? "";
}
