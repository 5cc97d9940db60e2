// The kubelet's side of a container whose main process is a script the runtime runs for real
// (`sh -c 'while true; do wget -qO- web; sleep 2; done'`, `curl -sS http://nosuch`): when the
// container starts, the process is due; the runtime (src/runtime, handed in by the layer
// above, as the CRI is to a real kubelet) runs it up to a moment and reports where it
// stopped. A process that sleeps past that moment is due again when it wakes ("resume"
// step); one that ends gets an "exited" step with its exit code, which restarts.ts turns
// into Completed or Error and a restart per restartPolicy.
import type { Pod } from "../api/types.js";
import type { SavedScript } from "../shell/resumable.js";
import type { KubeletContext } from "./context.js";
import { dropLogBefore, MAX_LOG_BYTES } from "./logs.js";
import { runtimeAt, runtimeForUpdate, runtimeState } from "./runtime.js";
import { type PodSim, type Step, schedule } from "./timeline.js";

/** Where a container's scripted main process is, saved with the kubelet's runtime state. */
export interface MainProcessState {
  /** The container start this process belongs to (its startedAt): a restart starts over. */
  startedAt: number;
  /** Where the script stopped, until it wakes again. */
  saved?: SavedScript;
  /** It ran a program that never returns (a server, `tail -f`): nothing more to run. */
  blocked?: string[];
  /** Bytes it has printed, all runs together. */
  printed?: number;
  /** Where it last stopped: a later stop with the same fingerprint is the same loop turn. */
  last?: { at: number; fingerprint: string; printed: number; rv: number };
  /** The end of the quiet stretch it last skipped through (see skippable). */
  steadyUntil?: number;
}

/** A process the runtime is to run now. */
export interface DueProcess {
  uid: string;
  namespace: string;
  pod: string;
  node: string;
  /** Index into spec.containers. */
  index: number;
  container: string;
  /** The moment it starts or wakes. */
  at: number;
  /** Where it stopped last time; absent at its start. */
  saved?: SavedScript;
  /** A long catch-up: stop after each sleep, so the kubelet can see whether the loop repeats. */
  look?: boolean;
}

/** What the runtime reports after running a due process up to a moment. */
export type ProcessReport =
  | {
      kind: "suspended";
      wake: number;
      saved: SavedScript;
      /** Identifies where it stopped and with which variables and files (asked with `look`). */
      fingerprint?: string;
      /** Bytes it printed in this run. */
      printed: number;
    }
  | { kind: "exited"; at: number; code: number }
  | { kind: "blocked"; argv: string[] }
  /** The pod or container went away while it was due. */
  | { kind: "gone" };

/** An exec probe's command, to run in its container at `at`. */
export interface ProbeExec {
  uid: string;
  namespace: string;
  pod: string;
  container: string;
  at: number;
  command: string[];
  /** The probe step, handed back with the result. */
  step: Step;
}

/**
 * The container runtime, as the kubelet sees it: runs a due process until `horizon` (ms),
 * and runs an exec probe's command in its container (its exit code and output).
 */
export interface ProcessRunner {
  run(due: DueProcess, horizon: number): Promise<ProcessReport>;
  exec(probe: ProbeExec): Promise<{ code: number; output: string }>;
}

/** A catch-up longer than this looks for a loop that repeats, to skip the turns the log drops. */
const LONG_CATCH_UP_MS = 10 * 60_000;

export class MainProcesses {
  private due: DueProcess[] = [];
  /** Exec probes waiting for the runtime. */
  private probes: ProbeExec[] = [];
  private quietUntil = 0;

  constructor(
    private readonly c: KubeletContext,
    /** When a process that ends at the moment it starts is seen to exit (a start-up's length). */
    private readonly quickExit: (at: number) => number,
  ) {}

  /** The container just started: its process is due at once. */
  start(pod: Pod, index: number, at: number): void {
    const name = pod.spec.containers[index].name;
    runtimeState(this.c, pod, name).main = { startedAt: at };
    this.due.push(this.dueOf(pod, index, at));
  }

  /**
   * A cluster saved before kubesim ran scripts has containers running a script with no
   * process behind them: each starts now, as after a kubelet restart, so a loop made then
   * carries on instead of staying silent. Runs once per cluster.
   */
  adoptRunning(pods: Pod[], at: number, isScript: (pod: Pod, index: number) => boolean): void {
    for (const pod of pods) {
      pod.spec.containers.forEach((ctr, i) => {
        const cs = pod.status?.containerStatuses?.[i];
        if (!cs?.state?.running || runtimeAt(this.c, `${pod.metadata.uid}/${ctr.name}`)?.main) return;
        if (!isScript(pod, i)) return;
        runtimeState(this.c, pod, ctr.name).main = {
          startedAt: Date.parse(cs.state.running.startedAt ?? "") || at,
        };
        this.due.push(this.dueOf(pod, i, at));
      });
    }
  }

