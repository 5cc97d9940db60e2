// kubectl run: one pod from flags (label run=NAME, container NAME), optionally a Service in
// front of it (--expose), and `-i [-t] [--rm] -- sh` attaching the container's emulated shell,
// then deleting the pod as kubectl does. Objects are built as pkg/cmd/run builds them.
import type { Command } from "commander";
import type { Container } from "kubernetes-types/core/v1";
import type { KObject, Pod } from "../api/types.js";
import { createObject, deleteObject } from "../apiserver/admit.js";
import { notFound } from "../apiserver/errors.js";
import { PODS } from "../apiserver/resources.js";
import { attachedShellEnded } from "../kubelet/attached.js";
import { isRunning, modelOf } from "../kubelet/runtime.js";
import type { ShellIO } from "../shell/index.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { describeResult, forServer } from "./imperative.js";
import { CliError, usageError } from "./io.js";
import { type OutputFormat, parseOutput } from "./output.js";
import { HELP } from "./run.help.js";
import { applyOverrides } from "./run-overrides.js";
import { attachToProcess, NO_TTY, PROMPT_HINT, reattachMessage, waitForPod } from "./util/attach.js";
import { type DryRun, dryRunMode } from "./util/dry-run.js";
import { collect, intFlag, parseDuration, requiredFlag } from "./util/flags.js";
import { guessedImageNotes } from "./util/guessed-images.js";
import { toPrinter } from "./util/printer.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import { waitFor } from "./wait.js";

interface RunOpts extends GlobalOpts {
  image?: string;
  port?: string;
  expose?: boolean;
  labels?: string;
  env?: string[];
  restart?: string;
  command?: boolean;
  dryRun?: string;
  output?: string;
  stdin?: boolean;
  tty?: boolean;
  rm?: boolean;
  attach?: boolean;
  quiet?: boolean;
  podRunningTimeout?: string;
  annotations?: string[];
  privileged?: boolean;
  imagePullPolicy?: string;
  overrides?: string;
  overrideType?: string;
}

export interface RunSpec {
  name: string;
  image: string;
  port?: number;
  labels?: Record<string, string>;
  env?: string[];
  restart?: string;
  command?: boolean;
  argv?: string[];
  stdin?: boolean;
  tty?: boolean;
  annotations?: Record<string, string>;
  privileged?: boolean;
  imagePullPolicy?: string;
}

/** The Pod kubectl run builds, fields in the order kubectl's typed object prints them. */
export function buildRunPod(s: RunSpec): KObject {
  const ctr: Container = { name: s.name, image: s.image };
  if (s.argv?.length) {
    if (s.command) ctr.command = s.argv;
    else ctr.args = s.argv;
  }
  if (s.port !== undefined) ctr.ports = [{ containerPort: s.port }];
  if (s.env?.length)
    ctr.env = s.env.map((e) => {
      const i = e.indexOf("=");
      if (i <= 0) throw new CliError(`error: invalid env: ${e}`);
      return { name: e.slice(0, i), value: e.slice(i + 1) };
    });
  ctr.resources = {};
  // Container's struct order: imagePullPolicy and securityContext come after resources.
  if (s.imagePullPolicy) ctr.imagePullPolicy = s.imagePullPolicy;
  if (s.privileged) ctr.securityContext = { privileged: true };
  if (s.stdin) {
    ctr.stdin = true;
    ctr.stdinOnce = true;
  }
  if (s.tty) ctr.tty = true;
  return {
    kind: "Pod",
    apiVersion: "v1",
    metadata: {
      name: s.name,
      creationTimestamp: null,
      labels: s.labels ?? { run: s.name },
      ...(s.annotations ? { annotations: s.annotations } : {}),
    },
    spec: { containers: [ctr], restartPolicy: s.restart ?? "Always", dnsPolicy: "ClusterFirst" },
    status: {},
  } as unknown as KObject;
}

