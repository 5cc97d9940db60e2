// Creating pods from a controller's template, as the ReplicaSet and DaemonSet controllers
// do: generateName from the owner, the template's labels, the owner reference, and the
// apiserver's pod defaults (which add the service account token volume).

import type { PodSpec } from "kubernetes-types/core/v1";
import type { DaemonSet, Draft, Job, KObject, Meta, Pod, ReplicaSet, StatefulSet } from "../api/types.js";
import { applyDefaults, prepareForCreate } from "../apiserver/admission/index.js";
import { deletePodGracefully as startGracefulDeletion } from "../apiserver/graceful.js";
import { ApiServer } from "../apiserver/server.js";
import type { ControllerContext } from "./context.js";

export function createPodFromTemplate(
  c: ControllerContext,
  owner: ReplicaSet | DaemonSet | Job | StatefulSet,
  extraSpec: Partial<PodSpec> = {},
  extraMeta: Partial<Meta> = {},
): Pod {
  return c.api.insert<Pod>(podFromTemplate(c, owner, extraSpec, extraMeta));
}

/** The defaulted pod a controller would create, not stored yet (for a caller that validates it). */
export function podFromTemplate(
  c: ControllerContext,
  owner: ReplicaSet | DaemonSet | Job | StatefulSet,
  extraSpec: Partial<PodSpec> = {},
  extraMeta: Partial<Meta> = {},
): Draft<Pod> {
  // Validation refused a workload without a template, or a template without containers.
  const tpl = structuredClone(owner.spec.template ?? {});
  const meta = tpl.metadata ?? {};
  const pod: Draft<Pod> = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      ...(meta.labels ? { labels: meta.labels } : {}),
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ownerReferences: [ApiServer.controllerRef(owner)],
      ...extraMeta,
    },
    spec: { ...tpl.spec, ...extraSpec } as PodSpec,
  };
  // Defaulting and the create strategy keep the kind, so the result is still a pod draft.
  return prepareForCreate(applyDefaults(pod, { randomSuffix: () => c.rng.name(5) })) as Draft<Pod>;
}

/** Graceful pod deletion as the apiserver starts it: the kubelet finishes it. */
export function deletePodGracefully(c: ControllerContext, pod: Pod, graceSeconds?: number): void {
  startGracefulDeletion(c.api, c.clock.now(), pod, graceSeconds);
}

export function isTerminating(o: KObject): boolean {
  return !!o.metadata.deletionTimestamp;
}

export function isPodReady(p: Pod): boolean {
  return !!p.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True");
}
