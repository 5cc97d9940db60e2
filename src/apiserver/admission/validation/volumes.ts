// ValidateVolumes and the per-source checks (pkg/apis/core/validation, v1.32 texts).
import { isNegative, parseQuantity } from "../../../golang/quantity.js";
import type { Obj } from "../raw.js";
import { validateFieldRef, validateResourceFieldRef } from "./container.js";
import {
  child,
  duplicate,
  type FieldError,
  forbidden,
  index,
  invalid,
  notSupported,
  required,
} from "./errors.js";
import { arr, isObj, str } from "./meta.js";
import { inclusiveRangeError, validateDNS1123Label } from "./names.js";
import {
  validateLocalDescendingPath,
  validateLocalNonReservedPath,
  validatePathNoBacksteps,
} from "./paths.js";

const FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive";
/** The hostPath types the apiserver accepts, for pod volumes and PersistentVolumes alike. */
export const HOST_PATH_TYPES = [
  "",
  "BlockDevice",
  "CharDevice",
  "Directory",
  "DirectoryOrCreate",
  "File",
  "FileOrCreate",
  "Socket",
];
const VOLUME_FIELD_PATHS = [
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
];

/** Sources in the order validateVolumeSource checks them; [field, path used in "more than 1" errors]. */
const SOURCES: Array<[string, string]> = [
  ["emptyDir", "emptyDir"],
  ["hostPath", "hostPath"],
  ["gitRepo", "gitRepo"],
  ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"],
  ["secret", "secret"],
  ["nfs", "nfs"],
  ["iscsi", "iscsi"],
  ["glusterfs", "glusterfs"],
  ["flocker", "flocker"],
  ["persistentVolumeClaim", "persistentVolumeClaim"],
  ["rbd", "rbd"],
  ["cinder", "cinder"],
  // Go spells these two paths differently from the JSON field names.
  ["cephfs", "cephFS"],
  ["quobyte", "quobyte"],
  ["downwardAPI", "downwarAPI"],
  ["fc", "fc"],
  ["flexVolume", "flexVolume"],
  ["configMap", "configMap"],
  ["azureFile", "azureFile"],
  ["vsphereVolume", "vsphereVolume"],
  ["photonPersistentDisk", "photonPersistentDisk"],
  ["portworxVolume", "portworxVolume"],
  ["azureDisk", "azureDisk"],
  ["storageos", "storageos"],
  ["projected", "projected"],
  ["scaleIO", "scaleIO"],
  ["csi", "csi"],
  ["ephemeral", "ephemeral"],
  ["image", "image"],
];

function mode(field: string, v: unknown): FieldError[] {
  return typeof v === "number" && (v > 0o777 || v < 0) ? [invalid(field, v, FILE_MODE_ERROR)] : [];
}

function keyToPath(path: string, kp: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(kp.key)) errs.push(required(child(path, "key")));
  if (!str(kp.path)) errs.push(required(child(path, "path")));
  errs.push(...validateLocalNonReservedPath(child(path, "path"), str(kp.path)));
  errs.push(...mode(child(path, "mode"), kp.mode));
  return errs;
}

function items(path: string, list: unknown): FieldError[] {
  return arr(list).flatMap((kp, i) => keyToPath(index(child(path, "items"), i), isObj(kp) ? kp : {}));
}

function downwardAPIFile(path: string, f: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(f.path)) errs.push(required(child(path, "path")));
  errs.push(...validateLocalNonReservedPath(child(path, "path"), str(f.path)));
  if (isObj(f.fieldRef)) {
    errs.push(...validateFieldRef(child(path, "fieldRef"), f.fieldRef, VOLUME_FIELD_PATHS));
    if (isObj(f.resourceFieldRef)) {
      errs.push(
        invalid(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"),
      );
    }
  } else if (isObj(f.resourceFieldRef)) {
    errs.push(...validateResourceFieldRef(child(path, "resourceFieldRef"), f.resourceFieldRef, true));
  } else {
    errs.push(required(path, "one of fieldRef and resourceFieldRef is required"));
  }
  errs.push(...mode(child(path, "mode"), f.mode));
  return errs;
}

function projected(path: string, p: Obj): FieldError[] {
  const errs = mode(child(path, "defaultMode"), p.defaultMode);
  arr(p.sources).forEach((raw, i) => {
    const src = isObj(raw) ? raw : {};
    const sp = index(child(path, "sources"), i);
    let n = 0;
    for (const which of ["secret", "configMap"]) {
      if (!isObj(src[which])) continue;
      n++;
      if (!str(src[which].name)) errs.push(required(child(sp, which, "name")));
      errs.push(...items(child(sp, which), src[which].items));
    }
    if (isObj(src.downwardAPI)) {
      n++;
      for (const f of arr(src.downwardAPI.items))
        errs.push(...downwardAPIFile(child(sp, "downwardAPI"), isObj(f) ? f : {}));
    }
    if (isObj(src.serviceAccountToken)) {
      n++;
      const t = src.serviceAccountToken;
      const tp = child(sp, "serviceAccountToken");
      const exp = Number(t.expirationSeconds ?? 0);
      if (exp < 600)
        errs.push(
          invalid(child(tp, "expirationSeconds"), exp, "may not specify a duration less than 10 minutes"),
        );
      if (exp > 2 ** 32)
        errs.push(
          invalid(child(tp, "expirationSeconds"), exp, "may not specify a duration larger than 2^32 seconds"),
        );
      if (!str(t.path)) errs.push(required(child(path, "path")));
      else errs.push(...validateLocalNonReservedPath(child(path, "path"), str(t.path)));
    }
    if (isObj(src.clusterTrustBundle)) n++;
    if (n > 1) errs.push(forbidden(sp, "may not specify more than 1 volume type per source"));
  });
  return errs;
}

