// ConfigMap, Secret and ServiceAccount validation (ValidateConfigMap, ValidateSecret,
// ValidateServiceAccount in pkg/apis/core/validation, v1.32).

import type { Obj } from "../raw.js";
import { type FieldError, invalid, required, sortedList, tooLong } from "./errors.js";
import { isObj, validateObjectMeta } from "./meta.js";
import { isConfigMapKey, nameIsDNSSubdomain } from "./names.js";

/** core.MaxSecretSize: a Secret's or ConfigMap's data may hold at most 1 MiB. */
const MAX_SIZE = 1024 * 1024;

const keysOf = (m: unknown): string[] => (isObj(m) ? sortedList(Object.keys(m)) : []);

/** The decoded length of a base64 value (Secret.data and ConfigMap.binaryData hold base64 text). */
const decodedLen = (v: unknown): number => (typeof v === "string" ? Buffer.from(v, "base64").length : 0);

export function validateConfigMap(cm: Obj): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain);
  let total = 0;
  const binary = isObj(cm.binaryData) ? cm.binaryData : {};
  for (const k of keysOf(cm.data)) {
    for (const msg of isConfigMapKey(k)) errs.push(invalid(`data[${k}]`, k, msg));
    if (k in binary) errs.push(invalid(`data[${k}]`, k, "duplicate of key present in binaryData"));
    total += Buffer.byteLength(String(cm.data[k] ?? ""), "utf8");
  }
  for (const k of keysOf(binary)) {
    for (const msg of isConfigMapKey(k)) errs.push(invalid(`binaryData[${k}]`, k, msg));
    total += decodedLen(binary[k]);
  }
  if (total > MAX_SIZE) errs.push(tooLong("", MAX_SIZE));
  return errs;
}

/**
 * json.Unmarshal into a map, for the docker config secrets: Go's words for the usual
 * failures (the exact position-dependent texts of deeper syntax errors are not modelled).
 */
function jsonError(text: string): string | undefined {
  const start = /\S/.exec(text);
  if (!start) return "unexpected end of JSON input";
  const c = start[0];
  if (!/[{["0-9tfn-]/.test(c)) {
    const shown = c === "'" ? "'\\''" : `'${c}'`;
    return `invalid character ${shown} looking for beginning of value`;
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return "unexpected end of JSON input";
  }
  if (v !== null && typeof v === "object" && !Array.isArray(v)) return undefined;
  const what = Array.isArray(v) ? "array" : typeof v === "boolean" ? "bool" : typeof v;
  return v === null
    ? undefined
    : `json: cannot unmarshal ${what} into Go value of type map[string]interface {}`;
}

export function validateSecret(s: Obj): FieldError[] {
  const errs = validateObjectMeta(s.metadata, true, nameIsDNSSubdomain);
  const data = isObj(s.data) ? s.data : {};
  let total = 0;
  for (const k of keysOf(data)) {
    for (const msg of isConfigMapKey(k)) errs.push(invalid(`data[${k}]`, k, msg));
    total += decodedLen(data[k]);
  }
  if (total > MAX_SIZE) errs.push(tooLong("data", MAX_SIZE));
  const has = (k: string) => k in data;
  const text = (k: string) => Buffer.from(String(data[k] ?? ""), "base64").toString("utf8");
  switch (s.type) {
    case "kubernetes.io/service-account-token":
      if (!s.metadata?.annotations?.["kubernetes.io/service-account.name"]) {
        errs.push(required("metadata.annotations[kubernetes.io/service-account.name]"));
      }
      break;
    case "kubernetes.io/dockercfg":
    case "kubernetes.io/dockerconfigjson": {
      const key = s.type === "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
      if (!has(key)) {
        errs.push(required(`data[${key}]`));
        break;
      }
      const bad = jsonError(text(key));
      if (bad) errs.push(invalid(`data[${key}]`, "<secret contents redacted>", bad));
      break;
    }
    case "kubernetes.io/basic-auth":
      if (!has("username") && !has("password")) {
        errs.push(required("data[username]"), required("data[password]"));
      }
      break;
    case "kubernetes.io/ssh-auth":
      if (!has("ssh-privatekey")) errs.push(required("data[ssh-privatekey]"));
      break;
    case "kubernetes.io/tls":
      if (!has("tls.crt")) errs.push(required("data[tls.crt]"));
      if (!has("tls.key")) errs.push(required("data[tls.key]"));
      break;
  }
  return errs;
}

/** ValidateSecretUpdate: the type never changes, an immutable secret keeps its data. */
export function validateSecretUpdate(s: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (s.type !== old.type) errs.push(invalid("type", s.type, "field is immutable"));
  errs.push(...immutableData(s, old, ["data"]));
  return errs;
}

export function validateConfigMapUpdate(cm: Obj, old: Obj): FieldError[] {
  return immutableData(cm, old, ["data", "binaryData"]);
}

function immutableData(o: Obj, old: Obj, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (o.immutable !== true)
    errs.push(invalid("immutable", o.immutable ?? null, "field is immutable when `immutable` is set"));
  for (const f of fields) {
    if (JSON.stringify(o[f] ?? {}) !== JSON.stringify(old[f] ?? {})) {
      errs.push({ type: "Forbidden", field: f, detail: "field is immutable when `immutable` is set" });
    }
  }
  return errs;
}

export function validateServiceAccount(sa: Obj): FieldError[] {
  return validateObjectMeta(sa.metadata, true, nameIsDNSSubdomain);
}