/** The Service `run --expose` puts in front of the pod: no labels, the pod's labels as selector. */
export function buildRunService(name: string, port: number, selector: Record<string, string>): KObject {
  return {
    kind: "Service",
    apiVersion: "v1",
    metadata: { name, creationTimestamp: null },
    spec: { ports: [{ protocol: "TCP", port, targetPort: port }], selector: { ...selector } },
    status: { loadBalancer: {} },
  } as unknown as KObject;
}

/** The generator's annotations: each --annotations value one KEY=VALUE, split at its first "=". */
function parseAnnotations(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const i = pair.indexOf("=");
    if (i <= 0) throw new CliError(`error: invalid annotations format: ${pair}`);
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

function parseLabels(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of spec.split(",")) {
    const i = item.indexOf("=");
    if (i <= 0) throw new CliError(`error: unexpected label spec: ${item}`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

/** kubectl's RunOptions: the pod to build, whether to expose it, and whether to attach. */
class RunOptions implements VerbOptions<[string[]]> {
  private name = "";
  private image = "";
  /** The words after NAME: the container's args, or its command with --command. */
  private argv: string[] = [];
  private restart = "Always";
  private mode: DryRun = "none";
  private format: OutputFormat = "table";
  /** -i or -t: attach the container's shell instead of printing. */
  private attach = false;
  private port?: number;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: RunOpts,
  ) {}

  complete(args: string[]): void {
    const { ctx, flags: o } = this;
    const raw = ctx.argv ?? [];
    const dash = raw.indexOf("--");
    const name = args[0];
    // A NAME only after `--` is the command's, not the pod's.
    if (!name || (dash >= 0 && raw.slice(0, dash).every((a) => a !== name)))
      throw usageError("run", "NAME is required for run");
    if (!o.image) throw requiredFlag(ctx, "image");
    this.name = name;
    this.image = o.image;
    this.argv = args.slice(1);
    // kubectl's getRestartPolicy: an interactive pod restarts on failure unless told otherwise.
    this.restart = o.restart ?? (o.stdin ? "OnFailure" : "Always");
    if (!["Always", "OnFailure", "Never"].includes(this.restart))
      throw usageError("run", `invalid restart policy: ${this.restart}`);
    this.mode = dryRunMode(o.dryRun);
    this.format = parseOutput(o.output, ["table", "yaml", "json", "name", "template"], {
      files: ctx.io.files,
    });
    // --attach defaults to -i; -t alone is refused in validate, as kubectl does.
    this.attach = o.attach ?? !!o.stdin;
  }

  validate(): void {
    const o = this.flags;
    if (o.tty && !o.stdin)
      throw usageError("run", "-i/--stdin is required for containers with -t/--tty=true");
    if (o.rm && !this.attach) throw usageError("run", "--rm should only be used for attached containers");
    if (this.attach && this.mode !== "none")
      throw usageError(
        "run",
        "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
      );
    if (o.port !== undefined) this.port = intFlag(o.port, "--port", "run");
    if (o.expose && this.port === undefined)
      throw usageError("run", "--port must be set when exposing a service");
    const pull = o.imagePullPolicy;
    if (pull && !["Always", "IfNotPresent", "Never"].includes(pull))
      throw usageError("run", `invalid image pull policy: ${pull}`);
  }

  async run(): Promise<void> {
    const { ctx, flags: o, name, port, mode, format, attach } = this;
    const labels = o.labels ? parseLabels(o.labels) : undefined;
    const built = buildRunPod({
      name,
      image: this.image,
      port,
      labels,
      env: o.env,
      restart: this.restart,
      command: o.command,
      argv: this.argv,
      stdin: !!o.stdin,
      tty: !!o.tty,
      annotations: o.annotations ? parseAnnotations(o.annotations) : undefined,
      privileged: o.privileged,
      imagePullPolicy: o.imagePullPolicy,
    });
    const pod = o.overrides ? applyOverrides(built, o.overrides, o.overrideType ?? "merge") : built;
    const ns = namespaceOf(o);
    const s = session(ctx, o);
    await s.transact((c) => {
      const objs: KObject[] = [];
      if (o.expose && port !== undefined) objs.push(buildRunService(name, port, pod.metadata.labels ?? {}));
      objs.push(pod);
      const results = objs.map((b) =>
        mode === "client" ? b : createObject(c, forServer(b), ns, { dryRun: mode === "server" }),
      );
      const printed = results.map((r) => describeResult(ctx.io, r, mode, format, "created"));
      // kubectl prints the service and the pod through two YAML printers, each of which
      // separates its document from the last; an attached pod is not printed at all.
      const printer = toPrinter(format, ctx.io);
      if (!attach) ctx.io.out(printed.join(printer.documentSeparator.repeat(2)));
    });
    const notes = mode === "none" ? guessedImageNotes([pod]) : "";
    if (notes) ctx.io.err(notes);
    if (!attach) return;
    await attachShell(ctx, s, ns, name, this.image, this.argv, this.restart, o);
  }
}

export function registerRun(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("run")), HELP)
    .description("Run a particular image on the cluster")
    .argument("[args...]")
    .option("--image <image>", "The image for the container to run")
    .option("--port <port>", "The port that this container exposes")
    .option("--expose", "Create a ClusterIP service associated with the pod; requires --port")
    .option("-l, --labels <labels>", "Comma separated labels to apply to the pod")
    .option("--env <KEY=VALUE>", "Environment variables to set in the container", collect)
    .option("--restart <policy>", "The restart policy for this Pod: Always, OnFailure or Never")
    .option("--command", "Use the extra arguments as the command instead of the args")
    .option("--dry-run [mode]", "none, server, or client")
    .option("-o, --output <format>", "Output format: name, yaml, json")
    .option("-i, --stdin", "Keep stdin open on the container in the pod")
    .option("-t, --tty", "Allocate a TTY for the container in the pod")
    .option("--rm", "Delete the pod after it exits (requires -i)")
    .option("--attach", "Wait for the pod to start running, then attach to it (default with -i)")
    .option("-q, --quiet", "Suppress prompt messages")
    .option("--pod-running-timeout <duration>", "How long to wait for the pod to be running", "1m0s")
    .option("--image-pull-policy <policy>", "The image pull policy for the container")
    .option("--annotations <KEY=VALUE>", "Annotations to apply to the pod", collect)
    .option("--privileged", "Run the container in privileged mode")
    .option("--overrides <json>", "An inline JSON override for the generated object")
    .option(
      "--override-type <type>",
      "The method used to override the generated object: json, merge, or strategic",
      "merge",
    )
    .action((args: string[], flags: RunOpts) => runVerb(new RunOptions(ctx, flags), args));
}

