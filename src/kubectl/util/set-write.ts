// How the `set` verbs send a changed object (CalculatePatches then Patch in kubectl): an
// unchanged object is skipped, a client dry run prints the changed object as kubectl holds
// it, otherwise the server's result is printed with the verb's words ("env updated").
import type { KObject } from "../../api/types.js";
import { updateObject } from "../../apiserver/admit.js";
import type { AdmissionContext } from "../../apiserver/context.js";
import { StatusError } from "../../apiserver/errors.js";
import type { ErrorList } from "../errors.js";
import type { IO } from "../io.js";
import { type OutputFormat, parseOutput } from "../output.js";
import { type DryRun, dryRunMode, dryRunSuffix } from "./dry-run.js";
import { toPrinter } from "./printer.js";

export interface SetWrite {
  mode: DryRun;
  format: OutputFormat;
}

export function setWriteOptions(io: IO, output: string | undefined, dryRun: string | undefined): SetWrite {
  return {
    mode: dryRunMode(dryRun),
    format: parseOutput(output, ["table", "yaml", "json", "name", "template"], { files: io.files }),
  };
}

/**
 * The object as kubectl's typed decoding holds it: a pod template's ObjectMeta marshals its
 * zero creationTimestamp as null.
 */
function typedRoundTrip(obj: KObject): KObject {
  const out = structuredClone(obj);
  const templates = [out.spec?.template, out.spec?.jobTemplate, out.spec?.jobTemplate?.spec?.template];
  for (const t of templates) {
    if (t && typeof t === "object") {
      t.metadata ??= {};
      if (t.metadata.creationTimestamp === undefined) t.metadata.creationTimestamp = null;
    }
  }
  return out;
}

/** Sends `next` over `old`; `failure` is kubectl's words before a server refusal. */
export function writeSet(
  c: AdmissionContext,
  io: IO,
  w: SetWrite,
  old: KObject,
  next: KObject,
  action: string,
  failure: string,
  errors: ErrorList,
  alwaysSend = false,
): void {
  if (!alwaysSend && JSON.stringify(old) === JSON.stringify(next)) return;
  const printer = toPrinter(w.format, io);
  if (w.mode === "client") {
    io.out(printer.printWritten(typedRoundTrip(next), `${action}${dryRunSuffix(w.mode)}`));
    return;
  }
  let actual: KObject;
  try {
    actual = updateObject(c, next, old, { dryRun: w.mode === "server", verb: "patch" });
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    errors.message(`${failure}${e.message}`);
    return;
  }
  io.out(printer.printWritten(actual, `${action}${dryRunSuffix(w.mode)}`));
}
