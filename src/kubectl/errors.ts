// kubectl's error formatting (cmdutil.CheckErr / StandardErrorMessage): one place that
// turns an API Status into the words users see.
import { StatusError } from "../apiserver/errors.js";
import { CliError } from "./io.js";

export interface ErrorSource {
  file: string;
  /** What kubectl was doing: "creating", "deleting", or apply's "retrieving current configuration of:…from server for:". */
  verb: string;
}

export function formatStatus(e: StatusError, src?: ErrorSource): string {
  if (e.reason === "Invalid" && e.details?.causes) {
    const head = `The ${e.details.kind} "${e.details.name}" is invalid: `;
    if (e.details.causes.length === 1) return head + e.details.causes[0];
    return `${head}\n${e.details.causes.map((c) => `* ${c}`).join("\n")}`;
  }
  return standardMessage(e, src);
}

/**
 * StandardErrorMessage: how kubectl prints a Status inside an aggregate, where even an
 * Invalid one keeps its server message (`Error from server (Invalid): error when creating
 * "f.yaml": Widget.toys.example.com "cog" is invalid: ...`).
 */
function standardMessage(e: StatusError, src?: ErrorSource): string {
  const msg = src ? `error when ${src.verb} "${src.file}": ${e.message}` : e.message;
  return `Error from server (${e.reason}): ${msg}`;
}

/** Any thrown error as kubectl would print it. */
export function toCliError(e: unknown, src?: ErrorSource): CliError {
  if (e instanceof CliError) return e;
  if (e instanceof StatusError) return new CliError(formatStatus(e, src));
  const m = e instanceof Error ? e.message : String(e);
  return new CliError(m.startsWith("error:") ? m : `error: ${m}`);
}

/**
 * The errors of a command that goes on after a failure (apply, create, delete -f): kubectl
 * prints a lone error in full (`error: ...`, `Error from server ...`) and several as an
 * aggregate, one per line, with plain errors losing their `error: ` prefix.
 */
export class ErrorList {
  private readonly items: { single: string; aggregate: string }[] = [];

  status(e: StatusError, src?: ErrorSource): void {
    this.items.push({ single: formatStatus(e, src), aggregate: standardMessage(e, src) });
  }

  /** A plain error, given without its `error: ` prefix. */
  message(msg: string): void {
    this.items.push({ single: `error: ${msg}`, aggregate: msg });
  }

  /** A text already in its final single form, printed the same either way. */
  raw(single: string, aggregate = single): void {
    this.items.push({ single, aggregate });
  }

  get length(): number {
    return this.items.length;
  }

  throwIfAny(): void {
    if (!this.items.length) return;
    if (this.items.length === 1) throw new CliError(this.items[0].single);
    throw new CliError(this.items.map((i) => i.aggregate).join("\n"));
  }
}
