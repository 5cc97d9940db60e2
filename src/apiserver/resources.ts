// The resource types kubesim serves, with the names discovery gives them, so kubectl's
// type lookup (plural, singular, short name, Kind, with or without group) resolves here
// exactly as it does against a real apiserver.
import type * as T from "../api/types.js";
import type { KObject } from "../api/types.js";
import type { CustomResourceInfo } from "./crd/served.js";

/**
 * A served type. `O` is the object shape its objects have, so that `api.get(PODS, ...)`
 * returns a Pod; it exists only for the type checker (the descriptor is plain data that
 * kubectl also reaches by name, as an untyped ResourceType).
 */
export interface ResourceType<O extends KObject = KObject> {
  /** Never set: carries `O` from the typed constants below to the apiserver's getters. */
  readonly objectType?: O;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  group: string; // "" for the core group
  version: string;
  namespaced: boolean;
  verbs: string[];
  categories: string[];
  /** Older versions the apiserver also accepts and converts (autoscaling/v1 for an HPA). */
  alsoServed?: string[];
  /** Set for a kind a CustomResourceDefinition serves: its versions, schemas and columns. */
  custom?: CustomResourceInfo;
}

const CRUD = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function rt(
  kind: string,
  plural: string,
  shortNames: string[],
  group: string,
  namespaced: boolean,
  categories: string[] = [],
): ResourceType {
  return {
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    group,
    version: "v1",
    namespaced,
    verbs: CRUD,
    categories,
  };
}

export const RESOURCES: ResourceType[] = [
  rt("Endpoints", "endpoints", ["ep"], "", true),
  rt("Event", "events", ["ev"], "", true),
  rt("Namespace", "namespaces", ["ns"], "", false),
  rt("Node", "nodes", ["no"], "", false),
  rt("Pod", "pods", ["po"], "", true, ["all"]),
  rt("Service", "services", ["svc"], "", true, ["all"]),
  rt("ConfigMap", "configmaps", ["cm"], "", true),
  rt("Secret", "secrets", [], "", true),
  rt("ServiceAccount", "serviceaccounts", ["sa"], "", true),
  rt("LimitRange", "limitranges", ["limits"], "", true),
  rt("PersistentVolumeClaim", "persistentvolumeclaims", ["pvc"], "", true),
  rt("PersistentVolume", "persistentvolumes", ["pv"], "", false),
  rt("ResourceQuota", "resourcequotas", ["quota"], "", true),
  rt("DaemonSet", "daemonsets", ["ds"], "apps", true, ["all"]),
  rt("Deployment", "deployments", ["deploy"], "apps", true, ["all"]),
  rt("ReplicaSet", "replicasets", ["rs"], "apps", true, ["all"]),
  rt("StatefulSet", "statefulsets", ["sts"], "apps", true, ["all"]),
  rt("ControllerRevision", "controllerrevisions", [], "apps", true),
  rt("CronJob", "cronjobs", ["cj"], "batch", true, ["all"]),
  rt("Job", "jobs", [], "batch", true, ["all"]),
  rt("Lease", "leases", [], "coordination.k8s.io", true),
  rt("EndpointSlice", "endpointslices", [], "discovery.k8s.io", true),
  rt("NetworkPolicy", "networkpolicies", ["netpol"], "networking.k8s.io", true),
  rt("Ingress", "ingresses", ["ing"], "networking.k8s.io", true),
  rt("IngressClass", "ingressclasses", [], "networking.k8s.io", false),
  rt("ClusterRoleBinding", "clusterrolebindings", [], "rbac.authorization.k8s.io", false),
  rt("ClusterRole", "clusterroles", [], "rbac.authorization.k8s.io", false),
  rt("RoleBinding", "rolebindings", [], "rbac.authorization.k8s.io", true),
  rt("Role", "roles", [], "rbac.authorization.k8s.io", true),
  rt("StorageClass", "storageclasses", ["sc"], "storage.k8s.io", false),
  {
    ...rt("HorizontalPodAutoscaler", "horizontalpodautoscalers", ["hpa"], "autoscaling", true, ["all"]),
    version: "v2",
    alsoServed: ["v1"],
  },
  rt("APIService", "apiservices", [], "apiregistration.k8s.io", false, ["api-extensions"]),
  rt("CertificateSigningRequest", "certificatesigningrequests", ["csr"], "certificates.k8s.io", false),
  rt("CustomResourceDefinition", "customresourcedefinitions", ["crd", "crds"], "apiextensions.k8s.io", false),
  rt(
    "ValidatingWebhookConfiguration",
    "validatingwebhookconfigurations",
    [],
    "admissionregistration.k8s.io",
    false,
    ["api-extensions"],
  ),
  rt(
    "MutatingWebhookConfiguration",
    "mutatingwebhookconfigurations",
    [],
    "admissionregistration.k8s.io",
    false,
    ["api-extensions"],
  ),
];