/** Whether `-i` opens the container's emulated shell at the terminal (no script given). */
function opensShell(image: string, argv: string[]): "bash" | "sh" | undefined {
  const model = modelOf(image);
  const prog = argv[0]?.slice(argv[0].lastIndexOf("/") + 1);
  const script = argv.some((w) => /^-[a-z]*c[a-z]*$/.test(w));
  if (!model.shell || (prog && !["sh", "bash", "ash"].includes(prog)) || script) return undefined;
  return model.shell === "bash" && (prog ?? "bash") === "bash" ? "bash" : "sh";
}

async function attachShell(
  ctx: Ctx,
  s: ReturnType<typeof session>,
  ns: string,
  name: string,
  image: string,
  argv: string[],
  restart: string,
  o: RunOpts,
): Promise<void> {
  const timeout = parseDuration(o.podRunningTimeout ?? "1m0s") ?? 60000;
  try {
    const shellName = opensShell(image, argv);
    if (!shellName) {
      await attachToProcess(ctx, s, { ns, name, container: name, timeoutMs: timeout, quiet: o.quiet });
    } else {
      const status = await shellSession(ctx, s, ns, name, shellName, o, timeout);
      // stdinOnce: the session's end closes the shell's stdin, and the shell exits with it.
      await s.transact((c) => {
        const p = c.api.get(PODS, ns, name);
        if (p) attachedShellEnded(c, p, name, status);
      });
    }
    await awaitExit(s, ns, name, restart, timeout);
  } finally {
    // kubectl defers the removal: it happens however the attach ended.
    if (o.rm) {
      await s.transact((c) => {
        deleteObject(c, PODS, ns, name);
      });
      // kubectl hands -q to the delete too.
      if (!o.quiet) ctx.io.out(`pod "${name}" deleted\n`);
    }
  }
}

