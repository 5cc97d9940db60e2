// kubectl cordon, uncordon and drain: mark a node (un)schedulable, then evict what runs on it
// with kubectl's pod filters (DaemonSet-managed, mirror, local storage, unreplicated), its
// warnings and its errors (pkg/drain). Evicted pods of a ReplicaSet come back elsewhere,
// because the scheduler skips unschedulable nodes.
import type { Command } from "commander";
import type { Pod } from "../api/types.js";
import { deleteObject } from "../apiserver/admit.js";
import { notFound } from "../apiserver/errors.js";
import { NODES, PODS } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import type { Session } from "../cluster/session.js";
import { compareKeys } from "../golang/sort.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./drain.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError, usageError } from "./io.js";
import { type DryRun, dryRunMode, dryRunSuffix } from "./util/dry-run.js";
import { parseDuration } from "./util/flags.js";
import { type GlobalOpts, session, withGlobals } from "./util/session.js";
import { storedNamespace } from "./util/stored.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import { waitFor } from "./wait.js";

interface NodeOpts extends GlobalOpts {
  dryRun?: string;
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
  deleteLocalData?: boolean;
  force?: boolean;
  gracePeriod?: string;
  timeout?: string;
}

/** Sets spec.unschedulable; returns kubectl's line for it. */
function setUnschedulable(c: Cluster, name: string, on: boolean, dry: boolean): string {
  const node = c.api.get(NODES, undefined, name);
  if (!node) throw notFound(NODES, name);
  const already = !!node.spec?.unschedulable === on;
  const word = on ? "cordoned" : "uncordoned";
  if (!already && !dry) {
    node.spec = { ...node.spec };
    if (on) node.spec.unschedulable = true;
    else delete node.spec.unschedulable;
    c.api.put(node);
  }
  return `node/${name} ${already ? "already " : ""}${word}`;
}

function nodeArgs(verb: string, args: string[]): string[] {
  if (!args.length) throw usageError(verb, "USAGE: " + verb + " NODE [flags]");
  return args.map((a) => (a.startsWith("node/") ? a.slice(5) : a.startsWith("nodes/") ? a.slice(6) : a));
}

/** kubectl's cordon/uncordon options: the nodes, and whether to mark them unschedulable. */
class CordonOptions implements VerbOptions<[string[]]> {
  private names: string[] = [];
  private mode: DryRun = "none";

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: NodeOpts,
    private readonly verb: "cordon" | "uncordon",
  ) {}

  complete(args: string[]): void {
    this.names = nodeArgs(this.verb, args);
    this.mode = dryRunMode(this.flags.dryRun);
  }

  validate(): void {}

  async run(): Promise<void> {
    const { ctx, mode } = this;
    const on = this.verb === "cordon";
    await session(ctx, this.flags).transact((c) => {
      for (const n of this.names)
        ctx.io.out(`${setUnschedulable(c, n, on, mode !== "none")}${dryRunSuffix(mode)}\n`);
    });
  }
}

export function registerCordon(program: Command, ctx: Ctx): void {
  for (const verb of ["cordon", "uncordon"] as const) {
    attachHelp(withGlobals(program.command(verb)), HELP)
      .description(verb === "cordon" ? "Mark node as unschedulable" : "Mark node as schedulable")
      .argument("[nodes...]")
      .option("--dry-run [mode]", "none, server, or client")
      .option("-l, --selector <selector>", "Accepted for compatibility")
      .action((args: string[], flags: NodeOpts) => runVerb(new CordonOptions(ctx, flags, verb), args));
  }
}

interface Verdict {
  evict: boolean;
  warning?: string;
  error?: string;
}

const controllerOf = (p: Pod) => (p.metadata.ownerReferences ?? []).find((r) => r.controller);

/** pkg/drain's filters, in their order: the first that objects decides for the pod. */
export function drainVerdict(p: Pod, o: NodeOpts): Verdict {
  const phase = p.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return { evict: true };
  const ctl = controllerOf(p);
  if (ctl?.kind === "DaemonSet") {
    return o.ignoreDaemonsets
      ? { evict: false, warning: "ignoring DaemonSet-managed Pods" }
      : { evict: false, error: "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)" };
  }
  if (p.metadata.annotations?.["kubernetes.io/config.mirror"]) return { evict: false };
  if ((p.spec?.volumes ?? []).some((v) => v.emptyDir)) {
    if (!(o.deleteEmptydirData || o.deleteLocalData))
      return {
        evict: false,
        error: "cannot delete Pods with local storage (use --delete-emptydir-data to override)",
      };
  }
  if (!ctl) {
    return o.force
      ? { evict: true, warning: "deleting Pods that declare no controller" }
      : {
          evict: false,
          error: "cannot delete cannot delete Pods that declare no controller (use --force to override)",
        };
  }
  if ((p.spec?.volumes ?? []).some((v) => v.emptyDir))
    return { evict: true, warning: "deleting Pods with local storage" };
  return { evict: true };
}

const FILTER_ORDER = ["DaemonSet-managed", "local storage", "no controller"];

