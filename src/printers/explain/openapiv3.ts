// kubectl explain's plaintext output (kubectl v1.32's explain/v2 templates/plaintext.tmpl),
// rendered from an OpenAPI v3 document: the GROUP/KIND/VERSION header, FIELD: with its type
// and ENUM:, DESCRIPTION: (the field's words, then those of the definition it names),
// FIELDS: with `<type>` and -required-, and --recursive's indented tree. It walks the
// schemas as the template does (references, allOf, items, additionalProperties, and a
// reference already on the path ends the walk), so any document in the apiserver's shape
// renders, a CustomResourceDefinition's schema included.
import { wrapString } from "./wordwrap.js";

/** An OpenAPI v3 schema object, as the apiserver serves it (only what explain reads is typed). */
export interface Schema {
  $ref?: string;
  description?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  enum?: unknown[];
  externalDocs?: { description?: string; url?: string };
  "x-kubernetes-group-version-kind"?: GVK[];
  [k: string]: unknown;
}

export interface OpenAPIDocument {
  components?: { schemas?: Record<string, Schema> };
}

export interface GVK {
  group: string;
  version: string;
  kind: string;
}

/** What kubectl writes: the text up to the point it stopped, and its error if it stopped. */
export interface ExplainResult {
  out: string;
  error?: string;
}

type History = ReadonlySet<string>;

/** The template's resolveRef: `#/components/schemas/X` within the document, else nothing. */
function resolveRef(ref: unknown, doc: OpenAPIDocument): Schema | undefined {
  if (typeof ref !== "string" || !ref.startsWith("#")) return undefined;
  let cur: unknown = doc;
  for (const k of ref.slice(1).split("/")) {
    if (!k) continue;
    const next = (cur as Record<string, unknown>)[k];
    if (typeof next !== "object" || next === null || Array.isArray(next)) return undefined;
    cur = next;
  }
  return cur as Schema;
}

/** Go templates' truth: empty strings, lists and maps are false. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === "" || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** additionalProperties as a schema (a boolean one is not followed). */
function mapValues(s: Schema): Schema | undefined {
  const ap = s.additionalProperties;
  return typeof ap === "object" && truthy(ap) ? ap : undefined;
}

function indent(amount: number, s: string): string {
  const pad = " ".repeat(amount);
  return pad + s.replaceAll("\n", `\n${pad}`);
}

/** Go's sort of map keys, which a template's range follows. */
function keys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function sameGVK(a: unknown, b: GVK): boolean {
  const x = a as Partial<GVK>;
  return x?.group === b.group && x?.version === b.version && x?.kind === b.kind;
}

class Renderer {
  constructor(
    private readonly doc: OpenAPIDocument,
    private readonly recursive: boolean,
  ) {}

  /** The short type: `string`, `[]Container`, `map[string]Quantity`, `Object`, `IntOrString`. */
  typeGuess(s: Schema): string {
    if (!truthy(s)) throw new Error("expected schema argument to subtemplate 'typeguess'");
    if (truthy(s.items)) return `[]${this.typeGuess(s.items as Schema)}`;
    const values = mapValues(s);
    if (values) return `map[string]${this.typeGuess(values)}`;
    if (truthy(s.allOf) && !truthy(s.properties) && s.allOf?.length === 1) return this.typeGuess(s.allOf[0]);
    if (truthy(s.$ref)) {
      const ref = s.$ref as string;
      const target = resolveRef(ref, this.doc);
      if (!target || !truthy(target.type) || target.type === "object") {
        const name = ref.split("/").at(-1) ?? "";
        return name.split(".").at(-1) || "Object";
      }
      return String(target.type);
    }
    if (s.type === "object") return "Object";
    return truthy(s.type) ? String(s.type) : "Object";
  }

  /** `ENUM:` lines (a field's own view) or ` enum: A, B, C, D, ....` (a field list's). */
  extractEnum(s: Schema, long: boolean, limit: number, indentAmount = 0): string {
    if (!truthy(s) || !truthy(s.enum)) return "";
    let out = long ? "ENUM:" : `\n${" ".repeat(indentAmount)}enum: `;
    (s.enum as unknown[]).forEach((e, i) => {
      if (limit > -1 && i >= limit) {
        if (i === limit) out += ", ....";
        return;
      }
      if (i > 0 && !long) out += ", ";
      else if (long) out += "\n    ";
      out += e === "" ? '""' : String(e);
    });
    return out;
  }

  description(s: Schema): string {
    const r = resolveRef(s.$ref, this.doc) ?? s;
    if (!truthy(r)) return "";
    let out = truthy(r.description) ? `${r.description}\n` : "";
    for (const sub of r.allOf ?? []) out += this.description(sub);
    if (truthy(r.items)) out += this.description(r.items as Schema);
    const values = mapValues(r);
    if (values) out += this.description(values);
    return out;
  }

  externalDocs(s: Schema, amount: number, width: number, title: number): string {
    const d = s.externalDocs;
    if (!truthy(d)) return "";
    let out = `${indent(title, "EXTERNAL DOCS:")}\n`;
    if (truthy(d?.description)) out += `${indent(amount, wrapString(String(d?.description), width))}\n`;
    if (truthy(d?.url)) out += `${indent(amount, `URL: ${d?.url}`)}\n`;
    return out;
  }