function requireFields(path: string, o: Obj, ...names: string[]): FieldError[] {
  return names.filter((n) => !str(o[n])).map((n) => required(child(path, n)));
}

function partition(field: string, v: unknown): FieldError[] {
  return typeof v === "number" && (v < 0 || v > 255) ? [invalid(field, v, inclusiveRangeError(1, 255))] : [];
}

function sourceErrors(name: string, path: string, s: Obj): FieldError[] {
  switch (name) {
    case "emptyDir": {
      const q =
        s.sizeLimit === undefined || s.sizeLimit === null ? undefined : parseQuantity(String(s.sizeLimit));
      return q && typeof q !== "string" && isNegative(q)
        ? [forbidden(child(path, "sizeLimit"), "SizeLimit field must be a valid resource quantity")]
        : [];
    }
    case "hostPath": {
      if (!str(s.path)) return [required(child(path, "path"))];
      const errs = validatePathNoBacksteps(child(path, "path"), str(s.path));
      if (s.type !== undefined && s.type !== null && !HOST_PATH_TYPES.includes(str(s.type))) {
        errs.push(notSupported(child(path, "type"), str(s.type), HOST_PATH_TYPES));
      }
      return errs;
    }
    case "gitRepo":
      return [
        ...requireFields(path, s, "repository"),
        ...validateLocalDescendingPath(child(path, "directory"), str(s.directory)),
      ];
    case "gcePersistentDisk": {
      // Go validates this source under the path "persistentDisk".
      const p = child(path.slice(0, path.lastIndexOf(".")), "persistentDisk");
      return [...requireFields(p, s, "pdName"), ...partition(child(p, "partition"), s.partition)];
    }
    case "awsElasticBlockStore":
      return [...requireFields(path, s, "volumeID"), ...partition(child(path, "partition"), s.partition)];
    case "secret":
      return [
        ...requireFields(path, s, "secretName"),
        ...mode(child(path, "defaultMode"), s.defaultMode),
        ...items(path, s.items),
      ];
    case "configMap":
      return [
        ...requireFields(path, s, "name"),
        ...mode(child(path, "defaultMode"), s.defaultMode),
        ...items(path, s.items),
      ];
    case "nfs": {
      const errs = requireFields(path, s, "server", "path");
      if (!str(s.path).startsWith("/"))
        errs.push(invalid(child(path, "path"), str(s.path), "must be an absolute path"));
      return errs;
    }
    case "iscsi":
      return requireFields(path, s, "targetPortal", "iqn");
    case "glusterfs":
      return requireFields(path, s, "endpoints", "path");
    case "persistentVolumeClaim":
      return requireFields(path, s, "claimName");
    case "downwardAPI":
      return [
        ...mode(child(path, "defaultMode"), s.defaultMode),
        // Go reports item errors against the source path, without the item index.
        ...arr(s.items).flatMap((f) => downwardAPIFile(path, isObj(f) ? f : {})),
      ];
    case "projected":
      return projected(path, s);
    case "csi":
      return requireFields(path, s, "driver");
    default:
      return [];
  }
}

/** ValidateVolumes: returns the errors and the volumes that validated (mounts may only use those). */
export function validateVolumes(
  path: string,
  volumes: unknown,
): { errs: FieldError[]; valid: Map<string, Obj> } {
  const errs: FieldError[] = [];
  const valid = new Map<string, Obj>();
  const names = new Set<string>();
  arr(volumes).forEach((raw, i) => {
    const v = isObj(raw) ? raw : {};
    const ip = index(path, i);
    const el: FieldError[] = [];
    let n = 0;
    for (const [field, badPath] of SOURCES) {
      if (!isObj(v[field])) continue;
      if (n++ > 0) el.push(forbidden(child(ip, badPath), "may not specify more than 1 volume type"));
      else el.push(...sourceErrors(field, child(ip, field), v[field]));
    }
    if (n === 0) el.push(required(ip, "must specify a volume type"));
    const name = str(v.name);
    if (!name) el.push(required(child(ip, "name")));
    else el.push(...validateDNS1123Label(child(ip, "name"), name));
    if (names.has(name)) el.push(duplicate(child(ip, "name"), name));
    if (el.length === 0) {
      names.add(name);
      valid.set(name, v);
    } else errs.push(...el);
  });
  return { errs, valid };
}
