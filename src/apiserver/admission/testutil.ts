// Helpers for the admission tests: the seed manifests (copied into manifests/) and the
// reference objects of the kubectl oracle's fixture (copied into the describe testdata).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { KObject } from "../../api/types.js";
import { applyDefaults } from "./defaults.js";
import { prepareForCreate } from "./strategy.js";

const ROOT = path.resolve(__dirname, "../../..");

export function seed(name: string): KObject {
  const dir = name.includes(".alt-") ? "manifests/variants" : "manifests";
  return yaml.load(readFileSync(path.join(ROOT, dir, name), "utf8")) as KObject;
}

export function exampleObject(kind: string, name: string): KObject {
  const list = JSON.parse(
    readFileSync(path.join(ROOT, "src/printers/describe/testdata/example-objects.json"), "utf8"),
  );
  const found = list.items.find((o: KObject) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no example ${kind}/${name}`);
  return found;
}

/** Defaults, namespace and PrepareForCreate, as the create path runs them. */
export function admit(obj: KObject, suffix = "abcde"): KObject {
  const out = applyDefaults(obj, { randomSuffix: () => suffix });
  if (!["Namespace", "Node"].includes(out.kind)) out.metadata.namespace ??= "default";
  return prepareForCreate(out);
}
