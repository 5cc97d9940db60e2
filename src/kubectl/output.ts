// -o for every verb that prints objects: yaml, json, name, wide and the default table,
// so the formats behave the same wherever they appear.
import { byKind, qualifiedKind } from "../apiserver/resources.js";
import type { KObject } from "../apiserver/types.js";
import { toJson } from "../printers/json.js";
import { toYaml } from "../printers/yaml.js";
import { CliError } from "./io.js";

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

export type OutputFormat = "table" | "wide" | "yaml" | "json" | "name";

export function parseOutput(
  o: string | undefined,
  allowed: OutputFormat[] = ["table", "wide", "yaml", "json", "name"],
): OutputFormat {
  if (o === undefined || o === "") return "table";
  const base = o.split("=")[0];
  if (allowed.includes(base as OutputFormat) && base !== "table") return base as OutputFormat;
  if (FORMATS.includes(base)) {
    throw new CliError(`error: output format "${base}" is not supported by kubesim yet`);
  }
  const list = FORMATS.filter((f) => allowed.includes(f as OutputFormat) || !["wide"].includes(f));
  throw new CliError(
    `error: unable to match a printer suitable for the output format "${o}", allowed formats are: ${list.join(",")}`,
  );
}

export function nameOf(o: KObject): string {
  return `${qualifiedKind(byKind(o.kind))}/${o.metadata.name}`;
}

/** One object as itself; several (or a list request) wrapped in a List, as kubectl prints. */
export function printObjects(format: "yaml" | "json", objs: KObject[], single: boolean): string {
  const value =
    single && objs.length === 1
      ? objs[0]
      : { apiVersion: "v1", items: objs, kind: "List", metadata: { resourceVersion: "" } };
  return format === "json" ? toJson(value) : toYaml(value);
}
