// A lab check file: the YAML a lab author writes to say what a learner's cluster should look
// like at the end of a lab. This module reads and validates it into steps; checks.ts
// evaluates them. Reading is strict (unknown keys, wrong types, a JSONPath that does not
// parse are errors naming the step) because a typo in a check would otherwise pass or fail
// for the wrong reason, and the learner cannot tell which.
import { lookupResource, type ResourceType } from "../apiserver/resources.js";
import { YamlToJsonError, yamlToJson } from "../golang/yaml/decode.js";
import { JsonPathError, type JsonPathTemplate, parseJsonPath } from "../printers/jsonpath.js";

export class CheckFileError extends Error {}

export interface FieldCheck {
  path: string;
  tpl: JsonPathTemplate;
  /** undefined: the field must be absent (null in the file). */
  want: string | undefined;
}

/** `$(TYPE/NAME [-n NS] JSONPATH)` in a URL: a value read from an object when the step runs. */
export interface Ref {
  text: string;
  r: ResourceType;
  name: string;
  namespace?: string;
  path: string;
  tpl: JsonPathTemplate;
}

export type FailKind = "refused" | "timeout" | "dns" | "no-route";
export const FAIL_KINDS: FailKind[] = ["refused", "timeout", "dns", "no-route"];

export type From =
  | { kind: "node"; node?: string }
  | { kind: "pod"; pod?: string; selector?: string; container?: string }
  | { kind: "outside" };

export type Step = { name: string; namespace: string } & (
  | { type: "object"; r: ResourceType; object: string; fields: FieldCheck[] }
  | { type: "pod"; pod?: string; selector?: string; count?: number; phase: string; ready: boolean }
  | { type: "endpoints"; service: string; ready: number }
  | {
      type: "curl";
      from: From;
      url: string;
      /** The URL split around its references: text, ref, text, ... */
      parts: (string | Ref)[];
      status?: number;
      contains?: string;
      fails?: FailKind;
    }
);

