// kubectl get: lists or named objects of one or more types, as tables (default, wide,
// labels), yaml, json or names, with kubectl's grouping, prefixes, errors and the
// "No resources found" notice.
import type { Command } from "commander";
import { notFound } from "../apiserver/errors.js";
import { checkFieldSelector, matchesFields } from "../apiserver/fields.js";
import { matches } from "../apiserver/labels.js";
import { qualifiedKind, type ResourceType } from "../apiserver/resources.js";
import type { KObject } from "../apiserver/types.js";
import { printTable } from "../printers/table/print.js";
import type { Ctx } from "./cli.js";
import { formatStatus } from "./errors.js";
import { CliError } from "./io.js";
import { nameOf, parseOutput, printObjects } from "./output.js";
import { sortGetResult } from "./sortby.js";
import { printTemplate } from "./templates.js";
import { collect, parseDuration } from "./util/flags.js";
import { parseResourceArgs } from "./util/resource-args.js";
import { parseFields, parseLabelSelector } from "./util/selectors.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { watch } from "./watch.js";

interface GetOpts extends GlobalOpts {
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
}

const NO_TYPE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples`;

async function watchGet(ctx: Ctx, args: string[], o: GetOpts): Promise<void> {
  const { types, names } = parseResourceArgs(args);
  const kinds = new Set([...types, ...names.map((n) => n.r)]);
  if (kinds.size !== 1) throw new CliError("error: you may only specify a single resource type");
  const r = [...kinds][0];
  const format = parseOutput(o.output, ["table", "wide"]);
  const all = !!o.allNamespaces && !names.length;
  const timeout = o.requestTimeout && o.requestTimeout !== "0" ? parseDuration(o.requestTimeout) : undefined;
  await watch(ctx, session(ctx, o), {
    r,
    namespace: all || !r.namespaced ? undefined : namespaceOf(o),
    names: names.map((n) => n.name),
    selector: parseLabelSelector(o.selector),
    watchOnly: !!o.watchOnly,
    timeoutMs: timeout,
    table: {
      wide: format === "wide",
      allNamespaces: all,
      namespaced: r.namespaced,
      showLabels: !!o.showLabels,
      labelColumns: (o.labelColumns ?? []).flatMap((l) => l.split(",")).filter(Boolean),
      noHeaders: o.headers === false,
    },
  });
}

export function registerGet(program: Command, ctx: Ctx): void {
  withGlobals(program.command("get"))
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
    .option("--watch-only", "Watch for changes to the requested object(s), without listing/getting first")
    .action(async (args: string[], o: GetOpts) => {
      if (!args.length) throw new CliError(NO_TYPE);
      if (o.watch || o.watchOnly) return watchGet(ctx, args, o);
      const format = parseOutput(o.output, undefined, { ...o, files: ctx.io.files });
      const template = typeof format === "object" ? format : undefined;
      const sel = parseLabelSelector(o.selector);
      const fieldReqs = parseFields(o.fieldSelector);
      const { types, names } = parseResourceArgs(args);
      const ns = namespaceOf(o);
      const all = !!o.allNamespaces && !names.length;
      const errors: string[] = [];
      const groups: { r: ResourceType; objs: KObject[] }[] = [];
      const now = await session(ctx, o).view((c) => {
        const add = (r: ResourceType, obj: KObject) => {
          const g = groups.find((x) => x.r === r);
          if (g) g.objs.push(obj);
          else groups.push({ r, objs: [obj] });
        };
        // Tables and names need only summaries; yaml, json and field selectors read whole objects.
        // Sorting reads whole objects too: kubectl sorts on any field of them.
        const whole =
          format === "yaml" || format === "json" || !!template || fieldReqs.length > 0 || !!o.sortBy;
        for (const r of types) {
          checkFieldSelector(r, fieldReqs, o.fieldSelector ?? "", o.selector ?? "");
          const scope = all || !r.namespaced ? undefined : ns;
          const objs = whole ? c.api.list(r, scope) : c.api.listSummaries(r, scope);
          groups.push({
            r,
            objs: objs.filter(
              (x) => (!sel || matches(sel, x.metadata.labels)) && matchesFields(r, fieldReqs, x),
            ),
          });
        }
        for (const { r, name } of names) {
          const obj = c.api.get(r, ns, name);
          if (obj) add(r, obj);
          else if (!o.ignoreNotFound) errors.push(formatStatus(notFound(r, name)));
        }
        return c.clock.nowMs();
      });
      const nonEmpty = groups.filter((g) => g.objs.length);
      const table = format === "table" || format === "wide";
      if (o.sortBy && table) sortGetResult(nonEmpty, o.sortBy, "table", names.length > 0, now);
      const objs = nonEmpty.flatMap((g) => g.objs);
      if (o.sortBy && !table)
        sortGetResult([{ objs }], o.sortBy, "list", names.length === 1 && !types.length, now);
      let text = "";
      if (format === "name") {
        text = objs.map((x) => `${nameOf(x)}\n`).join("");
      } else if (format === "yaml" || format === "json") {
        const single = names.length === 1 && types.length === 0;
        if (objs.length || !single) text = printObjects(format, objs, single);
      } else if (template) {
        const single = names.length === 1 && types.length === 0;
        if (objs.length || !single) text = printTemplate(ctx.io, template, objs, single, o.headers === false);
      } else {
        // The kind prefix appears only when the result really holds several kinds.
        const prefixed = nonEmpty.length > 1;
        text = nonEmpty
          .map((g) =>
            printTable(g.r.kind, g.objs, {
              nowMs: now,
              wide: format === "wide",
              allNamespaces: all,
              namespaced: g.r.namespaced,
              showLabels: !!o.showLabels,
              labelColumns: (o.labelColumns ?? []).flatMap((l) => l.split(",")).filter(Boolean),
              noHeaders: o.headers === false,
              namePrefix: prefixed ? `${qualifiedKind(g.r)}/` : undefined,
            }),
          )
          .join("\n");
      }
      ctx.io.out(text);
      // Formats that print objects, not rows, say nothing about an empty result.
      if (!objs.length && !errors.length && format !== "json" && format !== "yaml" && !template) {
        const scoped = !all && groups.some((g) => g.r.namespaced) && !names.length;
        ctx.io.err(scoped ? `No resources found in ${ns} namespace.\n` : "No resources found\n");
      }
      if (errors.length) throw new CliError(errors.join("\n"));
    });
}
