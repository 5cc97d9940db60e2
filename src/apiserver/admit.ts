// The write path for users' requests, in the apiserver's order: strict decoding, namespace
// checks, defaulting, validation, then allocation (ClusterIPs, NodePorts) and storage.
// Each failure is the Status the real apiserver returns, and nothing is stored.

import type { KObject, Meta, Service } from "../api/types.js";
import { rfc3339 } from "../golang/time.js";
import { cloneData } from "../util/clone.js";
import { withSortedKeys } from "../util/sorted-keys.js";
import { convertHpaV1 } from "./admission/autoscaling.js";
import {
  applyDefaults,
  type FieldError,
  formatFieldError,
  prepareForCreate,
  prepareForUpdate,
  strictDecode,
  validate,
} from "./admission/index.js";
import type { AdmissionContext } from "./context.js";
import { admitCustomWrite, deleteCrdObjects } from "./crd/write.js";
import { alreadyExists, badRequest, invalid, notFound, StatusError } from "./errors.js";
import { deletePodGracefully } from "./graceful.js";
import { admitIngress } from "./ingress-admission.js";
import { applyLimitRangeDefaults, validatePodLimits } from "./limitranger.js";
import { admitQuota } from "./quota.js";
import type { UserInfo } from "./rbac/authorizer.js";
import { ADMIN_USER } from "./rbac/objects.js";
import {
  CSRS,
  isOf,
  NAMESPACES,
  PODS,
  type ResourceType,
  resourceForManifest,
  SERVICEACCOUNTS,
} from "./resources.js";
import { allocateServicePorts } from "./serviceAlloc.js";
import { admitStorage, admitStorageUpdate, deletesByFinalizer } from "./storage-admission.js";
import { callWebhooks } from "./webhooks.js";

const NS = NAMESPACES;

export function resourceOf(obj: KObject): ResourceType {
  const r = resourceForManifest(obj.apiVersion, obj.kind);
  if (!r) throw badRequest(`no kind "${obj.kind}" is registered for version "${obj.apiVersion}"`);
  return r;
}

/** Copies one metadata field; generic so the field's type travels with its key. */
function keepField<K extends keyof Meta>(to: Meta, from: Meta, k: K): void {
  to[k] = from[k];
}

/** A body kubectl itself cannot decode (`error: unable to decode "FILE": ...`). */
export class ClientDecodeError extends Error {}

/** Strict decoding: unknown or mistyped fields are refused before anything else. */
export function decode(raw: Record<string, unknown>): KObject {
  const obj = raw as KObject;
  const res = strictDecode(raw);
  // kubectl decodes metadata itself and fails before sending anything.
  if (res.clientSide && res.typeError) throw new ClientDecodeError(res.typeError);
  const version = obj.apiVersion.includes("/") ? obj.apiVersion.split("/")[1] : obj.apiVersion;
  const prefix = `${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}: `;
  if (res.typeError) throw badRequest(prefix + res.typeError);
  if (res.unknownFields.length) {
    throw badRequest(
      `${prefix}strict decoding error: ${res.unknownFields.map((f: string) => `unknown field "${f}"`).join(", ")}`,
    );
  }
  // The apiserver converts an older version to the one it stores.
  if (obj.apiVersion === "autoscaling/v1" && obj.kind === "HorizontalPodAutoscaler")
    return convertHpaV1(cloneData(obj));
  return cloneData(obj);
}

