// printPod's READY, STATUS and RESTARTS cells (printers.go), including init containers,
// the last-to-first container rule and Terminating.
import type { ContainerStatus } from "kubernetes-types/core/v1";
import { type Pod, type PodLike, podOf } from "../../api/types.js";
import { humanDuration } from "../age.js";

export function podReady(untyped: PodLike): string {
  const p = podOf(untyped);
  const statuses = p.status?.containerStatuses ?? [];
  const total = (p.spec.containers ?? []).length + sidecars(p).length;
  let ready = statuses.filter((s) => s.ready && s.state?.running).length;
  for (const s of p.status?.initContainerStatuses ?? []) {
    if (sidecars(p).includes(s.name) && s.started && s.ready) ready++;
  }
  return `${ready}/${total}`;
}

function sidecars(p: Pod): string[] {
  return (p.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always").map((c) => c.name);
}

function hasReadyCondition(p: Pod): boolean {
  return (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

export function podStatus(untyped: PodLike): string {
  const p = podOf(untyped);
  let reason: string = p.status?.reason || p.status?.phase || "";
  if ((p.spec.schedulingGates ?? []).length) reason = "SchedulingGated";
  let initializing = false;
  const inits = p.status?.initContainerStatuses ?? [];
  const initSpecs = p.spec.initContainers ?? [];
  for (let i = 0; i < inits.length; i++) {
    const s = inits[i];
    const t = s.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (sidecars(p).includes(s.name) && s.started) continue;
    if (t) {
      reason = t.reason
        ? `Init:${t.reason}`
        : t.signal
          ? `Init:Signal:${t.signal}`
          : `Init:ExitCode:${t.exitCode}`;
    } else if (s.state?.waiting?.reason && s.state.waiting.reason !== "PodInitializing") {
      reason = `Init:${s.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    const statuses = p.status?.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const s = statuses[i];
      if (s.state?.waiting?.reason) reason = s.state.waiting.reason;
      else if (s.state?.terminated?.reason) reason = s.state.terminated.reason;
      else if (s.state?.terminated) {
        reason = s.state.terminated.signal
          ? `Signal:${s.state.terminated.signal}`
          : `ExitCode:${s.state.terminated.exitCode}`;
      } else if (s.ready && s.state?.running) hasRunning = true;
    }
    if (reason === "Completed" && hasRunning) reason = hasReadyCondition(p) ? "Running" : "NotReady";
  }
  if (p.metadata.deletionTimestamp) {
    if (p.status?.reason === "NodeLost") reason = "Unknown";
    else if (p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed") reason = "Terminating";
  }
  return reason;
}

export function podRestarts(untyped: PodLike, nowMs: number): string {
  const p = podOf(untyped);
  let restarts = 0;
  let last: number | undefined;
  const consider = (s: ContainerStatus) => {
    restarts += s.restartCount ?? 0;
    const f = s.lastState?.terminated?.finishedAt;
    if (f) {
      const t = Date.parse(f);
      if (last === undefined || t > last) last = t;
    }
  };
  for (const s of p.status?.containerStatuses ?? []) consider(s);
  for (const s of p.status?.initContainerStatuses ?? []) if (sidecars(p).includes(s.name)) consider(s);
  if (restarts > 0 && last !== undefined) return `${restarts} (${humanDuration(nowMs - last)} ago)`;
  return String(restarts);
}
