// kubectl get: lists or named objects of one or more types, as tables (default, wide,
// labels), yaml, json or names, with kubectl's grouping, prefixes, errors and the
// "No resources found" notice.
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { notFound } from "../apiserver/errors.js";
import { checkFieldSelector, type FieldRequirement, matchesFields } from "../apiserver/fields.js";
import { matches, type Selector } from "../apiserver/labels.js";
import type { ResourceType } from "../apiserver/resources.js";
import { summaryHasField } from "../apiserver/storage.js";
import type { Ctx } from "./cli.js";
import { formatStatus } from "./errors.js";
import { HELP } from "./get.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { parseOutput } from "./output.js";
import { sortGetResult } from "./sortby.js";
import { collect, parseDuration } from "./util/flags.js";
import { namedObjects } from "./util/named-objects.js";
import { type Group, type ResourcePrinter, toPrinter } from "./util/printer.js";
import { parseResourceArgs, type TypedName } from "./util/resource-args.js";
import { parseFields, parseLabelSelector } from "./util/selectors.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import { watch } from "./watch.js";

interface GetFlags extends GlobalOpts {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  showLabels?: boolean;
  labelColumns?: string[];
  headers: boolean;
  ignoreNotFound?: boolean;
  watch?: boolean;
  watchOnly?: boolean;
  requestTimeout?: string;
  template?: string;
  allowMissingTemplateKeys?: string | boolean;
  sortBy?: string;
  kustomize?: string;
}

