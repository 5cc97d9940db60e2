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
import { type ContainerProcess, type MainScript, userlandOf } from "../images/types.js";
import { containerEnv } from "../kubelet/environment.js";
import { containerFs } from "../kubelet/fs.js";
import { appendLog, type LogLine } from "../kubelet/logs.js";
import type { DueProcess, ProbeExec, ProcessReport, ProcessRunner } from "../kubelet/mainprocess.js";
import { mountVolumes } from "../kubelet/mounts.js";
import { modelOf, processOf } from "../kubelet/runtime.js";
import { type ClusterRef, containerCommands } from "../net/tools/index.js";
import type { Trace } from "../net/trace.js";
import { Blocked, type CommandImpl, type Environ, nestedShell, Shell, type Vfs } from "../shell/index.js";
import { digest } from "../util/digest.js";

/**
 * Statements one run may take before it lets the cluster catch up, once its clock moved: a
 * day of a two-second loop is many runs, each short. A script that runs this many without
 * its clock moving spins (`while true; do :; done`) and is left running, silent.
 */
const STATEMENTS_PER_RUN = 20_000;

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

/** A container's shell and files, kept for the command's later runs of the same process. */
interface Live {
  shell: Shell;
  fs: Vfs;
  /** The kubelet's environment for it, read by name (kubelet/environment.ts). */
  env: Environ;
  /** The process's own clock (ms), which `sleep` moves. */
  clock: { vt: number };
}

