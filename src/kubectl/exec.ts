// kubectl exec: runs a command in a container's emulated shell. `-it -- bash` opens an
// interactive prompt; `-i` without a terminal reads the script from stdin; anything else is
// one command. Each line runs in its own transaction, so other terminals see its effects
// (files written, packages installed, requests served) and the lock is never held while
// the learner types. Nothing real is executed.
import type { Command } from "commander";
import { notFound } from "../apiserver/errors.js";
import { PODS } from "../apiserver/resources.js";
import { containerSpec, isRunning, modelOf } from "../kubelet/runtime.js";
import { type ShellIO, startRepl, unmodelledText } from "../shell/index.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./exec.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError, usageError } from "./io.js";
import { NO_TTY } from "./util/attach.js";
import { podForObject } from "./util/attachable-pod.js";
import { containerShell } from "./util/container-shell.js";
import { pickContainer } from "./util/containers.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface ExecOpts extends GlobalOpts {
  container?: string;
  stdin?: boolean;
  tty?: boolean;
  quiet?: boolean;
}

function shellNameOf(cmd: string): "bash" | "sh" | undefined {
  const base = cmd.slice(cmd.lastIndexOf("/") + 1);
  return base === "bash" || base === "sh" || base === "ash" || base === "dash"
    ? base === "bash"
      ? "bash"
      : "sh"
    : undefined;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

const NO_POD =
  "expected 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'.\nPOD or TYPE/NAME is a required argument for the exec command";

/** kubectl's ExecOptions: the pod, the command after `--`, and how stdin and a TTY are used. */
class ExecOptions implements VerbOptions<[string[]]> {
  private podArg = "";
  private command: string[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: ExecOpts,
  ) {}

  complete(args: string[]): void {
    const dash = (this.ctx.argv ?? []).indexOf("--");
    if (!args.length) throw usageError("exec", NO_POD);
    if (dash < 0 && args.length > 1) {
      throw new CliError(
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
      );
    }
    this.podArg = args[0];
    this.command = args.slice(1);
  }

  validate(): void {
    if (!this.command.length)
      throw new CliError("error: you must specify at least one command for the container");
  }

  async run(): Promise<void> {
    const { ctx, flags: o, podArg, command } = this;
    const s = session(ctx, o);
    const ns = namespaceOf(o);
    const inContainer = session({ ...ctx, impersonate: undefined }, o);
    const { first, target, model } = await s.view((c) => {
      // POD, pod/POD, or deploy/NAME, svc/NAME...: kubectl's AttachablePodForObject.
      const podName = podForObject(c, podArg, ns).name;
      const pod = c.api.get(PODS, ns, podName);
      if (!pod) throw notFound(PODS, podName);
      // The exec itself is a create of pods/exec; what runs in the container is not the user's request.
      c.api.authorizeRequest("create", PODS, ns, podName, "exec");
      const phase = pod.status?.phase;
      if (phase === "Succeeded" || phase === "Failed") {
        throw new CliError(
          `error: cannot exec into a container in a completed pod; current phase is ${phase}`,
        );
      }
      // An ephemeral container (kubectl debug) can be exec'd into like any other.
      if (o.container && !containerSpec(pod, o.container)) {
        throw new CliError(`error: unable to upgrade connection: container not found ("${o.container}")`);
      }
      const quietCtx = { ...ctx, io: { ...ctx.io, err: o.quiet ? () => {} : ctx.io.err } };
      const container = pickContainer(quietCtx, pod, o.container);
      if (!isRunning(pod, container)) {
        throw new CliError(`error: unable to upgrade connection: container not found ("${container}")`);
      }
      const ctr = containerSpec(pod, container);
      if (!ctr)
        throw new CliError(`error: unable to upgrade connection: container not found ("${container}")`);
      return { first: c, target: { pod, container }, model: modelOf(ctr.image ?? "") };
    });
    // kubectl's SetupTTY: a TTY needs -i, and a terminal on stdin; without one it says so
    // and runs the command without a TTY.
    const tty = !!o.tty && !!o.stdin && !!ctx.interactive;
    if (o.tty && o.stdin && !tty && !o.quiet) ctx.io.err(NO_TTY);
    const io: ShellIO = { stdout: (t) => ctx.io.out(t), stderr: (t) => ctx.io.err(t) };
    const shellName = shellNameOf(command[0]);
    let status: number;
    if (shellName && model.shell) {
      const name = model.shell === "bash" && shellName === "bash" ? "bash" : "sh";
      const shell = containerShell(inContainer, first, target, name, tty);
      const cIdx = command.indexOf("-c");
      if (cIdx > 0 && command[cIdx + 1] !== undefined) {
        status = await shell.runScript(command[cIdx + 1], io);
      } else if (tty && ctx.interactive) {
        status = await ctx.interactive(shell);
      } else if (o.stdin) {
        status = await shell.runScript(ctx.io.readStdin(), io);
      } else {
        status = 0;
      }
    } else {
      // One program: the runtime looks it up in the image's PATH first.
      const shell = containerShell(
        inContainer,
        first,
        target,
        model.shell === "bash" ? "bash" : "sh",
        tty,
        true,
      );
      const prog = command[0].slice(command[0].lastIndexOf("/") + 1);
      // Without a shell the image has no builtins either: only the programs it ships (distroless).
      const present = model.shell ? shell.commandNames().includes(prog) : model.tools.includes(prog);
      const missing = shellName ? !model.shell : !present;
      if (missing && model.shell && model.tools.includes(prog) && !command[0].includes("/")) {
        // The image has it; kubesim cannot run it. Saying "not found" would be untrue.
        ctx.io.err(unmodelledText(prog));
        status = 127;
      } else if (missing) {
        // runc looks a bare name up in $PATH; a path it stats.
        const why = command[0].includes("/")
          ? `stat ${command[0]}: no such file or directory`
          : "executable file not found in $PATH";
        ctx.io.err(
          `OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0]}": ${why}: unknown\n`,
        );
        status = 126;
      } else {
        status = await shell.run(command.map(quote).join(" "), io);
      }
    }
    if (status !== 0) throw new CliError(`command terminated with exit code ${status}`, status);
  }
}

export function registerExec(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("exec")), HELP)
    .description("Execute a command in a container")
    .argument("[args...]")
    .option("-c, --container <name>", "Container name. If omitted, the first container in the pod is chosen")
    .option("-i, --stdin", "Pass stdin to the container")
    .option("-t, --tty", "Stdin is a TTY")
    .option("-q, --quiet", "Only print output from the remote session")
    .action((args: string[], flags: ExecOpts) => runVerb(new ExecOptions(ctx, flags), args));
}

export { startRepl };
