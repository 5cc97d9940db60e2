// kubectl logs: a container's output with --tail, --since, --timestamps and -f, the
// "Defaulted container" notice, and the API's errors for pods that are not running.

import type { Command } from "commander";
import { notFound, StatusError } from "../apiserver/errors.js";
import { fromLabelSelector, matches } from "../apiserver/labels.js";
import { byKind } from "../apiserver/resources.js";
import type { KObject } from "../apiserver/types.js";
import type { Cluster } from "../cluster/cluster.js";
import { rfc3339Nano } from "../golang/time.js";
import { containerLogs } from "../kubelet/logs.js";
import type { Ctx } from "./cli.js";
import { type GlobalOpts, namespaceOf, parseDuration, resolveType, session, withGlobals } from "./common.js";
import { CliError, usageError } from "./io.js";

const PODS = byKind("Pod");

interface LogsOpts extends GlobalOpts {
  container?: string;
  follow?: boolean;
  tail?: string;
  since?: string;
  timestamps?: boolean;
  previous?: boolean;
}

/** kubectl's notice when it picks the first container of several. */
export function defaultedNotice(pod: KObject): string {
  const names = [
    ...(pod.spec.initContainers ?? []).map((c: any) => `${c.name} (init)`),
    ...pod.spec.containers.map((c: any) => c.name),
  ];
  return `Defaulted container "${pod.spec.containers[0].name}" out of: ${names.join(", ")}\n`;
}

/** Picks the container as kubectl does: -c, else the default-container annotation, else the first. */
export function pickContainer(ctx: Ctx, pod: KObject, requested: string | undefined): string {
  if (requested) {
    if (!pod.spec.containers.some((c: any) => c.name === requested)) {
      throw new CliError(`error: container ${requested} is not valid for pod ${pod.metadata.name}`);
    }
    return requested;
  }
  const annotated = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
  if (annotated) return annotated;
  if (pod.spec.containers.length > 1 || (pod.spec.initContainers ?? []).length)
    ctx.io.err(defaultedNotice(pod));
  return pod.spec.containers[0].name;
}

/**
 * `logs POD`, `logs pod/POD`, or a workload (`deploy/NAME`, `rs/NAME`, `ds/NAME`), whose
 * first active pod kubectl picks, saying which when it had a choice.
 */
function podForArg(ctx: Ctx, c: Cluster, arg: string, ns: string): string {
  const slash = arg.indexOf("/");
  if (slash < 0) return arg;
  const r = resolveType(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (r.kind === "Pod") return name;
  const owner = c.api.get(r, ns, name);
  if (!owner) throw notFound(r, name);
  const sel = fromLabelSelector(owner.spec.selector);
  const pods = c.api
    .listSummaries(PODS, ns)
    .filter((p) => matches(sel, p.metadata.labels) && !p.metadata.deletionTimestamp)
    .sort((a, b) => (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? ""));
  if (!pods.length) throw new CliError(`error: timed out waiting for the condition`);
  if (pods.length > 1) ctx.io.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`);
  return pods[0].metadata.name!;
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
    .action(async (podArg: string | undefined, ctrArg: string | undefined, o: LogsOpts) => {
      if (!podArg)
        throw usageError(
          "logs",
          "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command",
        );
      const s = session(ctx, o);
      const name = await s.view((c) => podForArg(ctx, c, podArg, namespaceOf(o)));
      const print = async (
        fromMs: number | undefined,
      ): Promise<{ last: number; gone: boolean; fixed: boolean }> =>
        s.view((c) => {
          const pod = c.api.get(PODS, namespaceOf(o), name);
          if (!pod) throw notFound(PODS, name);
          const container =
            fromMs === undefined
              ? pickContainer(ctx, pod, o.container ?? ctrArg)
              : (o.container ?? ctrArg ?? pod.spec.containers[0].name);
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
        });
      let state = await print(undefined);
      // -f streams on the wall clock; a fixed (test) clock has nothing more to show.
      while (o.follow && !state.fixed) {
        await new Promise((r) => setTimeout(r, 1000));
        try {
          state = await print(state.last);
        } catch {
          return;
        }
      }
    });
}
