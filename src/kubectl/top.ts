// kubectl top node|pod (pkg/cmd/top, v1.32) over the resource metrics API. kind has no
// metrics-server: until components.yaml is applied discovery has no metrics.k8s.io and
// every form says `error: Metrics API not available`; while its APIService cannot reach a
// Ready metrics-server the API answers 503; then usage comes from the metrics model.
import type { Command } from "commander";
import { matchesFields } from "../apiserver/fields.js";
import { matches } from "../apiserver/labels.js";
import { NODES, PODS } from "../apiserver/resources.js";
import { listNodeMetrics, listPodMetrics, metricsApiState } from "../controllers/metrics/server.js";
import { milli } from "../controllers/metrics/usage.js";
import { printNodeMetrics, printPodMetrics } from "../printers/top.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { commandHelp } from "./help/render.js";
import { CliError } from "./io.js";
import { HELP } from "./top.help.js";
import { parseFields, parseLabelSelector } from "./util/selectors.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

/** `kubectl top` alone: cobra prints the group's help on stderr and fails. */
class TopOptions implements VerbOptions<[]> {
  constructor(private readonly help: () => string) {}

  complete(): void {}

  validate(): void {
    throw new CliError(this.help().replace(/\n$/, ""));
  }

  run(): void {
    // validate refused the command line.
  }
}

interface TopFlags extends GlobalOpts {
  sortBy?: string;
  selector?: string;
  fieldSelector?: string;
  headers?: boolean;
  showCapacity?: boolean;
  allNamespaces?: boolean;
  containers?: boolean;
  sum?: boolean;
}

abstract class TopKindOptions implements VerbOptions<[string | undefined]> {
  protected name?: string;

  constructor(
    protected readonly ctx: Ctx,
    protected readonly flags: TopFlags,
  ) {}

  complete(name: string | undefined): void {
    this.name = name;
  }

  validate(): void {
    const by = this.flags.sortBy;
    if (by && by !== "cpu" && by !== "memory")
      throw new CliError("error: --sort-by accepts only cpu or memory");
  }

  abstract run(): Promise<void>;
}

class TopNodeOptions extends TopKindOptions {
  async run(): Promise<void> {
    const f = this.flags;
    const sel = parseLabelSelector(f.selector);
    const out = await session(this.ctx, f).transact((c) => {
      const state = metricsApiState(c.api);
      if (state === "absent") throw new CliError("error: Metrics API not available");
      const target = `get nodes.metrics.k8s.io${this.name ? ` ${this.name}` : ""}`;
      if (state === "unavailable")
        throw new CliError(
          `Error from server (ServiceUnavailable): the server is currently unable to handle the request (${target})`,
        );
      const metrics = listNodeMetrics(c.api, c.clock.nowMs()) ?? [];
      const nodes = c.api
        .all(NODES)
        .filter((n) => (this.name ? n.metadata.name === this.name : !sel || matches(sel, n.metadata.labels)));
      if (this.name && !nodes.length)
        throw new CliError(
          `Error from server (NotFound): nodemetrics.metrics.k8s.io "${this.name}" not found`,
        );
      const names = new Set(nodes.map((n) => n.metadata.name));
      const measured = metrics.filter((m) => names.has(m.name));
      if (!measured.length) throw new CliError("error: metrics not available yet");
      return printNodeMetrics(
        nodes.map((n) => {
          const list = f.showCapacity ? n.status?.capacity : n.status?.allocatable;
          return {
            name: n.metadata.name,
            usage: measured.find((m) => m.name === n.metadata.name)?.usage,
            available: list
              ? { cpu: milli(list.cpu) ?? 0, memory: (milli(list.memory) ?? 0) / 1000 }
              : undefined,
          };
        }),
        f.headers === false,
        f.sortBy,
      );
    });
    this.ctx.io.out(out);
  }
}

