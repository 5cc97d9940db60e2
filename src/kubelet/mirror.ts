// A static pod's mirror pod, deleted through the API (`kubectl delete pod kube-scheduler-...`,
// a habit for "restarting" a control-plane component). The kubelet runs static pods from
// its manifest directory, not from the API, so it deletes the mirror pod at once and posts a
// new one (a new uid, a new creationTimestamp) with the static pod's status as it was: the
// containers never stopped, so the pod is back at once, Running, with the same container IDs.
import type { Pod } from "../api/types.js";
import { MIRROR_ANNOTATION } from "../apiserver/admission/index.js";
import type { KubeletContext } from "./context.js";
import { forgetPodRuntime } from "./fs.js";
import { containerNames } from "./podstatus.js";

export function isMirrorPod(pod: Pod): boolean {
  return MIRROR_ANNOTATION in (pod.metadata.annotations ?? {});
}

/** Replaces a deleted mirror pod by a new one for the same static pod. */
export function recreateMirrorPod(c: KubeletContext, pod: Pod): void {
  const uid = pod.metadata.uid;
  c.api.remove(pod);
  forgetPodRuntime(c, uid, containerNames(pod));
  delete c.state.pods[uid];
  const m = pod.metadata;
  c.api.insert({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: m.name,
      namespace: m.namespace,
      ...(m.labels ? { labels: { ...m.labels } } : {}),
      ...(m.annotations ? { annotations: { ...m.annotations } } : {}),
      ...(m.ownerReferences ? { ownerReferences: structuredClone(m.ownerReferences) } : {}),
    },
    spec: structuredClone(pod.spec),
    // The status manager posts the static pod's status again: it kept running all along.
    status: structuredClone(pod.status),
  } as Pod);
}
