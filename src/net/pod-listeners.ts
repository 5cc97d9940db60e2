// What listens in a pod: the listeners of its running containers' processes. A container that
// is not running listens on nothing, whatever its containerPort says.
import type { Pod } from "../api/types.js";
import type { Listener } from "../images/types.js";
import { isRunning, processOf } from "../kubelet/runtime.js";
import type { Protocol } from "../proxy/index.js";

/** The running container (and its listener) that takes connections to port/protocol in the pod. */
export function podListener(
  pod: Pod,
  port: number,
  protocol: Protocol,
): { container: string; listener: Listener } | undefined {
  for (const ctr of pod.spec.containers ?? []) {
    if (!isRunning(pod, ctr.name)) continue;
    const l = processOf(pod, ctr).listeners.find(
      (x) => x.port === port && x.protocol === protocol && !x.probeOnly,
    );
    if (l) return { container: ctr.name, listener: l };
  }
  return undefined;
}
