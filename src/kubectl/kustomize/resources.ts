// Resource files as kustomize reads them (kyaml's decoder): documents split on `---`
// lines, Lists expanded into their items, every object needing a kind.
import { compareKeys } from "../../golang/sort.js";
import { YamlToJsonError, yamlToJson } from "../../golang/yaml/decode.js";
import { KustomizeError } from "./loader.js";
import { isObj, type Res } from "./resource.js";

/** Documents of a YAML stream, split on lines that are `---` (a comment may follow). */
export function splitDocs(text: string): string[] {
  const docs: string[] = [];
  let cur: string[] = [];
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    if (/^---(\s.*)?$/.test(line)) {
      docs.push(cur.join("\n"));
      cur = [];
    } else cur.push(line);
  }
  docs.push(cur.join("\n"));
  return docs.filter((d) => d.trim() !== "");
}

/** Go's %v of a map[string]string: `map[k:v ...]`, keys sorted. */
function goMap(v: unknown): string {
  const m = isObj(v) ? v : {};
  return `map[${Object.keys(m)
    .sort(compareKeys)
    .map((k) => `${k}:${String(m[k])}`)
    .join(" ")}]`;
}

/** kyaml's GetMeta error: the ResourceMeta it read, printed with Go's %v. */
function missingKind(v: unknown): KustomizeError {
  const o = isObj(v) ? v : {};
  const md = isObj(o.metadata) ? o.metadata : {};
  const str = (x: unknown) => (typeof x === "string" ? x : "");
  return new KustomizeError(
    `missing kind in object {{${str(o.apiVersion)} ${str(o.kind)}} {{${str(md.name)} ${str(md.namespace)}} ${goMap(md.labels)} ${goMap(md.annotations)}}}`,
  );
}

export function parseResources(text: string, file: string): Res[] {
  const out: Res[] = [];
  const add = (v: unknown): void => {
    if (!isObj(v)) throw missingKind(v);
    if (Array.isArray(v.items) && (typeof v.kind !== "string" || v.kind.endsWith("List"))) {
      for (const item of v.items) add(item);
      return;
    }
    if (typeof v.kind !== "string" || v.kind === "") throw missingKind(v);
    out.push({ obj: v, prev: [], hash: false });
  };
  for (const doc of splitDocs(text)) {
    let v: unknown;
    try {
      v = yamlToJson(doc, { yaml12: true });
    } catch (e) {
      if (e instanceof YamlToJsonError)
        throw new MalformedYaml(`MalformedYAMLError: ${e.message} in File: ${file}`);
      throw e;
    }
    if (v !== null) add(v);
  }
  return out;
}

/** kusterr.MalformedYAMLError: kustomize reports it alone, not as a failed base. */
export class MalformedYaml extends KustomizeError {}
