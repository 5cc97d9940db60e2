// Ingress and IngressClass validation (pkg/apis/networking/validation, v1.32): the texts and
// field paths the apiserver reports for a rule's host (wildcards, no IPs), a path's type and
// shape, a backend's service name and port, TLS hosts and secret names, and an IngressClass's
// controller and parameters.

import { GoRepr } from "../gofmt.js";
import type { Obj } from "../raw.js";
import {
  child,
  type FieldError,
  forbidden,
  index,
  invalid,
  notSupported,
  required,
  tooLong,
} from "./errors.js";
import { arr, isObj, str, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import {
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  parseIPSloppy,
  regexError,
} from "./names.js";
import { rbacName } from "./rbac.js";

/** The annotation the v1beta1 era used instead of spec.ingressClassName. */
export const INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

const PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"];
const INVALID_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_SUFFIXES = ["/..", "/."];
const WILDCARD_FMT = `\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`;
const wildcardRe = new RegExp(`^${WILDCARD_FMT}$`);

/** validation.IsWildcardDNS1123Subdomain. */
export function isWildcardDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(v) > 253) errs.push("must be no more than 253 characters");
  if (!wildcardRe.test(v))
    errs.push(
      regexError(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
        WILDCARD_FMT,
        "*.example.com",
      ),
    );
  return errs;
}

function validateBackend(path: string, raw: unknown): FieldError[] {
  const b = isObj(raw) ? raw : {};
  const hasResource = isObj(b.resource);
  const hasService = isObj(b.service);
  if (hasResource && hasService) return [invalid(path, "", "cannot set both resource and service backends")];
  if (hasResource) return validateTypedRef(child(path, "resource"), b.resource as Obj);
  if (!hasService) return [invalid(path, "", "resource or service backend is required")];
  const svc = b.service as Obj;
  const errs: FieldError[] = [];
  const name = str(svc.name);
  if (!name) errs.push(required(child(path, "service", "name"), ""));
  else
    for (const m of nameIsDNS1035Label(name, false))
      errs.push(invalid(child(path, "service", "name"), name, m));
  const port = isObj(svc.port) ? svc.port : {};
  const portName = str(port.name);
  const portNumber = Number(port.number ?? 0);
  if (portName && portNumber) errs.push(invalid(path, "", "cannot set both port name & port number"));
  else if (portName)
    for (const m of isValidPortName(portName))
      errs.push(invalid(child(path, "service", "port", "name"), portName, m));
  else if (portNumber)
    for (const m of isValidPortNum(portNumber))
      errs.push(invalid(child(path, "service", "port", "number"), portNumber, m));
  else errs.push(required(path, "port name or number is required"));
  return errs;
}

function validateTypedRef(path: string, r: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof r.apiGroup === "string")
    for (const m of isDNS1123Subdomain(r.apiGroup))
      errs.push(invalid(child(path, "apiGroup"), r.apiGroup, m));
  for (const key of ["kind", "name"]) {
    const v = str(r[key]);
    if (!v) errs.push(required(child(path, key), ""));
    else for (const m of rbacName(v, false)) errs.push(invalid(child(path, key), v, m));
  }
  return errs;
}

function validatePath(path: string, raw: unknown): FieldError[] {
  const p = isObj(raw) ? raw : {};
  const errs: FieldError[] = [];
  if (p.pathType === undefined || p.pathType === null)
    return [required(child(path, "pathType"), "pathType must be specified")];
  const type = str(p.pathType);
  const value = str(p.path);
  const at = child(path, "path");
  if (type === "Exact" || type === "Prefix") {
    if (!value.startsWith("/")) errs.push(invalid(at, value, "must be an absolute path"));
    if (value) {
      for (const s of INVALID_SEQUENCES)
        if (value.includes(s)) errs.push(invalid(at, value, `must not contain '${s}'`));
      for (const s of INVALID_SUFFIXES)
        if (value.endsWith(s)) errs.push(invalid(at, value, `cannot end with '${s}'`));
    }
  } else if (type === "ImplementationSpecific") {
    if (value && !value.startsWith("/")) errs.push(invalid(at, value, "must be an absolute path"));
  } else {
    errs.push(notSupported(child(path, "pathType"), type, PATH_TYPES));
  }
  errs.push(...validateBackend(child(path, "backend"), p.backend));
  return errs;
}

function validateRules(rules: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((raw, i) => {
    const r = isObj(raw) ? raw : {};
    const at = index("spec.rules", i);
    const host = str(r.host);
    if (host) {
      if (parseIPSloppy(host))
        errs.push(invalid(child(at, "host"), host, "must be a DNS name, not an IP address"));
      const msgs = host.includes("*") ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const m of msgs) errs.push(invalid(child(at, "host"), host, m));
    }
    if (isObj(r.http)) {
      const paths = arr(r.http.paths);
      const hp = child(at, "http");
      if (paths.length === 0) errs.push(required(child(hp, "paths"), ""));
      for (const [j, p] of paths.entries()) errs.push(...validatePath(index(child(hp, "paths"), j), p));
    }
  });
  return errs;
}

