// kubectl cp: copies between the host and a container's file tree. kubectl does it with tar
// run through exec in the container, so the container's side speaks tar's words
// (cp-tar.ts) and needs tar in the image; the host's side reads or writes only the path
// the user named (cp-host.ts). Within the container nothing real happens: the files go
// into the kubelet's file tree for that container, where exec and servers see them.
import * as path from "node:path";
import type { Command } from "commander";
import type { Pod } from "../api/types.js";
import { notFound } from "../apiserver/errors.js";
import { PODS } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { commitEffects } from "../cluster/effects.js";
import { containerFs } from "../kubelet/fs.js";
import { containerSpec, isRunning, modelOf, runtimeOf } from "../kubelet/runtime.js";
import { DEFAULT_LIMITS } from "../shell/budget.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./cp.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { hostFiles } from "./userfiles.js";
import { defaultedNotice } from "./util/containers.js";
import { readHostTree, stripPathShortcuts, stripTrailingSlash, writeHostTree } from "./util/cp-host.js";
import { type TarMember, tarCreate, tarExtract, tarFlavour } from "./util/cp-tar.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface CpOpts extends GlobalOpts {
  container?: string;
  noPreserve?: boolean;
  retries?: string;
}

interface FileSpec {
  ns?: string;
  pod?: string;
  file: string;
}

const BAD_SPEC = "error: filespec must match the canonical format: [[namespace/]pod:]file/path";

/** cp.go's extractFileSpec: `[[namespace/]pod:]file/path`. */
export function extractFileSpec(arg: string): FileSpec {
  const i = arg.indexOf(":");
  if (i === 0) throw new CliError(BAD_SPEC);
  if (i < 0) return { file: stripTrailingSlash(arg) };
  const pieces = arg.slice(0, i).split("/");
  const file = stripTrailingSlash(arg.slice(i + 1));
  if (pieces.length === 1) return { pod: pieces[0], file };
  if (pieces.length === 2) return { ns: pieces[0], pod: pieces[1], file };
  throw new CliError(BAD_SPEC);
}