  fieldDetail(name: string, parent: Schema, level: number): string {
    const amount = level * 2;
    const field: Schema = parent.properties?.[name] ?? {};
    let out = `${indent(amount, name)}\t<${this.typeGuess(field)}>`;
    if (parent.required?.includes(name)) out += " -required-";
    out += this.extractEnum(field, false, 4, amount);
    out += "\n";
    if (!this.recursive) {
      const words = truthy(field.description) ? String(field.description) : "<no description>";
      out += `${indent(amount + 2, wrapString(words, 78 - amount))}\n`;
      if (truthy(field.externalDocs))
        out += `\n${this.externalDocs(field, amount + 4, 76 - amount, amount + 2)}`;
      out += "\n";
    }
    return out;
  }

  fieldList(s: Schema, level: number, history: History): string {
    const ref = typeof s.$ref === "string" ? s.$ref : "";
    if (ref && history.has(ref)) return "";
    const next = new Set(history).add(ref);
    const r = resolveRef(ref, this.doc) ?? s;
    let out = "";
    const props = r.properties ?? {};
    for (const k of keys(props)) {
      out += this.fieldDetail(k, r, level);
      if (this.recursive) out += this.fieldList(props[k], level + 1, next);
    }
    for (const sub of r.allOf ?? []) out += this.fieldList(sub, level, next);
    if (truthy(r.items)) out += this.fieldList(r.items as Schema, level, next);
    const values = mapValues(r);
    if (values) out += this.fieldList(values, level, next);
    return out;
  }

  /** Follows the path; at its end, the description and the fields. Nothing if the path leads nowhere. */
  output(s: Schema, path: readonly string[], history: History): string {
    const ref = typeof s.$ref === "string" ? s.$ref : "";
    const next = new Set(history).add(ref);
    const r = resolveRef(ref, this.doc) ?? s;
    if (path.length === 0) {
      let out = "DESCRIPTION:\n";
      out += `${indent(4, wrapString(this.description(r) || "<empty>", 76))}\n`;
      const ext = this.externalDocs(r, 4, 76, 0);
      if (ext) out += `\n${ext}`;
      const fields = this.fieldList(r, 1, new Set());
      if (fields) out += `FIELDS:\n${fields}`;
      return out;
    }
    if (ref && history.has(ref)) return "";
    const props = r.properties;
    if (truthy(props) && props && truthy(props[path[0]])) {
      const sub = props[path[0]];
      let out = "";
      if (path.length === 1) {
        out += `FIELD: ${path[0]} <${this.typeGuess(sub)}>\n`;
        out += `${this.extractEnum(sub, true, -1)}\n\n`;
      }
      return out + this.output(sub, path.slice(1), new Set());
    }
    if (truthy(r.items)) return this.output(r.items as Schema, path, next);
    const values = mapValues(r);
    if (values) return this.output(values, path, next);
    for (const sub of r.allOf ?? []) {
      const out = this.output(sub, path, next);
      if (out) return out;
    }
    return "";
  }
}

/**
 * `kubectl explain` for the kind `gvk` (found by its x-kubernetes-group-version-kind in the
 * document) and the field path after the resource name.
 */
export function explainOpenAPIV3(
  doc: OpenAPIDocument,
  gvk: GVK,
  fieldPath: readonly string[],
  recursive: boolean,
): ExplainResult {
  let out = "";
  if (gvk.group) out += `GROUP:      ${gvk.group}\n`;
  out += `KIND:       ${gvk.kind}\nVERSION:    ${gvk.version}\n\n`;
  const schemas = doc.components?.schemas ?? {};
  const name = keys(schemas).find((k) =>
    (schemas[k]["x-kubernetes-group-version-kind"] ?? []).some((g) => sameGVK(g, gvk)),
  );
  const renderer = new Renderer(doc, recursive);
  const body = name === undefined ? "" : renderer.output(schemas[name], fieldPath, new Set());
  if (!body) {
    if (name === undefined) return { out, error: `error: GVK ${gvkString(gvk)} not found in OpenAPI schema` };
    return { out, error: `error: field "${fieldPath.at(-1)}" does not exist` };
  }
  return { out: `${out + body}\n` };
}

/** Go's %v of the template's gvk map: map[group:apps kind:Deployment version:v1]. */
function gvkString(g: GVK): string {
  return `map[group:${g.group} kind:${g.kind} version:${g.version}]`;
}

/**
 * One kind's schema as a document of its own, for kinds that are not in the bundled
 * OpenAPI (a CustomResourceDefinition's openAPIV3Schema): explainOpenAPIV3 then renders it.
 */
export function documentForSchema(gvk: GVK, schema: Schema): OpenAPIDocument {
  const key = `${gvk.group || "core"}.${gvk.version}.${gvk.kind}`;
  return { components: { schemas: { [key]: { ...schema, "x-kubernetes-group-version-kind": [gvk] } } } };
}
