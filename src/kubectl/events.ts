// kubectl events: the namespace's (or every namespace's) Events, filtered by --for and
// --types, sorted by when each was last seen, in kubectl's own client-side table
// (LAST SEEN, TYPE, REASON, OBJECT as Kind/name, MESSAGE); -w follows new and updated events
// as simulated time passes, as get -w does.
import type { Command } from "commander";
import type { Event, KObject } from "../api/types.js";
import { schemaFor } from "../apiserver/admission/schema/kinds.js";
import { EVENTS, lookupResource } from "../apiserver/resources.js";
import type { Session } from "../cluster/session.js";
import { goSort } from "../golang/sort.js";
import { age } from "../printers/age.js";
import { RememberingTabWriter } from "../printers/tabwriter.js";
import { toYaml } from "../printers/yaml.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./events.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { type OutputFormat, parseOutput } from "./output.js";
import { printTemplate } from "./templates.js";
import { collect, parseDuration } from "./util/flags.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { inStructOrder, toTypedJson } from "./util/typed-json.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import { nextWatchMoment, watchMoment } from "./util/watch-clock.js";

interface EventsFlags extends GlobalOpts {
  allNamespaces?: boolean;
  for?: string;
  types?: string[];
  output?: string;
  headers: boolean;
  watch?: boolean;
  template?: string;
  allowMissingTemplateKeys?: string | boolean;
  requestTimeout?: string;
}

const parseTime = (t: string | null | undefined): number | null => (t ? Date.parse(t) : null);

/** kubectl's eventTime: series.lastObservedTime, else lastTimestamp, else eventTime. */
function lastSeen(e: Event): number {
  if (e.series) return parseTime(e.series.lastObservedTime) ?? Number.NEGATIVE_INFINITY;
  return parseTime(e.lastTimestamp) ?? parseTime(e.eventTime) ?? Number.NEGATIVE_INFINITY;
}

/** kubectl's getInterval: `5s`, or `5s (x3 over 2m)` for a repeated event. */
function interval(e: Event, nowMs: number): string {
  const first = e.eventTime ? age(e.eventTime, nowMs) : age(e.firstTimestamp, nowMs);
  if (e.series) return `${age(e.series.lastObservedTime, nowMs)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${age(e.lastTimestamp, nowMs)} (x${e.count} over ${first})`;
  return first;
}

/** The Event as kubectl's typed struct marshals it: TypeMeta's kind first, then struct order. */
function typedEvent(e: Event): KObject {
  const def = schemaFor("v1", "Event");
  const ordered = (def ? inStructOrder(e, { kind: "struct", def }) : e) as KObject;
  const { kind, apiVersion, ...rest } = ordered;
  return { kind: kind ?? "Event", apiVersion: apiVersion ?? "v1", ...rest } as KObject;
}

