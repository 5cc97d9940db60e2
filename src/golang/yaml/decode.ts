// sigs.k8s.io/yaml's YAMLToJSON: go-yaml v2 decodes one document into Go values, map keys
// are stringified, and encoding/json turns the result into the JSON that kubectl actually
// works with. Errors carry the exact text kubectl prints after "error converting YAML to JSON: ".

import { must } from "../../util/must.js";
import { compareKeys } from "../sort.js";
import { composerError, YamlError } from "./errors.js";
import { parseFirstDocument, type YamlNode } from "./parser.js";
import { formatFloatG, type Resolved, resolvePlain } from "./resolve.js";

const TAG = "tag:yaml.org,2002:";
const RESOLVABLE = new Set(
  ["", "str", "bool", "int", "float", "null", "timestamp"].map((t) => (t ? TAG + t : t)),
);

export class YamlToJsonError extends Error {}

/**
 * kubesim's own limit on how deep a decoded document may nest. go-yaml stops at 10000
 * levels of flow or block nesting (the scanner's "exceeded max depth of 10000"); kubesim's
 * printers, patches and store walk objects recursively, so it stops sooner, with its own
 * message, rather than overflow the JavaScript stack.
 */
export const MAX_OBJECT_DEPTH = 1000;

/** A YamlToJsonError, so that every caller reports it; its text is kubesim's own. */
export class NestingTooDeepError extends YamlToJsonError {
  constructor() {
    super(`kubesim: the object nests deeper than ${MAX_OBJECT_DEPTH} levels, more than kubesim supports`);
  }
}

/** Throws NestingTooDeepError for a JSON value deeper than MAX_OBJECT_DEPTH (checked without recursion). */
export function checkDepth(value: unknown): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = must(stack.pop(), "a YAML depth check popped an empty stack");
    if (v === null || typeof v !== "object") continue;
    if (d >= MAX_OBJECT_DEPTH) throw new NestingTooDeepError();
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
}

// go-yaml v2.2.8+ (decode.go) refuses documents whose aliases expand too much (CVE-2019-11253,
// "billion laughs"): past 1000 decoded nodes, at most 99% of them may come from aliases, falling
// to 10% between 400,000 and 4,000,000 nodes.
const ALIAS_RATIO_RANGE_LOW = 400_000;
const ALIAS_RATIO_RANGE_HIGH = 4_000_000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1;
  return (
    0.99 - (0.89 * (decodeCount - ALIAS_RATIO_RANGE_LOW)) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW)
  );
}

type Value = string | number | boolean | null | Value[] | Map<string, Value>;

const shortTag = (tag: string) => (tag.startsWith(TAG) ? `!!${tag.slice(TAG.length)}` : tag);

