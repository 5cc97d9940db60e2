// Small pieces of the pod status the kubelet writes, and the fixed order it works through
// pods in: kept apart from kubelet.ts, which is the step machine.
import { createHash } from "node:crypto";
import type { PodCondition } from "kubernetes-types/core/v1";
import { NULL_TIME, type Pod } from "../api/types.js";

export function sha(s: string): string {
  return createHash("sha256").update(s).digest("hex");
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
