// kubectl's printers (k8s.io/cli-runtime/pkg/printers) behind one interface: a verb asks
// toPrinter for the -o it parsed and prints through it, so -o works the same in every verb
// and no verb branches on the format's name.

import type { KObject } from "../../api/types.js";
import { qualifiedKind, type ResourceType } from "../../apiserver/resources.js";
import { printTable } from "../../printers/table/print.js";
import { toYaml } from "../../printers/yaml.js";
import type { IO } from "../io.js";
import { nameOf, type OutputFormat, printObjects } from "../output.js";
import { printTemplate, type TemplateOutput } from "../templates.js";
import { toTypedJson } from "./typed-json.js";

/** What get found: the objects of each type, in the order of the types asked for. */
export interface Group {
  r: ResourceType;
  objs: KObject[];
}

/**
 * What get prints: tables print the groups, each sorted within itself by --sort-by; the
 * other printers print all the objects as one list, sorted across kinds.
 */
export interface Found {
  groups: Group[];
  objs: KObject[];
}

/** How get prints a list; tables use all of it, the other printers `single` and `noHeaders`. */
export interface ListOptions {
  /** One object asked for by name: printed as itself rather than as a List. */
  single: boolean;
  noHeaders: boolean;
  nowMs: number;
  allNamespaces: boolean;
  showLabels: boolean;
  labelColumns: string[];
}

export interface ResourcePrinter {
  /** kubectl's IsHumanReadablePrinter: the tables, whose rows get sorts kind by kind. */
  readonly humanReadable: boolean;
  /** The table shows the wide columns. */
  readonly wide: boolean;
  /**
   * yaml, json and templates print the objects themselves: they need whole objects rather
   * than summaries, and an empty result is an empty List, not "No resources found".
   */
  readonly printsObjects: boolean;
  /** What the printer writes between two documents it prints (yaml's `---`). */
  readonly documentSeparator: string;
  /** A list as get prints it. */
  printList(found: Found, o: ListOptions): string;
  /** One object a verb wrote, and what it did ("created", "configured (dry run)"). */
  printWritten(obj: KObject, action: string): string;
}

export interface PrinterOptions {
  /**
   * The objects are kubectl's own typed ones (a client-side dry run of run, expose or
   * create deployment), whose JSON keeps Go's struct field order.
   */
  builtByClient?: boolean;
}

/** The printer for a parsed -o; `io` carries what a failing template had printed. */
export function toPrinter(format: OutputFormat, io: IO, opts: PrinterOptions = {}): ResourcePrinter {
  if (typeof format === "object") return templatePrinter(format, io);
  switch (format) {
    case "yaml":
    case "json":
      return documentPrinter(format, !!opts.builtByClient);
    case "name":
      return namePrinter;
    default:
      return tablePrinter(format === "wide");
  }
}

/** A name asked for and not found prints nothing, where a list that is empty prints an empty List. */
function printsNothing(objs: KObject[], o: ListOptions): boolean {
  return !objs.length && o.single;
}

function documentPrinter(format: "yaml" | "json", built: boolean): ResourcePrinter {
  return {
    humanReadable: false,
    wide: false,
    printsObjects: true,
    documentSeparator: format === "yaml" ? "---\n" : "",
    printList({ objs }, o) {
      return printsNothing(objs, o) ? "" : printObjects(format, objs, o.single);
    },
    printWritten(obj) {
      if (!built) return printObjects(format, [obj], true);
      return format === "json" ? toTypedJson(obj) : toYaml(obj);
    },
  };
}

function templatePrinter(t: TemplateOutput, io: IO): ResourcePrinter {
  return {
    humanReadable: false,
    wide: false,
    printsObjects: true,
    documentSeparator: "",
    printList({ objs }, o) {
      return printsNothing(objs, o) ? "" : printTemplate(io, t, objs, o.single, o.noHeaders);
    },
    printWritten: (obj) => printTemplate(io, t, [obj], true, false),
  };
}

const namePrinter: ResourcePrinter = {
  humanReadable: false,
  wide: false,
  printsObjects: false,
  documentSeparator: "",
  printList: ({ objs }) => objs.map((x) => `${nameOf(x)}\n`).join(""),
  printWritten: (obj) => `${nameOf(obj)}\n`,
};

function tablePrinter(wide: boolean): ResourcePrinter {
  return {
    humanReadable: true,
    wide,
    printsObjects: false,
    documentSeparator: "",
    printList({ groups }, o) {
      // The kind prefix appears only when the result really holds several kinds.
      const prefixed = groups.length > 1;
      return groups
        .map((g) =>
          printTable(g.r, g.objs, {
            nowMs: o.nowMs,
            wide,
            allNamespaces: o.allNamespaces,
            namespaced: g.r.namespaced,
            showLabels: o.showLabels,
            labelColumns: o.labelColumns,
            noHeaders: o.noHeaders,
            namePrefix: prefixed ? `${qualifiedKind(g.r)}/` : undefined,
          }),
        )
        .join("\n");
    },
    // kubectl's default for a write is a line saying what happened, not a table.
    printWritten: (obj, action) => `${nameOf(obj)} ${action}\n`,
  };
}

/**
 * The -o of the verbs that offer only `-o name` (label, annotate, scale, set image): any
 * other value prints kubectl's success line, as kubesim has always done rather than refuse it.
 */
export function nameOnlyOutput(output: string | undefined): OutputFormat {
  return output === "name" ? "name" : "table";
}
