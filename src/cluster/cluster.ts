// One loaded cluster: its state, API server, clock, random source and the components that
// react to objects. advance() is the discrete-event loop every command runs first: timed
// transitions are applied at their own simulated moments, with controllers reconciling
// after each, until the cluster has caught up with "now".
import { ApiServer } from "../apiserver/server.js";
import type { ControllerContext } from "../controllers/context.js";
import { controllersNextWake, runControllers, wakeControllers } from "../controllers/manager.js";
import { Kubelet } from "../kubelet/kubelet.js";
import type { ProcessRunner } from "../kubelet/mainprocess.js";
import type { ObjectStore } from "../store/objects.js";
import { Clock } from "../util/clock.js";
import { Rng } from "../util/rng.js";
import { loadedProxyRules, syncProxyRules } from "./proxy-rules.js";
import type { ClusterState } from "./state.js";
import { webhookBackend } from "./webhook-backend.js";

export class Cluster {
  readonly api: ApiServer;
  /** The kubelet's event recorder: the API server's Event writer. */
  get recorder(): ApiServer {
    return this.api;
  }
  readonly rng: Rng;
  readonly clock: Clock;
  readonly kubelet: Kubelet;
  /** What the controllers are handed: the API, the simulated clock, the recorder, the RNG, their state. */
  readonly controllers: ControllerContext;
  /** The simulated moment being processed. */
  t: number;
  /** The moment the running advance goes up to (KubeletContext.until). */
  until?: number;
  /** Delay multiplier: KUBESIM_TIME_SCALE overrides the cluster's setting for one command. */
  readonly timeScale: number;

  readonly state: ClusterState;
  readonly objects: ObjectStore;
  /** What admission webhooks' pods answer (the cluster hands the image models to admission). */
  readonly webhookBackend = webhookBackend;

  constructor(loaded: { state: ClusterState; objects: ObjectStore }, env: NodeJS.ProcessEnv = process.env) {
    const state = loaded.state;
    this.state = state;
    this.objects = loaded.objects;
    this.rng = new Rng(state);
    this.clock = new Clock(state.clock, env);
    this.t = this.clock.nowMs();
    this.timeScale =
      env.KUBESIM_TIME_SCALE !== undefined ? Number(env.KUBESIM_TIME_SCALE) : state.settings.timeScale;
    this.api = new ApiServer(state, this.objects, this.rng, () => this.t);
    this.controllers = {
      api: this.api,
      clock: { now: () => this.t, timeScale: this.timeScale },
      recorder: this.api,
      rng: this.rng,
      state,
    };
    this.kubelet = new Kubelet(this);
    loadedProxyRules(this);
  }

  /** Whether the stored cluster is behind the clock (a transition is due) and must be advanced. */
  isBehind(): boolean {
    // A cluster from before scripts ran must start its running scripts (kubelet adoptRunning).
    if (!this.state.processes) return true;
    return this.state.nextWake !== null && this.state.nextWake <= this.clock.nowMs();
  }

  /** The event loop ran (or a cluster from before scripts ran needs a kubelet pass): settle it. */
  private advanced = false;

  /**
   * Brings the simulation up to now. Containers whose main process is a script run as their
   * moments come, through the runtime `runtime` returns (asked only when one is due).
   */
  async advance(runtime?: () => ProcessRunner): Promise<void> {
    const now = this.clock.nowMs();
    // A cluster from before scripts ran needs one kubelet pass to start them (adoptRunning).
    this.advanced = !this.state.processes;
    while (this.advanceUntilDue(now)) await this.runProcesses(runtime, now);
  }

  /**
   * The advance of a cluster that runs no scripted process yet (bootstrap's system pods):
   * synchronous, and an error if a process turns out to be due.
   */
  advanceSync(): void {
    this.advanced = !this.state.processes;
    if (this.advanceUntilDue(this.clock.nowMs()))
      throw new Error("kubesim: a scripted process is due while bootstrapping");
  }

  /**
   * The discrete-event loop up to `now`: timed transitions at their own moments, the
   * controllers and kubelet reconciling after each. Stops (true) when a container's process
   * is due, for the caller to run it and call again; false once the cluster is settled.
   */
  private advanceUntilDue(now: number): boolean {
    this.until = now;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const wake = this.nextWake();
      if (wake === undefined || wake > now) break;
      this.t = wake;
      // Controllers with timed work (a load balancer being provisioned) wake on the clock too.
      wakeControllers(this.controllers, wake);
      this.reconcile();
      this.advanced = true;
      if (this.kubelet.main.hasDue()) return true;
    }
    this.t = now;
    // A stored cluster is always settled: only due transitions or new writes need the controllers.
    if (this.advanced || this.api.dirty) {
      this.advanced = false;
      this.reconcile();
      if (this.kubelet.main.hasDue()) return true;
    }
    this.state.nextWake = this.nextWake() ?? null;
    this.state.nextEventWake = this.nextWake(true) ?? null;
    return false;
  }

  /** Runs the processes due now, each up to the next moment something else happens (or now). */
  private async runProcesses(runtime: (() => ProcessRunner) | undefined, now: number): Promise<void> {
    while (this.kubelet.main.hasDue()) {
      const due = this.kubelet.main.takeDue(Math.min(now, this.nextWake(true, true) ?? now));
      if (!runtime) throw new Error("kubesim: a container's process is due and no runtime was given");
      const runner = runtime();
      const horizon = Math.min(now, this.nextWake() ?? now);
      for (const d of due) {
        const report = await runner.run(d, Math.max(horizon, this.t));
        this.kubelet.main.report(d, report);
      }
      for (const p of this.kubelet.main.takeProbes()) this.kubelet.completeProbe(p, await runner.exec(p));
      if (due.length) this.t = Math.max(this.t, Math.min(...due.map((d) => d.at)));
      this.reconcile();
    }
  }

  /**
   * Runs every controller until none changes anything (a level-triggered fixpoint). The cap
   * only guards against a loop that never settles: an OrderedReady StatefulSet on an instant
   * cluster takes a round or two per pod, so a few hundred replicas must fit under it.
   */
  reconcile(): void {
    for (let round = 0; round < 2000; round++) {
      const a = runControllers(this.controllers);
      const b = this.kubelet.sync(this.t);
      if (!a && !b) break;
    }
    // kube-proxy syncs its rules once the Services and slices the controllers wrote settle.
    syncProxyRules(this);
  }

  /** The next wake; `events` leaves out processes waking, `quiet` probes too. */
  private nextWake(events = false, quiet = false): number | undefined {
    const a = this.kubelet.nextWake(events, quiet);
    const b = controllersNextWake(this.controllers);
    if (a === undefined) return b;
    return b === undefined ? a : Math.min(a, b);
  }
}
