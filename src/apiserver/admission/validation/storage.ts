// PersistentVolumeClaim, PersistentVolume and StorageClass validation (ValidatePersistentVolumeClaim,
// ValidatePersistentVolume in pkg/apis/core/validation, ValidateStorageClass in
// pkg/apis/storage/validation, v1.32).

import { compareQuantity, parseQuantity } from "../../../golang/quantity.js";
import { GoRepr } from "../gofmt.js";
import type { Obj } from "../raw.js";
import {
  child,
  type FieldError,
  forbidden,
  invalid,
  key,
  notSupported,
  required,
  sortedList,
} from "./errors.js";
import {
  arr,
  isObj,
  semanticEqual,
  str,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { isQualifiedName, nameIsDNSSubdomain } from "./names.js";
import { validatePathNoBacksteps } from "./paths.js";
import { HOST_PATH_TYPES } from "./volumes.js";

const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
const VOLUME_MODES = ["Block", "Filesystem"];
const PV_RECLAIM = ["Delete", "Recycle", "Retain"];
const SC_RECLAIM = ["Delete", "Retain"];
const BINDING_MODES = ["Immediate", "WaitForFirstConsumer"];

/** The access modes' checks shared by claims and volumes. */
function accessModes(path: string, modes: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const m of modes) {
    const mode = str(m);
    if (!ACCESS_MODES.includes(mode)) errs.push(notSupported(path, mode, ACCESS_MODES));
    if (mode === "ReadWriteOncePod") rwop = true;
    else if (ACCESS_MODES.includes(mode)) other = true;
  }
  if (rwop && other) errs.push(forbidden(path, "may not use ReadWriteOncePod with other access modes"));
  return errs;
}

/** ValidatePositiveQuantityValue: the quantity's text as the value, as Go's Quantity.String(). */
function positive(field: string, raw: unknown): FieldError[] {
  const q = parseQuantity(String(raw));
  if (typeof q === "string") return [];
  const zero = parseQuantity("0");
  if (typeof zero !== "string" && compareQuantity(q, zero) <= 0)
    return [invalid(field, String(raw), "must be greater than zero")];
  return [];
}

function className(field: string, v: unknown): FieldError[] {
  const name = str(v);
  return name ? nameIsDNSSubdomain(name, false).map((m) => invalid(field, name, m)) : [];
}

export function validatePersistentVolumeClaimSpec(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const modes = arr(spec.accessModes);
  if (modes.length === 0)
    errs.push(required(child(path, "accessModes"), "at least 1 access mode is required"));
  if (isObj(spec.selector)) errs.push(...validateLabelSelector(child(path, "selector"), spec.selector));
  errs.push(...accessModes(child(path, "accessModes"), modes));
  const storagePath = key(child(path, "resources"), "storage");
  const requests = isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests : {};
  if (!("storage" in requests)) errs.push(required(storagePath, ""));
  else errs.push(...positive(storagePath, requests.storage));
  errs.push(...className(child(path, "storageClassName"), spec.storageClassName));
  if (
    spec.volumeMode !== undefined &&
    spec.volumeMode !== null &&
    !VOLUME_MODES.includes(str(spec.volumeMode))
  )
    errs.push(notSupported(child(path, "volumeMode"), str(spec.volumeMode), VOLUME_MODES));
  return errs;
}

export function validatePersistentVolumeClaim(pvc: Obj): FieldError[] {
  return [
    ...validateObjectMeta(pvc.metadata, true, nameIsDNSSubdomain),
    ...validatePersistentVolumeClaimSpec(isObj(pvc.spec) ? pvc.spec : {}, "spec"),
  ];
}

/**
 * ValidatePersistentVolumeClaimUpdate: the spec is immutable except the volume name the
 * binder sets once and a bound claim's storage request.
 */
export function validatePersistentVolumeClaimUpdate(pvc: Obj, old: Obj): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(pvc.metadata, old.metadata),
    ...validatePersistentVolumeClaim(pvc).filter((e) => !e.field.startsWith("metadata.")),
  ];
  const next = structuredClone(isObj(pvc.spec) ? pvc.spec : {});
  const prev = structuredClone(isObj(old.spec) ? old.spec : {});
  if (!str(prev.volumeName)) prev.volumeName = next.volumeName;
  if (prev.storageClassName === undefined && next.storageClassName !== undefined)
    prev.storageClassName = next.storageClassName;
  if (pvc.status?.phase === "Bound" && isObj(next.resources) && isObj(next.resources.requests))
    next.resources.requests.storage = prev.resources?.requests?.storage;
  next.volumeAttributesClassName = prev.volumeAttributesClassName;
  if (!semanticEqual(next, prev)) {
    // Go appends a cmp.Diff of the two specs; kubesim names the rule without the diff.
    errs.push(
      forbidden(
        "spec",
        "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
      ),
    );
  }
  return errs;
}