export function processRunner(c: Cluster, traceText: (t: Trace) => string): ProcessRunner {
  const lives = new Map<string, Live>();
  const pin = (vt: number) => {
    c.clock.pinned = vt;
    c.t = vt;
  };

  /** A shell in the container, as the runtime starts a process there: the image's tools, the kubelet's environment. */
  function shellIn(
    pod: Pod,
    index: number,
    shellName: "sh" | "bash",
    proc: ContainerProcess,
    clock: { vt: number },
    direct = false,
  ) {
    const ctr = pod.spec.containers[index];
    const model = modelOf(ctr.image ?? "");
    const ref: ClusterRef = { c, traceText };
    const current = () => c.api.get(PODS, pod.metadata.namespace, pod.metadata.name) ?? pod;
    const env = containerEnv(c, pod, ctr);
    const fs = containerFs(c, pod, ctr.name);
    const shell = new Shell({
      commands: withBlocking(containerCommands(ref, current, ctr.name), proc.blocks, model.tools),
      path: (env.get("PATH") ?? "").split(":"),
      env,
      fs,
      hostname: containerHostname(pod),
      shellName,
      userland: userlandOf(model),
      listed: model.tools,
      direct,
      cwd: model.workingDir ?? "/",
      pid: 1,
      limits: { maxSleepSeconds: Number.POSITIVE_INFINITY, maxIterations: Number.MAX_SAFE_INTEGER },
      hooks: {
        sleep: (seconds: number) => {
          clock.vt += seconds * 1000;
          if (Number.isFinite(clock.vt)) pin(clock.vt);
        },
        now: () => new Date(clock.vt),
        hostIPs: () => [pod.status?.podIP ?? ""],
      },
    });
    return { shell, fs, env };
  }

  function liveFor(due: DueProcess, pod: Pod, script: MainScript, proc: ContainerProcess): Live {
    const key = `${due.uid}/${due.container}`;
    const known = lives.get(key);
    if (known) return known;
    const clock = { vt: due.at };
    const live: Live = { ...shellIn(pod, due.index, script.shell, proc, clock), clock };
    lives.set(key, live);
    return live;
  }

  return {
    /** An exec probe: the command runs in the container at the probe's moment; its output is the message. */
    async exec(probe: ProbeExec): Promise<{ code: number; output: string }> {
      const pod = c.api.get(PODS, probe.namespace, probe.pod);
      const index = pod?.spec.containers.findIndex((x) => x.name === probe.container) ?? -1;
      if (!pod || pod.metadata.uid !== probe.uid || index < 0) return { code: 0, output: "" };
      const ctr = pod.spec.containers[index];
      const model = modelOf(ctr.image ?? "");
      const clock = { vt: probe.at };
      const t0 = c.t;
      pin(clock.vt);
      try {
        const { shell, fs } = shellIn(
          pod,
          index,
          model.shell === "bash" ? "bash" : "sh",
          processOf(pod, ctr),
          clock,
          true,
        );
        const changes = fs.changes;
        let output = "";
        const io = { stdout: (t: string) => (output += t), stderr: (t: string) => (output += t) };
        const text = probe.command.map(quoteWord).join(" ");
        const r = await shell.runResumable(text, undefined, io, () => false);
        if (fs.changes !== changes)
          commitEffects(c, [{ kind: "files", pod, container: ctr.name, tree: fs.toJSON() }]);
        if (r.kind === "exited" && r.status === 127 && /not found\n?$/.test(output))
          // runc, not a shell, execs the probe: a missing program is its error.
          return {
            code: 127,
            output: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${probe.command[0]}": executable file not found in $PATH: unknown`,
          };
        if (r.kind === "exited") return { code: r.status, output };
        return { code: 1, output: `command ${JSON.stringify(probe.command.join(" "))} timed out` };
      } finally {
        c.clock.pinned = undefined;
        c.t = t0;
      }
    },

    async run(due: DueProcess, horizon: number): Promise<ProcessReport> {
      const found = c.api.get(PODS, due.namespace, due.pod);
      if (!found || found.metadata.uid !== due.uid) return { kind: "gone" };
      const pod: Pod = found;
      const ctr = pod.spec.containers[due.index];
      const proc = processOf(pod, ctr);
      if (!proc.script) return { kind: "gone" };
      // A process started anew (a restart) gets a new shell, as a new container would.
      if (!due.saved) lives.delete(`${due.uid}/${due.container}`);
      const { shell, fs, env, clock } = liveFor(due, pod, proc.script, proc);
      // Another container may have written to a shared volume since this one last ran.
      mountVolumes(c, pod, ctr.name, fs);
      clock.vt = due.at;
      const out = new LineWriter(() => clock.vt);
      const t0 = c.t;
      pin(clock.vt);
      try {
        const changes = fs.changes;
        const io = { stdout: (t: string) => out.write(t), stderr: (t: string) => out.write(t) };
        let statements = 0;
        const start = clock.vt;
        // A loop that never sleeps would hold the command forever: stop it as a busy process.
        const spinning = () => statements >= STATEMENTS_PER_RUN * 5 && clock.vt === start;
        const r = await shell.runResumable(proc.script.text, due.saved, io, () => {
          statements++;
          if (clock.vt > horizon || spinning()) return true;
          // A long catch-up stops after each sleep until the kubelet has seen the loop repeat.
          if (due.look) return clock.vt > start;
          return statements >= STATEMENTS_PER_RUN && clock.vt > start;
        });
        const vt = clock.vt;
        if (r.kind !== "suspended") out.end();
        // A server the script started prints what it prints when it starts (node's banner).
        if (r.kind === "blocked") {
          const started = proc.blocks?.(r.argv, shell.cwd);
          // The server's whole environment, read once as it starts, when its banner may depend on it.
          const log = started?.startupLog;
          const ctx = () => ({
            podIP: pod.status?.podIP ?? "",
            hostname: containerHostname(pod),
            nowMs: vt,
            env: Object.fromEntries(env.entries()),
          });
          for (const line of log ? log(ctx()) : []) out.lines.push({ at: vt, line });
        }
        appendLog(c, pod, ctr.name, out.lines);
        if (fs.changes !== changes)
          commitEffects(c, [{ kind: "files", pod, container: ctr.name, tree: fs.toJSON() }]);
        switch (r.kind) {
          case "suspended":
            // Spinning: it runs on, busy and silent, as far as anyone can tell.
            if (spinning()) return { kind: "blocked", argv: [] };
            return {
              kind: "suspended",
              wake: vt,
              saved: r.saved,
              // Where it stopped, with its files: equal fingerprints are the same moment of a loop.
              ...(due.look
                ? {
                    fingerprint: digest("sha1", JSON.stringify([r.saved, fs.toJSON()])).toString("hex"),
                  }
                : {}),
              printed: out.bytes(),
            };
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

/** A word as a shell reads it back: quoted unless it is plain. */
function quoteWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`;
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
  // A nested shell keeps its identity: the interpreter runs it in-process, on the same files.
  for (const [name, impl] of commands) out.set(name, impl === nestedShell ? impl : wrap(impl));
  for (const tool of tools)
    if (!out.has(tool))
      out.set(
        tool,
        wrap(() => 0),
      );
  return out;
}
