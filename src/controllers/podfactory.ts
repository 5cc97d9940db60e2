// Creating pods from a controller's template, as the ReplicaSet and DaemonSet controllers
// do: generateName from the owner, the template's labels, the owner reference, and the
// apiserver's pod defaults (which add the service account token volume).

import type { PodSpec } from "kubernetes-types/core/v1";
import type { DaemonSet, Draft, Job, KObject, Meta, Pod, ReplicaSet, StatefulSet } from "../api/types.js";
import { applyDefaults, prepareForCreate } from "../apiserver/admission/index.js";
import { StatusError } from "../apiserver/errors.js";
import { deletePodGracefully as startGracefulDeletion } from "../apiserver/graceful.js";
import { applyLimitRangeDefaults, validatePodLimits } from "../apiserver/limitranger.js";
import { admitQuota } from "../apiserver/quota.js";
import { PODS, SERVICEACCOUNTS } from "../apiserver/resources.js";
import { ApiServer } from "../apiserver/server.js";
import { callWebhooks } from "../apiserver/webhooks.js";
import { cloneData } from "../util/clone.js";
import type { ControllerContext } from "./context.js";

export function createPodFromTemplate(
  c: ControllerContext,
  owner: ReplicaSet | DaemonSet | Job | StatefulSet,
  extraSpec: Partial<PodSpec> = {},
  extraMeta: Partial<Meta> = {},
): Pod {
  const draft = podFromTemplate(c, owner, extraSpec, extraMeta);
  admitPod(c, draft);
  return c.api.insert<Pod>(draft);
}

/** Validating admission of a controller's pod: a refusal (LimitRanger, ResourceQuota) is thrown as the StatusError the owner reports. */
export function admitPod(c: ControllerContext, draft: Draft<Pod>): void {
  // A controller's pod goes through the admission webhooks like a user's (a webhook that
  // cannot be called shows as the owner's FailedCreate events).
  const hookReq = { operation: "CREATE", resource: PODS, object: draft as Pod } as const;
  const ac = { api: c.api, rng: c.rng, t: c.clock.now() };
  callWebhooks(ac, "mutating", hookReq);
  validatePodLimits(c.api, PODS, draft);
  callWebhooks(ac, "validating", hookReq);
  admitQuota(c.api, PODS, draft, c.clock.now());
}

/** The defaulted pod a controller would create, not stored yet (for a caller that validates it). */
export function podFromTemplate(
  c: ControllerContext,
  owner: ReplicaSet | DaemonSet | Job | StatefulSet,
  extraSpec: Partial<PodSpec> = {},
  extraMeta: Partial<Meta> = {},
): Draft<Pod> {
  // Validation refused a workload without a template, or a template without containers.
  const tpl = cloneData(owner.spec.template ?? {});
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
  const mutated = applyDefaults(pod, {
    randomSuffix: () => c.rng.name(5),
    serviceAccountAutomount: (ns, name) => c.api.get(SERVICEACCOUNTS, ns, name)?.automountServiceAccountToken,
  });
  // The name is generated before validating admission runs (RetryGenerateName), so a refusal
  // names the pod; the draws keep insert's order (the token volume's suffix, name, uid). A
  // StatefulSet names its pods itself.
  if (extraMeta.name) delete mutated.metadata.generateName;
  else mutated.metadata.name = `${mutated.metadata.generateName}${c.rng.name(5)}`;
  applyLimitRangeDefaults(c.api, mutated);
  // Defaulting and the create strategy keep the kind, so the result is still a pod draft.
  return prepareForCreate(mutated) as Draft<Pod>;
}

/**
 * createPodFromTemplate for controllers that report a refused pod as their FailedCreate
 * event (`Error creating: pods "x" is forbidden: ...`) and carry on: undefined when refused.
 */
export function tryCreatePod(
  c: ControllerContext,
  owner: ReplicaSet | DaemonSet | Job,
  component: string,
  extraSpec: Partial<PodSpec> = {},
  extraMeta: Partial<Meta> = {},
): Pod | undefined {
  try {
    return createPodFromTemplate(c, owner, extraSpec, extraMeta);
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    c.recorder.recordEvent(owner, "Warning", "FailedCreate", `Error creating: ${e.message}`, { component });
    return undefined;
  }
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