export const BY_KIND = new Map(RESOURCES.map((r) => [r.kind, r]));

/** The descriptor of `kind` with its object type, for the constants components use. */
function typed<O extends KObject>(kind: O["kind"]): ResourceType<O> {
  return byKind(kind) as ResourceType<O>;
}

export const ENDPOINTS = typed<T.Endpoints>("Endpoints");
export const EVENTS = typed<T.Event>("Event");
export const NAMESPACES = typed<T.Namespace>("Namespace");
export const NODES = typed<T.Node>("Node");
export const PODS = typed<T.Pod>("Pod");
export const SERVICES = typed<T.Service>("Service");
export const DAEMONSETS = typed<T.DaemonSet>("DaemonSet");
export const DEPLOYMENTS = typed<T.Deployment>("Deployment");
export const REPLICASETS = typed<T.ReplicaSet>("ReplicaSet");
export const STATEFULSETS = typed<T.StatefulSet>("StatefulSet");
export const CONTROLLERREVISIONS = typed<T.ControllerRevision>("ControllerRevision");
export const JOBS = typed<T.Job>("Job");
export const CRONJOBS = typed<T.CronJob>("CronJob");
export const LEASES = typed<T.Lease>("Lease");
export const ENDPOINTSLICES = typed<T.EndpointSlice>("EndpointSlice");
export const NETWORKPOLICIES = typed<T.NetworkPolicy>("NetworkPolicy");
export const INGRESSES = typed<T.Ingress>("Ingress");
export const INGRESSCLASSES = typed<T.IngressClass>("IngressClass");
export const CONFIGMAPS = typed<T.ConfigMap>("ConfigMap");
export const SECRETS = typed<T.Secret>("Secret");
export const SERVICEACCOUNTS = typed<T.ServiceAccount>("ServiceAccount");
export const LIMITRANGES = typed<T.LimitRange>("LimitRange");
export const RESOURCEQUOTAS = typed<T.ResourceQuota>("ResourceQuota");
export const PVCS = typed<T.PersistentVolumeClaim>("PersistentVolumeClaim");
export const PVS = typed<T.PersistentVolume>("PersistentVolume");
export const STORAGECLASSES = typed<T.StorageClass>("StorageClass");
export const ROLES = typed<T.Role>("Role");
export const ROLEBINDINGS = typed<T.RoleBinding>("RoleBinding");
export const CLUSTERROLES = typed<T.ClusterRole>("ClusterRole");
export const CLUSTERROLEBINDINGS = typed<T.ClusterRoleBinding>("ClusterRoleBinding");
export const HPAS = typed<T.HorizontalPodAutoscaler>("HorizontalPodAutoscaler");
export const APISERVICES = typed<T.APIService>("APIService");
export const CSRS = typed<T.CertificateSigningRequest>("CertificateSigningRequest");
export const CRDS = typed<T.CustomResourceDefinition>("CustomResourceDefinition");
export const VALIDATING_WEBHOOKS = typed<T.ValidatingWebhookConfiguration>("ValidatingWebhookConfiguration");
export const MUTATING_WEBHOOKS = typed<T.MutatingWebhookConfiguration>("MutatingWebhookConfiguration");

// The kinds CustomResourceDefinitions serve are read from the stored CRDs only when a
// lookup misses the built-in table (or a caller asks for every type), so commands that
// never name a custom kind never read the CRDs' shard.
let customSource: (() => ResourceType[]) | undefined;
let customCache: ResourceType[] | undefined;

/** Where the served custom kinds come from: the API server installs its stored CRDs. */
export function serveCustomResources(source: (() => ResourceType[]) | undefined): void {
  customSource = source;
  customCache = undefined;
}

/** Drops the cached custom kinds, after a CRD was written or removed. */
export function forgetCustomResources(): void {
  customCache = undefined;
}

/** The kinds the stored CRDs serve now. */
export function customResources(): ResourceType[] {
  if (!customCache) customCache = customSource?.() ?? [];
  return customCache;
}

/** Every served type: the built-in ones, then the custom ones. */
export function allResources(): ResourceType[] {
  const c = customResources();
  return c.length ? [...RESOURCES, ...c] : RESOURCES;
}

/** The served type of a stored or decoded object: by kind, and by group for a custom kind. */
export function typeOfObject(obj: KObject): ResourceType {
  const slash = obj.apiVersion ? obj.apiVersion.indexOf("/") : -1;
  const group = slash < 0 ? "" : obj.apiVersion.slice(0, slash);
  const r = BY_KIND.get(obj.kind);
  if (r && (r.group === group || !obj.apiVersion)) return r;
  const c = customResources().find((x) => x.kind === obj.kind && x.group === group);
  if (c) return c;
  if (r) return r;
  throw new Error(`kubesim: unknown kind ${obj.kind}`);
}

