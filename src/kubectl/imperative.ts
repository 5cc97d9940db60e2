// What the imperative verbs (run, expose, create deployment|service|namespace) share: the
// object kubectl builds itself is printed by -o in Go's struct field order (kubectl prints
// its typed object, not the server's map), sent to the API server without the client-only
// zero values, and reported as `KIND/NAME created`, `(dry run)` or `(server dry run)`.
import { createObject } from "../apiserver/admit.js";
import type { KObject } from "../apiserver/types.js";
import type { Cluster } from "../cluster/cluster.js";
import { compareKeys } from "../golang/sort.js";
import { goQuote } from "../printers/json.js";
import { toYaml } from "../printers/yaml.js";
import type { Ctx } from "./cli.js";
import type { IO } from "./io.js";
import { nameOf, type OutputFormat, printObjects } from "./output.js";
import { printTemplate } from "./templates.js";

/** Fields that are Go maps (printed sorted); everything else keeps the order it was built in. */
const MAP_FIELDS = new Set(["labels", "annotations", "selector", "matchLabels", "nodeSelector"]);

function write(v: unknown, depth: number, sortKeys: boolean): string {
  if (v === null) return "null";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const pad = "    ".repeat(depth + 1);
  const close = `\n${"    ".repeat(depth)}`;
  if (Array.isArray(v)) {
    if (!v.length) return "[]";
    return `[${v.map((x) => `\n${pad}${write(x, depth + 1, false)}`).join(",")}${close}]`;
  }
  let entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (!entries.length) return "{}";
  if (sortKeys) entries = entries.sort(([a], [b]) => compareKeys(a, b));
  return `{${entries.map(([k, x]) => `\n${pad}${goQuote(k)}: ${write(x, depth + 1, MAP_FIELDS.has(k))}`).join(",")}${close}}`;
}

/** json.MarshalIndent of a typed object: struct fields in declaration order, maps sorted. */
export function toTypedJson(obj: unknown): string {
  return `${write(obj, 0, false)}\n`;
}

/** The built object as a client-side dry run prints it. */
export function printBuilt(format: "yaml" | "json", obj: KObject): string {
  return format === "json" ? toTypedJson(obj) : toYaml(obj);
}

/** Drops what kubectl's typed object carries but the server ignores (null timestamps, empty status). */
export function forServer(obj: KObject): KObject {
  const out = structuredClone(obj);
  const strip = (o: any) => {
    if (o?.metadata && o.metadata.creationTimestamp === null) delete o.metadata.creationTimestamp;
  };
  strip(out);
  strip(out.spec?.template);
  if (out.status && !Object.keys(out.status).some((k) => k !== "loadBalancer")) delete out.status;
  if (out.spec?.strategy && !Object.keys(out.spec.strategy).length) delete out.spec.strategy;
  return out;
}

export type DryRun = "none" | "client" | "server";

/**
 * Creates (or pretends to) one built object and prints it as kubectl does: the built object
 * for a client dry run, the server's answer otherwise.
 */
export function createBuilt(
  c: Cluster,
  ctx: Ctx,
  built: KObject,
  ns: string,
  mode: DryRun,
  format: OutputFormat,
  op = "created",
): KObject {
  const obj =
    mode === "client" ? built : createObject(c, forServer(built), ns, { dryRun: mode === "server" });
  ctx.io.out(describeResult(ctx.io, obj, mode, format, op));
  return obj;
}

export function describeResult(io: IO, obj: KObject, mode: DryRun, format: OutputFormat, op: string): string {
  if (typeof format === "object") return printTemplate(io, format, [obj], true, false);
  if (format === "yaml" || format === "json")
    return mode === "client" ? printBuilt(format, obj) : printObjects(format, [obj], true);
  if (format === "name") return `${nameOf(obj)}\n`;
  const suffix = mode === "client" ? " (dry run)" : mode === "server" ? " (server dry run)" : "";
  return `${nameOf(obj)} ${op}${suffix}\n`;
}

/** `--tcp=80` / `--tcp=80:8080` style lists and `k=v,k2=v2` label lists. */
export function parseKeyValues(spec: string, what: (item: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of spec.split(",")) {
    const i = item.indexOf("=");
    if (i <= 0) throw new Error(what(item));
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

/** An int-or-string (targetPort): numbers stay numbers. */
export function intOrString(s: string): number | string {
  return /^\d+$/.test(s) ? Number(s) : s;
}