function hostPath(path: string, s: Obj): FieldError[] {
  if (!str(s.path)) return [required(child(path, "path"))];
  const errs = validatePathNoBacksteps(child(path, "path"), str(s.path));
  if (s.type !== undefined && s.type !== null && !HOST_PATH_TYPES.includes(str(s.type)))
    errs.push(notSupported(child(path, "type"), str(s.type), HOST_PATH_TYPES));
  return errs;
}

const PV_SOURCES = [
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "hostPath",
  "nfs",
  "fc",
  "flocker",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "portworxVolume",
  "local",
  "csi",
];

export function validatePersistentVolume(pv: Obj): FieldError[] {
  const errs = validateObjectMeta(pv.metadata, false, nameIsDNSSubdomain);
  const spec: Obj = isObj(pv.spec) ? pv.spec : {};
  const modes = arr(spec.accessModes);
  if (modes.length === 0) errs.push(required("spec.accessModes", ""));
  errs.push(...accessModes("spec.accessModes", modes));
  const capacity = isObj(spec.capacity) ? spec.capacity : {};
  const capKeys = Object.keys(capacity);
  if (capKeys.length === 0) errs.push(required("spec.capacity", ""));
  if (!("storage" in capacity) || capKeys.length > 1) {
    // %#v of the ResourceList; only the empty one is rendered exactly.
    const shown = capKeys.length === 0 ? "core.ResourceList(nil)" : "core.ResourceList{...}";
    errs.push(notSupported("spec.capacity", new GoRepr(shown), ["storage"]));
  }
  for (const k of sortedList(capKeys)) errs.push(...positive(key("spec.capacity", k), capacity[k]));
  const policy = str(spec.persistentVolumeReclaimPolicy);
  if (policy && !PV_RECLAIM.includes(policy))
    errs.push(notSupported("spec.persistentVolumeReclaimPolicy", policy, PV_RECLAIM));
  const sources = PV_SOURCES.filter((s) => isObj(spec[s]));
  sources.slice(1).forEach((s) => {
    errs.push(forbidden(child("spec", s), "may not specify more than 1 volume type"));
  });
  if (sources[0] === "hostPath") errs.push(...hostPath("spec.hostPath", spec.hostPath));
  if (sources[0] === "local" && !str(spec.local.path)) errs.push(required("spec.local.path"));
  if (sources.length === 0) errs.push(required("spec", "must specify a volume type"));
  errs.push(...className("spec.storageClassName", spec.storageClassName));
  if (
    spec.volumeMode !== undefined &&
    spec.volumeMode !== null &&
    !VOLUME_MODES.includes(str(spec.volumeMode))
  )
    errs.push(notSupported("spec.volumeMode", str(spec.volumeMode), VOLUME_MODES));
  if (sources.includes("local") && !isObj(spec.nodeAffinity?.required))
    errs.push(required("spec.nodeAffinity", "Local volume requires node affinity"));
  return errs;
}

export function validatePersistentVolumeUpdate(pv: Obj, old: Obj): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(pv.metadata, old.metadata),
    ...validatePersistentVolume(pv).filter((e) => !e.field.startsWith("metadata.")),
  ];
  const src = (o: Obj) => PV_SOURCES.map((s) => o.spec?.[s]);
  if (!semanticEqual(src(pv), src(old)))
    errs.push(
      forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"),
    );
  return errs;
}

export function validateStorageClass(sc: Obj): FieldError[] {
  const errs = validateObjectMeta(sc.metadata, false, nameIsDNSSubdomain);
  const provisioner = str(sc.provisioner);
  if (!provisioner) errs.push(required("provisioner", ""));
  else
    for (const m of isQualifiedName(provisioner.toLowerCase()))
      errs.push(invalid("provisioner", provisioner, m));
  const policy = str(sc.reclaimPolicy);
  if (policy && !SC_RECLAIM.includes(policy)) errs.push(notSupported("reclaimPolicy", policy, SC_RECLAIM));
  const mode = sc.volumeBindingMode;
  if (mode === undefined || mode === null) errs.push(required("volumeBindingMode", ""));
  else if (!BINDING_MODES.includes(str(mode)))
    errs.push(notSupported("volumeBindingMode", str(mode), BINDING_MODES));
  return errs;
}

export function validateStorageClassUpdate(sc: Obj, old: Obj): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(sc.metadata, old.metadata),
    ...validateStorageClass(sc).filter((e) => !e.field.startsWith("metadata.")),
  ];
  if (!semanticEqual(sc.parameters, old.parameters))
    errs.push(forbidden("parameters", "updates to parameters are forbidden."));
  if (sc.provisioner !== old.provisioner)
    errs.push(forbidden("provisioner", "updates to provisioner are forbidden."));
  if (sc.reclaimPolicy !== old.reclaimPolicy)
    errs.push(forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
  if (sc.volumeBindingMode !== old.volumeBindingMode)
    errs.push(invalid("volumeBindingMode", sc.volumeBindingMode, "field is immutable"));
  return errs;
}
