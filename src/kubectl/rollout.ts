// kubectl rollout: status (waits, printing kubectl's progress lines), history, undo,
// restart, pause and resume, for Deployments.
import type { Command } from "commander";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { DaemonSet, Deployment, KObject, ReplicaSet, StatefulSet } from "../api/types.js";
import { updateObject } from "../apiserver/admit.js";
import { notFound } from "../apiserver/errors.js";
import { DEPLOYMENTS, isOf, REPLICASETS, type ResourceType } from "../apiserver/resources.js";
import { controllerOf } from "../apiserver/server.js";
import type { Cluster } from "../cluster/cluster.js";
import { REVISION } from "../controllers/deployment.js";
import { podTemplateHash } from "../controllers/hash.js";
import { rfc3339 } from "../golang/time.js";
import { describePodTemplate } from "../printers/describe/containers.js";
import { type GoTabWriter, LEVEL_0, PrefixWriter, tabbedString } from "../printers/describe/writer.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { CliError, usageError } from "./io.js";
import { nameOf } from "./output.js";
import { HELP } from "./rollout.help.js";
import { isRevisioned, revisionedHistory, revisionedRollback, revisionedStatus } from "./rollout-kinds.js";
import { intFlag, parseDuration } from "./util/flags.js";
import { parseResourceArgs } from "./util/resource-args.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import { waitFor } from "./wait.js";

const CHANGE_CAUSE = "kubernetes.io/change-cause";
/** Annotations rollback keeps from the Deployment instead of taking them from the ReplicaSet. */
const SKIPPED = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

interface RolloutOpts extends GlobalOpts {
  timeout?: string;
  watch?: string | boolean;
  revision?: string;
  toRevision?: string;
}

function target(verb: string, args: string[]): { r: ResourceType; name: string } {
  if (!args.length) throw usageError(`rollout ${verb}`, "Required resource not specified.");
  const { types, names } = parseResourceArgs(args);
  if (types.length) throw new CliError("error: resource(s) were provided, but no name was specified");
  return names[0];
}

type Rollable = Deployment | StatefulSet | DaemonSet;

function mustDeployment(c: Cluster, t: { r: ResourceType; name: string }, ns: string): Rollable {
  const d = c.api.get(t.r, ns, t.name);
  if (!d) throw notFound(t.r, t.name);
  if (!isOf(d, DEPLOYMENTS) && !isRevisioned(d))
    throw new CliError(`error: no ${verbless(d)} for ${t.r.kind}`);
  return d;
}

/** `deployments.apps`, `statefulsets.apps`: the resource as kubectl names it in errors. */
function resourceOf(o: KObject): string {
  return isOf(o, DEPLOYMENTS)
    ? "deployments.apps"
    : isRevisioned(o)
      ? `${o.kind.toLowerCase()}s.apps`
      : o.kind;
}

function verbless(_d: KObject): string {
  return "rollout support";
}

function ownedReplicaSets(c: Cluster, d: Deployment): ReplicaSet[] {
  return c.api
    .list(REPLICASETS, d.metadata.namespace)
    .filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
}

const revisionOf = (rs: ReplicaSet): number => Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;

/** kubectl's DeploymentStatusViewer: the line to print and whether the rollout is done. */
export function rolloutStatus(d: Deployment, revision = 0): { text: string; done: boolean } {
  const name = d.metadata.name;
  const st = d.status ?? {};
  // --revision pins the rollout watched: a newer (or older) one running is an error.
  const running = Number(d.metadata.annotations?.[REVISION] ?? 0);
  if (revision > 0 && revision !== running)
    throw new CliError(
      `Error: desired revision (${revision}) is different from the running revision (${running})`,
    );
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0))
    return { text: "Waiting for deployment spec update to be observed...\n", done: false };
  const progressing = (st.conditions ?? []).find((x) => x.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded")
    throw new CliError(`error: deployment "${name}" exceeded its progress deadline`);
  const want = d.spec.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const replicas = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const wait = `Waiting for deployment "${name}" rollout to finish: `;
  if (updated < want)
    return { text: `${wait}${updated} out of ${want} new replicas have been updated...\n`, done: false };
  if (replicas > updated)
    return { text: `${wait}${replicas - updated} old replicas are pending termination...\n`, done: false };
  if (available < updated)
    return { text: `${wait}${available} of ${updated} updated replicas are available...\n`, done: false };
  return { text: `deployment "${name}" successfully rolled out\n`, done: true };
}

function dropHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels["pod-template-hash"];
  }
  return t;
}

/**
 * What every rollout subcommand shares (kubectl's Rollout*Options): one named Deployment in
 * the namespace; each subcommand adds its flags to complete and its work to run.
 */
abstract class RolloutOptions implements VerbOptions<[string[]]> {
  protected t!: { r: ResourceType; name: string };
  protected namespace = "default";

  constructor(
    protected readonly ctx: Ctx,
    protected readonly flags: RolloutOpts,
    private readonly verb: string,
  ) {}

  complete(args: string[]): void {
    this.t = target(this.verb, args);
    this.namespace = namespaceOf(this.flags);
  }

  validate(): void {}