const NO_TYPE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples`;

/** kubectl's GetOptions: the flags as typed, and what complete makes of them. */
class GetOptions implements VerbOptions<[string[]]> {
  private printer!: ResourcePrinter;
  private selector?: Selector;
  private fieldReqs: FieldRequirement[] = [];
  private types: ResourceType[] = [];
  /** Names given as arguments, or read from -k's objects (each with its own namespace). */
  private names: (TypedName & { ns?: string })[] = [];
  private namespace = "default";
  /** -A, which names given by name ignore. */
  private allNamespaces = false;
  private labelColumns: string[] = [];
  private watchTimeoutMs?: number;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: GetFlags,
  ) {}

  private get watching(): boolean {
    return !!(this.flags.watch || this.flags.watchOnly);
  }

  complete(args: string[]): void {
    const f = this.flags;
    if (f.kustomize !== undefined) {
      this.completeKustomize(args);
      return;
    }
    if (!args.length) throw new CliError(NO_TYPE);
    this.namespace = namespaceOf(f);
    this.labelColumns = (f.labelColumns ?? []).flatMap((l) => l.split(",")).filter(Boolean);
    // Each mode reads its flags in the order kubectl reports their errors.
    if (this.watching) {
      ({ types: this.types, names: this.names } = parseResourceArgs(args));
      this.validateWatchKinds();
      this.printer = toPrinter(parseOutput(f.output, ["table", "wide"]), this.ctx.io);
      const timeout = f.requestTimeout;
      this.watchTimeoutMs = timeout && timeout !== "0" ? parseDuration(timeout) : undefined;
      this.selector = parseLabelSelector(f.selector);
    } else {
      this.printer = toPrinter(
        parseOutput(f.output, undefined, { ...f, files: this.ctx.io.files }),
        this.ctx.io,
      );
      this.selector = parseLabelSelector(f.selector);
      this.fieldReqs = parseFields(f.fieldSelector);
      ({ types: this.types, names: this.names } = parseResourceArgs(args));
    }
    this.allNamespaces = !!f.allNamespaces && !this.names.length;
  }

  /** -k: the objects of the kustomization, each fetched by type, namespace and name. */
  private completeKustomize(args: string[]): void {
    const f = this.flags;
    if (args.length) {
      throw new CliError(
        "error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
      );
    }
    this.namespace = namespaceOf(f);
    this.labelColumns = (f.labelColumns ?? []).flatMap((l) => l.split(",")).filter(Boolean);
    this.printer = toPrinter(
      parseOutput(f.output, undefined, { ...f, files: this.ctx.io.files }),
      this.ctx.io,
    );
    this.names = namedObjects(this.ctx, f, f.kustomize as string, this.namespace);
  }

  /** A watch follows one resource type; kubectl refuses several before it reads -o. */
  private validateWatchKinds(): void {
    const kinds = new Set([...this.types, ...this.names.map((n) => n.r)]);
    if (kinds.size !== 1) throw new CliError("error: you may only specify a single resource type");
  }

  validate(): void {
    // What kubectl's Validate checks is checked as complete reads it above, to keep its order.
  }

  run(): Promise<void> {
    return this.watching ? this.runWatch() : this.runList();
  }

  private async runWatch(): Promise<void> {
    const r = this.types[0] ?? this.names[0].r;
    await watch(this.ctx, session(this.ctx, this.flags), {
      r,
      namespace: this.allNamespaces || !r.namespaced ? undefined : this.namespace,
      names: this.names.map((n) => n.name),
      selector: this.selector,
      watchOnly: !!this.flags.watchOnly,
      timeoutMs: this.watchTimeoutMs,
      table: {
        wide: this.printer.wide,
        allNamespaces: this.allNamespaces,
        namespaced: r.namespaced,
        showLabels: !!this.flags.showLabels,
        labelColumns: this.labelColumns,
        noHeaders: this.flags.headers === false,
      },
    });
  }

  private async runList(): Promise<void> {
    const { ctx, flags: f, printer, types, names } = this;
    const ns = this.namespace;
    const all = this.allNamespaces;
    const errors: string[] = [];
    const groups: Group[] = [];
    const now = await session(ctx, f).view((c) => {
      const add = (r: ResourceType, obj: KObject) => {
        const g = groups.find((x) => x.r === r);
        if (g) g.objs.push(obj);
        else groups.push({ r, objs: [obj] });
      };
      // Tables and names need only summaries; yaml, json and field selectors read whole objects.
      // Sorting reads whole objects too: kubectl sorts on any field of them.
      for (const r of types) {
        const whole =
          printer.printsObjects ||
          this.fieldReqs.some((q) => !summaryHasField(r.plural, q.field)) ||
          !!f.sortBy;
        checkFieldSelector(r, this.fieldReqs, f.fieldSelector ?? "", f.selector ?? "");
        const scope = all || !r.namespaced ? undefined : ns;
        const objs = c.api.candidates(r, scope, this.selector ?? [], this.fieldReqs, whole);
        groups.push({
          r,
          objs: objs.filter(
            (x) =>
              (!this.selector || matches(this.selector, x.metadata.labels)) &&
              matchesFields(r, this.fieldReqs, x),
          ),
        });
      }
      for (const { r, name, ns: own } of names) {
        const obj = c.api.get(r, own ?? ns, name);
        if (obj) add(r, obj);
        else if (!f.ignoreNotFound) errors.push(formatStatus(notFound(r, name)));
      }
      return c.clock.nowMs();
    });
    const nonEmpty = groups.filter((g) => g.objs.length);
    const table = printer.humanReadable;
    if (f.sortBy && table) sortGetResult(nonEmpty, f.sortBy, "table", names.length > 0, now);
    const objs = nonEmpty.flatMap((g) => g.objs);
    if (f.sortBy && !table)
      sortGetResult([{ objs }], f.sortBy, "list", names.length === 1 && !types.length, now);
    ctx.io.out(
      printer.printList(
        { groups: nonEmpty, objs },
        {
          single: names.length === 1 && types.length === 0,
          noHeaders: f.headers === false,
          nowMs: now,
          allNamespaces: all,
          showLabels: !!f.showLabels,
          labelColumns: this.labelColumns,
        },
      ),
    );
    // Printers that print objects, not rows, say nothing about an empty result.
    if (!objs.length && !errors.length && !printer.printsObjects) {
      const scoped = !all && groups.some((g) => g.r.namespaced) && !names.length;
      ctx.io.err(scoped ? `No resources found in ${ns} namespace.\n` : "No resources found\n");
    }
    if (errors.length) throw new CliError(errors.join("\n"));
  }
}

export function registerGet(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("get")), HELP)
    .description("Display one or many resources")
    .argument("[args...]")
    .option("-o, --output <format>", "Output format: wide, yaml, json, name")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option(
      "--field-selector <selector>",
      "Selector (field query) to filter on, supports '=', '==', and '!='",
    )
    .option("-A, --all-namespaces", "List the requested object(s) across all namespaces")
    .option("--show-labels", "Show all labels as the last column")
    .option("-L, --label-columns <keys>", "Labels to show as columns", collect)
    .option("--no-headers", "Don't print headers")
    .option("--ignore-not-found", 'Treat "resource not found" as a successful retrieval')
    .option(
      "--template <template>",
      "Template string or path to template file to use when -o=go-template, -o=go-template-file",
    )
    .option(
      "--allow-missing-template-keys [bool]",
      "If true, ignore any errors in templates when a field or map key is missing in the template",
    )
    .option(
      "--sort-by <jsonpath>",
      "If non-empty, sort list types using this field specification (a JSONPath expression)",
    )
    .option("-w, --watch", "After listing/getting the requested object, watch for changes")
    .option(
      "-k, --kustomize <dir>",
      "Process the kustomization directory. This flag can't be used together with -f or -R.",
    )
    .option("--watch-only", "Watch for changes to the requested object(s), without listing/getting first")
    .action((args: string[], flags: GetFlags) => runVerb(new GetOptions(ctx, flags), args));
}
