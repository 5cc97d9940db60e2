// Container validation (validateContainerCommon and what it calls), v1.32 texts.
import { compareQuantity, formatQuantity, isNegative, parseQuantity } from "../../../golang/quantity.js";
import type { Obj } from "../raw.js";
import {
  child,
  duplicate,
  type FieldError,
  forbidden,
  index,
  invalid,
  key,
  notFound,
  notSupported,
  required,
  sortedList,
} from "./errors.js";
import { arr, isObj, str } from "./meta.js";
import {
  inclusiveRangeError,
  isConfigMapKey,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  validateDNS1123Label,
  validateQualifiedName,
} from "./names.js";
import { validateLocalDescendingPath } from "./paths.js";

export { validateProbesAndLifecycle } from "./probes.js";

export const PROTOCOLS = ["SCTP", "TCP", "UDP"];

function validateContainerPorts(path: string, ports: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((raw, i) => {
    const p = isObj(raw) ? raw : {};
    const ip = index(path, i);
    const name = str(p.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const m of msgs) errs.push(invalid(child(ip, "name"), name, m));
      else if (names.has(name)) errs.push(duplicate(child(ip, "name"), name));
      else names.add(name);
    }
    const cp = Number(p.containerPort ?? 0);
    if (cp === 0) errs.push(required(child(ip, "containerPort")));
    else for (const m of isValidPortNum(cp)) errs.push(invalid(child(ip, "containerPort"), cp, m));
    const hp = Number(p.hostPort ?? 0);
    if (hp !== 0) for (const m of isValidPortNum(hp)) errs.push(invalid(child(ip, "hostPort"), hp, m));
    const proto = str(p.protocol);
    if (!proto) errs.push(required(child(ip, "protocol")));
    else if (!PROTOCOLS.includes(proto)) errs.push(notSupported(child(ip, "protocol"), proto, PROTOCOLS));
  });
  return errs;
}

