// Validating- and MutatingWebhookConfiguration validation (pkg/apis/admissionregistration/
// validation, v1.32, as served at v1): the texts for the mistakes people make writing one by
// hand: a name without three segments, no sideEffects or admissionReviewVersions (v1 has no
// defaults for them), both or neither of url and service, a bad path, port or timeout, and
// rules with unknown operations or wildcards mixed with names.

import type { Obj } from "../raw.js";
import { child, duplicate, type FieldError, index, invalid, notSupported, required } from "./errors.js";
import { arr, isObj, str, validateLabelSelector, validateObjectMeta } from "./meta.js";
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from "./names.js";

const OPERATIONS = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
const REVIEW_VERSIONS = ["v1", "v1beta1"];

/** validation.IsFullyQualifiedName: a DNS subdomain with at least three segments. */
function fullyQualified(path: string, name: string): FieldError[] {
  if (!name) return [required(path)];
  const sub = isDNS1123Subdomain(name);
  if (sub.length) return [invalid(path, name, sub.join(","))];
  if (name.split(".").length < 3)
    return [invalid(path, name, "should be a domain with at least three segments separated by dots")];
  return [];
}

function validateRule(path: string, r: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const ops = arr(r.operations).map(str);
  if (ops.length === 0) errs.push(required(child(path, "operations")));
  if (ops.length > 1 && ops.includes("*"))
    errs.push(
      invalid(child(path, "operations"), ops, "if '*' is present, must not specify other operations"),
    );
  ops.forEach((op, i) => {
    if (!OPERATIONS.includes(op))
      errs.push(notSupported(index(child(path, "operations"), i), op, OPERATIONS));
  });
  const groups = arr(r.apiGroups).map(str);
  if (groups.length === 0) errs.push(required(child(path, "apiGroups")));
  if (groups.length > 1 && groups.includes("*"))
    errs.push(
      invalid(child(path, "apiGroups"), groups, "if '*' is present, must not specify other API groups"),
    );
  const versions = arr(r.apiVersions).map(str);
  if (versions.length === 0) errs.push(required(child(path, "apiVersions")));
  if (versions.length > 1 && versions.includes("*"))
    errs.push(
      invalid(child(path, "apiVersions"), versions, "if '*' is present, must not specify other API versions"),
    );
  versions.forEach((v, i) => {
    if (v === "") errs.push(required(index(child(path, "apiVersions"), i)));
  });
  const resources = arr(r.resources).map(str);
  if (resources.length === 0) errs.push(required(child(path, "resources")));
  const resPath = child(path, "resources");
  if (resources.includes("*/*") && resources.length > 1)
    errs.push(invalid(resPath, resources, "if '*/*' is present, must not specify other resources"));
  else if (resources.includes("*") && resources.some((x) => x !== "*" && !x.includes("/")))
    errs.push(
      invalid(resPath, resources, "if '*' is present, must not specify other resources without subresources"),
    );
  resources.forEach((res, i) => {
    if (res === "") errs.push(required(index(resPath, i)));
    const [main, sub] = res.split("/", 2);
    if (sub !== undefined && sub !== "*" && resources.includes(`${main}/*`))
      errs.push(invalid(index(resPath, i), res, `if '${main}/*' is present, must not specify ${res}`));
    if (sub !== undefined && main !== "*" && resources.includes(`*/${sub}`))
      errs.push(invalid(index(resPath, i), res, `if '*/${sub}' is present, must not specify ${res}`));
  });
  if (r.scope !== undefined && !["*", "Cluster", "Namespaced"].includes(str(r.scope)))
    errs.push(notSupported(child(path, "scope"), str(r.scope), ["*", "Cluster", "Namespaced"]));
  return errs;
}

