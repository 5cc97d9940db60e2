// Resource files as kustomize reads them (kyaml's decoder): documents split on `---`
// lines, Lists expanded into their items, every object needing a kind.
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

export function parseResources(text: string, file: string): Res[] {
  const out: Res[] = [];
  const add = (v: unknown): void => {
    if (!isObj(v)) throw new KustomizeError(`missing kind in object ${JSON.stringify(v)}`);
    if (Array.isArray(v.items) && (typeof v.kind !== "string" || v.kind.endsWith("List"))) {
      for (const item of v.items) add(item);
      return;
    }
    if (typeof v.kind !== "string" || v.kind === "") {
      throw new KustomizeError(`missing kind in object ${JSON.stringify(v)}`);
    }
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