function validateTLS(tls: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  tls.forEach((raw, i) => {
    const t = isObj(raw) ? raw : {};
    const at = index("spec.tls", i);
    arr(t.hosts).forEach((h, j) => {
      const host = str(h);
      const msgs = host.includes("*") ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const m of msgs) errs.push(invalid(index(child(at, "hosts"), j), host, m));
    });
    const secret = str(t.secretName);
    if (secret)
      for (const m of nameIsDNSSubdomain(secret, false))
        errs.push(invalid(child(at, "secretName"), secret, m));
  });
  return errs;
}

function validateIngressSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const rules = arr(spec.rules);
  const hasDefault = isObj(spec.defaultBackend);
  if (rules.length === 0 && !hasDefault)
    errs.push(
      // The bad value is the internal []networking.IngressRule, printed with %#v.
      invalid(
        "spec",
        new GoRepr(
          Array.isArray(spec.rules) ? "[]networking.IngressRule{}" : "[]networking.IngressRule(nil)",
        ),
        "either `defaultBackend` or `rules` must be specified",
      ),
    );
  if (hasDefault) errs.push(...validateBackend("spec.defaultBackend", spec.defaultBackend));
  if (rules.length) errs.push(...validateRules(rules));
  const tls = arr(spec.tls);
  if (tls.length) errs.push(...validateTLS(tls));
  if (typeof spec.ingressClassName === "string")
    for (const m of nameIsDNSSubdomain(spec.ingressClassName, false))
      errs.push(invalid("spec.ingressClassName", spec.ingressClassName, m));
  return errs;
}

function validateIngressObject(o: Obj): FieldError[] {
  const errs = validateObjectMeta(o.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateIngressSpec(isObj(o.spec) ? o.spec : {}));
  return errs;
}

/** ValidateIngressCreate: the object, and the class annotation agreeing with the field. */
export function validateIngress(o: Obj): FieldError[] {
  const errs = validateIngressObject(o);
  const ann = isObj(o.metadata?.annotations) ? o.metadata.annotations[INGRESS_CLASS_ANNOTATION] : undefined;
  const cls = isObj(o.spec) ? o.spec.ingressClassName : undefined;
  if (typeof ann === "string" && typeof cls === "string" && ann !== cls)
    errs.push(
      invalid(
        `annotations.${INGRESS_CLASS_ANNOTATION}`,
        ann,
        "must match `ingressClassName` when both are specified",
      ),
    );
  return errs;
}

export function validateIngressUpdate(o: Obj, old: Obj): FieldError[] {
  return [...validateObjectMetaUpdate(o.metadata, old.metadata), ...validateIngressObject(o)];
}

const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

/** validation.IsDomainPrefixedPath. */
function domainPrefixedPath(path: string, v: string): FieldError[] {
  const slash = v.indexOf("/");
  const host = slash < 0 ? v : v.slice(0, slash);
  const rest = slash < 0 ? "" : v.slice(slash + 1);
  if (slash < 0 || !host || !rest)
    return [invalid(path, v, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = isDNS1123Subdomain(host).map((m) => invalid(path, host, m));
  if (!new RegExp(`^${HTTP_PATH_FMT}$`).test(rest))
    errs.push(invalid(path, rest, regexError("Invalid path", HTTP_PATH_FMT)));
  return errs;
}

export function validateIngressClass(o: Obj): FieldError[] {
  const errs = validateObjectMeta(o.metadata, false, nameIsDNSSubdomain);
  const spec = isObj(o.spec) ? o.spec : {};
  const controller = str(spec.controller);
  if (!controller) errs.push(required("spec.controller", ""));
  else {
    if (controller.length > 250) errs.push(tooLong("spec.controller", 250));
    errs.push(...domainPrefixedPath("spec.controller", controller));
  }
  if (isObj(spec.parameters)) errs.push(...validateParameters(spec.parameters));
  return errs;
}

function validateParameters(p: Obj): FieldError[] {
  const at = "spec.parameters";
  const errs = validateTypedRef(at, p);
  if (p.scope === undefined || p.scope === null) return [...errs, required(child(at, "scope"), "")];
  const scope = str(p.scope);
  if (scope !== "Cluster" && scope !== "Namespace")
    errs.push(notSupported(child(at, "scope"), scope, ["Cluster", "Namespace"]));
  else if (scope === "Namespace") {
    if (typeof p.namespace !== "string")
      errs.push(required(child(at, "namespace"), "`parameters.scope` is set to 'Namespace'"));
    else
      for (const m of nameIsDNSLabel(p.namespace, false))
        errs.push(invalid(child(at, "namespace"), p.namespace, m));
  } else if (typeof p.namespace === "string") {
    errs.push(forbidden(child(at, "namespace"), "`parameters.scope` is set to 'Cluster'"));
  }
  return errs;
}

export function validateIngressClassUpdate(o: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(o.metadata, old.metadata);
  const next = str(isObj(o.spec) ? o.spec.controller : undefined);
  const prev = str(isObj(old.spec) ? old.spec.controller : undefined);
  if (next !== prev) errs.push(invalid("spec.controller", next, "field is immutable"));
  return [...errs, ...validateIngressClass(o)];
}
