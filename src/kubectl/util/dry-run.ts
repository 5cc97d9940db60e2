// --dry-run as kubectl reads it (a bare flag meaning client), and the words a dry run adds to
// a success line, shared by every verb that writes.
import { CliError } from "../io.js";

export type DryRun = "none" | "client" | "server";

export function dryRunMode(v: string | undefined): DryRun {
  if (v === undefined || v === "none") return "none";
  if (v === "client" || v === "server" || v === "true") return v === "true" ? "client" : v;
  throw new CliError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** What kubectl appends to `KIND/NAME created` when nothing was written. */
export function dryRunSuffix(mode: DryRun): string {
  return mode === "client" ? " (dry run)" : mode === "server" ? " (server dry run)" : "";
}
