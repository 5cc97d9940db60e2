// The admission plugins that touch storage objects on create: DefaultStorageClass (a claim
// that names no class gets the default one) and StorageObjectInUseProtection (claims and
// volumes get their protection finalizers, so deleting one in use waits for its users).

import type { KObject, StorageClass } from "../api/types.js";
import { compareQuantity, quantityOrZero } from "../golang/quantity.js";
import { compareKeys } from "../golang/sort.js";
import { StatusError } from "./errors.js";
import { STORAGECLASSES } from "./resources.js";
import type { ApiServer } from "./server.js";

export const IS_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
const BETA_IS_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";
export const PVC_PROTECTION = "kubernetes.io/pvc-protection";
export const PV_PROTECTION = "kubernetes.io/pv-protection";

export function isDefaultClass(sc: StorageClass): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[IS_DEFAULT_CLASS] === "true" || a[BETA_IS_DEFAULT_CLASS] === "true";
}

/**
 * storageutil.GetDefaultClass: of the classes marked default, the newest (and, at equal
 * creation times, the first by name) wins.
 */
export function defaultClass(api: ApiServer): StorageClass | undefined {
  const marked = api.list(STORAGECLASSES).filter(isDefaultClass);
  marked.sort(
    (a, b) =>
      compareKeys(b.metadata.creationTimestamp ?? "", a.metadata.creationTimestamp ?? "") ||
      compareKeys(a.metadata.name, b.metadata.name),
  );
  return marked[0];
}

function addFinalizer(obj: KObject, name: string): void {
  const list = obj.metadata.finalizers ?? [];
  if (!list.includes(name)) obj.metadata.finalizers = [...list, name];
}

/**
 * Mutates a claim or volume being created, after defaulting and before validation. A
 * volume's strategy also stamps when it entered its first phase (`now`, RFC 3339).
 */
export function admitStorage(api: ApiServer, obj: KObject, now: string): void {
  if (obj.apiVersion !== "v1") return;
  if (obj.kind === "PersistentVolumeClaim") {
    const spec = obj.spec ?? {};
    const beta = obj.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"];
    if (spec.storageClassName === undefined && beta === undefined) {
      const sc = defaultClass(api);
      if (sc) spec.storageClassName = sc.metadata.name;
    }
    addFinalizer(obj, PVC_PROTECTION);
  } else if (obj.kind === "PersistentVolume") {
    addFinalizer(obj, PV_PROTECTION);
    obj.status = { lastPhaseTransitionTime: now, phase: "Pending" };
  }
}

/** Whether deleting `obj` only marks it (it carries finalizers a controller removes). */
export function deletesByFinalizer(obj: KObject): boolean {
  return (
    (obj.kind === "PersistentVolumeClaim" || obj.kind === "PersistentVolume") &&
    (obj.metadata.finalizers ?? []).length > 0
  );
}

/**
 * The PersistentVolumeClaimResize admission plugin: a bound claim may grow only when its
 * class allows volume expansion (kind's standard class does not).
 */
export function admitStorageUpdate(api: ApiServer, obj: KObject, old: KObject): void {
  if (obj.apiVersion !== "v1" || obj.kind !== "PersistentVolumeClaim") return;
  const size = (o: KObject) => quantityOrZero(o.spec?.resources?.requests?.storage);
  if (compareQuantity(size(obj), size(old)) <= 0 || old.status?.phase !== "Bound") return;
  const cls = old.spec?.storageClassName;
  const sc = cls ? api.get(STORAGECLASSES, undefined, cls) : undefined;
  if (sc?.allowVolumeExpansion === true) return;
  throw new StatusError(
    "Forbidden",
    `persistentvolumeclaims "${old.metadata.name}" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize`,
    403,
  );
}
