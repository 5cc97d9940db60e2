// `kubectl wait --for=jsonpath='{EXPR}'[=VALUE]`: kubectl's parsing of the flag (with its
// error texts, all raised before any request) and its test of one object against it.
import type { KObject } from "../../api/types.js";
import { relaxedJsonPathExpression } from "../../printers/customcolumns.js";
import {
  findJsonPathResults,
  GoFloat,
  goValue,
  JsonPathError,
  type JsonPathTemplate,
  parseJsonPath,
} from "../../printers/jsonpath.js";
import { CliError } from "../io.js";

export interface JsonPathWait {
  template: JsonPathTemplate;
  /** undefined: any value found satisfies the wait (the value-less form). */
  value?: string;
}

const FORMAT =
  "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'";

/**
 * Splits on single '=' only: '==' stays inside a part, so a filter such as
 * `[?(@.type=="Ready")]` survives (kubectl's splitJSONPathInput).
 */
function splitOnSingleEquals(input: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== "=") {
      cur += input[i];
    } else if (input[i + 1] === "=") {
      cur += "==";
      i++;
    } else {
      out.push(cur);
      cur = "";
    }
  }
  out.push(cur);
  return out;
}

/** Parses what follows `jsonpath=`; throws CliError with kubectl's words. */
export function parseJsonPathWait(input: string): JsonPathWait {
  const parts = splitOnSingleEquals(input);
  if (parts.length > 2) throw new CliError(FORMAT);
  let expr: string;
  try {
    expr = relaxedJsonPathExpression(parts[0]);
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(`error: ${e.message}`);
    throw e;
  }
  let value: string | undefined;
  if (parts.length === 2) {
    // Go's strings.Trim(v, `'"`): quotes the shell left in are dropped from both ends.
    value = parts[1].replace(/^['"]+|['"]+$/g, "");
    if (value === "")
      throw new CliError(
        "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3",
      );
  }
  if (expr === "") throw new CliError("error: jsonpath expression cannot be empty");
  try {
    return { template: parseJsonPath(expr), value };
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(`error: ${e.message}`);
    throw e;
  }
}

const isNested = (v: unknown) => typeof v === "object" && v !== null && !(v instanceof GoFloat);

/**
 * Whether obj satisfies the wait: nothing found keeps waiting; more than one value, or a
 * map or list compared with a value, is an error that ends the wait (kubectl's checkCondition).
 */
export function jsonPathHolds(w: JsonPathWait, obj: KObject): boolean {
  let results: unknown[][];
  try {
    results = findJsonPathResults(w.template, obj, { allowMissingKeys: true });
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(`error: ${e.message}`);
    throw e;
  }
  if (!results.length || !results[0].length) return false;
  if (results.length > 1) throw new CliError("error: given jsonpath expression matches more than one list");
  if (results[0].length > 1)
    throw new CliError("error: given jsonpath expression matches more than one value");
  if (w.value === undefined) return true;
  const found = results[0][0];
  if (isNested(found))
    throw new CliError("error: jsonpath leads to a nested object or list which is not supported");
  return goValue(found).trim() === w.value.trim();
}