  abstract run(): Promise<void>;
}

class RolloutStatusOptions extends RolloutOptions {
  private revision = 0;
  private watch = true;
  private timeoutMs = 0;

  override complete(args: string[]): void {
    super.complete(args);
    const o = this.flags;
    this.revision = o.revision === undefined ? 0 : intFlag(o.revision, "--revision", "rollout status");
    if (this.revision < 0) throw new CliError(`error: revision must be a positive integer: ${this.revision}`);
    this.watch = !/^=?false$/i.test(String(o.watch ?? "true"));
    const timeout = parseDuration(o.timeout ?? "0s");
    if (timeout === undefined)
      throw new CliError(
        `error: invalid argument "${o.timeout}" for "--timeout" flag: time: invalid duration "${o.timeout}"`,
      );
    this.timeoutMs = timeout;
  }

  async run(): Promise<void> {
    const { ctx, t, namespace: ns, revision } = this;
    const s = session(ctx, this.flags);
    // "Forever" still ends on a fixed clock with nothing left to happen: ten simulated minutes.
    const budget = this.timeoutMs > 0 ? this.timeoutMs : 600000;
    const start = await s.view((c) => c.clock.nowMs());
    let lastRv: string | undefined;
    for (;;) {
      const got = await s.view((c) => {
        const d = mustDeployment(c, t, ns);
        const st = isRevisioned(d) ? revisionedStatus(d) : rolloutStatus(d, revision);
        return { rv: d.metadata.resourceVersion, ...st, now: c.clock.nowMs() };
      });
      if (got.rv !== lastRv) ctx.io.out(got.text);
      lastRv = got.rv;
      if (got.done || !this.watch) return;
      const left = start + budget - got.now;
      const ok =
        left > 0 &&
        (await waitFor(
          s,
          (c) => {
            const d = c.api.get(t.r, ns, t.name);
            return !d || d.metadata.resourceVersion !== lastRv;
          },
          left,
        ));
      if (!ok) throw new CliError("error: timed out waiting for the condition");
    }
  }
}

class RolloutHistoryOptions extends RolloutOptions {
  private revision = 0;

  override complete(args: string[]): void {
    super.complete(args);
    this.revision = Number(this.flags.revision ?? 0);
  }

  async run(): Promise<void> {
    const { t, namespace: ns, revision } = this;
    const out = await session(this.ctx, this.flags).view((c) => {
      const d = mustDeployment(c, t, ns);
      const { history, causes } = isRevisioned(d)
        ? revisionedHistory(c, d)
        : { history: new Map<number, PodTemplateSpec>(), causes: new Map<number, string>() };
      for (const rs of isRevisioned(d) ? [] : ownedReplicaSets(c, d)) {
        const v = revisionOf(rs);
        const tpl = structuredClone(rs.spec.template ?? {});
        const cause = rs.metadata.annotations?.[CHANGE_CAUSE];
        // The deployment viewer copies the ReplicaSet's change-cause into the template it shows.
        tpl.metadata = { ...tpl.metadata };
        if (cause) tpl.metadata.annotations = { ...tpl.metadata.annotations, [CHANGE_CAUSE]: cause };
        history.set(v, tpl);
        if (cause) causes.set(v, cause);
      }
      if (!history.size) return `${nameOf(d)} \nNo rollout history found.\n`;
      if (revision > 0) {
        const tpl = history.get(revision);
        if (!tpl) throw new CliError("error: unable to find the specified revision");
        // kubectl writes this template through a PrefixWriter on a plain buffer: tabs stay tabs.
        let body = "";
        const raw = { write: (x: string) => (body += x), flush: () => {} } as unknown as GoTabWriter;
        describePodTemplate(tpl, new PrefixWriter(raw));
        return `${nameOf(d)} with revision #${revision}\n${body}\n`;
      }
      const revs = [...history.keys()].sort((a, b) => a - b);
      const table = tabbedString((w) => {
        w.write(LEVEL_0, "REVISION\tCHANGE-CAUSE\n");
        for (const r of revs) w.write(LEVEL_0, `${r}\t${causes.get(r) || "<none>"}\n`);
      });
      return `${nameOf(d)} \n${table}\n`;
    });
    this.ctx.io.out(out);
  }
}

class RolloutUndoOptions extends RolloutOptions {
  private to = 0;

  override complete(args: string[]): void {
    super.complete(args);
    this.to = Number(this.flags.toRevision ?? 0);
  }