/** kubectl's EventsOptions: where to look, what to keep, and how to print it. */
class EventsOptions implements VerbOptions<[]> {
  private forKind?: string;
  private forName = "";
  private types: string[] = [];
  private format: OutputFormat = "table";
  private writer = new RememberingTabWriter();
  private headed = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: EventsFlags,
  ) {}

  complete(): void {
    const f = this.flags;
    // --for first, then the printer, then --types: the order kubectl reports them in.
    if (f.for) {
      const slash = f.for.indexOf("/");
      if (slash < 0) throw new CliError("error: --for must be in resource/name form");
      const typed = f.for.slice(0, slash);
      const name = f.for.slice(slash + 1);
      if (name.includes("/"))
        throw new CliError("error: arguments in resource/name form may not have more than one slash");
      const r = lookupResource(typed);
      if (!r) throw new CliError(`the server doesn't have a resource type "${typed}"`);
      this.forKind = r.kind;
      this.forName = name;
    }
    this.format = parseOutput(f.output, ["table", "yaml", "json", "name", "template"], {
      ...f,
      files: this.ctx.io.files,
    });
    this.types = (f.types ?? []).flatMap((t) => t.split(","));
  }

  validate(): void {
    for (const t of this.types) {
      if (t.toLowerCase() !== "normal" && t.toLowerCase() !== "warning")
        throw new CliError("error: valid --types are Normal or Warning");
    }
  }

  private keep(e: Event): boolean {
    if (this.forName && (e.involvedObject.kind !== this.forKind || e.involvedObject.name !== this.forName))
      return false;
    return !this.types.length || this.types.some((t) => t.toLowerCase() === (e.type ?? "").toLowerCase());
  }

  async run(): Promise<void> {
    const s = session(this.ctx, this.flags);
    const ns = this.flags.allNamespaces ? undefined : namespaceOf(this.flags);
    if (this.flags.watch) return this.watch(s, ns);
    const { events, nowMs } = await s.view((c) => ({
      events: c.api.list(EVENTS, ns).filter((e) => this.keep(e)),
      nowMs: c.clock.nowMs(),
    }));
    if (!events.length) {
      // Said on stderr whatever -o asked for, as kubectl does.
      this.ctx.io.err(ns === undefined ? "No events found.\n" : `No events found in ${ns} namespace.\n`);
      return;
    }
    goSort(events, (a, b) => lastSeen(a) < lastSeen(b));
    this.ctx.io.out(this.print(events, nowMs, true));
  }

  /** The events through the chosen printer; a list is kubectl's EventList. */
  private print(events: Event[], nowMs: number, asList: boolean): string {
    const objs = events.map(typedEvent);
    const value: KObject = asList
      ? ({ kind: "EventList", apiVersion: "v1", metadata: {}, items: objs } as unknown as KObject)
      : objs[0];
    const f = this.format;
    if (typeof f === "object") return printTemplate(this.ctx.io, f, [value], true, false);
    switch (f) {
      case "yaml":
        return toYaml(value);
      case "json":
        return toTypedJson(value);
      case "name":
        // kubectl's name printer finds no kind on the list's typed items and prints nothing.
        return "";
      default:
        return this.table(events, nowMs);
    }
  }

  private table(events: Event[], nowMs: number): string {
    const all = !!this.flags.allNamespaces;
    const rows: string[][] = [];
    if (!this.headed && this.flags.headers !== false)
      rows.push([...(all ? ["NAMESPACE"] : []), "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
    this.headed = true;
    for (const e of events) {
      rows.push([
        ...(all ? [e.metadata.namespace ?? ""] : []),
        interval(e, nowMs),
        e.type ?? "",
        e.reason ?? "",
        `${e.involvedObject.kind ?? ""}/${e.involvedObject.name ?? ""}`,
        (e.message ?? "").trim(),
      ]);
    }
    return this.writer.write(rows);
  }

  /**
   * kubectl's runWatch: every event already stored (in list order, unsorted), then each
   * event added or updated, one flush per event; deletions are not shown. On a fixed clock
   * time steps to the next scheduled transition and the watch ends when none is left.
   */
  private async watch(s: Session, ns: string | undefined): Promise<void> {
    const t = this.flags.requestTimeout;
    const timeoutMs = t && t !== "0" ? parseDuration(t) : undefined;
    const seen = new Map<string, string>();
    let printed = 0;
    let started: number | undefined;
    for (;;) {
      const step = await s.view((c) => ({ events: c.api.list(EVENTS, ns), ...watchMoment(c) }));
      started ??= step.now;
      for (const e of step.events) {
        // A watch sends every update (a repeat's new count) as a MODIFIED event, printed again.
        const key = `${e.metadata.namespace}/${e.metadata.name}`;
        const version = e.metadata.resourceVersion ?? "";
        if (seen.get(key) === version) continue;
        seen.set(key, version);
        if (!this.keep(e)) continue;
        // kubectl's YAML printer separates the documents it prints after the first.
        if (this.format === "yaml" && printed++) this.ctx.io.out("---\n");
        this.ctx.io.out(this.print([e], step.now, false));
      }
      if (!(await nextWatchMoment(s, step, started, timeoutMs))) return;
    }
  }
}

export function registerEvents(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("events")), HELP)
    .description("List events")
    .argument("[args...]")
    .option("-A, --all-namespaces", "If present, list the requested object(s) across all namespaces")
    .option("--for <resource>", "Filter events to only those pertaining to the specified resource")
    .option("--types <types>", "Output only events of given types", collect)
    .option("-o, --output <format>", "Output format")
    .option("--no-headers", "When using the default output format, don't print headers")
    .option("-w, --watch", "After listing the requested events, watch for more events")
    .option(
      "--template <template>",
      "Template string or path to template file to use when -o=go-template, -o=go-template-file",
    )
    .option(
      "--allow-missing-template-keys [bool]",
      "If true, ignore any errors in templates when a field or map key is missing in the template",
    )
    // kubectl events ignores positional arguments.
    .action((_args: string[], flags: EventsFlags) => runVerb(new EventsOptions(ctx, flags)));
}