/**
 * `crontab.stable.example.com`, `deployment.apps`, `pod`: an object's kind as kubectl's
 * messages name it, from its own apiVersion, so it holds after its CRD is gone too.
 */
export function qualifiedKindOf(obj: KObject): string {
  const r = BY_KIND.get(obj.kind);
  const slash = obj.apiVersion ? obj.apiVersion.indexOf("/") : -1;
  const group = slash < 0 ? (r && !obj.apiVersion ? r.group : "") : obj.apiVersion.slice(0, slash);
  const k = obj.kind.toLowerCase();
  return group ? `${k}.${group}` : k;
}

/** The store bucket of a type: its plural, qualified by group for a custom kind. */
export function bucketOf(r: ResourceType): string {
  return r.custom ? `${r.plural}.${r.group}` : r.plural;
}

export function byKind(kind: string): ResourceType {
  const r = BY_KIND.get(kind);
  if (!r) throw new Error(`kubesim: unknown kind ${kind}`);
  return r;
}

/** Whether `o` is an object of `r`'s type: the checked way from an untyped object to its shape. */
export function isOf<O extends KObject>(o: KObject, r: ResourceType<O>): o is O {
  return o.kind === r.kind;
}

/**
 * An untyped object as `r`'s type, for callers not typed yet (src/kubectl reads through
 * untyped descriptors). The kind is checked, so a wrong object fails here, not later.
 */
export function typedAs<O extends KObject>(r: ResourceType<O>, o: KObject): O {
  if (!isOf(o, r)) throw new Error(`kubesim: a ${o.kind} where a ${r.kind} was expected`);
  return o;
}

/** `pods`, `deployments.apps`: how the apiserver names a resource in its messages. */
export function qualifiedPlural(r: ResourceType): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** `pod`, `deployment.apps`: the prefix kubectl prints in `-o name` and success lines. */
export function qualifiedKind(r: ResourceType): string {
  const k = r.kind.toLowerCase();
  return r.group ? `${k}.${r.group}` : k;
}

export function apiVersionOf(r: ResourceType): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/**
 * Resolves what a user typed (`po`, `pods`, `Pod`, `deploy.apps`, `deployments.v1.apps`)
 * the way kubectl's RESTMapper does: case-insensitive on plural, singular, short name and
 * kind, optionally qualified by group or version.group.
 */
export function lookupResource(typed: string, withCustom = true): ResourceType | undefined {
  const lower = typed.toLowerCase();
  const dot = lower.indexOf(".");
  const name = dot < 0 ? lower : lower.slice(0, dot);
  let group: string | undefined;
  let version: string | undefined;
  if (dot >= 0) {
    const rest = lower.slice(dot + 1);
    // `deployments.v1.apps` names a version too; `deployments.apps` only the group.
    const m = /^(v\d+(?:(?:alpha|beta)\d+)?)\.(.+)$/.exec(rest);
    group = m ? m[2] : rest;
    version = m?.[1];
  }
  const builtin = lookupIn(RESOURCES, name, group, version);
  return builtin || !withCustom ? builtin : lookupIn(customResources(), name, group, version);
}

function lookupIn(
  types: ResourceType[],
  name: string,
  group: string | undefined,
  version?: string,
): ResourceType | undefined {
  return types.find(
    (r) =>
      (group === undefined || r.group === group) &&
      (version === undefined ||
        (r.custom
          ? r.custom.versions.some((v) => v.name === version && v.served)
          : r.version === version || !!r.alsoServed?.includes(version))) &&
      (r.plural === name ||
        r.singular === name ||
        r.shortNames.includes(name) ||
        r.kind.toLowerCase() === name),
  );
}

/** Maps apiVersion + kind from a manifest to a served type, matching kind case-sensitively as the apiserver does. */
export function resourceForManifest(apiVersion: string, kind: string): ResourceType | undefined {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return (
    RESOURCES.find(
      (r) =>
        r.kind === kind && r.group === group && (r.version === version || !!r.alsoServed?.includes(version)),
    ) ??
    customResources().find(
      (r) =>
        r.kind === kind &&
        r.group === group &&
        r.custom?.versions.some((v) => v.name === version && v.served),
    )
  );
}

export function expandCategory(name: string): ResourceType[] | undefined {
  // A built-in type's name is not a category: `get pods` reads no CRDs to find that out.
  if (lookupResource(name, false)) return undefined;
  const found = allResources().filter((r) => r.categories.includes(name.toLowerCase()));
  return found.length ? found : undefined;
}