/** The container exec would run tar in, with exec's errors; `notice` gets kubectl's "Defaulted". */
function execTarget(
  c: Cluster,
  ns: string,
  name: string,
  requested: string | undefined,
  notice: (s: string) => void,
) {
  const pod = c.api.get(PODS, ns, name) as Pod | undefined;
  if (!pod) throw notFound(PODS, name);
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed")
    throw new CliError(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
  let container = requested;
  if (!container) {
    container =
      pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"] ?? pod.spec.containers[0].name;
    if (pod.spec.containers.length > 1 || (pod.spec.initContainers ?? []).length)
      notice(defaultedNotice(pod));
  }
  const ctr = containerSpec(pod, container);
  if (!ctr || !isRunning(pod, container))
    throw new CliError(`error: unable to upgrade connection: container not found ("${container}")`);
  const model = modelOf(ctr.image ?? "");
  const hasTar =
    model.tools.includes("tar") || (runtimeOf(c, pod, container).installed ?? []).includes("tar");
  return { pod, container, model, hasTar };
}

const NO_TAR =
  'OCI runtime exec failed: exec failed: unable to start container process: exec: "tar": executable file not found in $PATH: unknown\n';

function exited(status: number): CliError {
  return new CliError(`command terminated with exit code ${status}`, status);
}

class CpOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: CpOpts,
  ) {}

  complete(args: string[]): void {
    this.args = args;
  }

  validate(): void {
    if (this.args.length !== 2) throw new CliError("error: source and destination are required");
  }

  async run(): Promise<void> {
    const src = extractFileSpec(this.args[0]);
    const dest = extractFileSpec(this.args[1]);
    if (src.pod && dest.pod)
      throw new CliError("error: one of src or dest must be a local file specification");
    if (!src.file || !dest.file) throw new CliError("error: filepath can not be empty");
    if (src.pod) return this.fromPod(src, dest.file);
    if (dest.pod) return this.toPod(src.file, dest);
    throw new CliError("error: one of src or dest must be a remote file specification");
  }

  private async toPod(local: string, dest: FileSpec): Promise<void> {
    const { ctx, flags: o } = this;
    const files = ctx.io.files ?? hostFiles;
    try {
      files.stat(local);
    } catch {
      throw new CliError(`error: ${local} doesn't exist in local filesystem`);
    }
    const ns = dest.ns || namespaceOf(o);
    const s = session(ctx, o);
    // The transaction's output is dropped when it throws: a failed tar returns its status.
    const status = await s.transact((c) => {
      // `test -d DEST` first (its own exec, output discarded): a directory gets the source's name inside.
      const probe = execTarget(c, ns, dest.pod ?? "", o.container, () => {});
      const cwd = probe.model.workingDir ?? "/";
      let remote = path.posix.normalize(dest.file);
      const before = containerFs(c, probe.pod, probe.container);
      if (probe.model.tools.includes("test") && before.isDir(path.posix.resolve(cwd, remote)))
        remote = path.posix.join(remote, path.basename(path.normalize(local)));
      const { pod, container, model, hasTar } = execTarget(c, ns, dest.pod ?? "", o.container, ctx.io.err);
      const capacity = DEFAULT_LIMITS.maxDiskUsage;
      const read = readHostTree(files, local, path.posix.basename(remote), capacity);
      if (!hasTar) {
        ctx.io.err(NO_TAR);
        return 126;
      }
      const fs = containerFs(c, pod, container);
      const beforeJson = JSON.stringify(fs.toJSON());
      fs.capacity = capacity;
      fs.clock = () => c.clock.nowMs();
      const flavour = tarFlavour(model);
      const run = tarExtract(fs, cwd, path.posix.dirname(remote), read.members, flavour);
      if (run.status === 0 && read.truncated) {
        // Reading stopped at the container's disk size: the next write is the one that fails.
        run.stderr =
          flavour === "gnu"
            ? "tar: Unexpected EOF in archive\ntar: Error is not recoverable: exiting now\n"
            : "tar: write error: No space left on device\n";
        run.status = flavour === "gnu" ? 2 : 1;
      }
      const tree = fs.toJSON();
      if (JSON.stringify(tree) !== beforeJson) commitEffects(c, [{ kind: "files", pod, container, tree }]);
      if (run.stderr) ctx.io.err(run.stderr);
      return run.status;
    });
    if (status !== 0) throw exited(status);
  }

  private async fromPod(src: FileSpec, local: string): Promise<void> {
    const { ctx, flags: o } = this;
    const files = ctx.io.files ?? hostFiles;
    const ns = src.ns || namespaceOf(o);
    const s = session(ctx, o);
    // tar's stderr (and exec's notices) reach kubectl's stdout on this side: kubectl hands
    // the exec its own Out as ErrOut.
    const { members, status } = await s.view((c): { members: TarMember[]; status: number } => {
      const { pod, container, model, hasTar } = execTarget(c, ns, src.pod ?? "", o.container, ctx.io.out);
      if (!hasTar) {
        ctx.io.out(NO_TAR);
        return { members: [], status: 126 };
      }
      const fs = containerFs(c, pod, container);
      const run = tarCreate(fs, model.workingDir ?? "/", src.file, tarFlavour(model));
      if (run.stderr) ctx.io.out(run.stderr);
      return run;
    });
    if (status !== 0) throw exited(status);
    const prefix = stripPathShortcuts(path.posix.normalize(src.file.replace(/^[/\\]+/, "")));
    writeHostTree(files, members, prefix === "." ? "" : prefix, local, {
      ns,
      pod: src.pod ?? "",
      src: src.file,
      warn: (line) => ctx.io.err(line),
    });
  }
}

export function registerCp(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("cp")), HELP)
    .description("Copy files and directories to and from containers")
    .argument("[args...]")
    .option(
      "-c, --container <name>",
      "Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen",
    )
    .option(
      "--no-preserve",
      "The copied file/directory's ownership and permissions will not be preserved in the container",
    )
    .option("--retries <n>", "Set number of retries to complete a copy operation from a container", "0")
    .action((args: string[], flags: CpOpts) => runVerb(new CpOptions(ctx, flags), args));
}
