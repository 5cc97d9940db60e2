// apimachinery's field.Error and kubectl's rendering of an Invalid status.

import { quote } from "../../../golang/strconv.js";
import { goValue } from "../gofmt.js";

export interface FieldError {
  type: "Required" | "Invalid" | "Unsupported" | "Duplicate" | "Forbidden" | "NotFound" | "TooLong";
  field: string;
  value?: unknown;
  detail?: string;
  /** For Unsupported: the supported values, already in the order Go lists them. */
  supported?: string[];
}

export const required = (field: string, detail?: string): FieldError => ({ type: "Required", field, detail });
export const forbidden = (field: string, detail: string): FieldError => ({
  type: "Forbidden",
  field,
  detail,
});
export const invalid = (field: string, value: unknown, detail: string): FieldError => ({
  type: "Invalid",
  field,
  value,
  detail,
});
export const duplicate = (field: string, value: unknown, detail?: string): FieldError => ({
  type: "Duplicate",
  field,
  value,
  detail,
});
export const notFound = (field: string, value: unknown, detail?: string): FieldError => ({
  type: "NotFound",
  field,
  value,
  detail,
});
export const notSupported = (field: string, value: unknown, supported: readonly string[]): FieldError => ({
  type: "Unsupported",
  field,
  value,
  supported: [...supported],
});
export const tooLong = (field: string, maxBytes: number): FieldError => ({
  type: "TooLong",
  field,
  detail: `must have at most ${maxBytes} bytes`,
});

/** Go's sets.List: sorted by code unit, as Go sorts strings by bytes. */
export const sortedList = (xs: Iterable<string>): string[] =>
  [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const TYPE_TEXT: Record<FieldError["type"], string> = {
  Required: "Required value",
  Invalid: "Invalid value",
  Unsupported: "Unsupported value",
  Duplicate: "Duplicate value",
  Forbidden: "Forbidden",
  NotFound: "Not found",
  TooLong: "Too long",
};

/** field.Error.ErrorBody: everything after "<field>: ". */
export function errorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  if (e.type !== "Required" && e.type !== "Forbidden" && e.type !== "TooLong") s += `: ${goValue(e.value)}`;
  let detail = e.detail ?? "";
  if (e.type === "Unsupported" && e.supported && e.supported.length > 0) {
    detail = `supported values: ${e.supported.map((s) => quote(s)).join(", ")}`;
  }
  return detail ? `${s}: ${detail}` : s;
}

/** field.Error.Error(), e.g. `spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`. */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/**
 * kubectl's text for an Invalid status (cmdutil checkErr): one cause on the same line,
 * several as "* " lines under a first line that ends in ": ". No trailing newline.
 */
export function formatInvalid(kind: string, name: string, errs: readonly FieldError[]): string {
  const head = `The ${kind} ${quote(name)} is invalid`;
  if (errs.length === 0) return head;
  if (errs.length === 1) return `${head}: ${formatFieldError(errs[0])}`;
  return [`${head}: `, ...errs.map((e) => `* ${formatFieldError(e)}`)].join("\n");
}

/**
 * The Status message itself (apierrors.NewInvalid), which kubectl prints in aggregated
 * errors: `Deployment.apps "web" is invalid: [a, b]`. `group` is "" for the core group.
 */
export function invalidStatusMessage(
  kind: string,
  group: string,
  name: string,
  errs: readonly FieldError[],
): string {
  const gk = group ? `${kind}.${group}` : kind;
  const msgs = [...new Set(errs.map(formatFieldError))];
  if (msgs.length === 0) return `${gk} ${quote(name)} is invalid`;
  const agg = msgs.length === 1 ? msgs[0] : `[${msgs.join(", ")}]`;
  return `${gk} ${quote(name)} is invalid: ${agg}`;
}

/** Path helpers mirroring field.Path: child ".x", index "[i]", key "[k]". */
export const child = (p: string, ...names: string[]) =>
  names.reduce((acc, n) => (acc ? `${acc}.${n}` : n), p);
export const index = (p: string, i: number) => `${p}[${i}]`;
export const key = (p: string, k: string) => `${p}[${k}]`;
