// In an instant cluster (time scale 0) a probe whose result cannot change by itself runs
// once and is not repeated (probing.ts). A learner's exec that changes a container's files
// can change it, though (`rm index.html` under an httpGet probe), so the change has the
// container's readiness and liveness probes run again at once, as the next period would.
import type { Pod } from "../api/types.js";
import type { KubeletContext } from "./context.js";
import { type PodSim, type Step, schedule } from "./timeline.js";

const PROBES = [
  ["readinessProbe", undefined],
  ["livenessProbe", "liveness"],
] as const;

export function probeAgain(c: KubeletContext, pod: Pod): void {
  if (c.timeScale > 0 || !pod.spec.nodeName || pod.metadata.deletionTimestamp) return;
  const uid = pod.metadata.uid;
  const pending = c.state.pods[uid]?.steps ?? [];
  const steps: Step[] = [];
  pod.spec.containers.forEach((ctr, i) => {
    const cs = pod.status?.containerStatuses?.[i];
    if (!cs?.state?.running || cs.started === false) return;
    for (const [field, probe] of PROBES) {
      if (!ctr[field]) continue;
      // A probe still counting towards its threshold keeps its own chain.
      const queued = pending.some(
        (s) => s.kind === "probe" && s.container === i && (s as { probe?: string }).probe === probe,
      );
      if (queued) continue;
      const step = { at: c.t, kind: "probe", container: i, containerID: cs.containerID } as Step;
      if (probe) (step as { probe?: string }).probe = probe;
      steps.push(step);
    }
  });
  if (!steps.length) return;
  const sim: PodSim = c.state.pods[uid] ?? {
    ns: pod.metadata.namespace ?? "default",
    name: pod.metadata.name,
    node: pod.spec.nodeName,
    steps: [],
    next: 0,
  };
  c.state.pods[uid] = sim;
  schedule(sim, ...steps);
  c.api.markChanged();
}
