// What the imperative verbs (run, expose, create deployment|service|namespace) share: the
// object kubectl builds itself is printed by -o in Go's struct field order (kubectl prints
// its typed object, not the server's map), sent to the API server without the client-only
// zero values, and reported as `KIND/NAME created`, `(dry run)` or `(server dry run)`.

import type { KObject } from "../api/types.js";
import { createObject } from "../apiserver/admit.js";
import type { Cluster } from "../cluster/cluster.js";
import type { Ctx } from "./cli.js";
import type { IO } from "./io.js";
import type { OutputFormat } from "./output.js";
import { type DryRun, dryRunSuffix } from "./util/dry-run.js";
import { guessedImageNotes } from "./util/guessed-images.js";
import { toPrinter } from "./util/printer.js";

/** Drops what kubectl's typed object carries but the server ignores (null timestamps, empty status). */
export function forServer(obj: KObject): KObject {
  const out = structuredClone(obj);
  const strip = (o: { metadata?: { creationTimestamp?: string | null } } | undefined) => {
    if (o?.metadata && o.metadata.creationTimestamp === null) delete o.metadata.creationTimestamp;
  };
  strip(out);
  strip(out.spec?.template);
  if (out.status && !Object.keys(out.status).some((k) => k !== "loadBalancer")) delete out.status;
  if (out.spec?.strategy && !Object.keys(out.spec.strategy).length) delete out.spec.strategy;
  return out;
}

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
  const notes = mode === "none" ? guessedImageNotes([obj]) : "";
  if (notes) ctx.io.err(notes);
  return obj;
}

export function describeResult(io: IO, obj: KObject, mode: DryRun, format: OutputFormat, op: string): string {
  const printer = toPrinter(format, io, { builtByClient: mode === "client" });
  return printer.printWritten(obj, `${op}${dryRunSuffix(mode)}`);
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
