// kubectl logs: a container's output with --tail, --since, --timestamps and -f, the
// "Defaulted container" notice, and the API's errors for pods that are not running.

import type { Command } from "commander";
import { StatusError } from "../apiserver/errors.js";
import { matches } from "../apiserver/labels.js";
import { PODS } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { rfc3339Nano } from "../golang/time.js";
import { containerLogs, containerStatusOf } from "../kubelet/logs.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { CliError, usageError } from "./io.js";
import { HELP } from "./logs.help.js";
import { podForObject } from "./util/attachable-pod.js";
import { pickContainer } from "./util/containers.js";
import { parseDuration } from "./util/flags.js";
import { parseLabelSelector } from "./util/selectors.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface LogsOpts extends GlobalOpts {
  container?: string;
  follow?: boolean;
  tail?: string;
  since?: string;
  timestamps?: boolean;
  previous?: boolean;
  selector?: string;
  prefix?: boolean;
  maxLogRequests?: string;
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
  /** --tail, or 10 for a selector's pods. */
  private tail?: string;
  /** -c, or the container named after the pod; undefined lets kubectl choose. */
  private container?: string;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: LogsOpts,
  ) {}

  complete(podArg: string | undefined, ctrArg: string | undefined): void {
    const { selector } = this.flags;
    if (!podArg && !selector) throw usageError("logs", NO_POD);
    if (podArg && selector && ctrArg === undefined)
      throw usageError("logs", "only a selector (-l) or a POD name is allowed");
    this.podArg = podArg ?? "";
    this.container = this.flags.container ?? ctrArg;
    // kubectl shows a selector's pods their last 10 lines unless --tail says otherwise.
    this.tail = this.flags.tail ?? (selector ? "10" : undefined);
  }

  validate(): void {
    // --since is read with the log, after the pod is found, so a missing pod is reported first.
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const s = session(ctx, o);
    const ns = namespaceOf(o);
    const names = await s.view((c) => {
      if (o.selector) return this.selected(c, ns);
      const found = podForObject(c, this.podArg, ns, "get the logs from");
      if (found.count > 1) ctx.io.err(`Found ${found.count} pods, using pod/${found.name}\n`);
      return [found.name];
    });
    if (!names.length) {
      ctx.io.err(`No resources found in ${ns} namespace.\n`);
      return;
    }
    const states = await s.view((c) => names.map((name) => this.print(c, name, undefined)));
    // -f streams on the wall clock; a fixed (test) clock has nothing more to show.
    while (o.follow && !states[0].fixed) {
      await new Promise((r) => setTimeout(r, 1000));
      try {
        await s.view((c) => {
          for (const [i, name] of names.entries()) states[i] = this.print(c, name, states[i].last);
        });
      } catch {
        return;
      }
    }
  }

  /** The pods -l selects, by name as the API lists them; -f follows at most --max-log-requests. */
  private selected(c: Cluster, ns: string): string[] {
    const o = this.flags;
    const sel = parseLabelSelector(o.selector);
    const names = c.api
      .listSummaries(PODS, ns)
      .filter((p) => !sel || matches(sel, p.metadata.labels))
      .map((p) => p.metadata.name)
      .sort();
    const max = Number(o.maxLogRequests ?? "5");
    if (o.follow && names.length > max)
      throw new CliError(
        `error: you are attempting to follow ${names.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`,
      );
    return names;
  }

  /** Prints the lines after fromMs, or (the first time) those --since and --tail select. */
  private print(c: Cluster, name: string, fromMs: number | undefined): LogState {
    const { ctx, flags: o } = this;
    const pod = c.api.get(PODS, namespaceOf(o), name);
    // kubectl logs names the namespace since v1.29 (kubernetes#120111), in its own words.
    if (!pod)
      throw new CliError(
        `error: error from server (NotFound): pods "${name}" not found in namespace "${namespaceOf(o)}"`,
      );
    const container =
      fromMs === undefined
        ? pickContainer(ctx, pod, this.container, "logs")
        : (this.container ?? pod.spec.containers[0].name);
    const status = containerStatusOf(pod, container);
    const term = status?.lastState?.terminated;
    if (o.previous && !term) {
      throw new StatusError(
        "BadRequest",
        `previous terminated container "${container}" in pod "${name}" not found`,
        400,
      );
    }
    // A container waiting to restart shows its last run; one that never ran has no log.
    if (!status?.state?.running && !status?.state?.terminated && !term) {
      const reason = status?.state?.waiting?.reason ?? "ContainerCreating";
      throw new StatusError(
        "BadRequest",
        `container "${container}" in pod "${name}" is waiting to start: ${reason}`,
        400,
      );
    }
    const now = c.clock.nowMs();
    let lines = containerLogs(c, pod, container, now, o.previous ? "previous" : "current");
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
      if (this.tail !== undefined && Number(this.tail) >= 0)
        lines = lines.slice(Math.max(0, lines.length - Number(this.tail)));
    }
    const prefix = o.prefix ? `[pod/${name}/${container}] ` : "";
    ctx.io.out(
      lines.map((l) => `${prefix}${o.timestamps ? `${rfc3339Nano(l.at)} ` : ""}${l.line}\n`).join(""),
    );
    return {
      last: fromMs === undefined ? now : Math.max(fromMs, ...lines.map((l) => l.at)),
      gone: false,
      fixed: c.clock.fixed,
    };
  }
}

export function registerLogs(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("logs")), HELP)
    .description("Print the logs for a container in a pod")
    .argument("[pod]")
    .argument("[container]")
    .option("-c, --container <name>", "Print the logs of this container")
    .option("-f, --follow", "Specify if the logs should be streamed")
    .option("--tail <lines>", "Lines of recent log file to display")
    .option("--since <duration>", "Only return logs newer than a relative duration like 5s, 2m, or 3h")
    .option("--timestamps", "Include timestamps on each line in the log output")
    .option("-p, --previous", "Print the logs for the previous instance of the container")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("--prefix", "Prefix each log line with the log source (pod name and container name)")
    .option("--max-log-requests <n>", "Maximum number of concurrent logs to follow when using by a selector")
    .action((podArg: string | undefined, ctrArg: string | undefined, flags: LogsOpts) =>
      runVerb(new LogsOptions(ctx, flags), podArg, ctrArg),
    );
}