class TopPodOptions extends TopKindOptions {
  async run(): Promise<void> {
    const f = this.flags;
    const sel = parseLabelSelector(f.selector);
    const fields = parseFields(f.fieldSelector);
    const ns = namespaceOf(f);
    const all = !!f.allNamespaces;
    const { text, empty } = await session(this.ctx, f).transact((c) => {
      const state = metricsApiState(c.api);
      if (state === "absent") throw new CliError("error: Metrics API not available");
      const target = `get pods.metrics.k8s.io${this.name ? ` ${this.name}` : ""}`;
      if (state === "unavailable")
        throw new CliError(
          `Error from server (ServiceUnavailable): the server is currently unable to handle the request (${target})`,
        );
      const now = c.clock.nowMs();
      const inScope = (p: { metadata: { namespace?: string; name: string } }) =>
        all || p.metadata.namespace === ns;
      const metrics = (listPodMetrics(c.api, now) ?? []).filter(
        (m) =>
          inScope(m.pod) &&
          (this.name ? m.pod.metadata.name === this.name : !sel || matches(sel, m.pod.metadata.labels)) &&
          matchesFields(PODS, fields, m.pod),
      );
      if (this.name && !metrics.length)
        throw new CliError(
          `Error from server (NotFound): podmetrics.metrics.k8s.io "${ns}/${this.name}" not found`,
        );
      if (!metrics.length) {
        // verifyEmptyMetrics: pods older than two minutes should have had metrics by now.
        const pods = c.api
          .all(PODS)
          .filter(
            (p) => inScope(p) && (!sel || matches(sel, p.metadata.labels)) && matchesFields(PODS, fields, p),
          );
        for (const p of pods) {
          const age = now - Date.parse(p.metadata.creationTimestamp ?? "");
          if (age > 120_000)
            throw new CliError(
              `error: Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${goDuration(age)}`,
            );
        }
        if (pods.length) throw new CliError("error: metrics not available yet");
      }
      const text = printPodMetrics(
        metrics.map((m) => ({
          namespace: m.pod.metadata.namespace ?? "",
          name: m.pod.metadata.name,
          containers: m.containers,
        })),
        {
          containers: !!f.containers,
          withNamespace: all,
          noHeaders: f.headers === false,
          sortBy: f.sortBy,
          sum: !!f.sum,
        },
      );
      return { text, empty: !metrics.length };
    });
    if (empty) this.ctx.io.err(all ? "No resources found\n" : `No resources found in ${ns} namespace.\n`);
    this.ctx.io.out(text);
  }
}

/** Go's time.Duration String for whole milliseconds: 2m5.5s, 1h0m0s. */
function goDuration(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ""}${h || m ? `${m}m` : ""}${s}s`;
}

export function registerTop(program: Command, ctx: Ctx): void {
  const top: Command = attachHelp(withGlobals(program.command("top")), HELP)
    .description("Display resource (CPU/memory) usage")
    .action(() => runVerb(new TopOptions(() => commandHelp(top))));
  attachHelp(withGlobals(top.command("node").aliases(["nodes", "no"])), HELP)
    .description("Display resource (CPU/memory) usage of nodes")
    .argument("[name]")
    .option("--no-headers", "If present, print output without headers")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("--show-capacity", "Print node resources based on Capacity instead of Allocatable")
    .option("--sort-by <field>", "Sort nodes list using specified field")
    .option("--use-protocol-buffers [bool]", "Enables using protocol-buffers to access Metrics API.")
    .action((name: string | undefined, flags: TopFlags) => runVerb(new TopNodeOptions(ctx, flags), name));
  attachHelp(withGlobals(top.command("pod").aliases(["pods", "po"])), HELP)
    .description("Display resource (CPU/memory) usage of pods")
    .argument("[name]")
    .option("-A, --all-namespaces", "List the requested object(s) across all namespaces")
    .option("--containers", "If present, print usage of containers within a pod.")
    .option("--field-selector <selector>", "Selector (field query) to filter on")
    .option("--no-headers", "If present, print output without headers.")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("--sort-by <field>", "Sort pods list using specified field")
    .option("--sum", "Print the sum of the resource usage")
    .option("--use-protocol-buffers [bool]", "Enables using protocol-buffers to access Metrics API.")
    .action((name: string | undefined, flags: TopFlags) => runVerb(new TopPodOptions(ctx, flags), name));
}