/** A value in Go's %#v notation (fmt prints map keys sorted), for the few errors that print one. */
function goSyntax(v: unknown, nested = false): string {
  if (v === null || v === undefined) return nested ? "interface {}(nil)" : "<nil>";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSyntax(x, true)).join(", ")}}`;
  if (v instanceof Map) {
    const keys = [...v.keys()].sort(compareKeys);
    return `map[interface {}]interface {}{${keys.map((k) => `${goSyntax(k)}:${goSyntax(v.get(k), true)}`).join(", ")}}`;
  }
  return String(v);
}

// sigs.k8s.io/yaml stringifies float keys with float32 precision and YAML spellings of NaN/Inf.
function formatYamlKeyFloat(f: number): string {
  const s = formatFloatG(f, 32);
  return s === "NaN" ? ".nan" : s === "+Inf" ? ".inf" : s === "-Inf" ? "-.inf" : s;
}

/**
 * A YAML timestamp as go-yaml v3 decodes it (a time.Time) and encoding/json then writes it:
 * RFC 3339 with the fraction's trailing zeros dropped, UTC as Z. kyaml's JSON passes through it.
 */
function goTimeJson(s: string): string {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?(Z|[+-]\d\d:\d\d)?)?$/.exec(
      s,
    );
  if (!m) return s;
  const [, y, mo, d, hh = "0", mm = "0", ss = "0", frac = "", zone = "Z"] = m;
  const p2 = (x: string) => x.padStart(2, "0");
  const f = frac.slice(0, 9).replace(/0+$/, "");
  const z = zone === "+00:00" || zone === "-00:00" ? "Z" : zone;
  return `${y}-${p2(mo)}-${p2(d)}T${p2(hh)}:${p2(mm)}:${p2(ss)}${f ? `.${f}` : ""}${z}`;
}

/** go-yaml v3 (YAML 1.2, kustomize's kyaml) reads only these words as booleans. */
const YAML12_BOOLS = new Set(["true", "True", "TRUE", "false", "False", "FALSE"]);

class Decoder {
  constructor(private readonly yaml12 = false) {}

  private active = new Set<YamlNode>();
  // go-yaml counts every node it decodes (keys, aliases and the document node too) and,
  // separately, those it reaches through an alias.
  private decodeCount = 1;
  private aliasCount = 0;
  private aliasDepth = 0;
  private depth = 0;

  /** go-yaml's decoder.unmarshal bookkeeping, called once per node it would visit. */
  private count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)
    ) {
      throw composerError("document contains excessive aliasing");
    }
  }

  private nested<T>(f: () => T): T {
    if (++this.depth > MAX_OBJECT_DEPTH) throw new NestingTooDeepError();
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  scalar(n: YamlNode): Resolved {
    if (n.tag === "" && !n.implicit) return { tag: "str", value: n.value };
    if (!RESOLVABLE.has(n.tag)) {
      if (n.tag === `${TAG}binary`) return { tag: "str", value: decodeBinary(n.value) };
      return { tag: "str", value: n.value };
    }
    const want = n.tag === "" ? "" : n.tag.slice(TAG.length);
    const r: Resolved =
      want === "str"
        ? { tag: "str", value: n.value }
        : resolvePlain(n.value, want === "timestamp" ? "timestamp" : "");
    if (this.yaml12 && want === "" && r.tag === "bool" && !YAML12_BOOLS.has(n.value)) {
      return { tag: "str", value: n.value };
    }
    if (want === "" || want === r.tag) return r;
    if (want === "float" && r.tag === "int") return { tag: "float", value: r.value };
    throw composerError(`cannot decode ${shortTag(TAG + r.tag)} \`${n.value}\` as a ${shortTag(n.tag)}`);
  }

  value(n: YamlNode): Value {
    this.count();
    switch (n.kind) {
      case "alias":
        return this.viaAlias(n, (t) => this.value(t));
      case "scalar": {
        const r = this.scalar(n);
        if (r.tag === "timestamp" && this.yaml12) return goTimeJson(n.value);
        return r.tag === "timestamp" ? n.value : (r.value as Value);
      }
      case "sequence":
        return this.nested(() => n.children.map((c) => this.value(c)));
      case "mapping": {
        const out = new Map<string, Value>();
        this.nested(() => this.mappingInto(n, out));
        return out;
      }
    }
  }

  private viaAlias<T>(n: YamlNode, f: (target: YamlNode) => T): T {
    if (this.active.has(n)) throw composerError(`anchor '${n.value}' value contains itself`);
    this.active.add(n);
    this.aliasDepth++;
    try {
      return f(must(n.alias, "a YAML alias without its anchor"));
    } finally {
      this.aliasDepth--;
      this.active.delete(n);
    }
  }

  private mappingInto(n: YamlNode, out: Map<string, Value>): void {
    for (let i = 0; i < n.children.length; i += 2) {
      const k = n.children[i];
      const v = n.children[i + 1];
      if (k.kind === "scalar" && k.value === "<<" && (k.implicit || k.tag === `${TAG}merge`)) {
        this.merge(v, out);
        continue;
      }
      const key = this.key(k);
      const value = this.value(v);
      if (key === null) {
        throw new YamlToJsonError(
          `unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goSyntax(value)}`,
        );
      }
      out.set(key, value);
    }
  }

  private key(k: YamlNode): string | null {
    if (k.kind !== "scalar" && !(k.kind === "alias" && k.alias?.kind === "scalar")) {
      throw composerError(`invalid map key: ${goSyntax(this.value(k))}`);
    }
    this.count();
    const target =
      k.kind === "alias"
        ? this.viaAlias(k, (t) => {
            this.count();
            return t;
          })
        : k;
    const r = this.scalar(target);
    if (r.tag === "null") return null;
    if (r.tag === "float") return formatYamlKeyFloat(r.value as number);
    if (r.tag === "timestamp") return target.value;
    return String(r.value);
  }

  private merge(v: YamlNode, out: Map<string, Value>): void {
    const fail = () => composerError("map merge requires map or sequence of maps as the value");
    const mergeOne = (n: YamlNode) => {
      if (n.kind === "mapping") {
        this.count();
        return this.nested(() => this.mappingInto(n, out));
      }
      if (n.kind === "alias" && n.alias?.kind === "mapping") {
        this.count();
        return this.viaAlias(n, (t) => {
          this.count();
          this.nested(() => this.mappingInto(t, out));
        });
      }
      throw fail();
    };
    if (v.kind === "sequence") {
      for (let i = v.children.length - 1; i >= 0; i--) mergeOne(v.children[i]);
    } else {
      mergeOne(v);
    }
  }
}

function decodeBinary(text: string): string {
  const b64 = text.replace(/[\r\n]/g, "");
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
    throw composerError("!!binary value contains invalid base64 data");
  }
  return Buffer.from(b64, "base64").toString("utf8");
}

/** Go's json.Marshal refuses NaN and infinities; it meets them in sorted key order. */
function toJsonValue(v: Value): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) {
    throw new YamlToJsonError(
      `json: unsupported value: ${Number.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf"}`,
    );
  }
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const k of [...v.keys()].sort(compareKeys)) {
      // The keys come from the map itself; a YAML null is a value like any other.
      const x = toJsonValue(v.get(k) as Value);
      if (k === "__proto__")
        Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
      else o[k] = x;
    }
    return o;
  }
  return v;
}

/**
 * Convert one YAML document to the JSON value kubectl would see (null for an empty
 * document). Throws YamlToJsonError with kubectl's text, minus the
 * "error converting YAML to JSON: " prefix.
 */
export function yamlToJson(text: string, opts: { yaml12?: boolean } = {}): unknown {
  try {
    const root = parseFirstDocument(text);
    if (!root) return null;
    return toJsonValue(new Decoder(opts.yaml12).value(root));
  } catch (e) {
    if (e instanceof YamlError) throw new YamlToJsonError(e.goMessage());
    throw e;
  }
}
