// The container runtime that runs a container's main process when it is a script (the
// kubelet's ProcessRunner, as containerd is behind the CRI): the image's shell and tools,
// the same ones `kubectl exec` gets, against the modelled network, on simulated time.
// `sleep` moves the process's own clock; the run stops between two statements once that
// clock passes the moment the cluster has reached, and the kubelet wakes it again later.
// What it prints becomes the container's log, each line stamped with the moment it was
// printed; files it writes stay in the container.
import type { Pod } from "../api/types.js";
import { PODS } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { commitEffects } from "../cluster/effects.js";
import { containerHostname } from "../dns/index.js";
import { containerEnv } from "../kubelet/environment.js";
import { containerFs } from "../kubelet/fs.js";
import { appendLog, type LogLine, MAX_LOG_BYTES } from "../kubelet/logs.js";
import type { DueProcess, ProcessReport, ProcessRunner } from "../kubelet/mainprocess.js";
import { modelOf, processOf } from "../kubelet/runtime.js";
import { type ClusterRef, containerCommands } from "../net/tools/index.js";
import type { Trace } from "../net/trace.js";
import { Blocked, type CommandImpl, type ResumableResult, Shell } from "../shell/index.js";

/**
 * Statements one run may take before it lets the cluster catch up, once its clock moved: a
 * day of a two-second loop is many runs, each short. A script that runs this many without
 * its clock moving spins (`while true; do :; done`) and is left running, silent.
 */
const STATEMENTS_PER_RUN = 20_000;

/**
 * A loop that comes back to the same place with the same variables and files, while nothing
 * else in the cluster happens, prints the same kind of lines every turn. When such a loop
 * has hours to catch up, only the turns whose lines the log keeps (MAX_LOG_BYTES) are run;
 * the earlier ones would have rotated out of the log anyway. Their requests do not reach
 * the servers' logs either, which keep the same amount.
 */
class SteadyState {
  private last?: { at: number; state: string; bytes: number };
  private tries = 0;
  private done = false;
  /** Turns were skipped: the log keeps only what came after. */
  skipped = false;

  constructor(private readonly horizon: number) {}

  /** Worth a look: far from the horizon, and the loop has not shown it is not steady. */
  wantsProbe(vt: number): boolean {
    return !this.done && this.horizon - vt > LONG_CATCH_UP_MS;
  }

  /** The process stopped right after a sleep, in `state`: how far to skip ahead (ms), or 0. */
  observe(vt: number, state: string, bytes: number): number {
    const prev = this.last;
    this.last = { at: vt, state, bytes };
    if (!prev) return 0;
    if (prev.state !== state || vt <= prev.at) {
      // Not (yet) the same place: a loop body with several sleeps, or a counter that differs.
      if (++this.tries >= 8) this.done = true;
      this.last = { at: vt, state, bytes };
      return 0;
    }
    this.done = true;
    const period = vt - prev.at;
    const perTurn = bytes - prev.bytes;
    const keep = perTurn > 0 ? Math.ceil(MAX_LOG_BYTES / perTurn) + 1 : 1;
    const turns = Math.floor((this.horizon - vt) / period) - keep;
    if (turns <= 0) return 0;
    this.skipped = true;
    return turns * period;
  }
}

/** A catch-up longer than this looks for a steady loop to skip through. */
const LONG_CATCH_UP_MS = 10 * 60_000;

/** Splits what a process writes into log lines, each stamped when its newline came. */
class LineWriter {
  readonly lines: LogLine[] = [];
  private partial = "";
  private written = 0;

  /** Bytes of complete lines so far. */
  bytes(): number {
    return this.written;
  }

  constructor(private readonly now: () => number) {}

  write(s: string): void {
    const parts = (this.partial + s).split("\n");
    this.partial = parts.pop() ?? "";
    for (const line of parts) {
      this.lines.push({ at: this.now(), line });
      this.written += line.length + 1;
    }
  }

  /** The process ended: an unterminated last line is logged as it is. */
  end(): void {
    if (this.partial) this.lines.push({ at: this.now(), line: this.partial });
    this.partial = "";
  }
}