export interface CheckFile {
  title?: string;
  steps: Step[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads one step's block, remembering where it is for error messages. */
class Block {
  constructor(
    readonly where: string,
    readonly o: Obj,
    allowed: string[],
  ) {
    for (const k of Object.keys(o))
      if (!allowed.includes(k)) throw this.error(`unknown field "${k}" (allowed: ${allowed.join(", ")})`);
  }
  error(msg: string): CheckFileError {
    return new CheckFileError(this.where ? `${this.where}: ${msg}` : msg);
  }
  str(k: string, required: true): string;
  str(k: string, required?: boolean): string | undefined;
  str(k: string, required = false): string | undefined {
    const v = this.o[k];
    if (v === undefined || v === null) {
      if (required) throw this.error(`"${k}" is required`);
      return undefined;
    }
    if (typeof v === "boolean")
      throw this.error(
        `"${k}" must be a string: quote it, since YAML reads yes, no, on, off, y and n as booleans`,
      );
    if (typeof v !== "string" && typeof v !== "number") throw this.error(`"${k}" must be a string`);
    return String(v);
  }
  int(k: string): number | undefined {
    const v = this.o[k];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      throw this.error(`"${k}" must be a whole number, not ${JSON.stringify(v)}`);
    return v;
  }
  bool(k: string): boolean | undefined {
    const v = this.o[k];
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") throw this.error(`"${k}" must be true or false`);
    return v;
  }
}

/** A JSONPath as kubectl takes it, with or without the braces: `.spec.type` or `{.spec.type}`. */
function jsonPath(b: Block, path: string): JsonPathTemplate {
  const src = path.includes("{") ? path : `{${path}}`;
  try {
    return parseJsonPath(src);
  } catch (e) {
    if (e instanceof JsonPathError) throw b.error(`JSONPath ${path}: ${e.message}`);
    throw e;
  }
}

function resource(b: Block, typed: string): ResourceType {
  const r = lookupResource(typed);
  if (!r) throw b.error(`unknown kind "${typed}"`);
  return r;
}

/** Goes with the parenthesis that closes `$(` and skips quoted text, so filters like `[?(@.a=="x")]` work. */
function closing(s: string, open: number): number {
  let depth = 0;
  let quote = "";
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i;
  }
  return -1;
}

export function parseRefs(b: Block, url: string): (string | Ref)[] {
  const parts: (string | Ref)[] = [];
  let at = 0;
  for (let i = url.indexOf("$(", at); i >= 0; i = url.indexOf("$(", at)) {
    const end = closing(url, i + 1);
    if (end < 0) throw b.error(`unclosed "$(" in ${url}`);
    if (i > at) parts.push(url.slice(at, i));
    const text = url.slice(i, end + 1);
    const m = /^\s*(\S+?)\/(\S+)\s+(?:-n\s+(\S+)\s+)?(.+?)\s*$/.exec(url.slice(i + 2, end));
    if (!m)
      throw b.error(`${text}: write $(TYPE/NAME [-n NAMESPACE] JSONPATH), e.g. $(svc/web .spec.clusterIP)`);
    parts.push({
      text,
      r: resource(b, m[1]),
      name: m[2],
      namespace: m[3],
      path: m[4],
      tpl: jsonPath(b, m[4]),
    });
    at = end + 1;
  }
  if (at < url.length) parts.push(url.slice(at));
  return parts;
}

function parseFrom(b: Block, v: string | undefined): From {
  const words = (v ?? "node").trim().split(/\s+/);
  if (words[0] === "outside" && words.length === 1) return { kind: "outside" };
  if (words[0] === "node" && words.length <= 2) return { kind: "node", node: words[1] };
  // A Deployment's pods have generated names: `pod -l name=deployment` takes the first running one.
  if (words[0] === "pod" && words[1] === "-l" && (words.length === 3 || words.length === 4))
    return { kind: "pod", selector: words[2], container: words[3] };
  if (words[0] === "pod" && (words.length === 2 || words.length === 3))
    return { kind: "pod", pod: words[1], container: words[2] };
  throw b.error(
    `"from" is "node [NAME]", "pod NAME [CONTAINER]", "pod -l SELECTOR [CONTAINER]" or "outside", not "${v}"`,
  );
}

const BASE = ["name", "namespace"];

function parseStep(raw: unknown, i: number, ns: string): Step {
  const where = `step ${i + 1}`;
  if (!isObj(raw))
    throw new CheckFileError(`${where}: a step is a mapping, e.g. {name: ..., pod: {name: testpod}}`);
  const types = ["object", "pod", "endpoints", "curl"];
  const present = Object.keys(raw).filter((k) => types.includes(k));
  const outer = new Block(where, raw, [...BASE, ...types]);
  if (present.length !== 1)
    throw outer.error(
      `a step has exactly one of ${types.join(", ")}${present.length ? ` (found ${present.join(", ")})` : ""}`,
    );
  const type = present[0];
  const given = outer.str("name");
  const body = raw[type];
  if (!isObj(body)) throw outer.error(`"${type}" must be a mapping`);
  const b = new Block(`${where}${given ? ` (${given})` : ""}, ${type}`, body, [
    ...stepFields[type],
    "namespace",
  ]);
  const namespace = b.str("namespace") ?? outer.str("namespace") ?? ns;
  const step = builders[type](b, namespace);
  return { ...step, name: given ?? step.name, namespace } as Step;
}

const stepFields: Record<string, string[]> = {
  object: ["kind", "name", "fields"],
  pod: ["name", "selector", "count", "phase", "ready"],
  endpoints: ["service", "ready"],
  curl: ["from", "url", "status", "contains", "fails"],
};

type Draft = Omit<Step, "namespace">;

const builders: Record<string, (b: Block, ns: string) => Draft> = {
  object(b) {
    const kind = b.str("kind", true);
    const r = resource(b, kind);
    const name = b.str("name", true);
    const raw = b.o.fields ?? {};
    if (!isObj(raw)) throw b.error(`"fields" maps a JSONPath to the value it must have`);
    const fields = Object.entries(raw).map(([path, v]): FieldCheck => {
      if (isObj(v) || Array.isArray(v))
        throw b.error(`fields: ${path}: the expected value must be a scalar (or null for "not set")`);
      return { path, tpl: jsonPath(b, path), want: v === null ? undefined : String(v) };
    });
    return {
      type: "object",
      r,
      object: name,
      fields,
      name: `${r.kind} ${name} exists${fields.length ? " as expected" : ""}`,
    };
  },
  pod(b) {
    const pod = b.str("name");
    const selector = b.str("selector");
    if ((pod === undefined) === (selector === undefined))
      throw b.error(`give "name" or "selector" (one of them)`);
    const count = b.int("count");
    if (count !== undefined && pod) throw b.error(`"count" goes with "selector"`);
    const phase = b.str("phase") ?? "Running";
    const ready = b.bool("ready") ?? phase === "Running";
    const what = pod ? `pod ${pod}` : `pods ${selector}`;
    return {
      type: "pod",
      pod,
      selector,
      count,
      phase,
      ready,
      name: `${what} ${phase}${ready ? " and ready" : ""}`,
    };
  },
  endpoints(b) {
    const service = b.str("service", true);
    const ready = b.int("ready");
    if (ready === undefined) throw b.error(`"ready" (the number of ready endpoints) is required`);
    return {
      type: "endpoints",
      service,
      ready,
      name: `Service ${service} has ${ready} ready endpoint${ready === 1 ? "" : "s"}`,
    };
  },
  curl(b) {
    const fromText = b.str("from");
    const from = parseFrom(b, fromText);
    const url = b.str("url", true);
    const status = b.int("status");
    const contains = b.str("contains");
    const failsText = b.str("fails");
    if (failsText !== undefined && !FAIL_KINDS.includes(failsText as FailKind))
      throw b.error(`"fails" is one of ${FAIL_KINDS.join(", ")}, not "${failsText}"`);
    if (failsText !== undefined && (status !== undefined || contains !== undefined))
      throw b.error(`"fails" cannot go with "status" or "contains"`);
    const fails = failsText as FailKind | undefined;
    const expect = fails
      ? `fails (${fails})`
      : `gets ${status ?? 200}${contains ? ` and "${contains}"` : ""}`;
    return {
      type: "curl",
      from,
      url,
      parts: parseRefs(b, url),
      status: fails ? undefined : (status ?? 200),
      contains,
      fails,
      name: `curl ${url} from ${fromText ?? "node"} ${expect}`,
    };
  },
};

/** Parses a check file's text; throws CheckFileError saying where and what is wrong. */
export function parseCheckFile(text: string, namespace = "default"): CheckFile {
  let doc: unknown;
  try {
    doc = yamlToJson(text);
  } catch (e) {
    if (e instanceof YamlToJsonError) throw new CheckFileError(`not valid YAML: ${e.message}`);
    throw e;
  }
  if (!isObj(doc)) throw new CheckFileError('a check file is a mapping with a "steps" list');
  const top = new Block("", doc, ["name", "namespace", "steps"]);
  const steps = doc.steps;
  if (!Array.isArray(steps) || !steps.length)
    throw top.error('"steps" must be a list with at least one step');
  const ns = top.str("namespace") ?? namespace;
  return { title: top.str("name"), steps: steps.map((s, i) => parseStep(s, i, ns)) };
}
