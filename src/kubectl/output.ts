// -o for every verb that prints objects: yaml, json, name, wide and the default table,
// so the formats behave the same wherever they appear.

import type { KObject } from "../api/types.js";
import { qualifiedKindOf } from "../apiserver/resources.js";
import { toJson } from "../printers/json.js";
import { toYaml } from "../printers/yaml.js";
import { CliError } from "./io.js";
import { parseTemplateOutput, TEMPLATE_FORMATS, type TemplateOutput } from "./templates.js";
import type { UserFiles } from "./userfiles.js";

export const FORMATS = [
  "custom-columns",
  "custom-columns-file",
  "go-template",
  "go-template-file",
  "json",
  "jsonpath",
  "jsonpath-as-json",
  "jsonpath-file",
  "name",
  "template",
  "templatefile",
  "wide",
  "yaml",
];

/** What a verb prints: a table, an object format, or a template printer (templates.ts). */
export type OutputFormat = "table" | "wide" | "yaml" | "json" | "name" | TemplateOutput;

/** The -o values a verb offers; "template" stands for jsonpath, go-template and their kin. */
export type AllowedFormat = "table" | "wide" | "yaml" | "json" | "name" | "template";

/**
 * What -o asks for, checked against what the verb can print. Only `get` prints tables, so
 * only it offers wide and custom-columns; verbs that print objects list the others.
 */
export function parseOutput(
  o: string | undefined,
  allowed: AllowedFormat[] = ["table", "wide", "yaml", "json", "name", "template"],
  flags: { template?: string; allowMissingTemplateKeys?: string | boolean; files?: UserFiles } = {},
): OutputFormat {
  // kubectl's PrintFlags: --template without -o selects go-template.
  if ((o === undefined || o === "") && flags.template && allowed.includes("template")) o = "go-template";
  if (o === undefined || o === "") return "table";
  const base = o.split("=")[0];
  const tables = allowed.includes("wide");
  const offered = FORMATS.filter((f) => (f === "wide" || f.startsWith("custom-columns") ? tables : true));
  if (allowed.includes(base as AllowedFormat) && base !== "table" && base !== "template")
    return base as OutputFormat;
  if (TEMPLATE_FORMATS.includes(base) && offered.includes(base)) {
    if (allowed.includes("template"))
      return parseTemplateOutput(o, {
        template: flags.template,
        allowMissingKeys: flags.allowMissingTemplateKeys,
        files: flags.files,
      });
    throw new CliError(`error: output format "${base}" is not supported by kubesim yet`);
  }
  throw new CliError(
    `error: unable to match a printer suitable for the output format "${o}", allowed formats are: ${offered.join(",")}`,
  );
}

export function nameOf(o: KObject): string {
  return `${qualifiedKindOf(o)}/${o.metadata.name}`;
}

/** One object as itself; several (or a list request) wrapped in a List, as kubectl prints. */
export function printObjects(format: "yaml" | "json", objs: KObject[], single: boolean): string {
  const value =
    single && objs.length === 1
      ? objs[0]
      : { apiVersion: "v1", items: objs, kind: "List", metadata: { resourceVersion: "" } };
  return format === "json" ? toJson(value) : toYaml(value);
}
