// kubectl's `-o jsonpath` dialect (k8s.io/client-go/util/jsonpath), parsed and run the way
// client-go does, quirks included, because scripts depend on its exact output. Values are
// JSON-decoded objects: integers behave as Go's int64, other numbers as float64, null as a
// nil interface. Go iterates maps in random order (`*` and `..` on maps); we use key order.

import { goQuote } from "../golang/fmt.js";
import { compareKeys } from "../golang/sort.js";
import { marshalCompact, toJson } from "./json.js";
import {
  GoFloat,
  JsonPathError,
  type JsonPathTemplate,
  type ListNode,
  type Node,
  type Param,
  parseJsonPath,
} from "./jsonpath-parse.js";

export { GoFloat, JsonPathError, type JsonPathTemplate, parseJsonPath };

// ---- evaluation -------------------------------------------------------------------------

/** An evaluation error, carrying the values client-go returns alongside it. */
class ExecError extends JsonPathError {
  constructor(
    message: string,
    readonly partial: unknown[],
  ) {
    super(message);
  }
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof GoFloat);

/** Children as Go's reflection sees them: map values, slice elements, a string's bytes. */
function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isMap(v))
    return Object.keys(v)
      .sort(compareKeys)
      .map((k) => v[k]);
  if (typeof v === "string") return [...new TextEncoder().encode(v)];
  return [];
}

class Engine {
  private inRange = 0;
  private beginRange = 0;
  private endRange = 0;
  private lastEndNode: Node | undefined;

  constructor(private readonly allowMissingKeys: boolean) {}

