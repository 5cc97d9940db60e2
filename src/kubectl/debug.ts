// kubectl debug: an ephemeral container added to a running pod (through the
// pods/ephemeralcontainers subresource: the pod's other fields stay as they are), a copy of
// a pod with a debug container or changed images (--copy-to), or a pod in a node's host
// namespaces (node/NAME). With -i the debug container's shell is attached as `attach -it`
// would; the kubelet starts ephemeral containers (kubelet/ephemeral.ts), and the shell shares
// the pod's network (localhost reaches the other containers) and, with --target, the
// target's processes.
import type { Command } from "commander";
import type { Container, EphemeralContainer } from "kubernetes-types/core/v1";
import type { KObject, Pod } from "../api/types.js";
import { createObject, deleteObject } from "../apiserver/admit.js";
import { notFound } from "../apiserver/errors.js";
import {
  apiVersionOf,
  lookupResource,
  NODES,
  PODS,
  type ResourceType,
  resourceForManifest,
} from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { isRunning, modelOf } from "../kubelet/runtime.js";
import type { ShellIO } from "../shell/index.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./debug.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { readManifests } from "./manifests.js";
import { NO_TTY, PROMPT_HINT, reattachMessage } from "./util/attach.js";
import { applyProfile, type KeepFlags, PROFILES } from "./util/debug-profiles.js";
import { isImageReference } from "./util/image-reference.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import { waitFor } from "./wait.js";

interface DebugOpts extends GlobalOpts {
  argumentsOnly?: boolean;
  attach?: boolean;
  container?: string;
  copyTo?: string;
  env?: string[];
  filename?: string[];
  image?: string;
  imagePullPolicy?: string;
  keepAnnotations?: boolean;
  keepInitContainers?: string | boolean;
  keepLabels?: boolean;
  keepLiveness?: boolean;
  keepReadiness?: boolean;
  keepStartup?: boolean;
  profile?: string;
  quiet?: boolean;
  replace?: boolean;
  sameNode?: boolean;
  setImage?: string[];
  shareProcesses?: string | boolean;
  stdin?: boolean;
  target?: string;
  tty?: boolean;
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, ...v.split(",")];
}