/** Groups `message: ns/pod, ns/pod` in the order the messages first appear. */
function grouped(items: { msg: string; pod: string }[]): string[] {
  const by = new Map<string, string[]>();
  for (const { msg, pod } of items) by.set(msg, [...(by.get(msg) ?? []), pod]);
  // kubectl keeps them in a Go map; the filters' order makes the output stable.
  const rank = (m: string) => FILTER_ORDER.findIndex((f) => m.includes(f));
  return [...by].sort(([a], [b]) => rank(a) - rank(b)).map(([msg, pods]) => `${msg}: ${pods.join(", ")}`);
}

/** A pod being evicted, as it was when its eviction was asked for. */
interface Evicting {
  ns: string;
  name: string;
  uid?: string;
}

/** kubectl's DrainCmdOptions: the nodes, the filters' overrides, and how long to wait. */
class DrainOptions implements VerbOptions<[string[]]> {
  private names: string[] = [];
  private mode: DryRun = "none";
  private grace = -1;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: NodeOpts,
  ) {}

  complete(args: string[]): void {
    this.names = nodeArgs("drain", args);
    this.mode = dryRunMode(this.flags.dryRun);
    this.grace = Number(this.flags.gracePeriod ?? "-1");
  }

  validate(): void {}

  async run(): Promise<void> {
    const s = session(this.ctx, this.flags);
    for (const node of this.names) await this.drain(s, node);
  }

  /** Cordons the node, evicts what the filters allow (or refuses), then waits for the pods to go. */
  private async drain(s: Session, node: string): Promise<void> {
    const { ctx, flags: o, grace } = this;
    const dry = this.mode !== "none";
    const suffix = dryRunSuffix(this.mode);
    const { refused, evicting } = await s.transact((c) => {
      ctx.io.out(`${setUnschedulable(c, node, true, dry)}${suffix}\n`);
      const pods = c.api
        .list(PODS)
        .filter((p) => p.spec?.nodeName === node && !p.metadata.deletionTimestamp)
        .sort((a, b) =>
          compareKeys(
            `${a.metadata.namespace}/${a.metadata.name}`,
            `${b.metadata.namespace}/${b.metadata.name}`,
          ),
        );
      const warnings: { msg: string; pod: string }[] = [];
      const errors: { msg: string; pod: string }[] = [];
      const evict: Pod[] = [];
      for (const p of pods) {
        const v = drainVerdict(p, o);
        const id = `${p.metadata.namespace}/${p.metadata.name}`;
        if (v.error) errors.push({ msg: v.error, pod: id });
        if (v.warning) warnings.push({ msg: v.warning, pod: id });
        if (v.evict) evict.push(p);
      }
      // The cordon above is kubectl's own request and stays, so the refusal is thrown
      // only once it is committed.
      if (errors.length) return { refused: grouped(errors), evicting: [] as Evicting[] };
      if (warnings.length) ctx.io.err(`Warning: ${grouped(warnings).join("; ")}\n`);
      for (const p of evict) {
        ctx.io.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name}${suffix}\n`);
        if (!dry)
          deleteObject(c, PODS, p.metadata.namespace, p.metadata.name, {
            gracePeriodSeconds: grace >= 0 ? grace : undefined,
          });
      }
      return {
        refused: undefined,
        evicting: evict.map(
          (p): Evicting => ({ ns: storedNamespace(p), name: p.metadata.name, uid: p.metadata.uid }),
        ),
      };
    });
    if (refused) {
      const joined = refused.length > 1 ? `[${refused.join(", ")}]` : refused[0];
      throw new CliError(
        `error: unable to drain node "${node}" due to error: ${joined}, continuing command...\nThere are pending nodes to be drained:\n ${node}\n${refused.join("\n")}`,
      );
    }
    if (!dry && evicting.length) {
      const left = new Set(evicting);
      const timeout = parseDuration(o.timeout ?? "0s") || 24 * 3600 * 1000;
      const done = await waitFor(
        s,
        (c) => {
          for (const p of [...left]) {
            const cur = c.api.get(PODS, p.ns, p.name);
            if (!cur || cur.metadata.uid !== p.uid) {
              ctx.io.out(`pod/${p.name} evicted\n`);
              left.delete(p);
            }
          }
          return left.size === 0;
        },
        timeout,
      );
      if (!done)
        throw new CliError(
          `error: unable to drain node "${node}" due to error: drain did not complete within ${o.timeout}, continuing command...\nThere are pending nodes to be drained:\n ${node}\ndrain did not complete within ${o.timeout}`,
        );
    }
    ctx.io.out(`node/${node} drained${suffix}\n`);
  }
}

export function registerDrain(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("drain")), HELP)
    .description("Drain node in preparation for maintenance")
    .argument("[nodes...]")
    .option("--dry-run [mode]", "none, server, or client")
    .option("--ignore-daemonsets", "Ignore DaemonSet-managed pods")
    .option("--delete-emptydir-data", "Continue even if there are pods using emptyDir")
    .option("--delete-local-data", "Deprecated spelling of --delete-emptydir-data")
    .option("--force", "Continue even if there are pods that do not declare a controller")
    .option(
      "--grace-period <seconds>",
      "Period of time in seconds given to each pod to terminate gracefully",
      "-1",
    )
    .option("--timeout <duration>", "The length of time to wait before giving up, zero means infinite", "0s")
    .option("-l, --selector <selector>", "Accepted for compatibility")
    .action((args: string[], flags: NodeOpts) => runVerb(new DrainOptions(ctx, flags), args));
}