  /** One result list per top-level node (per range iteration inside `range`). */
  findResults(data: unknown, nodes: readonly Node[], from = 0): unknown[][] {
    const full: unknown[][] = [];
    for (let i = from; i < nodes.length; i++) {
      const results = this.walk([data], nodes[i]);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = nodes[i];
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        // The body is the rest of the list (client-go's nodes[i+1:], a view in Go: an index
        // here, since copying it per level made nested ranges quadratic).
        // Each item is re-rooted as Go's reflect.ValueOf(item): a null item becomes "no value"
        // (printed as <no value>). An empty range still runs its body once on no value, so
        // its missing-key errors still count.
        for (const v of results) full.push(...this.findResults(v === null ? undefined : v, nodes, i + 1));
        if (results.length === 0) this.findResults(undefined, nodes, i + 1);
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: unknown[], node: Node): unknown[] {
    switch (node.kind) {
      case "list":
        return node.nodes.reduce((cur, n) => this.walk(cur, n), input);
      case "text":
        return [node.text];
      case "literal":
        return input.map(() => node.value);
      case "field":
        return this.field(input, node.name);
      case "array":
        return this.array(input, node.params);
      case "filter":
        return this.filter(input, node);
      case "wildcard":
        return input.flatMap((v) => (v == null ? [] : children(v)));
      case "recursive":
        return this.recursive(input);
      case "union":
        return node.nodes.flatMap((list) => this.list(input, list));
      case "identifier":
        return this.identifier(input, node.name);
    }
  }

  private list(input: unknown[], list: ListNode): unknown[] {
    try {
      return this.walk(input, list);
    } catch (e) {
      if (e instanceof ExecError) throw new ExecError(e.message, input);
      throw e;
    }
  }

  private identifier(input: unknown[], name: string): unknown[] {
    if (name === "range") {
      this.beginRange++;
      return input;
    }
    if (name === "end") {
      if (this.endRange < this.inRange) {
        this.endRange++;
        return [];
      }
      throw new ExecError("not in range, nothing to end", []);
    }
    throw new ExecError(`unrecognized identifier ${name}`, input);
  }

  private field(input: unknown[], name: string): unknown[] {
    if (input.length === 0) return [];
    const results = input
      .filter((v) => isMap(v) && Object.hasOwn(v, name))
      .map((v) => (v as Record<string, unknown>)[name]);
    if (results.length === 0 && !this.allowMissingKeys) throw new ExecError(`${name} is not found`, []);
    return results;
  }

  private array(input: unknown[], params: readonly Param[]): unknown[] {
    const result: unknown[] = [];
    for (const value of input) {
      if (value == null) continue;
      if (!Array.isArray(value)) throw new ExecError(`${goType(value)} is not array or slice`, input);
      const [p0, p1, p2] = params.map((p) => ({ ...p }));
      const len = value.length;
      if (!p0.known) p0.value = 0;
      if (p0.value < 0) p0.value += len;
      if (!p1.known) p1.value = len;
      if (p1.value < 0 || (p1.value === 0 && p1.derived)) p1.value += len;
      // client-go stops at the first empty slice, dropping the inputs after it.
      if (p1.value === p0.value) return result;
      const oob = (i: number) => new ExecError(`array index out of bounds: index ${i}, length ${len}`, input);
      if (p0.value >= len || p0.value < 0) throw oob(p0.value);
      if (p1.value > len || p1.value < 0) throw oob(p1.value - 1);
      if (p0.value > p1.value) {
        throw new ExecError(`starting index ${p0.value} is greater than ending index ${p1.value}`, input);
      }
      const step = p2.known ? p2.value : 1;
      if (step <= 0) throw new ExecError("step must be > 0", input);
      for (let i = p0.value; i < p1.value; i += step) result.push(value[i]);
    }
    return result;
  }

  private filter(input: unknown[], node: Extract<Node, { kind: "filter" }>): unknown[] {
    const results: unknown[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) {
        throw new ExecError(`${goValue(value)} is not array or slice and cannot be filtered`, input);
      }
      for (const item of value) {
        let lefts: unknown[];
        try {
          lefts = this.walk([item], node.left);
        } catch (e) {
          if (!(e instanceof ExecError)) throw e;
          // An existence test ignores the error and keeps whatever client-go returned with it.
          if (node.op === "exists") lefts = e.partial;
          else throw new ExecError(e.message, input);
        }
        if (node.op === "exists") {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        const one = (vals: unknown[]) => {
          if (vals.length > 1) throw new ExecError("can only compare one element at a time", input);
          return vals.length === 1;
        };
        if (!one(lefts)) continue;
        const rights = this.list([item], node.right);
        if (!one(rights)) continue;
        const pass = compare(node.op, lefts[0], rights[0], results);
        if (pass) results.push(item);
      }
    }
    return results;
  }

  private recursive(input: unknown[]): unknown[] {
    const result: unknown[] = [];
    for (const value of input) {
      if (value == null) continue;
      const kids = children(value);
      if (kids.length === 0) continue;
      result.push(value, ...this.recursive(kids));
    }
    return result;
  }
}

type Kind = "bool" | "int" | "float" | "string";

function basicKind(v: unknown, partial: unknown[]): Kind {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "string";
  if (v instanceof GoFloat) return "float";
  if (typeof v === "number") return isInt64(v) ? "int" : "float";
  throw new ExecError("invalid type for comparison", partial);
}

const num = (v: unknown) => (v instanceof GoFloat ? v.value : (v as number));

/** The comparisons of client-go's fork of text/template: no int/float mixing, bools only ==. */
function compare(op: string, a: unknown, b: unknown, partial: unknown[]): boolean {
  const ka = basicKind(a, partial);
  const kb = basicKind(b, partial);
  const incompatible = () => new ExecError("incompatible types for comparison", partial);
  const eq = () => {
    if (ka !== kb) throw incompatible();
    return ka === "string" || ka === "bool" ? a === b : num(a) === num(b);
  };
  const lt = () => {
    if (ka !== kb) throw incompatible();
    if (ka === "bool") throw new ExecError("invalid type for comparison", partial);
    return ka === "string" ? compareKeys(a as string, b as string) < 0 : num(a) < num(b);
  };
  switch (op) {
    case "==":
      return eq();
    case "!=":
      return !eq();
    case "<":
      return lt();
    case "<=":
      return lt() || eq();
    case ">":
      return !(lt() || eq());
    case ">=":
      return !lt();
    default:
      throw new ExecError(`unrecognized filter operator ${op}`, partial);
  }
}

/** Runs a parsed template; throws JsonPathError with client-go's bare reason. */
export function findJsonPathResults(
  tpl: JsonPathTemplate,
  data: unknown,
  opts: { allowMissingKeys: boolean },
): unknown[][] {
  return new Engine(opts.allowMissingKeys).findResults(data, tpl.nodes);
}

/**
 * `kubectl get -o jsonpath=TEMPLATE` (or `jsonpath-as-json` with asJson) for one object or
 * the List kubectl builds for a multi-object get. allowMissingKeys is
 * --allow-missing-template-keys, true unless the user sets it to false.
 */
export function printJsonPath(
  template: string,
  data: unknown,
  opts: { allowMissingKeys?: boolean; asJson?: boolean } = {},
): string {
  if (template === "") throw new JsonPathError("template format specified but no template given");
  let tpl: JsonPathTemplate;
  try {
    tpl = parseJsonPath(template);
  } catch (e) {
    if (e instanceof JsonPathError)
      throw new JsonPathError(`error parsing jsonpath ${template}, ${e.message}\n`);
    throw e;
  }
  let results: unknown[][];
  try {
    results = findJsonPathResults(tpl, data, { allowMissingKeys: opts.allowMissingKeys ?? true });
  } catch (e) {
    if (!(e instanceof JsonPathError)) throw e;
    throw new JsonPathError(
      `error executing jsonpath ${goQuote(template)}: Error executing template: ${e.message}. ` +
        "Printing more information for debugging the template:\n" +
        `\ttemplate was:\n\t\t${template}\n` +
        `\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n\n`,
    );
  }
  if (opts.asJson) return results.map((r) => toJson(r)).join("");
  return results.map((r) => r.map(jsonPathText).join(" ")).join("");
}

/** One result as client-go prints it: maps and slices as compact JSON, the rest with %v. */
function jsonPathText(v: unknown): string {
  if (typeof v === "object" && v !== null && !(v instanceof GoFloat)) return marshalCompact(v);
  if (v === null) return "null";
  if (v === undefined) return "<no value>";
  return goValue(v);
}

// ---- Go's fmt verbs over decoded JSON ----------------------------------------------------

const isInt64 = (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 63;

/** A number as Go prints an int64 or a float64 with %v (shortest %g, exponent from 1e+06). */
export function goNumber(n: number): string {
  if (isInt64(n)) return BigInt(n).toString();
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  const [mant, e] = n.toExponential().split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(n);
}

/** Go's type name of a decoded JSON value, as client-go's errors print it. */
const goType = (v: unknown): string =>
  Array.isArray(v)
    ? "[]interface {}"
    : isMap(v)
      ? "map[string]interface {}"
      : typeof v === "number"
        ? isInt64(v)
          ? "int64"
          : "float64"
        : v instanceof GoFloat
          ? "float64"
          : typeof v === "boolean"
            ? "bool"
            : "string";

/** Go's %v: custom-columns cells and some error texts (`map[a:1 b:[x y]]`, `<nil>`). */
export function goValue(v: unknown): string {
  if (v === null) return "<nil>";
  if (v === undefined) return "<invalid reflect.Value>";
  if (v instanceof GoFloat) return goNumber(v.value);
  if (typeof v === "number") return goNumber(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort(compareKeys);
    return `map[${keys.map((k) => `${k}:${goValue(v[k])}`).join(" ")}]`;
  }
  return String(v);
}

/** Go's %#v of a decoded JSON value, as kubectl dumps the object when a template fails. */
export function goSyntax(v: unknown): string {
  if (v == null) return "interface {}(nil)";
  if (typeof v === "string") return goQuote(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(", ")}}`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort(compareKeys);
    return `map[string]interface {}{${keys.map((k) => `${goQuote(k)}:${goSyntax(v[k])}`).join(", ")}}`;
  }
  return goValue(v);
}