class DebugOptions implements VerbOptions<[string[]]> {
  private names: string[] = [];
  private profile = "legacy";
  private args: string[] = [];
  private envVars: { name: string; value: string }[] = [];
  private setImages: Record<string, string> = {};

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: DebugOpts,
  ) {}

  complete(args: string[]): void {
    // pflag's stringToString: a piece without "=" continues the value before it ("A=1,2").
    for (const piece of this.flags.env ?? []) {
      const i = piece.indexOf("=");
      const last = this.envVars[this.envVars.length - 1];
      if (i < 0 && last) last.value += `,${piece}`;
      else if (i < 0)
        throw new CliError(
          `Error: invalid argument "${piece}" for "--env" flag: ${piece} must be formatted as key=value\nSee 'kubectl debug --help' for usage.`,
        );
      else this.envVars.push({ name: piece.slice(0, i), value: piece.slice(i + 1) });
    }
    const dash = (this.ctx.argv ?? []).indexOf("--");
    // Words after `--` are the container's command; kubectl counts them from ArgsLenAtDash.
    const after = dash < 0 ? 0 : (this.ctx.argv?.slice(dash + 1).length ?? 0);
    this.args = after ? args.slice(args.length - after) : [];
    this.names = after ? args.slice(0, args.length - after) : args;
    for (const pair of this.flags.setImage ?? []) {
      const i = pair.indexOf("=");
      if (i > 0) this.setImages[pair.slice(0, i)] = pair.slice(i + 1);
    }
    // NewProfileApplier runs in Complete: an unknown profile fails before any validation.
    const profile = this.flags.profile ?? "legacy";
    if (!PROFILES.includes(profile)) throw new CliError(`error: unknown profile: ${profile}`);
    this.profile = profile;
  }

  validate(): void {
    const o = this.flags;
    // Only an explicit --attach asks for a container to attach to; -i alone falls through.
    if (o.attach && !o.container && !o.image)
      throw new CliError(
        "error: you must specify --container or create a new container using --image in order to attach.",
      );
    if (o.copyTo) {
      if (!o.image && !Object.keys(this.setImages).length && !this.args.length)
        throw new CliError("error: you must specify --image, --set-image or command arguments.");
      if (this.args.length && !o.container && !o.image)
        throw new CliError(
          "error: you must specify an existing container or a new image when specifying args.",
        );
    } else {
      if (o.replace) throw new CliError("error: --replace may only be used with --copy-to.");
      if (o.sameNode) throw new CliError("error: --same-node may only be used with --copy-to.");
      if (Object.keys(this.setImages).length)
        throw new CliError("error: --set-image may only be used with --copy-to.");
      if (!o.image) throw new CliError("error: you must specify --image when not using --copy-to.");
    }
    if (o.image && !isImageReference(o.image))
      throw new CliError(`error: invalid image name "${o.image}": invalid reference format`);
    if (!this.names.length && !o.filename?.length)
      throw new CliError("error: NAME or filename is required for debug");
    if (o.imagePullPolicy && !["Always", "IfNotPresent", "Never"].includes(o.imagePullPolicy))
      throw new CliError(`error: invalid image pull policy: ${o.imagePullPolicy}`);
    for (const [name, image] of Object.entries(this.setImages))
      if (!isImageReference(image))
        throw new CliError(
          `error: invalid image name "${image}" for container "${name}": invalid reference format`,
        );
    if (o.target) {
      if (o.copyTo)
        throw new CliError("error: --target is incompatible with --copy-to. Use --share-processes instead.");
      if (!o.quiet)
        this.ctx.io.out(
          `Targeting container "${o.target}". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`,
        );
    }
    if (o.tty && !o.stdin)
      throw new CliError("error: -i/--stdin is required for containers with -t/--tty=true");
    if (this.profile === "legacy")
      this.ctx.io.err(
        '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n',
      );
  }

  private keep(): KeepFlags {
    const o = this.flags;
    return {
      labels: !!o.keepLabels,
      annotations: !!o.keepAnnotations,
      liveness: !!o.keepLiveness,
      readiness: !!o.keepReadiness,
      startup: !!o.keepStartup,
      initContainers: o.keepInitContainers !== false && o.keepInitContainers !== "false",
    };
  }

  /** The container fields kubectl sets on every debug container. */
  private common(name: string): Container {
    const o = this.flags;
    const ctr: Container = { name };
    if (this.envVars.length) ctr.env = this.envVars;
    if (o.image) ctr.image = o.image;
    if (o.imagePullPolicy) ctr.imagePullPolicy = o.imagePullPolicy;
    if (o.stdin) ctr.stdin = true;
    ctr.terminationMessagePolicy = "File";
    if (o.tty) ctr.tty = true;
    if (this.args.length) {
      if (o.argumentsOnly) ctr.args = this.args;
      else ctr.command = this.args;
    }
    return ctr;
  }

  /** computeDebugContainerName: -c, else debugger-XXXXX not used by the pod yet. */
  private debugName(c: Cluster, pod: Pod): string {
    if (this.flags.container) return this.flags.container;
    const taken = new Set(
      [
        ...pod.spec.containers,
        ...(pod.spec.initContainers ?? []),
        ...(pod.spec.ephemeralContainers ?? []),
      ].map((x) => x.name),
    );
    let name = "";
    while (!name || taken.has(name)) name = `debugger-${c.rng.name(5)}`;
    if (!this.flags.quiet) this.ctx.io.out(`Defaulting debug container name to ${name}.\n`);
    return name;
  }

  /** What the builder visits: the names (POD or TYPE/NAME), then the objects of -f files. */
  private targets(ns: string): { r: ResourceType; ns: string; name: string }[] {
    const out = this.names.map((arg) => {
      const slash = arg.indexOf("/");
      const r = slash < 0 ? PODS : lookupResource(arg.slice(0, slash));
      if (!r) throw new CliError(`error: the server doesn't have a resource type "${arg.slice(0, slash)}"`);
      return { r, ns, name: slash < 0 ? arg : arg.slice(slash + 1) };
    });
    if (this.flags.filename?.length) {
      const docs = readManifests(this.flags.filename, {
        recursive: false,
        stdin: () => this.ctx.io.readStdin(),
        files: this.ctx.io.files,
      });
      for (const { obj } of docs) {
        const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
        const r = resourceForManifest(String(obj.apiVersion ?? ""), String(obj.kind ?? ""));
        if (!r)
          throw new CliError(`error: the server doesn't have a resource type "${String(obj.kind ?? "")}"`);
        out.push({ r, ns: meta.namespace || ns, name: meta.name ?? "" });
      }
    }
    return out;
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const s = session(ctx, o);
    for (const { r, ns, name } of this.targets(namespaceOf(o))) {
      const made = await s.transact((c) => {
        // The builder gets the object first; only a pod or a node can then be debugged.
        const obj = c.api.get(r, r.namespaced ? ns : undefined, name);
        if (!obj) throw notFound(r, name);
        if (r === NODES) return this.debugNode(c, name, ns);
        if (r !== PODS)
          throw new CliError(
            `error: "${apiVersionOf(r).includes("/") ? "" : "/"}${apiVersionOf(r)}, Kind=${r.kind}" not supported by debug`,
          );
        const pod = obj as Pod;
        return o.copyTo ? this.debugByCopy(c, pod) : this.debugEphemeral(c, pod);
      });
      // --attach defaults to -i's value.
      const attach = o.attach ?? !!o.stdin;
      if (attach && made.container) await this.attach(s, made.ns, made.pod, made.container);
    }
  }

  private debugEphemeral(c: Cluster, pod: Pod) {
    const name = this.debugName(c, pod);
    const ec: EphemeralContainer = { ...this.common(name) };
    if (this.flags.target) ec.targetContainerName = this.flags.target;
    // The ephemeralcontainers subresource validates the one new entry: kubesim's pod
    // validation rejects ephemeral containers on create, so the entry is written as the
    // subresource writes it, with the defaults the API server gives a container.
    if (this.flags.target && !pod.spec.containers.some((x) => x.name === this.flags.target))
      throw new CliError(
        `The Pod "${pod.metadata.name}" is invalid: spec.ephemeralContainers[${(pod.spec.ephemeralContainers ?? []).length}].targetContainerName: Not found: "${this.flags.target}"`,
      );
    const index = (pod.spec.ephemeralContainers ?? []).length;
    const taken = [
      ...pod.spec.containers,
      ...(pod.spec.initContainers ?? []),
      ...(pod.spec.ephemeralContainers ?? []),
    ];
    if (taken.some((x) => x.name === name))
      throw new CliError(
        `The Pod "${pod.metadata.name}" is invalid: spec.ephemeralContainers[${index}].name: Duplicate value: "${name}"`,
      );
    const tag = (ec.image ?? "").split("/").pop()?.split(":")[1];
    ec.imagePullPolicy ??= !tag || tag === "latest" ? "Always" : "IfNotPresent";
    ec.resources = {};
    ec.terminationMessagePath = "/dev/termination-log";
    pod.spec.ephemeralContainers = [...(pod.spec.ephemeralContainers ?? []), ec];
    applyProfile(this.profile, this.keep(), "ephemeral", pod, name);
    c.api.put(pod);
    return { ns: pod.metadata.namespace ?? "default", pod: pod.metadata.name, container: name };
  }

  private debugByCopy(c: Cluster, pod: Pod) {
    const o = this.flags;
    const spec = structuredClone(pod.spec);
    delete spec.ephemeralContainers;
    if (o.shareProcesses !== undefined)
      spec.shareProcessNamespace = o.shareProcesses !== "false" && o.shareProcesses !== false;
    if (!o.sameNode) delete spec.nodeName;
    for (const ctr of spec.containers) {
      const img = this.setImages[ctr.name] ?? this.setImages["*"];
      if (img) ctr.image = img;
    }
    const copy: KObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: o.copyTo,
        namespace: pod.metadata.namespace,
        // The profile decides what the copy keeps (legacy: no labels, so no Service selects it).
        ...(pod.metadata.annotations ? { annotations: { ...pod.metadata.annotations } } : {}),
        ...(pod.metadata.labels ? { labels: { ...pod.metadata.labels } } : {}),
      },
      spec,
    } as KObject;
    let name = o.container ?? "";
    let ctr = spec.containers.find((x) => x.name === name);
    if (!ctr) {
      if (!o.image) {
        if (Object.keys(this.setImages).length) {
          this.create(c, copy, pod);
          return { ns: pod.metadata.namespace ?? "default", pod: o.copyTo ?? "", container: "" };
        }
        throw new CliError("error: you must specify image when creating new container");
      }
      if (!name) name = this.debugName(c, { ...pod, spec } as Pod);
      ctr = { name, terminationMessagePolicy: "File" };
      spec.containers.push(ctr);
    }
    const common = this.common(name);
    if (this.args.length) {
      ctr.command = common.command;
      ctr.args = common.args;
    }
    if (common.env) ctr.env = common.env;
    if (common.image) ctr.image = common.image;
    if (common.imagePullPolicy) ctr.imagePullPolicy = common.imagePullPolicy;
    ctr.stdin = !!o.stdin || undefined;
    ctr.tty = !!o.tty || undefined;
    if (!ctr.stdin) delete ctr.stdin;
    if (!ctr.tty) delete ctr.tty;
    applyProfile(
      this.profile,
      this.keep(),
      "podCopy",
      copy as unknown as Parameters<typeof applyProfile>[3],
      name,
    );
    this.create(c, copy, pod);
    return { ns: pod.metadata.namespace ?? "default", pod: o.copyTo ?? "", container: name };
  }

  private create(c: Cluster, obj: KObject, original: Pod): void {
    createObject(c, obj as unknown as Record<string, unknown>, original.metadata.namespace ?? "default");
    if (this.flags.replace)
      deleteObject(c, PODS, original.metadata.namespace ?? "default", original.metadata.name);
  }

  private debugNode(c: Cluster, nodeName: string, ns: string) {
    const cn = this.flags.container || "debugger";
    const pn = `node-debugger-${nodeName}-${c.rng.name(5)}`;
    if (!this.flags.quiet)
      this.ctx.io.out(`Creating debugging pod ${pn} with container ${cn} on node ${nodeName}.\n`);
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: pn },
      spec: {
        containers: [this.common(cn)],
        nodeName,
        restartPolicy: "Never",
        tolerations: [{ operator: "Exists" }],
      },
    };
    applyProfile(this.profile, this.keep(), "node", pod as unknown as Parameters<typeof applyProfile>[3], cn);
    createObject(c, pod, ns);
    return { ns, pod: pn, container: cn };
  }

  private async attach(
    s: ReturnType<typeof session>,
    ns: string,
    podName: string,
    container: string,
  ): Promise<void> {
    const { ctx, flags: o } = this;
    const running = await waitFor(
      s,
      (c) => {
        const p = c.api.get(PODS, ns, podName);
        // waitForContainer: running, or already ended (a command that finished at once).
        const st = [
          ...(p?.status?.containerStatuses ?? []),
          ...(p?.status?.ephemeralContainerStatuses ?? []),
        ].find((x) => x.name === container);
        return !!p && (isRunning(p, container) || !!st?.state?.terminated);
      },
      60_000,
    );
    if (!running) throw new CliError("error: timed out waiting for the condition");
    const { first, pod } = await s.view((c) => {
      const p = c.api.get(PODS, ns, podName) as Pod | undefined;
      if (!p) throw notFound(PODS, podName);
      return { first: c, pod: p };
    });
    const spec = [...pod.spec.containers, ...(pod.spec.ephemeralContainers ?? [])].find(
      (x) => x.name === container,
    );
    const model = modelOf(spec?.image ?? "");
    const { containerShell } = await import("./util/container-shell.js");
    const shellName = model.shell === "bash" ? "bash" : "sh";
    if (!model.shell)
      throw new CliError(`error: unable to upgrade connection: container not found ("${container}")`);
    const tty = !!o.tty && !!ctx.interactive;
    // kubectl's SetupTTY: -t without a terminal on stdin says so and goes on without one.
    if (o.tty && !tty && !o.quiet) ctx.io.err(NO_TTY);
    const shell = containerShell(s, first, { pod, container }, shellName, tty);
    const io: ShellIO = { stdout: (t) => ctx.io.out(t), stderr: (t) => ctx.io.err(t) };
    if (!o.quiet) ctx.io.err(PROMPT_HINT);
    // A command after `--` is the container's process: attaching shows what it prints.
    const argv = [...(spec?.command ?? []), ...(spec?.args ?? [])];
    const status = argv.length
      ? /^(?:.*\/)?(?:ba|a)?sh$/.test(argv[0]) && argv[1] === "-c"
        ? await shell.runScript(argv[2] ?? "", io)
        : await shell.run(argv.map(shellQuote).join(" "), io)
      : tty && ctx.interactive
        ? await ctx.interactive(shell)
        : await shell.runScript(ctx.io.readStdin(), io);
    // attach's reattachMessage: after a terminal session, how to come back.
    const reattach = tty && !o.quiet ? reattachMessage(pod, container) : undefined;
    if (reattach) ctx.io.out(reattach);
    if (status !== 0) throw new CliError("", status);
  }
}

