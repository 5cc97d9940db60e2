// kubectl attach: follow what a running container's main process prints (its output from
// the moment of attaching), or, when the process is a shell reading a terminal (`run -it`
// pods), take the terminal. A finished pod cannot be attached to, with kubectl's words.
import type { Command } from "commander";
import { notFound } from "../apiserver/errors.js";
import { PODS } from "../apiserver/resources.js";
import { attachedShellEnded } from "../kubelet/attached.js";
import { containerSpec, modelOf, processOf } from "../kubelet/runtime.js";
import type { ShellIO } from "../shell/index.js";
import { HELP } from "./attach.help.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { attachToProcess, PROMPT_HINT, reattachMessage } from "./util/attach.js";
import { podForObject } from "./util/attachable-pod.js";
import { pickContainer } from "./util/containers.js";
import { parseDuration } from "./util/flags.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface AttachOpts extends GlobalOpts {
  container?: string;
  podRunningTimeout?: string;
  quiet?: boolean;
  stdin?: boolean;
  tty?: boolean;
}

class AttachOptions implements VerbOptions<[string[]]> {
  private resources: string[] = [];
  private timeoutMs = 60_000;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: AttachOpts,
  ) {}

  complete(args: string[]): void {
    this.resources = args;
    const t = parseDuration(this.flags.podRunningTimeout ?? "1m0s");
    if (t === undefined)
      throw new CliError(
        `error: invalid argument "${this.flags.podRunningTimeout}" for "--pod-running-timeout" flag: time: invalid duration "${this.flags.podRunningTimeout}"`,
      );
    this.timeoutMs = t;
  }

  validate(): void {
    const n = this.resources.length;
    if (n === 0) throw new CliError("error: at least 1 argument is required for attach");
    if (n > 2)
      throw new CliError(
        `error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${n}: [${this.resources.join(" ")}]`,
      );
    if (this.timeoutMs <= 0) throw new CliError("error: --pod-running-timeout must be higher than zero");
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const s = session(ctx, o);
    const ns = namespaceOf(o);
    const arg = this.resources.length === 2 ? `${this.resources[0]}/${this.resources[1]}` : this.resources[0];
    const target = await s.view((c) => {
      const name = podForObject(c, arg, ns).name;
      const pod = c.api.get(PODS, ns, name);
      if (!pod) throw notFound(PODS, name);
      const phase = pod.status?.phase;
      if (phase === "Succeeded" || phase === "Failed")
        throw new CliError(`error: cannot attach a container in a completed pod; current phase is ${phase}`);
      const container = pickContainer(ctx, pod, o.container, "attach");
      const ctr = containerSpec(pod, container);
      return {
        c,
        pod,
        container,
        tty: ctr?.tty === true,
        stdin: ctr?.stdin === true,
        image: ctr?.image ?? "",
      };
    });
    let tty = !!o.tty;
    if (tty && !target.tty) {
      tty = false;
      if (!o.quiet)
        ctx.io.err(`error: Unable to use a TTY - container ${target.container} did not allocate one\n`);
    }
    // An ephemeral container's shell (kubectl debug -it) can be attached to again.
    const ctr = containerSpec(target.pod, target.container);
    const proc = ctr ? processOf(target.pod, ctr) : undefined;
    const model = modelOf(target.image);
    // A shell reading its stdin (`run -it ... -- sh`): attaching with -i takes its terminal.
    if (o.stdin && target.stdin && proc && !proc.script && model.shell && proc.listeners.length === 0) {
      const { containerShell } = await import("./util/container-shell.js");
      const name = model.shell === "bash" ? "bash" : "sh";
      const shell = containerShell(s, target.c, { pod: target.pod, container: target.container }, name, tty);
      if (!o.quiet) ctx.io.err(PROMPT_HINT);
      const io: ShellIO = { stdout: (t) => ctx.io.out(t), stderr: (t) => ctx.io.err(t) };
      const status =
        tty && ctx.interactive ? await ctx.interactive(shell) : await shell.runScript(ctx.io.readStdin(), io);
      // stdinOnce (run -i sets it): the session's end closes the shell's stdin, and it exits.
      if (ctr?.stdinOnce)
        await s.transact((c) => {
          const p = c.api.get(PODS, ns, target.pod.metadata.name);
          if (p && p.metadata.uid === target.pod.metadata.uid)
            attachedShellEnded(c, p, target.container, status);
        });
      // attach's reattachMessage: after a terminal session of a pod that restarts, how to come back.
      const reattach =
        tty && ctx.interactive && !o.quiet ? reattachMessage(target.pod, target.container) : undefined;
      if (reattach) ctx.io.out(reattach);
      // The kubelet's attach stream reports success when the process ends, whatever its
      // status (ServeAttach has no exit-code status, as ServeExec does): kubectl exits 0.
      return;
    }
    await attachToProcess(ctx, s, {
      ns,
      name: target.pod.metadata.name,
      container: target.container,
      quiet: o.quiet,
      timeoutMs: this.timeoutMs,
      fromNow: true,
    });
  }
}

export function registerAttach(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("attach")), HELP)
    .description("Attach to a running container")
    .argument("[resources...]")
    .option("-c, --container <name>", "Container name")
    .option("--pod-running-timeout <duration>", "How long to wait until at least one pod is running", "1m0s")
    .option("-q, --quiet", "Only print output from the remote session")
    .option("-i, --stdin", "Pass stdin to the container")
    .option("-t, --tty", "Stdin is a TTY")
    .action((args: string[], flags: AttachOpts) => runVerb(new AttachOptions(ctx, flags), args));
}
