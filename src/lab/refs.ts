// Values a check step reads from the cluster: an object by type and name, a JSONPath over
// it printed as `kubectl get -o jsonpath` prints it, and the `$(TYPE/NAME JSONPATH)`
// references in a URL. A step that cannot hold throws StepFailure with the reason.

import type { KObject } from "../api/types.js";
import { notFound } from "../apiserver/errors.js";
import type { ResourceType } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { marshalCompact } from "../printers/json.js";
import { findJsonPathResults, goValue, JsonPathError } from "../printers/jsonpath.js";
import type { FieldCheck, Ref } from "./checkfile.js";

/** A step that cannot hold, with the reason; thrown inside a step and caught by runStep. */
export class StepFailure extends Error {}

/** JSONPath results as `kubectl get -o jsonpath` prints them: values space-separated, maps as JSON. */
export function jsonPathText(tpl: FieldCheck["tpl"], obj: unknown): string {
  const results = findJsonPathResults(tpl, obj, { allowMissingKeys: true });
  return results
    .map((r) =>
      r
        .map((v) =>
          typeof v === "object" && v !== null ? marshalCompact(v) : v === undefined ? "" : goValue(v),
        )
        .join(" "),
    )
    .join("");
}

export function getObject<O extends KObject>(c: Cluster, r: ResourceType<O>, ns: string, name: string): O {
  const o = c.api.get(r, r.namespaced ? ns : undefined, name);
  if (!o) throw new StepFailure(`${notFound(r, name).message}${r.namespaced ? ` in namespace ${ns}` : ""}`);
  return o;
}

/** The value of `$(TYPE/NAME JSONPATH)`, read now; a missing object or an empty value fails the step. */
export function resolveRef(c: Cluster, ref: Ref, ns: string): string {
  let obj: KObject;
  try {
    obj = getObject(c, ref.r, ref.namespace ?? ns, ref.name);
  } catch (e) {
    throw e instanceof StepFailure ? new StepFailure(`${ref.text}: ${e.message}`) : e;
  }
  let v: string;
  try {
    v = jsonPathText(ref.tpl, obj);
  } catch (e) {
    if (e instanceof JsonPathError) throw new StepFailure(`${ref.text}: ${e.message}`);
    throw e;
  }
  if (!v) throw new StepFailure(`${ref.text} is empty: ${ref.r.kind} ${ref.name} has no ${ref.path}`);
  return v;
}