export function registerDebug(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("debug")), HELP)
    .description("Create debugging sessions for troubleshooting workloads and nodes")
    .argument("[args...]")
    .option(
      "--arguments-only",
      "If specified, everything after -- will be passed to the new container as Args instead of Command.",
    )
    .option(
      "--attach [bool]",
      "If true, wait for the container to start running, and then attach",
      (v) => v !== "false",
    )
    .option("-c, --container <name>", "Container name to use for debug container.")
    .option("--copy-to <name>", "Create a copy of the target Pod with this name.")
    .option(
      "--custom <file>",
      "Path to a JSON or YAML file containing a partial container spec to customize built-in debug profiles.",
    )
    // pflag's stringToString: comma-separated KEY=VALUE pairs, the flag repeatable.
    .option("--env <pairs>", "Environment variables to set in the container.", collect)
    .option("-f, --filename <file>", "identifying the resource to debug", (v, p: string[] = []) => [...p, v])
    .option("--image <image>", "Container image to use for debug container.")
    .option("--image-pull-policy <policy>", "The image pull policy for the container.")
    .option("--keep-annotations", "If true, keep the original pod annotations.")
    .option("--keep-init-containers [bool]", "Run the init containers for the pod.", (v) => v !== "false")
    .option("--keep-labels", "If true, keep the original pod labels.")
    .option("--keep-liveness", "If true, keep the original pod liveness probes.")
    .option("--keep-readiness", "If true, keep the original pod readiness probes.")
    .option("--keep-startup", "If true, keep the original startup probes.")
    .option(
      "--profile <profile>",
      'Options are "legacy", "general", "baseline", "netadmin", "restricted" or "sysadmin".',
    )
    .option("-q, --quiet", "If true, suppress informational messages.")
    .option("--replace", "When used with '--copy-to', delete the original Pod.")
    .option("--same-node", "When used with '--copy-to', schedule the copy of target Pod on the same node.")
    .option(
      "--set-image <pairs>",
      "When used with '--copy-to', a list of name=image pairs for changing container images",
      collect,
    )
    .option(
      "--share-processes [bool]",
      "When used with '--copy-to', enable process namespace sharing in the copy.",
    )
    .option("-i, --stdin", "Keep stdin open on the container(s) in the pod, even if nothing is attached.")
    .option("--target <name>", "When using an ephemeral container, target processes in this container name.")
    .option("-t, --tty", "Allocate a TTY for the debugging container.")
    .action((args: string[], flags: DebugOpts) => runVerb(new DebugOptions(ctx, flags), args));
}
