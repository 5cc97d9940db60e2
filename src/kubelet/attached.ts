// A container whose main process is a shell reading its stdin (`kubectl run -i -- sh`): the
// user's session is that stdin. kubectl run sets stdinOnce, so when the session ends the
// runtime closes the shell's stdin and the shell exits with the session's status, as the
// kubelet then sees: the container terminates (Completed or Error) and restartPolicy decides
// what follows. Without this, the shell ran on after `exit`, and `run --rm` left the pod
// Terminating for its whole grace period, since a shell as PID 1 ignores SIGTERM.
import type { Pod } from "../api/types.js";
import type { KubeletContext } from "./context.js";
import { schedule } from "./timeline.js";

/**
 * The attached shell of `container` ended with `code`: its exit is planned for now. A
 * container not running (already ended, restarted by another hand, or never started) is
 * left as it is. Returns whether the exit was planned.
 */
export function attachedShellEnded(c: KubeletContext, pod: Pod, container: string, code: number): boolean {
  const uid = pod.metadata.uid ?? "";
  const index = pod.spec.containers.findIndex((x) => x.name === container);
  const status = pod.status?.containerStatuses?.find((x) => x.name === container);
  if (!uid || index < 0 || !status?.state?.running || !pod.spec.nodeName) return false;
  // A pod whose plan ran out was forgotten (kubelet.ts): the exit starts a new one.
  const sims = c.state.pods;
  sims[uid] ??= {
    ns: pod.metadata.namespace ?? "default",
    name: pod.metadata.name,
    node: pod.spec.nodeName,
    steps: [],
    next: 0,
  };
  const sim = sims[uid];
  if (sim.killing) return false;
  schedule(sim, { at: c.t, kind: "exited", container: index, exitCode: code & 255 });
  c.api.markChanged();
  return true;
}
