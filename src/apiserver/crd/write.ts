// Where the write path hands CRDs and custom objects to apiserver/crd: one call that says
// whether it took the object, so admit.ts stays the one place that orders the steps.
import type { CustomResourceDefinition, KObject } from "../../api/types.js";
import { formatFieldError } from "../admission/validation/errors.js";
import { invalid } from "../errors.js";
import { CRDS, customResources, isOf, type ResourceType } from "../resources.js";
import type { ApiServer } from "../server.js";
import { customGeneration, decodeCustom, prepareCrd, validateCrd, validateCustom } from "./admit.js";
import { customSchema, servedVersion } from "./served.js";
import { fillDefaults, type Schema } from "./structural.js";

/**
 * Defaults and validates a CRD or a custom object for a create (no `old`) or an update;
 * returns false for every other kind, which the built-in steps handle.
 */
export function admitCustomWrite(r: ResourceType, obj: KObject, now: string, old?: KObject): boolean {
  if (isOf(obj, CRDS)) {
    const crd = obj as CustomResourceDefinition;
    prepareCrd(crd, now, old as CustomResourceDefinition | undefined);
    const errs = validateCrd(crd, old as CustomResourceDefinition | undefined);
    if (errs.length) throw invalid(obj.kind, obj.metadata.name ?? "", errs.map(formatFieldError), r.group);
    customGeneration(obj, old);
    return true;
  }
  if (!r.custom) return false;
  decodeCustom(r, obj);
  // With the status subresource, a create or update of the object leaves status as it was.
  const statusApart = !!servedVersion(r, obj.apiVersion)?.statusSubresource;
  if (statusApart) {
    const o = obj as KObject & { status?: unknown };
    const was = (old as (KObject & { status?: unknown }) | undefined)?.status;
    if (was === undefined) delete o.status;
    else o.status = structuredClone(was);
  }
  const errs = validateCustom(r, obj, old);
  if (errs.length) throw invalid(obj.kind, obj.metadata.name ?? "", errs.map(formatFieldError), r.group);
  customGeneration(obj, old, statusApart);
  // Stored and served at the preferred version: with the None conversion only apiVersion
  // changes, and that version's defaults fill in, as they would on reading it back.
  const served = `${r.group}/${r.version}`;
  if (obj.apiVersion !== served) {
    obj.apiVersion = served;
    const schema = customSchema(r);
    if (schema) fillDefaults(obj as unknown as Record<string, unknown>, schema as Schema);
  }
  // The API server defaults an object again as it reads it back from etcd: a default for the
  // status the create left out shows from the start (the Gateway API's "Waiting for controller").
  if (statusApart && (obj as KObject & { status?: unknown }).status === undefined) {
    const schema = customSchema(r);
    if (schema) fillDefaults(obj as unknown as Record<string, unknown>, schema as Schema);
  }
  return true;
}

/** Removes every object of the kind a CRD serves, before the CRD itself goes. */
export function deleteCrdObjects(api: ApiServer, obj: KObject): void {
  if (!isOf(obj, CRDS)) return;
  const r = customResources().find((x) => x.custom?.crd === obj.metadata.name);
  if (!r) return;
  for (const o of api.all(r)) api.remove(o);
}