const ENV_FIELD_PATHS = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
const DOWNWARD_LABELS = [
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
const RESOURCE_FIELD_PATHS = [
  "limits.cpu",
  "limits.ephemeral-storage",
  "limits.memory",
  "requests.cpu",
  "requests.ephemeral-storage",
  "requests.memory",
];

function splitSubscript(p: string): [string, string] | undefined {
  if (!p.endsWith("']")) return undefined;
  const parts = p.slice(0, -2).split("['");
  return parts.length >= 2 && parts[0] ? [parts[0], parts.slice(1).join("['")] : undefined;
}

/** validateObjectFieldSelector for env vars and downward API volume files. */
export function validateFieldRef(path: string, ref: Obj, allowed: readonly string[]): FieldError[] {
  if (!str(ref.apiVersion)) return [required(child(path, "apiVersion"))];
  const fp = str(ref.fieldPath);
  if (!fp) return [required(child(path, "fieldPath"))];
  const sub = splitSubscript(fp);
  let conversionErr: string | undefined;
  if (ref.apiVersion !== "v1") conversionErr = `unsupported pod version: ${ref.apiVersion}`;
  else if (sub && sub[0] !== "metadata.annotations" && sub[0] !== "metadata.labels") {
    conversionErr = `field label does not support subscript: ${fp}`;
  } else if (!sub && !DOWNWARD_LABELS.includes(fp) && fp !== "spec.host") {
    conversionErr = `field label not supported: ${fp}`;
  }
  if (conversionErr)
    return [invalid(child(path, "fieldPath"), fp, `error converting fieldPath: ${conversionErr}`)];
  if (sub) {
    const name = sub[0] === "metadata.annotations" ? sub[1].toLowerCase() : sub[1];
    return validateQualifiedName(path, name);
  }
  const internal = fp === "spec.host" ? "spec.nodeName" : fp;
  return allowed.includes(internal)
    ? []
    : [notSupported(child(path, "fieldPath"), internal, sortedList(allowed))];
}

export function validateResourceFieldRef(path: string, ref: Obj, volume: boolean): FieldError[] {
  const res = str(ref.resource);
  if (volume && !str(ref.containerName)) return [required(child(path, "containerName"))];
  if (!res) return [required(child(path, "resource"))];
  if (!RESOURCE_FIELD_PATHS.includes(res) && !/^(requests|limits)\.hugepages-/.test(res)) {
    return [notSupported(child(path, "resource"), res, RESOURCE_FIELD_PATHS)];
  }
  return [];
}

function validateKeySelector(path: string, sel: Obj): FieldError[] {
  const errs = nameIsDNSSubdomain(str(sel.name), false).map((m) =>
    invalid(child(path, "name"), str(sel.name), m),
  );
  const k = str(sel.key);
  if (!k) errs.push(required(child(path, "key")));
  else errs.push(...isConfigMapKey(k).map((m) => invalid(child(path, "key"), k, m)));
  return errs;
}

function validateEnv(path: string, env: unknown): FieldError[] {
  const errs: FieldError[] = [];
  arr(env).forEach((raw, i) => {
    const ev = isObj(raw) ? raw : {};
    const ip = index(path, i);
    const name = str(ev.name);
    if (!name) errs.push(required(child(ip, "name")));
    else for (const m of isRelaxedEnvVarName(name)) errs.push(invalid(child(ip, "name"), name, m));
    if (!isObj(ev.valueFrom)) return;
    const vf = ev.valueFrom;
    const vp = child(ip, "valueFrom");
    let sources = 0;
    if (isObj(vf.fieldRef)) {
      sources++;
      errs.push(...validateFieldRef(child(vp, "fieldRef"), vf.fieldRef, ENV_FIELD_PATHS));
    }
    if (isObj(vf.resourceFieldRef)) {
      sources++;
      errs.push(...validateResourceFieldRef(child(vp, "resourceFieldRef"), vf.resourceFieldRef, false));
    }
    if (isObj(vf.configMapKeyRef)) {
      sources++;
      errs.push(...validateKeySelector(child(vp, "configMapKeyRef"), vf.configMapKeyRef));
    }
    if (isObj(vf.secretKeyRef)) {
      sources++;
      errs.push(...validateKeySelector(child(vp, "secretKeyRef"), vf.secretKeyRef));
    }
    if (sources === 0) {
      errs.push(
        invalid(
          vp,
          "",
          "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        ),
      );
    } else if (str(ev.value)) errs.push(invalid(vp, "", "may not be specified when `value` is not empty"));
    else if (sources > 1) errs.push(invalid(vp, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

function validateEnvFrom(path: string, envFrom: unknown): FieldError[] {
  const errs: FieldError[] = [];
  arr(envFrom).forEach((raw, i) => {
    const ef = isObj(raw) ? raw : {};
    const ip = index(path, i);
    const prefix = str(ef.prefix);
    if (prefix)
      for (const m of isRelaxedEnvVarName(prefix)) errs.push(invalid(child(ip, "prefix"), prefix, m));
    let sources = 0;
    for (const which of ["configMapRef", "secretRef"]) {
      if (!isObj(ef[which])) continue;
      sources++;
      const name = str(ef[which].name);
      const np = child(ip, which, "name");
      if (!name) errs.push(required(np));
      else errs.push(...nameIsDNSSubdomain(name, true).map((m) => invalid(np, name, m)));
    }
    if (sources === 0) errs.push(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (sources > 1)
      errs.push(invalid(path, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

function validateVolumeMounts(path: string, c: Obj, volumes: Map<string, Obj>): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  const devices = new Map(
    arr(c.volumeDevices).map((d) => [str((d as Obj)?.name), str((d as Obj)?.devicePath)]),
  );
  arr(c.volumeMounts).forEach((raw, i) => {
    const m = isObj(raw) ? raw : {};
    const ip = index(path, i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) errs.push(required(child(ip, "name")));
    if (!volumes.has(name)) errs.push(notFound(child(ip, "name"), name));
    if (!mountPath) errs.push(required(child(ip, "mountPath")));
    if (mountPoints.has(mountPath)) errs.push(invalid(child(ip, "mountPath"), mountPath, "must be unique"));
    mountPoints.add(mountPath);
    if (devices.has(name))
      errs.push(invalid(child(ip, "name"), name, "must not already exist in volumeDevices"));
    if ([...devices.values()].includes(mountPath)) {
      errs.push(
        invalid(child(ip, "mountPath"), mountPath, "must not already exist as a path in volumeDevices"),
      );
    }
    // Go reports subPath problems against the list path, not the item.
    const subPath = str(m.subPath);
    const subPathExpr = str(m.subPathExpr);
    if (subPath) errs.push(...validateLocalDescendingPath(child(path, "subPath"), subPath));
    if (subPathExpr) {
      if (subPath)
        errs.push(
          invalid(child(ip, "subPathExpr"), subPathExpr, "subPathExpr and subPath are mutually exclusive"),
        );
      errs.push(...validateLocalDescendingPath(child(path, "subPathExpr"), subPathExpr));
    }
    if (m.mountPropagation !== undefined && m.mountPropagation !== null) {
      const mp = str(m.mountPropagation);
      const mpPath = child(path, "mountPropagation");
      const supported = ["Bidirectional", "HostToContainer", "None"];
      if (!supported.includes(mp)) errs.push(notSupported(mpPath, mp, supported));
      if (mp === "Bidirectional" && c.securityContext?.privileged !== true) {
        errs.push(
          forbidden(mpPath, "Bidirectional mount propagation is available only to privileged containers"),
        );
      }
    }
  });
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = ["cpu", "memory", "ephemeral-storage"];
export const STANDARD_RESOURCES = new Set([
  ...STANDARD_CONTAINER_RESOURCES,
  ...["cpu", "memory", "ephemeral-storage"].flatMap((r) => [`requests.${r}`, `limits.${r}`]),
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "persistentvolumeclaims",
  "configmaps",
  "requests.storage",
]);
const isHugePages = (r: string) => r.startsWith("hugepages-");
const isNative = (r: string) => !r.includes("/") || r.includes("kubernetes.io/");
const overcommitAllowed = (r: string) => isNative(r) && !isHugePages(r);

export function validateContainerResourceName(path: string, name: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (errs.length > 0) return errs;
  if (!name.includes("/")) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name)) {
      errs.push(invalid(path, name, "must be a standard resource type or fully qualified"));
    }
    if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !isHugePages(name)) {
      errs.push(invalid(path, name, "must be a standard resource for containers"));
    }
  } else if (
    !isNative(name) &&
    (name.startsWith("requests.") || isQualifiedName(`requests.${name}`).length > 0)
  ) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** validateResourceRequirements for a container; map keys are walked in sorted order. */
export function validateResources(path: string, res: unknown): FieldError[] {
  const r = isObj(res) ? res : {};
  const errs: FieldError[] = [];
  const limits = isObj(r.limits) ? r.limits : {};
  const requests = isObj(r.requests) ? r.requests : {};
  const limPath = child(path, "limits");
  const reqPath = child(path, "requests");
  const q = (v: unknown) => parseQuantity(String(v));
  for (const name of sortedList(Object.keys(limits))) {
    const fp = key(limPath, name);
    errs.push(...validateContainerResourceName(fp, name));
    const lq = q(limits[name]);
    if (typeof lq !== "string" && isNegative(lq))
      errs.push(invalid(fp, formatQuantity(lq), "must be greater than or equal to 0"));
  }
  for (const name of sortedList(Object.keys(requests))) {
    const fp = key(reqPath, name);
    errs.push(...validateContainerResourceName(fp, name));
    const rq = q(requests[name]);
    if (typeof rq === "string") continue;
    if (isNegative(rq)) errs.push(invalid(fp, formatQuantity(rq), "must be greater than or equal to 0"));
    if (name in limits) {
      const lq = q(limits[name]);
      if (typeof lq === "string") continue;
      const cmp = compareQuantity(rq, lq);
      if (cmp !== 0 && !overcommitAllowed(name)) {
        errs.push(
          invalid(reqPath, formatQuantity(rq), `must be equal to ${name} limit of ${formatQuantity(lq)}`),
        );
      } else if (cmp > 0) {
        errs.push(
          invalid(
            reqPath,
            formatQuantity(rq),
            `must be less than or equal to ${name} limit of ${formatQuantity(lq)}`,
          ),
        );
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(required(limPath, "Limit must be set for non overcommitable resources"));
    }
  }
  return errs;
}

const MAX_ID = 2147483647;

function validateSecurityContext(path: string, sc: unknown): FieldError[] {
  if (!isObj(sc)) return [];
  const errs: FieldError[] = [];
  for (const f of ["runAsUser", "runAsGroup"]) {
    const v = sc[f];
    if (typeof v === "number" && (v < 0 || v > MAX_ID))
      errs.push(invalid(child(path, f), v, inclusiveRangeError(0, MAX_ID)));
  }
  if (
    sc.procMount !== undefined &&
    sc.procMount !== null &&
    !["Default", "Unmasked"].includes(str(sc.procMount))
  ) {
    errs.push(notSupported(child(path, "procMount"), str(sc.procMount), ["Default", "Unmasked"]));
  }
  return errs;
}

/** validateContainerCommon: what every kind of container must satisfy. */
export function validateContainerCommon(path: string, c: Obj, volumes: Map<string, Obj>): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(child(path, "name")));
  else errs.push(...validateDNS1123Label(child(path, "name"), name));
  if (!str(c.image)) errs.push(required(child(path, "image")));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push(required(child(path, "terminationMessagePolicy")));
  else if (tmp !== "File" && tmp !== "FallbackToLogsOnError") {
    errs.push(notSupported(child(path, "terminationMessagePolicy"), tmp, ["File", "FallbackToLogsOnError"]));
  }
  errs.push(...validateContainerPorts(child(path, "ports"), c.ports));
  errs.push(...validateEnv(child(path, "env"), c.env));
  errs.push(...validateEnvFrom(child(path, "envFrom"), c.envFrom));
  errs.push(...validateVolumeMounts(child(path, "volumeMounts"), c, volumes));
  const pp = str(c.imagePullPolicy);
  if (!pp) errs.push(required(child(path, "imagePullPolicy")));
  else if (!["Always", "IfNotPresent", "Never"].includes(pp)) {
    errs.push(notSupported(child(path, "imagePullPolicy"), pp, ["Always", "IfNotPresent", "Never"]));
  }
  errs.push(...validateResources(child(path, "resources"), c.resources));
  errs.push(...validateSecurityContext(child(path, "securityContext"), c.securityContext));
  return errs;
}

/** AccumulateUniqueHostPorts: the duplicate value is "PROTOCOL/HOSTIP/PORT". */
export function checkHostPortConflicts(
  path: string,
  containers: unknown[],
  seen = new Set<string>(),
): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((raw, ci) => {
    arr((raw as Obj)?.ports).forEach((p, pi) => {
      const port = Number((p as Obj)?.hostPort ?? 0);
      if (port === 0) return;
      const id = `${str((p as Obj)?.protocol)}/${str((p as Obj)?.hostIP)}/${port}`;
      if (seen.has(id))
        errs.push(duplicate(child(index(child(index(path, ci), "ports"), pi), "hostPort"), id));
      else seen.add(id);
    });
  });
  return errs;
}