function checkNamespace(c: AdmissionContext, r: ResourceType, obj: KObject): void {
  if (!r.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  // Defaulting fills a namespaced object's namespace before this check.
  const name = obj.metadata.namespace ?? "";
  const ns = c.api.get(NS, undefined, name);
  if (!ns) throw notFound(NS, name);
  if (ns.metadata.deletionTimestamp) {
    throw new StatusError(
      "Forbidden",
      `${r.plural} "${obj.metadata.name}" is forbidden: unable to create new content in namespace ${ns.metadata.name} because it is being terminated`,
      403,
    );
  }
}

function throwInvalid(obj: KObject, errs: FieldError[]): void {
  if (errs.length)
    throw invalid(obj.kind, obj.metadata.name ?? "", errs.map(formatFieldError), groupOf(obj.apiVersion));
}

export interface WriteOptions {
  dryRun?: boolean;
  /** Who asks (the learner's kubernetes-admin unless impersonating): a CSR records it. */
  user?: UserInfo;
  /** The API verb an update is authorized as: kubectl apply, label and patch send PATCH. */
  verb?: "update" | "patch";
  /** The subresource the request names (kubectl scale patches deployments/scale). */
  subresource?: string;
}

/** The CSR strategy's PrepareForCreate: the requestor is whoever made the request, never the body. */
function stampRequestor(obj: KObject, user: UserInfo): void {
  if (!isOf(obj, CSRS)) return;
  // A body without a spec gets an empty one, which validation then refuses field by field.
  obj.spec ??= { request: "", signerName: "" };
  const spec = obj.spec;
  delete spec.uid;
  delete spec.extra;
  if (user.uid) spec.uid = user.uid;
  spec.username = user.name;
  spec.groups = [...user.groups];
}

/** POST: returns the stored (or, with dryRun, the would-be) object. */
export function createObject(
  c: AdmissionContext,
  raw: Record<string, unknown>,
  ns: string,
  opts: WriteOptions = {},
): KObject {
  const obj = decode(raw);
  const r = resourceOf(obj);
  obj.metadata = obj.metadata ?? {};
  if (r.namespaced) obj.metadata.namespace = obj.metadata.namespace || ns;
  c.api.authorizeRequest("create", r, obj.metadata.namespace);
  const user = opts.user ?? c.api.requestUser ?? ADMIN_USER;
  return c.api.internally(() => admitCreate(c, r, obj, { ...opts, user }));
}

function admitCreate(c: AdmissionContext, r: ResourceType, obj: KObject, opts: WriteOptions): KObject {
  checkNamespace(c, r, obj);
  if (obj.metadata.name && c.api.get(r, obj.metadata.namespace, obj.metadata.name)) {
    throw alreadyExists(r, obj.metadata.name);
  }
  // Custom resources: webhooks are called before the CRD's schema check (kubesim folds that
  // check into admitCustomWrite; the real apiserver validates between the two phases).
  if (r.custom) {
    const customReq = { operation: "CREATE", resource: r, object: obj } as const;
    callWebhooks(c, "mutating", customReq);
    callWebhooks(c, "validating", customReq);
  }
  if (admitCustomWrite(r, obj, rfc3339(c.t))) {
    if (opts.dryRun)
      return { ...obj, metadata: { ...obj.metadata, uid: c.rng.uuid(), creationTimestamp: rfc3339(c.t) } };
    return c.api.insert(obj);
  }
  const mutated = applyDefaults(obj, {
    randomSuffix: () => c.rng.name(5),
    serviceAccountAutomount: (ns, name) => c.api.get(SERVICEACCOUNTS, ns, name)?.automountServiceAccountToken,
  });
  // Mutating admission (LimitRanger's defaults) runs before the strategy computes the QoS class.
  if (isOf(mutated, PODS)) applyLimitRangeDefaults(c.api, mutated);
  const defaulted = prepareForCreate(mutated);
  stampRequestor(defaulted, opts.user ?? ADMIN_USER);
  admitStorage(c.api, defaulted, rfc3339(c.t));
  admitIngress(c.api, defaulted);
  // MutatingAdmissionWebhook is the last mutating plugin; its validating twin runs after
  // LimitRanger and before ResourceQuota.
  const hookReq = {
    operation: "CREATE",
    resource: r,
    object: defaulted,
    subresource: opts.subresource,
  } as const;
  callWebhooks(c, "mutating", hookReq);
  throwInvalid(defaulted, validate(defaulted));
  // Validating admission, after the object's own validation: LimitRanger, then ResourceQuota.
  if (isOf(defaulted, PODS)) validatePodLimits(c.api, r, defaulted);
  callWebhooks(c, "validating", hookReq);
  admitQuota(c.api, r, defaulted, c.t, opts.dryRun);
  if (defaulted.kind === "Service")
    throwInvalid(defaulted, allocateServicePorts(c, defaulted as Service, undefined, opts.dryRun));
  if (opts.dryRun) {
    // A dry run stops before storage, after BeforeCreate stamped the uid and creation time
    // (no resourceVersion: nothing was stored), as `kubectl diff` and --dry-run=server show.
    defaulted.metadata.uid = c.rng.uuid();
    defaulted.metadata.creationTimestamp = rfc3339(c.t);
    return defaulted;
  }
  return c.api.insert(defaulted);
}

/** PUT of a whole new object over `old` (what apply's patch amounts to). */
export function updateObject(
  c: AdmissionContext,
  next: KObject,
  old: KObject,
  opts: WriteOptions = {},
): KObject {
  const r = resourceOf(next);
  c.api.authorizeRequest(
    opts.verb ?? "update",
    r,
    old.metadata.namespace,
    old.metadata.name,
    opts.subresource,
  );
  return c.api.internally(() => admitUpdate(c, r, next, old, opts));
}

function admitUpdate(
  c: AdmissionContext,
  r: ResourceType,
  next: KObject,
  old: KObject,
  opts: WriteOptions,
): KObject {
  let obj = cloneData(next);
  obj.metadata.namespace = old.metadata.namespace;
  if (!r.namespaced) delete obj.metadata.namespace;
  if (r.custom) {
    const customReq = { operation: "UPDATE", resource: r, object: obj, old } as const;
    callWebhooks(c, "mutating", customReq);
    callWebhooks(c, "validating", customReq);
  }
  if (admitCustomWrite(r, obj, rfc3339(c.t), old)) return opts.dryRun ? obj : c.api.put(obj);
  // Strict decoding has checked every field's type, so a decoded Service has the Service shape.
  if (obj.kind === "Service") dropTypeDependentFields(obj as Service, old as Service);
  obj = prepareForUpdate(applyDefaults(obj, { randomSuffix: () => c.rng.name(5), operation: "update" }), old);
  // Server-owned metadata survives any update.
  for (const k of [
    "uid",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "ownerReferences",
  ] as const) {
    if (old.metadata[k] !== undefined && obj.metadata[k] === undefined)
      keepField(obj.metadata, old.metadata, k);
  }
  if (obj.kind === "Service")
    throwInvalid(obj, allocateServicePorts(c, obj as Service, old as Service, opts.dryRun));
  // Mutating and validating admission run before the strategy's validation.
  admitStorageUpdate(c.api, obj, old);
  const hookReq = {
    operation: "UPDATE",
    resource: r,
    object: obj,
    old,
    subresource: opts.subresource,
  } as const;
  callWebhooks(c, "mutating", hookReq);
  throwInvalid(obj, validate(obj, old));
  callWebhooks(c, "validating", hookReq);
  if (opts.dryRun) return obj;
  // A write that changes nothing is not made, as etcd3's GuaranteedUpdate compares the bytes
  // it would store: the object keeps its resourceVersion and no watcher hears of it
  // (`kubectl scale` to the replicas it has, `label --overwrite` with the same value).
  if (sameStored(obj, old)) return old;
  return c.api.put(obj);
}

/**
 * Whether two versions of an object store the same bytes, field order aside (resourceVersion
 * is the store's). Strict: a label whose value is "" is a label, and an empty list a field;
 * any difference of that kind only costs a write, as before.
 */
function sameStored(a: KObject, b: KObject): boolean {
  const bare = (o: KObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return JSON.stringify(withSortedKeys(bare(a))) === JSON.stringify(withSortedKeys(bare(b)));
}

export interface DeleteOptions extends WriteOptions {
  gracePeriodSeconds?: number;
}

/** DELETE: pods terminate gracefully, namespaces empty themselves, others go at once (dependents via GC). */
export function deleteObject(
  c: AdmissionContext,
  r: ResourceType,
  ns: string | undefined,
  name: string,
  opts: DeleteOptions = {},
): KObject {
  c.api.authorizeRequest("delete", r, ns, name);
  return c.api.internally(() => admitDelete(c, r, ns, name, opts));
}

function admitDelete(
  c: AdmissionContext,
  r: ResourceType,
  ns: string | undefined,
  name: string,
  opts: DeleteOptions,
): KObject {
  const obj = c.api.mustGet(r, ns, name);
  const hookReq = { operation: "DELETE", resource: r, object: obj, old: obj } as const;
  callWebhooks(c, "mutating", hookReq);
  callWebhooks(c, "validating", hookReq);
  if (opts.dryRun) return obj;
  if (isOf(obj, PODS)) {
    deletePodGracefully(c.api, c.t, obj, opts.gracePeriodSeconds);
  } else if (obj.kind === "Namespace") {
    if (!obj.metadata.deletionTimestamp) {
      obj.metadata.deletionTimestamp = rfc3339(c.t);
      obj.status = { phase: "Terminating" };
      c.api.put(obj);
    }
  } else if (deletesByFinalizer(obj)) {
    // A claim or volume with finalizers is only marked; the protection controllers remove it.
    if (!obj.metadata.deletionTimestamp) {
      obj.metadata.deletionTimestamp = rfc3339(c.t);
      obj.metadata.deletionGracePeriodSeconds = 0;
      c.api.put(obj);
    }
  } else {
    // A CRD takes the objects of its kind with it (the finalizer's cleanup, done at once).
    deleteCrdObjects(c.api, obj);
    c.api.remove(obj);
  }
  return obj;
}

/**
 * Like the Service REST strategy: values the server allocated for the old type (nodePorts,
 * the ClusterIP) are dropped when the type no longer uses them, unless the user changed them.
 */
function dropTypeDependentFields(svc: Service, old: Service): void {
  const usesNodePorts = (t: string | undefined) => t === "NodePort" || t === "LoadBalancer";
  const type = svc.spec?.type ?? "ClusterIP";
  if (usesNodePorts(old.spec.type) && !usesNodePorts(type)) {
    for (const p of svc.spec.ports ?? []) {
      const was = old.spec.ports?.find((o) => o.port === p.port)?.nodePort;
      if (p.nodePort === was) delete p.nodePort;
    }
    // So do the fields only externally reachable Services have, when left as they were.
    for (const f of ["externalTrafficPolicy", "healthCheckNodePort"] as const) {
      if (svc.spec[f] === old.spec[f]) delete svc.spec[f];
    }
  }
  // Switching to a Service that needs no health check (not LoadBalancer, or Cluster): an
  // unchanged healthCheckNodePort is the server's own allocation, dropped and released.
  const needsHC = (s: Service) => s.spec?.type === "LoadBalancer" && s.spec.externalTrafficPolicy === "Local";
  if (needsHC(old) && !needsHC(svc) && svc.spec.healthCheckNodePort === old.spec.healthCheckNodePort)
    delete svc.spec.healthCheckNodePort;
  if (old.spec.type === "LoadBalancer" && type !== "LoadBalancer") {
    for (const f of ["allocateLoadBalancerNodePorts", "loadBalancerClass"] as const) {
      if (svc.spec[f] === old.spec[f]) delete svc.spec[f];
    }
  }
  if (
    type === "ExternalName" &&
    old.spec.type !== "ExternalName" &&
    svc.spec.clusterIP === old.spec.clusterIP
  ) {
    delete svc.spec.clusterIP;
    delete svc.spec.clusterIPs;
  }
}

/** The API group of an apiVersion ("apps/v1" is apps, "v1" the core group ""). */
function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? "";
  return v.includes("/") ? v.slice(0, v.indexOf("/")) : "";
}