function validateClientConfig(path: string, cc: Obj): FieldError[] {
  const hasUrl = cc.url !== undefined && cc.url !== null;
  const svc = isObj(cc.service) ? cc.service : undefined;
  if (hasUrl === (svc !== undefined)) return [required(path, "exactly one of url or service is required")];
  if (hasUrl) {
    const p = child(path, "url");
    let u: URL | undefined;
    try {
      u = new URL(str(cc.url));
    } catch {
      return [invalid(p, str(cc.url), "host must be provided")];
    }
    if (u.protocol !== "https:") return [invalid(p, str(cc.url), `'https' is the only allowed URL scheme`)];
    if (!u.host) return [invalid(p, str(cc.url), "host must be provided")];
    return [];
  }
  const errs: FieldError[] = [];
  const s = svc as Obj;
  const sp = child(path, "service");
  if (!str(s.name)) errs.push(required(child(sp, "name"), "service name is required"));
  if (!str(s.namespace)) errs.push(required(child(sp, "namespace"), "service namespace is required"));
  const port = Number(s.port ?? 443);
  if (!(port >= 1 && port <= 65535))
    errs.push(invalid(child(sp, "port"), port, "port is not valid: must be between 1 and 65535, inclusive"));
  const pth = s.path === undefined || s.path === null ? "" : str(s.path);
  if (pth === "" || pth === "/") return errs;
  if (pth === "//") return [...errs, invalid(child(sp, "path"), pth, "segment[0] may not be empty")];
  if (!pth.startsWith("/")) errs.push(invalid(child(sp, "path"), pth, "must start with a '/'"));
  let rest = pth.slice(1);
  if (rest.endsWith("/")) rest = rest.slice(0, -1);
  rest.split("/").forEach((step, i) => {
    if (step === "") errs.push(invalid(child(sp, "path"), pth, `segment[${i}] may not be empty`));
    else
      for (const m of isDNS1123Subdomain(step))
        errs.push(invalid(child(sp, "path"), pth, `segment[${i}]: ${m}`));
  });
  return errs;
}

function validateWebhook(path: string, w: Obj, mutating: boolean): FieldError[] {
  const errs = fullyQualified(child(path, "name"), str(w.name));
  arr(w.rules).forEach((r, i) => {
    errs.push(...validateRule(index(child(path, "rules"), i), isObj(r) ? r : {}));
  });
  if (w.failurePolicy !== undefined && !["Fail", "Ignore"].includes(str(w.failurePolicy)))
    errs.push(notSupported(child(path, "failurePolicy"), str(w.failurePolicy), ["Fail", "Ignore"]));
  if (w.matchPolicy !== undefined && !["Equivalent", "Exact"].includes(str(w.matchPolicy)))
    errs.push(notSupported(child(path, "matchPolicy"), str(w.matchPolicy), ["Equivalent", "Exact"]));
  if (
    mutating &&
    w.reinvocationPolicy !== undefined &&
    !["IfNeeded", "Never"].includes(str(w.reinvocationPolicy))
  )
    errs.push(
      notSupported(child(path, "reinvocationPolicy"), str(w.reinvocationPolicy), ["IfNeeded", "Never"]),
    );
  if (w.sideEffects === undefined || w.sideEffects === null)
    errs.push(required(child(path, "sideEffects"), "must specify one of None, NoneOnDryRun"));
  else if (!["None", "NoneOnDryRun"].includes(str(w.sideEffects)))
    errs.push(notSupported(child(path, "sideEffects"), str(w.sideEffects), ["None", "NoneOnDryRun"]));
  const timeout = w.timeoutSeconds;
  if (typeof timeout === "number" && (timeout < 1 || timeout > 30))
    errs.push(
      invalid(child(path, "timeoutSeconds"), timeout, "the timeout value must be between 1 and 30 seconds"),
    );
  errs.push(...validateLabelSelector(child(path, "namespaceSelector"), w.namespaceSelector));
  errs.push(...validateLabelSelector(child(path, "objectSelector"), w.objectSelector));
  errs.push(
    ...validateClientConfig(child(path, "clientConfig"), isObj(w.clientConfig) ? w.clientConfig : {}),
  );
  return errs;
}

function validateReviewVersions(path: string, versions: string[]): FieldError[] {
  if (versions.length === 0) return [required(path, `must specify one of ${REVIEW_VERSIONS.join(", ")}`)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (seen.has(v)) errs.push(invalid(index(path, i), v, "duplicate version"));
    seen.add(v);
    for (const m of isDNS1035Label(v)) errs.push(invalid(index(path, i), v, m));
  });
  if (!versions.some((v) => REVIEW_VERSIONS.includes(v)))
    errs.push(invalid(path, versions, `must include at least one of ${REVIEW_VERSIONS.join(", ")}`));
  return errs;
}

function validateConfig(o: Obj, mutating: boolean): FieldError[] {
  const errs = validateObjectMeta(o.metadata, false, nameIsDNSSubdomain);
  const seen = new Set<string>();
  arr(o.webhooks).forEach((w, i) => {
    const hook = isObj(w) ? w : {};
    const p = index("webhooks", i);
    const name = str(hook.name);
    if (name && seen.has(name)) errs.push(duplicate(child(p, "name"), name));
    seen.add(name);
    errs.push(...validateWebhook(p, hook, mutating));
    errs.push(
      ...validateReviewVersions(
        child(p, "admissionReviewVersions"),
        arr(hook.admissionReviewVersions).map(str),
      ),
    );
  });
  return errs;
}

export const validateValidatingWebhookConfiguration = (o: Obj) => validateConfig(o, false);
export const validateMutatingWebhookConfiguration = (o: Obj) => validateConfig(o, true);
