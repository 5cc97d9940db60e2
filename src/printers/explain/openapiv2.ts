// kubectl explain --output=plaintext-openapiv2: the explain kubectl had before OpenAPI v3
// (k8s.io/kubectl/pkg/explain over kube-openapi's proto models of /openapi/v2). The bundled
// v3 schemas are read as the v2 document words them: a field naming a definition is a
// reference beside the field's description, Quantity and IntOrString are strings, an object
// with neither properties nor additionalProperties is a map of anything.
import type { GVK, OpenAPIDocument, Schema } from "./openapiv3.js";

type Model =
  | { t: "kind"; description: string; fields: Record<string, Model>; required: string[] }
  | { t: "map"; description: string; sub: Model }
  | { t: "array"; description: string; sub: Model }
  | { t: "primitive"; description: string; type: string }
  | { t: "arbitrary"; description: string }
  | { t: "ref"; description: string; ref: string };

const V2_STRINGS = new Set([
  "io.k8s.apimachinery.pkg.api.resource.Quantity",
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
]);

class Models {
  constructor(private readonly schemas: Record<string, Schema>) {}

  definition(name: string): Model {
    const s = this.schemas[name];
    if (V2_STRINGS.has(name)) return { t: "primitive", description: s?.description ?? "", type: "string" };
    return this.parse(s ?? {});
  }

  /** kube-openapi's ParseSchema. */
  parse(s: Schema): Model {
    const description = s.description ?? "";
    const ref = s.$ref ?? (s.allOf?.length === 1 && !s.properties ? s.allOf[0].$ref : undefined);
    if (ref) return { t: "ref", description, ref: ref.split("/").at(-1) ?? "" };
    const type = s.type;
    if (!type) {
      if (s.properties) return this.kind(s);
      return { t: "arbitrary", description };
    }
    if (type === "object") {
      if (s.properties) return this.kind(s);
      const values = typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
      return { t: "map", description, sub: values ? this.parse(values) : { t: "arbitrary", description } };
    }
    if (type === "array") return { t: "array", description, sub: this.parse(s.items ?? {}) };
    return { t: "primitive", description, type };
  }

  kind(s: Schema): Model {
    const fields: Record<string, Model> = {};
    for (const [k, v] of Object.entries(s.properties ?? {})) fields[k] = this.parse(v);
    return { t: "kind", description: s.description ?? "", fields, required: s.required ?? [] };
  }

  deref(m: Model): Model {
    return m.t === "ref" ? this.definition(m.ref) : m;
  }

  typeName(m: Model): string {
    switch (m.t) {
      case "array":
        return `[]${this.typeName(m.sub)}`;
      case "map":
        return `map[string]${this.typeName(m.sub)}`;
      case "primitive":
        return m.type;
      case "ref":
        return this.typeName(this.definition(m.ref));
      case "kind":
        return "Object";
      default:
        return ""; // kubectl's typeName never names an arbitrary value
    }
  }
}

// --- the Formatter: indentation and kubectl's own word wrapping (pkg/explain/formatter.go) ---

const BULLET = /^(\d+\.?|-|\*)\s/;

function wrapLines(text: string, wrap: number): string[] {
  const wrapped: string[] = [];
  let words: string[] = [];
  let lastWord = "";
  const flush = () => {
    if (words.length) {
      lastWord = "";
      wrapped.push(words.join(" "));
      words = [];
    }
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("    ")) {
      flush();
      wrapped.push(line);
      continue;
    }
    if (wrapped.length > 0 && line.trim() === "") {
      flush();
      wrapped.push("");
      continue;
    }
    const trimmed = line.trim();
    if (lastWord.endsWith(":") || trimmed === "" || BULLET.test(trimmed)) flush();
    for (const word of trimmed.split(/\s+/).filter(Boolean)) {
      lastWord = word;
      // Go's len: bytes, not characters.
      if (words.length && Buffer.byteLength([...words, word].join(" ")) > wrap) flush();
      words.push(word);
    }
  }
  flush();
  return wrapped;
}

class Formatter {
  out = "";
  constructor(
    private readonly level = 0,
    private readonly sink?: Formatter,
  ) {}

  indent(n: number): Formatter {
    return new Formatter(this.level + n, this.root());
  }

  private root(): Formatter {
    return this.sink ?? this;
  }

