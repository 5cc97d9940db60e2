// kubectl's template printers behind -o: jsonpath, jsonpath-as-json, custom-columns and
// go-template, inline (`-o jsonpath=...`), from a file (`-o jsonpath-file=F`) or from
// --template. The printers themselves live in src/printers; this file only chooses one and
// turns its errors into kubectl's messages.
import type { KObject } from "../api/types.js";
import {
  parseCustomColumnsFile,
  parseCustomColumnsSpec,
  printCustomColumns,
} from "../printers/customcolumns.js";
import { printGoTemplate, TemplateError } from "../printers/gotemplate.js";
import { JsonPathError, printJsonPath } from "../printers/jsonpath.js";
import { InputTooLargeError } from "./input-limit.js";
import { CliError, type IO } from "./io.js";
import { hostFiles, type UserFiles } from "./userfiles.js";

export type TemplateKind = "jsonpath" | "jsonpath-as-json" | "custom-columns" | "go-template";

/** `-o` values that print through a template, and the printer each one selects. */
const KINDS: Record<string, { kind: TemplateKind; file: boolean }> = {
  jsonpath: { kind: "jsonpath", file: false },
  "jsonpath-file": { kind: "jsonpath", file: true },
  "jsonpath-as-json": { kind: "jsonpath-as-json", file: false },
  "custom-columns": { kind: "custom-columns", file: false },
  "custom-columns-file": { kind: "custom-columns", file: true },
  "go-template": { kind: "go-template", file: false },
  "go-template-file": { kind: "go-template", file: true },
  template: { kind: "go-template", file: false },
  templatefile: { kind: "go-template", file: true },
};

export const TEMPLATE_FORMATS = Object.keys(KINDS);

export interface TemplateOutput {
  kind: TemplateKind;
  template: string;
  /** custom-columns-file: a header line and a path line rather than HEADER:PATH pairs. */
  fromFile: boolean;
  allowMissingKeys: boolean;
}

/** The template an `-o` value names, read from its file where it names one. */
export function parseTemplateOutput(
  output: string,
  opts: { template?: string; allowMissingKeys?: string | boolean; files?: UserFiles },
): TemplateOutput {
  const eq = output.indexOf("=");
  const base = eq < 0 ? output : output.slice(0, eq);
  const { kind, file } = KINDS[base];
  // `-o jsonpath --template=...` is the flag form of `-o jsonpath=...`.
  let template = eq < 0 ? (opts.template ?? "") : output.slice(eq + 1);
  if (file && template !== "") {
    try {
      template = (opts.files ?? hostFiles).readFile(template).toString("utf8");
    } catch (e) {
      if (e instanceof InputTooLargeError) throw e;
      const what = kind === "custom-columns" ? "template" : "--template";
      throw new CliError(`error: error reading ${what} ${template}, ${osError(e, template)}`);
    }
  }
  if (template === "") {
    throw new CliError(
      kind === "custom-columns"
        ? "error: custom-columns format specified but no custom columns given"
        : "error: template format specified but no template given",
    );
  }
  const allow = opts.allowMissingKeys;
  return {
    kind,
    template,
    fromFile: file,
    allowMissingKeys: !(allow === false || /^false$/i.test(String(allow))),
  };
}

/** Go's text for a failed open(2). */
function osError(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `open ${path}: no such file or directory`;
  if (code === "EISDIR") return `read ${path}: is a directory`;
  if (code === "EACCES") return `open ${path}: permission denied`;
  return `open ${path}: ${(e as Error).message}`;
}

/**
 * Prints the objects through the template: a single named object as itself, anything else
 * as the List kubectl builds; custom-columns prints one row per object either way. Rows a
 * failing custom-columns template had printed still reach stdout before its error.
 */
export function printTemplate(
  io: IO,
  t: TemplateOutput,
  objs: KObject[],
  single: boolean,
  noHeaders: boolean,
): string {
  const value =
    single && objs.length === 1
      ? objs[0]
      : { apiVersion: "v1", items: objs, kind: "List", metadata: { resourceVersion: "" } };
  try {
    switch (t.kind) {
      case "custom-columns": {
        const columns = t.fromFile ? parseCustomColumnsFile(t.template) : parseCustomColumnsSpec(t.template);
        return printCustomColumns(columns, objs, { noHeaders });
      }
      case "go-template":
        return printGoTemplate(t.template, value, { allowMissingKeys: t.allowMissingKeys });
      default:
        return printJsonPath(t.template, value, {
          allowMissingKeys: t.allowMissingKeys,
          asJson: t.kind === "jsonpath-as-json",
        });
    }
  } catch (e) {
    if (!(e instanceof JsonPathError) && !(e instanceof TemplateError)) throw e;
    if (e.stdout) io.out(e.stdout);
    throw new CliError(`error: ${e.message.replace(/\n$/, "")}`);
  }
}