/**
 * The attach to a container whose process is the shell reading stdin: the terminal's prompt,
 * or the script standard input holds. Returns the shell's exit status.
 */
async function shellSession(
  ctx: Ctx,
  s: ReturnType<typeof session>,
  ns: string,
  name: string,
  shellName: "bash" | "sh",
  o: RunOpts,
  timeout: number,
): Promise<number> {
  const running = await waitFor(
    s,
    (c) => {
      const p = c.api.get(PODS, ns, name);
      return !!p && isRunning(p, name);
    },
    timeout,
  );
  if (!running) throw new CliError(`error: timed out waiting for the condition`);
  const { first, pod } = await s.view((c) => {
    const p = c.api.get(PODS, ns, name);
    if (!p) throw notFound(PODS, name);
    return { first: c, pod: p };
  });
  const tty = !!o.tty && !!ctx.interactive;
  // kubectl's SetupTTY: -t without a terminal on stdin says so and goes on without one.
  if (o.tty && !tty && !o.quiet) ctx.io.err(NO_TTY);
  if (!o.quiet) ctx.io.err(PROMPT_HINT);
  // The shell lives in the network half of the bundle, loaded only when attaching.
  const { containerShell } = await import("./util/container-shell.js");
  const shell = containerShell(s, first, { pod, container: name }, shellName, tty);
  const io: ShellIO = { stdout: (t) => ctx.io.out(t), stderr: (t) => ctx.io.err(t) };
  const status =
    tty && ctx.interactive ? await ctx.interactive(shell) : await shell.runScript(ctx.io.readStdin(), io);
  // attach's reattachMessage: after a terminal session of a pod that restarts, how to come back.
  const reattach = tty && !o.quiet ? reattachMessage(pod, name) : undefined;
  if (reattach) ctx.io.out(reattach);
  return status;
}

/**
 * After the attach, kubectl run waits (restartPolicy Never or OnFailure) for the pod to
 * finish and returns its exit code: Never takes either end, OnFailure only success.
 */
async function awaitExit(
  s: ReturnType<typeof session>,
  ns: string,
  name: string,
  restart: string,
  timeoutMs: number,
): Promise<void> {
  if (restart === "Always") return;
  const finished = (p: Pod | undefined) => p?.status?.phase === "Succeeded" || p?.status?.phase === "Failed";
  const done = (p: Pod | undefined) =>
    restart === "OnFailure" ? p?.status?.phase === "Succeeded" : finished(p);
  const pod = await waitForPod(s, ns, name, (p) => !p || done(p), timeoutMs);
  if (pod === false) throw new CliError("error: timed out waiting for the condition");
  if (!pod) throw new CliError(`Error from server (NotFound): pods "${name}" not found`);
  if (pod.status?.phase === "Succeeded") return;
  const term = pod.status?.containerStatuses?.[0]?.state?.terminated;
  const rc = term?.exitCode ?? 0;
  if (!term || rc === 0) throw new CliError(`error: pod ${ns}/${name} failed with unknown exit code`);
  const message = term.message ? `\n${term.message}` : "";
  throw new CliError(`pod ${ns}/${name} terminated (${term.reason ?? ""})${message}`, rc);
}