  /** A resume step: the process is due again if it is still the running one. */
  resume(pod: Pod, index: number, at: number): void {
    const name = pod.spec.containers[index].name;
    const main = runtimeState(this.c, pod, name).main;
    const cs = pod.status?.containerStatuses?.[index];
    const started = cs?.state?.running?.startedAt;
    // The status keeps whole seconds (RFC 3339); the process state the exact moment.
    if (!main?.saved || !started || Date.parse(started) !== Math.floor(main.startedAt / 1000) * 1000) return;
    this.due.push(this.dueOf(pod, index, at, main.saved));
  }

  private dueOf(pod: Pod, index: number, at: number, saved?: SavedScript): DueProcess {
    return {
      uid: pod.metadata.uid,
      namespace: pod.metadata.namespace ?? "default",
      pod: pod.metadata.name,
      node: pod.spec.nodeName ?? "",
      index,
      container: pod.spec.containers[index].name,
      at,
      ...(saved ? { saved } : {}),
    };
  }

  hasDue(): boolean {
    return this.due.length > 0 || this.probes.length > 0;
  }

  /** An exec probe is due: the runtime runs its command (the kubelet's ExecProbe via the CRI). */
  probe(pod: Pod, step: Step, command: string[]): void {
    const container = pod.spec.containers[step.container ?? 0]?.name ?? "";
    this.probes.push({
      uid: pod.metadata.uid,
      namespace: pod.metadata.namespace ?? "default",
      pod: pod.metadata.name,
      container,
      at: step.at,
      command,
      step,
    });
  }

  /** The exec probes due now; the list is emptied. */
  takeProbes(): ProbeExec[] {
    const probes = this.probes;
    this.probes = [];
    return probes;
  }

  /**
   * The processes due now; the list is emptied. `quietUntil` is when the next thing other
   * than a probe happens in the cluster: a long stretch before it is a long catch-up.
   */
  takeDue(quietUntil: number): DueProcess[] {
    const due = this.due;
    this.due = [];
    this.quietUntil = quietUntil;
    for (const d of due) {
      const main = runtimeAt(this.c, `${d.uid}/${d.container}`)?.main;
      // Once skipped, the turns left up to quietUntil are the ones the log keeps: run them.
      if (d.saved && quietUntil - d.at > LONG_CATCH_UP_MS && (main?.steadyUntil ?? 0) < quietUntil)
        d.look = true;
    }
    return due;
  }

  /** Records what the runtime reported and plans the process's next step. */
  report(due: DueProcess, r: ProcessReport): void {
    const key = `${due.uid}/${due.container}`;
    const main = runtimeForUpdate(this.c, key)?.main;
    if (!main || r.kind === "gone") return;
    // A pod whose plan ran out was forgotten (kubelet.ts): its process plans anew.
    const sims = this.c.state.pods;
    sims[due.uid] ??= { ns: due.namespace, name: due.pod, node: due.node, steps: [], next: 0 };
    const sim: PodSim = sims[due.uid];
    switch (r.kind) {
      case "suspended": {
        main.saved = r.saved;
        main.printed = (main.printed ?? 0) + r.printed;
        // `sleep infinity` never wakes: the process stays as it is.
        if (!Number.isFinite(r.wake)) return;
        const wake = r.wake + (due.look ? this.skippable(due, main, r) : 0);
        schedule(sim, { at: wake, kind: "resume", container: due.index });
        return;
      }
      case "blocked":
        delete main.saved;
        main.blocked = r.argv;
        return;
      case "exited": {
        delete main.saved;
        const at = r.at > due.at ? r.at : this.quickExit(due.at);
        schedule(sim, { at, kind: "exited", container: due.index, exitCode: r.code });
        return;
      }
    }
  }

  /**
   * Log rotation for a loop with hours to catch up: when it stops where it stopped before,
   * with the same variables and files, and nothing was written to the cluster since, it is in
   * a steady turn of length `wake - last.at`. The turns whose lines the log would rotate out
   * (all but the newest MAX_LOG_BYTES) are skipped: the process wakes at the first turn the
   * log keeps. Their requests never reach the servers, whose logs keep as much.
   */
  private skippable(
    due: DueProcess,
    main: MainProcessState,
    r: Extract<ProcessReport, { kind: "suspended" }>,
  ): number {
    const rv = this.c.state.resourceVersion;
    const last = main.last;
    main.last = { at: r.wake, fingerprint: r.fingerprint ?? "", printed: main.printed ?? 0, rv };
    if (!r.fingerprint || !last || last.fingerprint !== r.fingerprint || last.rv !== rv || r.wake <= last.at)
      return 0;
    const period = r.wake - last.at;
    const perTurn = (main.printed ?? 0) - last.printed;
    const keep = perTurn > 0 ? Math.ceil(MAX_LOG_BYTES / perTurn) + 1 : 1;
    const turns = Math.floor((this.quietUntil - r.wake) / period) - keep;
    main.steadyUntil = this.quietUntil;
    if (turns <= 0) return 0;
    // What it printed so far is older than the turns the log keeps: rotated out.
    dropLogBefore(this.c, `${due.uid}/${due.container}`, r.wake + turns * period);
    return turns * period;
  }
}