  async run(): Promise<void> {
    const { t, namespace: ns, to } = this;
    const msg = await session(this.ctx, this.flags).transact((c) => {
      const d = mustDeployment(c, t, ns);
      if (isRevisioned(d)) {
        const back = revisionedRollback(c, d, to);
        if (!back.template)
          return `${nameOf(d)} skipped rollback (current template already matches revision ${to})\n`;
        const next = structuredClone(d);
        next.spec.template = back.template;
        updateObject(c, next, d, { verb: "patch" });
        return `${nameOf(d)} rolled back\n`;
      }
      if (d.spec.paused)
        throw new CliError(
          "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
        );
      let pick: ReplicaSet | undefined;
      const sets = ownedReplicaSets(c, d).filter((rs) => revisionOf(rs) > 0);
      if (to > 0) {
        pick = sets.find((rs) => revisionOf(rs) === to);
        if (!pick) throw new CliError(`error: unable to find specified revision ${to} in history`);
      } else {
        const sorted = [...sets].sort((a, b) => revisionOf(b) - revisionOf(a));
        pick = sorted[1];
        if (!pick) throw new CliError(`error: no rollout history found for deployment "${d.metadata.name}"`);
      }
      const tpl = dropHash(pick.spec.template);
      if (podTemplateHash(tpl) === podTemplateHash(d.spec.template))
        return `${nameOf(d)} skipped rollback (current template already matches revision ${to})\n`;
      const next = structuredClone(d);
      next.spec.template = tpl;
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries(d.metadata.annotations ?? {}))
        if (SKIPPED.has(k)) annotations[k] = v;
      for (const [k, v] of Object.entries(pick.metadata.annotations ?? {}))
        if (!SKIPPED.has(k)) annotations[k] = v;
      next.metadata.annotations = annotations;
      updateObject(c, next, d, { verb: "patch" });
      return `${nameOf(d)} rolled back\n`;
    });
    this.ctx.io.out(msg);
  }
}

/** A change to the Deployment itself; undefined when it applies, else kubectl's refusal. */
type DeploymentChange = (c: Cluster, d: Rollable) => string | undefined;

/** restart, pause and resume: one change written to the Deployment, and kubectl's line for it. */
class RolloutPatchOptions extends RolloutOptions {
  constructor(
    ctx: Ctx,
    flags: RolloutOpts,
    verb: string,
    private readonly change: DeploymentChange,
    private readonly past: string,
  ) {
    super(ctx, flags, verb);
  }

  async run(): Promise<void> {
    const { t, namespace: ns } = this;
    const line = await session(this.ctx, this.flags).transact((c) => {
      const d = mustDeployment(c, t, ns);
      const next = structuredClone(d);
      const err = this.change(c, next);
      if (err) throw new CliError(`error: ${resourceOf(d)} "${d.metadata.name}" ${err}`);
      updateObject(c, next, d, { verb: "patch" });
      return `${nameOf(d)} ${this.past}\n`;
    });
    this.ctx.io.out(line);
  }
}

const restart: DeploymentChange = (c, d) => {
  if (isOf(d, DEPLOYMENTS) && d.spec.paused)
    return "can't restart paused deployment (run rollout resume first)";
  const tpl = d.spec.template;
  tpl.metadata = { ...tpl.metadata };
  tpl.metadata.annotations = {
    ...tpl.metadata.annotations,
    "kubectl.kubernetes.io/restartedAt": rfc3339(c.clock.nowMs()),
  };
  return undefined;
};

const pause: DeploymentChange = (_c, d) => {
  if (!isOf(d, DEPLOYMENTS)) return "pausing is not supported";
  if (d.spec.paused) return "is already paused";
  d.spec.paused = true;
  return undefined;
};

const resume: DeploymentChange = (_c, d) => {
  if (!isOf(d, DEPLOYMENTS)) return "resuming is not supported";
  if (!d.spec.paused) return "is not paused";
  delete d.spec.paused;
  return undefined;
};

export function registerRollout(program: Command, ctx: Ctx): void {
  const rollout = attachHelp(program.command("rollout"), HELP).description(
    "Manage the rollout of a resource",
  );

  withGlobals(rollout.command("status"))
    .description("Show the status of the rollout")
    .argument("[args...]")
    .option("-w, --watch [bool]", "Watch the status of the rollout until it's done.")
    .option("--timeout <duration>", "The length of time to wait before ending watch", "0s")
    .option("--revision <n>", "Pin to a specific revision for showing its status.")
    .action((args: string[], flags: RolloutOpts) =>
      runVerb(new RolloutStatusOptions(ctx, flags, "status"), args),
    );

  withGlobals(rollout.command("history"))
    .description("View rollout history")
    .argument("[args...]")
    .option("--revision <n>", "See the details, including podTemplate of the revision specified", "0")
    .action((args: string[], flags: RolloutOpts) =>
      runVerb(new RolloutHistoryOptions(ctx, flags, "history"), args),
    );

  withGlobals(rollout.command("undo"))
    .description("Undo a previous rollout")
    .argument("[args...]")
    .option("--to-revision <n>", "The revision to rollback to. Default to 0 (last revision).", "0")
    .action((args: string[], flags: RolloutOpts) =>
      runVerb(new RolloutUndoOptions(ctx, flags, "undo"), args),
    );

  for (const [verb, description, change, past] of [
    ["restart", "Restart a resource", restart, "restarted"],
    ["pause", "Mark the provided resource as paused", pause, "paused"],
    ["resume", "Resume a paused resource", resume, "resumed"],
  ] as const) {
    withGlobals(rollout.command(verb))
      .description(description)
      .argument("[args...]")
      .action((args: string[], flags: RolloutOpts) =>
        runVerb(new RolloutPatchOptions(ctx, flags, verb, change, past), args),
      );
  }
}
