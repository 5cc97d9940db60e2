// kubectl run's --overrides: a patch to the object the generator built, of --override-type
// merge (the default, RFC 7386), strategic or json (RFC 6902), applied as kubectl's
// Overrider does, and then decoded back into the Go struct: a field the struct lacks is
// dropped without a word, one of the wrong type is an error.
import type { KObject } from "../api/types.js";
import { pruneUnknown, strictDecode } from "../apiserver/admission/index.js";
import { JsonStreamError, readJsonStream } from "../golang/yaml/jsonstream.js";
import { CliError } from "./io.js";
import { jsonMergePatch, jsonPatch, PatchError, strategicMergePatch } from "./patch-apply.js";

const OVERRIDE_TYPES = ["json", "merge", "strategic"];

/** The Go struct kubectl decodes the patched object's type metadata into first. */
const TYPE_META =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** encoding/json's syntax error for `text`, as json.Unmarshal words it (no offset). */
function syntaxError(text: string): string | undefined {
  try {
    readJsonStream(text, () => false);
    return text.trim() ? undefined : "unexpected end of JSON input";
  } catch (e) {
    if (e instanceof JsonStreamError) return e.message.replace(/^json: offset \d+: /, "");
    throw e;
  }
}

export function applyOverrides(obj: KObject, fragment: string, type: string): KObject {
  if (!OVERRIDE_TYPES.includes(type)) throw new CliError(`error: invalid override type: ${type}`);
  let patched: unknown;
  try {
    if (type === "json") {
      const bad = syntaxError(fragment);
      if (bad) throw new CliError(`error: ${bad}`);
      patched = jsonPatch(obj, JSON.parse(fragment));
    } else {
      let patch: unknown;
      try {
        patch = JSON.parse(fragment);
      } catch {
        throw new CliError(type === "merge" ? "error: Invalid JSON Patch" : "error: invalid JSON document");
      }
      if (type === "merge") {
        // A merge patch that is not an object replaces the document: an array then fails
        // to decode, anything else is no patch evanphx/json-patch accepts.
        if (Array.isArray(patch))
          throw new CliError(
            `error: couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type ${TYPE_META}`,
          );
        if (patch === null || typeof patch !== "object") throw new CliError("error: Invalid JSON Patch");
        patched = jsonMergePatch(obj, patch);
      } else {
        if (patch === null || typeof patch !== "object" || Array.isArray(patch))
          throw new CliError("error: invalid JSON document");
        patched = strategicMergePatch(obj, patch);
      }
    }
  } catch (e) {
    if (e instanceof PatchError) throw new CliError(`error: ${e.message}`);
    throw e;
  }
  const decoded = strictDecode(patched as Record<string, unknown>);
  if (decoded.typeError) throw new CliError(`error: ${decoded.typeError}`);
  // A container's resources is a struct, not a pointer: Go encodes it even when empty.
  const spec = (patched as { spec?: { containers?: unknown; initContainers?: unknown } }).spec;
  for (const list of [spec?.containers, spec?.initContainers])
    for (const c of Array.isArray(list) ? list : [])
      if (c && typeof c === "object" && !("resources" in c)) (c as Record<string, unknown>).resources = {};
  return pruneUnknown(patched as Record<string, unknown>) as KObject;
}
