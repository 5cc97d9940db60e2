// Small pieces of the pod status the kubelet writes, and the fixed order it works through
// pods in: kept apart from kubelet.ts, which is the step machine.

import type { Container, ContainerStatus, PodCondition, VolumeMount } from "kubernetes-types/core/v1";
import { NULL_TIME, type Pod } from "../api/types.js";
import { sha256 } from "../util/digest.js";
import { imageOf } from "./started.js";

/** Digests this command made: a pod's image digest is asked for at every container start. */
const digests = new Map<string, string>();

export function sha(s: string): string {
  let h = digests.get(s);
  if (h === undefined) {
    h = sha256(s).toString("hex");
    if (digests.size >= 1024) digests.clear();
    digests.set(s, h);
  }
  return h;
}

export function cond(
  type: string,
  status: string,
  at: string,
  extra: Record<string, string> = {},
): PodCondition {
  return { lastProbeTime: NULL_TIME, lastTransitionTime: at, status, type, ...extra };
}

export function podQosClass(pod: Pod): string {
  const cs = pod.spec.containers ?? [];
  const any = cs.some(
    (c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length,
  );
  if (!any) return "BestEffort";
  const guaranteed = cs.every((c) => {
    const l = c.resources?.limits ?? {};
    return (
      l.cpu &&
      l.memory &&
      (!c.resources?.requests || JSON.stringify(c.resources.requests) === JSON.stringify(l))
    );
  });
  return guaranteed ? "Guaranteed" : "Burstable";
}

export function keyCompare(a: Pod, b: Pod): number {
  const ka = `${a.metadata.namespace}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Every container of a pod, init containers included: the keys of its runtime state. */
export function containerNames(pod: Pod): string[] {
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((x) => x.name);
}

/** The Ready/ContainersReady condition's reason while some containers are not ready. */
export function notReadyReason(pod: Pod, ready: Set<string> = new Set()): Record<string, string> {
  const names = pod.spec.containers.map((c) => c.name).filter((n) => !ready.has(n));
  return { message: `containers with unready status: [${names.join(" ")}]`, reason: "ContainersNotReady" };
}

/** A container's status while it waits (ContainerCreating, ErrImagePull...), before it ever ran. */
export function waitingStatus(ctr: Container, reason: string): ContainerStatus {
  return {
    image: imageOf(ctr),
    imageID: "",
    lastState: {},
    name: ctr.name,
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason } },
    volumeMounts: statusMounts(ctr),
  };
}

/**
 * The container's mounts as its status reports them: a VolumeMountStatus has the name, the
 * path, readOnly (when true) and, since v1.32, recursiveReadOnly; no subPath or propagation.
 */
export function statusMounts(ctr: Container): VolumeMount[] {
  return (ctr.volumeMounts ?? []).map((m) => ({
    name: m.name,
    mountPath: m.mountPath,
    ...(m.readOnly ? { readOnly: true } : {}),
    recursiveReadOnly: "Disabled",
  }));
}
