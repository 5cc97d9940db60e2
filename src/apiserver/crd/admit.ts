// The write path's steps for CRDs and the objects of the kinds they serve: a CRD gets the
// defaults and status the apiextensions-apiserver gives it (its names accepted and the kind
// Established at once, as on a quiet cluster); a custom object is checked against its
// version's structural schema (strict unknown fields, defaults, validation).
import type { CustomResourceDefinition, KObject } from "../../api/types.js";
import type { FieldError } from "../admission/validation/errors.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../admission/validation/meta.js";
import { nameIsDNSSubdomain } from "../admission/validation/names.js";
import { badRequest } from "../errors.js";
import type { ResourceType } from "../resources.js";
import { servedVersion } from "./served.js";
import { pruneAndDefault, type Schema, validateAgainst } from "./structural.js";
import { validateCrd } from "./validate-crd.js";

/** SetDefaults of a CRD and the status the establishing controllers give it. */
export function prepareCrd(crd: CustomResourceDefinition, now: string, old?: CustomResourceDefinition): void {
  const names = crd.spec.names;
  if (names && !names.singular && names.kind) names.singular = names.kind.toLowerCase();
  if (names && !names.listKind && names.kind) names.listKind = `${names.kind}List`;
  if (!crd.spec.conversion) crd.spec.conversion = { strategy: "None" };
  const when = (type: string) =>
    old?.status?.conditions?.find((c) => c.type === type)?.lastTransitionTime ?? now;
  crd.status = {
    acceptedNames: structuredClone(names),
    conditions: [
      {
        lastTransitionTime: when("NamesAccepted"),
        message: "no conflicts found",
        reason: "NoConflicts",
        status: "True",
        type: "NamesAccepted",
      },
      {
        lastTransitionTime: when("Established"),
        message: "the initial names have been accepted",
        reason: "InitialNamesAccepted",
        status: "True",
        type: "Established",
      },
    ],
    storedVersions: storedVersions(crd, old),
  };
}

function storedVersions(crd: CustomResourceDefinition, old?: CustomResourceDefinition): string[] {
  const out = [...(old?.status?.storedVersions ?? [])];
  const storage = crd.spec.versions?.find((v) => v.storage)?.name;
  if (storage && !out.includes(storage)) out.push(storage);
  return out;
}

export { validateCrd };

/**
 * Strict decoding of a custom object's fields against the version's schema (its metadata
 * was decoded as ObjectMeta with the other kinds). Unknown fields are refused with kubectl's default Strict validation.
 * Changes `obj` (pruned, defaulted).
 */
export function decodeCustom(r: ResourceType, obj: KObject): void {
  const v = servedVersion(r, obj.apiVersion);
  const prefix = `${obj.kind} in version "${v?.name ?? r.version}" cannot be handled as a ${obj.kind}: `;
  const unknown: string[] = [];
  if (v?.schema)
    unknown.push(...pruneAndDefault(obj as unknown as Record<string, unknown>, v.schema as Schema));
  if (unknown.length)
    throw badRequest(
      `${prefix}strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(", ")}`,
    );
}

/** The custom object's validation: its metadata, then its schema. */
export function validateCustom(r: ResourceType, obj: KObject, old?: KObject): FieldError[] {
  const errs = old
    ? validateObjectMetaUpdate(obj.metadata, old.metadata)
    : validateObjectMeta(obj.metadata, r.namespaced, nameIsDNSSubdomain);
  const schema = servedVersion(r, obj.apiVersion)?.schema;
  if (schema) errs.push(...validateAgainst(obj as unknown as Record<string, unknown>, schema as Schema));
  // The CEL rules (x-kubernetes-validations) are skipped when an error would make them
  // meaningless, and the server says so in a cause without a field (hasBlockingErr).
  if (schema && hasCelRules(schema) && errs.some(blocksCel))
    errs.push({
      type: "Invalid",
      field: "<nil>",
      value: "null",
      detail:
        "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
    });
  return errs;
}

/** Unsupported, Required, TooLong and type errors block CEL (TooMany too, which kubesim does not check). */
function blocksCel(e: FieldError): boolean {
  return (
    e.type === "Unsupported" ||
    e.type === "Required" ||
    e.type === "TooLong" ||
    (e.type === "Invalid" && / in body must be of type /.test(e.detail ?? ""))
  );
}

function hasCelRules(schema: unknown): boolean {
  return JSON.stringify(schema).includes('"x-kubernetes-validations"');
}

/**
 * metadata.generation as the custom resource strategy keeps it: 1, then +1 per change
 * outside metadata (and outside status, which CRDs themselves and kinds with the status
 * subresource keep apart).
 */
export function customGeneration(obj: KObject, old?: KObject, ignoreStatus = true): void {
  if (!old) {
    obj.metadata.generation = 1;
    return;
  }
  const strip = (o: KObject) => {
    const { metadata: _m, status, ...rest } = o as KObject & { status?: unknown };
    return JSON.stringify(ignoreStatus ? rest : { ...rest, status });
  };
  const gen = old.metadata.generation ?? 1;
  obj.metadata.generation = strip(obj) === strip(old) ? gen : gen + 1;
}
