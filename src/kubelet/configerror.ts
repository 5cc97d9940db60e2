// The kubelet will not create a container whose environment names a ConfigMap, Secret or key
// that is not there (and not optional): the container waits in CreateContainerConfigError
// with the kubelet's message, and the kubelet tries again on its next sync, until the source
// appears. (A missing configMap or secret *volume* is a mount failure instead, not modelled.)
import type { Container } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import { CONFIGMAPS, SECRETS } from "../apiserver/resources.js";
import type { KubeletContext } from "./context.js";
import { type PodSim, type Step, schedule } from "./timeline.js";

/** How long the kubelet waits before it tries to create the container again. */
const RETRY_MS = 10_000;

/** The kubelet's error for the first missing source of the container's environment, if any. */
export function missingConfig(c: KubeletContext, pod: Pod, ctr: Container): string | undefined {
  const ns = pod.metadata.namespace ?? "default";
  const cm = (name: string) => c.api.get(CONFIGMAPS, ns, name);
  const secret = (name: string) => c.api.get(SECRETS, ns, name);
  for (const src of ctr.envFrom ?? []) {
    const ref = src.configMapRef ?? src.secretRef;
    if (!ref?.name || ref.optional) continue;
    if (src.configMapRef && !cm(ref.name)) return `configmap "${ref.name}" not found`;
    if (src.secretRef && !secret(ref.name)) return `secret "${ref.name}" not found`;
  }
  for (const e of ctr.env ?? []) {
    const m = e.valueFrom?.configMapKeyRef;
    if (m?.name && !m.optional) {
      const found = cm(m.name);
      if (!found) return `configmap "${m.name}" not found`;
      if (found.data?.[m.key] === undefined) return `couldn't find key ${m.key} in ConfigMap ${ns}/${m.name}`;
    }
    const s = e.valueFrom?.secretKeyRef;
    if (s?.name && !s.optional) {
      const found = secret(s.name);
      if (!found) return `secret "${s.name}" not found`;
      if (found.data?.[s.key] === undefined) return `couldn't find key ${s.key} in Secret ${ns}/${s.name}`;
    }
  }
  return undefined;
}

/**
 * The container could not be created: its status says why, the start planned with it is
 * put off, and creating it is tried again after RETRY_MS.
 */
export function holdForConfig(pod: Pod, sim: PodSim, step: Step, error: string): void {
  const i = step.container ?? 0;
  const cs = pod.status?.containerStatuses?.[i];
  if (cs) cs.state = { waiting: { reason: "CreateContainerConfigError", message: error } };
  const start = sim.steps.findIndex((s, n) => n >= sim.next && s.kind === "started" && s.container === i);
  if (start >= 0) sim.steps.splice(start, 1);
  schedule(
    sim,
    { at: step.at + RETRY_MS, kind: "created", container: i },
    { at: step.at + RETRY_MS, kind: "started", container: i },
  );
}
