// Graceful pod deletion as the apiserver starts it: a scheduled pod gets its
// deletionTimestamp and grace period and the kubelet finishes it; an unscheduled pod, or
// a grace period of 0, is removed at once. Users' DELETEs and the controllers use it.

import type { Pod } from "../api/types.js";
import { rfc3339 } from "../golang/time.js";
import type { ApiServer } from "./server.js";

export function deletePodGracefully(api: ApiServer, nowMs: number, pod: Pod, graceSeconds?: number): void {
  if (pod.metadata.deletionTimestamp) return;
  const grace = graceSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  if (!pod.spec.nodeName || grace === 0) {
    api.remove(pod);
    return;
  }
  pod.metadata.deletionTimestamp = rfc3339(Math.floor(nowMs / 1000) * 1000 + grace * 1000);
  pod.metadata.deletionGracePeriodSeconds = grace;
  api.put(pod);
}
