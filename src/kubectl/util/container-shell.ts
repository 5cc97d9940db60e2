// A container's emulated shell, as exec and run -it open it: each line runs in a fresh
// transaction, so other terminals see its effects and no lock is held while the user types.

import type { Container } from "kubernetes-types/core/v1";
import type { Pod } from "../../api/types.js";
import { PODS } from "../../apiserver/resources.js";
import type { Cluster } from "../../cluster/cluster.js";
import { commitEffects } from "../../cluster/effects.js";
import type { Session } from "../../cluster/session.js";
import { containerHostname } from "../../dns/index.js";
import { userlandOf } from "../../images/types.js";
import { containerEnv } from "../../kubelet/environment.js";
import { containerFs } from "../../kubelet/fs.js";
import { ephemeralSpec, modelOf, processOf } from "../../kubelet/runtime.js";
import { type ClusterRef, containerCommands } from "../../net/tools/index.js";
import { renderTraceText } from "../../printers/trace.js";
import { Shell, type ShellIO, Vfs } from "../../shell/index.js";
import type { ProcessInfo } from "../../shell/types.js";
import { CliError } from "../io.js";

/** Shell state that outlives one line: the shell itself, on whichever transaction runs the line. */
export class TxShell extends Shell {
  constructor(
    opts: ConstructorParameters<typeof Shell>[0],
    private readonly tx: (
      fn: (shell: Shell, line: () => Promise<number>) => Promise<number>,
    ) => Promise<number>,
  ) {
    super(opts);
  }

  override run(line: string, io: ShellIO): Promise<number> {
    return this.tx(() => super.run(line, io));
  }

  override runScript(text: string, io: ShellIO): Promise<number> {
    return this.tx(() => super.runScript(text, io));
  }
}

export interface ShellTarget {
  pod: Pod;
  container: string;
}

/** A shell line prints as it runs (apt's [Y/n] must show before the answer is read). */
const STREAM = { stream: true };

/** Builds the container's shell; each run happens inside a fresh transaction on `s`. */
export function containerShell(
  s: Session,
  first: Cluster,
  target: ShellTarget,
  name: "bash" | "sh",
  tty: boolean,
  /** The shell only carries one program exec'd directly: no PWD or SHLVL of its own. */
  direct = false,
): Shell {
  const uid = target.pod.metadata.uid;
  const ref: ClusterRef = { c: first, traceText: (t) => renderTraceText(t) };
  const pod = () => {
    const p = ref.c.api.get(PODS, target.pod.metadata.namespace, target.pod.metadata.name);
    if (!p || p.metadata.uid !== uid)
      throw new CliError(
        "error: Internal error occurred: error executing command in container: container not running",
        137,
      );
    return p;
  };
  const ctr =
    target.pod.spec.containers.find((x) => x.name === target.container) ??
    ephemeralSpec(target.pod, target.container);
  if (!ctr)
    throw new CliError(
      `error: container ${target.container} is not valid for pod ${target.pod.metadata.name}`,
    );
  const model = modelOf(ctr.image ?? "");
  const statuses = [
    ...(target.pod.status?.containerStatuses ?? []),
    ...(target.pod.status?.ephemeralContainerStatuses ?? []),
  ];
  const startedAt = Date.parse(
    statuses.find((x) => x.name === target.container)?.state?.running?.startedAt ?? "",
  );
  const processes = podProcesses(target, ctr, startedAt);
  // Read by name as the shell needs it, from the cluster of the line being run.
  const env = containerEnv(first, target.pod, ctr, { tty, at: () => ref.c });
  const fs = new Vfs();
  const tx = (fn: (shell: Shell, line: () => Promise<number>) => Promise<number>) =>
    s.transact(async (c) => {
      ref.c = c;
      const p = pod();
      // The tree as built, not a copy through JSON: its service account token is minted only
      // if the line reads it (Vfs.writeLazy), and a line that changes nothing saves nothing.
      fs.adopt(containerFs(c, p, target.container));
      const changes = fs.changes;
      fs.clock = () => c.clock.nowMs();
      const status = await fn(shell, async () => 0);
      if (fs.changes !== changes)
        commitEffects(c, [{ kind: "files", pod: p, container: target.container, tree: fs.toJSON() }]);
      return status;
    }, STREAM);
  const shell: Shell = new TxShell(
    {
      commands: containerCommands(ref, pod, target.container),
      path: (env.get("PATH") ?? "").split(":"),
      env,
      fs,
      hostname: containerHostname(target.pod),
      shellName: name,
      userland: userlandOf(model),
      listed: model.tools,
      direct,
      ...(processes.pid ? { pid: processes.pid } : {}),
      cwd: model.workingDir ?? "/",
      ...(model.locations ? { locations: model.locations } : {}),
      hooks: {
        sleep: (seconds: number) => {
          if (ref.c.clock.fixed) ref.c.state.clock.offsetMs += seconds * 1000;
        },
        now: () => ref.c.clock.now(),
        hostIPs: () => [target.pod.status?.podIP ?? ""],
        processes: () => processes.list,
        terminal: tty ? "pts/0" : "?",
        direct,
      },
    },
    tx,
  );
  return shell;
}

/**
 * What `ps` sees: the container's main process as PID 1; in an ephemeral container, the
 * process namespace of the container it targets (its main process is PID 1 and the debug
 * shell comes after), or without a target a namespace of its own where the shell is PID 1.
 */
function podProcesses(
  target: ShellTarget,
  ctr: { name: string; targetContainerName?: string },
  startedAt: number,
): { list: ProcessInfo[]; pid?: number } {
  const pod = target.pod;
  if (!pod.spec.containers.some((x) => x.name === ctr.name)) {
    const shared = pod.spec.containers.find((x) => x.name === ctr.targetContainerName);
    if (!shared) return { list: [], pid: 1 };
    const at = (pod.status?.containerStatuses ?? []).find((x) => x.name === shared.name)?.state?.running
      ?.startedAt;
    return {
      list: [
        { pid: 1, command: processOf(pod, shared).description, tty: "?", started: new Date(at ?? startedAt) },
      ],
    };
  }
  const main = pod.spec.containers.find((x) => x.name === ctr.name) ?? ctr;
  return {
    list: [
      {
        pid: 1,
        command: processOf(pod, main as Container).description,
        tty: "?",
        started: new Date(startedAt),
      },
    ],
  };
}