export function processRunner(c: Cluster, traceText: (t: Trace) => string): ProcessRunner {
  return {
    async run(due: DueProcess, horizon: number): Promise<ProcessReport> {
      const found = c.api.get(PODS, due.namespace, due.pod);
      if (!found || found.metadata.uid !== due.uid) return { kind: "gone" };
      const pod: Pod = found;
      const ctr = pod.spec.containers[due.index];
      const proc = processOf(pod, ctr);
      if (!proc.script) return { kind: "gone" };
      const script = proc.script;
      let vt = due.at;
      const pin = () => {
        c.clock.pinned = vt;
        c.t = vt;
      };
      const t0 = c.t;
      pin();
      try {
        const out = new LineWriter(() => vt);
        const ref: ClusterRef = { c, traceText };
        const current = () => c.api.get(PODS, due.namespace, due.pod) ?? pod;
        const commands = withBlocking(
          containerCommands(ref, current, ctr.name),
          proc.blocks,
          modelOf(ctr.image ?? "").tools,
        );
        const env = containerEnv(c, pod, ctr);
        const fs = containerFs(c, pod, ctr.name);
        const before = JSON.stringify(fs.toJSON());
        const shell = new Shell({
          commands,
          path: (env.PATH ?? "").split(":"),
          env,
          fs,
          hostname: containerHostname(pod),
          shellName: script.shell,
          cwd: modelOf(ctr.image ?? "").workingDir ?? "/",
          pid: 1,
          limits: { maxSleepSeconds: Number.POSITIVE_INFINITY, maxIterations: Number.MAX_SAFE_INTEGER },
          hooks: {
            sleep: (seconds: number) => {
              vt += seconds * 1000;
              if (Number.isFinite(vt)) pin();
            },
            now: () => new Date(vt),
            hostIPs: () => [pod.status?.podIP ?? ""],
          },
        });
        const io = { stdout: (t: string) => out.write(t), stderr: (t: string) => out.write(t) };
        let statements = 0;
        const start = vt;
        // A loop that never sleeps would hold the command forever: stop it as a busy process.
        const spinning = () => statements >= STATEMENTS_PER_RUN * 5 && vt === start;
        const steady = new SteadyState(horizon);
        let saved = due.saved;
        let r: ResumableResult;
        for (;;) {
          const from = vt;
          const probing = steady.wantsProbe(vt);
          r = await shell.runResumable(script.text, saved, io, () => {
            statements++;
            if (vt > horizon || spinning()) return true;
            if (probing) return vt > from;
            return statements >= STATEMENTS_PER_RUN && vt > start;
          });
          if (r.kind !== "suspended" || !probing || vt > horizon || spinning()) break;
          // Stopped just after a sleep to look at the loop: skip what the log would not keep.
          saved = r.saved;
          const skip = steady.observe(vt, JSON.stringify([r.saved, fs.toJSON()]), out.bytes());
          if (skip > 0) {
            vt += skip;
            pin();
          }
        }
        if (r.kind !== "suspended") out.end();
        // A server the script started prints what it prints when it starts (node's banner).
        if (r.kind === "blocked") {
          const started = proc.blocks?.(r.argv, shell.cwd);
          const ctx = { podIP: pod.status?.podIP ?? "", hostname: containerHostname(pod), nowMs: vt, env };
          for (const line of started?.startupLog?.(ctx) ?? []) out.lines.push({ at: vt, line });
        }
        appendLog(c, pod, ctr.name, out.lines, steady.skipped);
        const tree = fs.toJSON();
        if (JSON.stringify(tree) !== before)
          commitEffects(c, [{ kind: "files", pod, container: ctr.name, tree }]);
        switch (r.kind) {
          case "suspended":
            // Spinning: it runs on, busy and silent, as far as anyone can tell.
            if (spinning()) return { kind: "blocked", argv: [] };
            return { kind: "suspended", wake: vt, saved: r.saved };
          case "exited":
            return { kind: "exited", at: vt, code: r.status };
          case "blocked":
            return { kind: "blocked", argv: r.argv };
          case "budget":
            return { kind: "blocked", argv: [] };
        }
      } finally {
        c.clock.pinned = undefined;
        c.t = t0;
      }
    },
  };
}

/**
 * The container's commands, where a program that never returns (a server, `tail -f`)
 * stops the script instead of running; programs of the image kubesim does not model
 * run and return at once.
 */
function withBlocking(
  commands: Map<string, CommandImpl>,
  blocks: ((words: string[], cwd: string) => unknown) | undefined,
  tools: string[],
): Map<string, CommandImpl> {
  const out = new Map<string, CommandImpl>();
  const wrap =
    (impl: CommandImpl): CommandImpl =>
    (ctx) => {
      if (blocks?.(ctx.argv, ctx.cwd)) throw new Blocked(ctx.argv);
      return impl(ctx);
    };
  for (const [name, impl] of commands) out.set(name, wrap(impl));
  for (const tool of tools)
    if (!out.has(tool))
      out.set(
        tool,
        wrap(() => 0),
      );
  return out;
}