  write(s: string): void {
    this.root().out += s === "" ? "\n" : `${" ".repeat(this.level)}${s}\n`;
  }

  writeWrapped(s: string): void {
    for (const line of wrapLines(s, 80 - this.level)) this.write(line);
  }
}

/** `kubectl explain --output=plaintext-openapiv2` for the kind `gvk` and the field path. */
export function explainOpenAPIV2(
  doc: OpenAPIDocument,
  gvk: GVK,
  fieldPath: readonly string[],
  recursive: boolean,
): { out: string; error?: string } {
  const schemas = doc.components?.schemas ?? {};
  const name = Object.keys(schemas).find((k) =>
    (schemas[k]["x-kubernetes-group-version-kind"] ?? []).some(
      (g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind,
    ),
  );
  if (name === undefined)
    return {
      out: "",
      error: `error: couldn't find resource for "${gvk.group}/${gvk.version}, Kind=${gvk.kind}"`,
    };
  const models = new Models(schemas);
  // field_lookup.go: arrays, maps and references pass through; a primitive ends the walk.
  let path = [...fieldPath];
  let m = models.definition(name);
  for (;;) {
    if (m.t === "primitive" || m.t === "arbitrary") break;
    if (path.length === 0) break;
    if (m.t === "array" || m.t === "map") m = m.sub;
    else if (m.t === "ref") m = models.deref(m);
    else {
      const sub = m.fields[path[0]];
      if (!sub) return { out: "", error: `error: field "${path[0]}" does not exist` };
      path = path.slice(1);
      m = sub;
    }
  }
  const f = new Formatter();
  const fieldName = fieldPath.at(-1) ?? "";
  const groupVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
  const descriptions: string[] = [];
  let type = "";
  const kindAndVersion = () => {
    f.write(`KIND:     ${gvk.kind}`);
    f.write(`VERSION:  ${groupVersion}\n`);
  };
  const printDescription = (own: string) => {
    f.write("DESCRIPTION:");
    let empty = true;
    [...descriptions, own].forEach((d, i) => {
      if (d === "") return;
      empty = false;
      if (i !== 0) f.write("");
      f.indent(5).writeWrapped(d);
    });
    if (empty) f.indent(5).writeWrapped("<empty>");
  };
  // model_printer.go: collect descriptions and the type name down to a kind or a leaf.
  for (;;) {
    if (m.t === "array" || m.t === "map") {
      descriptions.push(m.description);
      if (!type) type = models.typeName(m);
      m = m.sub;
    } else if (m.t === "ref") {
      descriptions.push(m.description);
      m = models.deref(m);
    } else break;
  }
  kindAndVersion();
  if (m.t === "kind") {
    if (!type) type = "Object";
    if (fieldName) f.write(`RESOURCE: ${fieldName} <${type}>\n`);
    printDescription(m.description);
    f.write("\nFIELDS:");
    const fields = f.indent(3);
    if (recursive) printRecursive(models, fields, m, new Set());
    else {
      for (const k of Object.keys(m.fields).sort(goLess)) {
        const v = m.fields[k];
        fields.write(`${k}\t<${models.typeName(v)}>${m.required.includes(k) ? " -required-" : ""}`);
        fields.indent(2).writeWrapped(v.description);
        fields.write("");
      }
    }
  } else if (m.t === "primitive") {
    if (!type) type = m.type;
    f.write(`FIELD:    ${fieldName} <${type}>\n`);
    printDescription(m.description);
  } else printDescription(m.description);
  return { out: f.out };
}

function goLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** recursive_fields_printer.go: names and types, three spaces a level; a reference on the path stops. */
function printRecursive(models: Models, f: Formatter, m: Model, visited: Set<string>): void {
  if (m.t === "array" || m.t === "map") {
    printRecursive(models, f, m.sub, visited);
    return;
  }
  if (m.t === "ref") {
    if (visited.has(m.ref)) return;
    visited.add(m.ref);
    printRecursive(models, f, models.definition(m.ref), visited);
    visited.delete(m.ref);
    return;
  }
  if (m.t !== "kind") return;
  for (const k of Object.keys(m.fields).sort(goLess)) {
    const v = m.fields[k];
    f.write(`${k}\t<${models.typeName(v)}>`);
    printRecursive(models, f.indent(3), v, visited);
  }
}
