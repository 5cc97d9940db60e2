// kubectl logs: a container's output with --tail, --since, --timestamps and -f, the
// "Defaulted container" notice, and the API's errors for pods that are not running.

import type { Command } from "commander";
import { notFound, StatusError } from "../apiserver/errors.js";
import { byKind } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { rfc3339Nano } from "../golang/time.js";
import { containerLogs } from "../kubelet/logs.js";
import type { Ctx } from "./cli.js";
import { CliError, usageError } from "./io.js";
import { podForObject } from "./util/attachable-pod.js";
import { pickContainer } from "./util/containers.js";
import { parseDuration } from "./util/flags.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

const PODS = byKind("Pod");

interface LogsOpts extends GlobalOpts {
  container?: string;
  follow?: boolean;
  tail?: string;
  since?: string;
  timestamps?: boolean;
  previous?: boolean;
}

const NO_POD =
  "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/** What one read of the log printed up to, and whether -f should go on. */
interface LogState {
  last: number;
  gone: boolean;
  fixed: boolean;
}

/** kubectl's LogsOptions: the pod (or workload) and container, and which lines to show. */
class LogsOptions implements VerbOptions<[string | undefined, string | undefined]> {
  private podArg = "";
  /** -c, or the container named after the pod; undefined lets kubectl choose. */
  private container?: string;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: LogsOpts,
  ) {}

  complete(podArg: string | undefined, ctrArg: string | undefined): void {
    if (!podArg) throw usageError("logs", NO_POD);
    this.podArg = podArg;
    this.container = this.flags.container ?? ctrArg;
  }

  validate(): void {
    // --since is read with the log, after the pod is found, so a missing pod is reported first.
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const s = session(ctx, o);
    const name = await s.view((c) => {
      const found = podForObject(c, this.podArg, namespaceOf(o));
      if (found.count > 1) ctx.io.err(`Found ${found.count} pods, using pod/${found.name}\n`);
      return found.name;
    });
    let state = await s.view((c) => this.print(c, name, undefined));
    // -f streams on the wall clock; a fixed (test) clock has nothing more to show.
    while (o.follow && !state.fixed) {
      await new Promise((r) => setTimeout(r, 1000));
      try {
        const from = state.last;
        state = await s.view((c) => this.print(c, name, from));
      } catch {
        return;
      }
    }
  }

  /** Prints the lines after fromMs, or (the first time) those --since and --tail select. */
  private print(c: Cluster, name: string, fromMs: number | undefined): LogState {
    const { ctx, flags: o } = this;
    const pod = c.api.get(PODS, namespaceOf(o), name);
    if (!pod) throw notFound(PODS, name);
    const container =
      fromMs === undefined
        ? pickContainer(ctx, pod, this.container)
        : (this.container ?? pod.spec.containers[0].name);
    const status = (pod.status?.containerStatuses ?? []).find((x: any) => x.name === container);
    if (o.previous) {
      throw new StatusError(
        "BadRequest",
        `previous terminated container "${container}" in pod "${name}" not found`,
        400,
      );
    }
    if (!status?.state?.running && !status?.state?.terminated) {
      const reason = status?.state?.waiting?.reason ?? "ContainerCreating";
      throw new StatusError(
        "BadRequest",
        `container "${container}" in pod "${name}" is waiting to start: ${reason}`,
        400,
      );
    }
    const now = c.clock.nowMs();
    let lines = containerLogs(c, pod, container, now);
    if (fromMs !== undefined) lines = lines.filter((l) => l.at > fromMs);
    else {
      if (o.since) {
        const d = parseDuration(o.since);
        if (d === undefined)
          throw new CliError(
            `error: invalid argument "${o.since}" for "--since" flag: time: invalid duration "${o.since}"`,
          );
        lines = lines.filter((l) => l.at >= now - d);
      }
      if (o.tail !== undefined && Number(o.tail) >= 0)
        lines = lines.slice(Math.max(0, lines.length - Number(o.tail)));
    }
    ctx.io.out(lines.map((l) => `${o.timestamps ? `${rfc3339Nano(l.at)} ` : ""}${l.line}\n`).join(""));
    return {
      last: fromMs === undefined ? now : Math.max(fromMs, ...lines.map((l) => l.at)),
      gone: false,
      fixed: c.clock.fixed,
    };
  }
}

export function registerLogs(program: Command, ctx: Ctx): void {
  withGlobals(program.command("logs"))
    .description("Print the logs for a container in a pod")
    .argument("[pod]")
    .argument("[container]")
    .option("-c, --container <name>", "Print the logs of this container")
    .option("-f, --follow", "Specify if the logs should be streamed")
    .option("--tail <lines>", "Lines of recent log file to display")
    .option("--since <duration>", "Only return logs newer than a relative duration like 5s, 2m, or 3h")
    .option("--timestamps", "Include timestamps on each line in the log output")
    .option("-p, --previous", "Print the logs for the previous instance of the container")
    .action((podArg: string | undefined, ctrArg: string | undefined, flags: LogsOpts) =>
      runVerb(new LogsOptions(ctx, flags), podArg, ctrArg),
    );
}
