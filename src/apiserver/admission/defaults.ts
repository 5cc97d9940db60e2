// What the apiserver adds to an object it creates: the v1 defaulting functions, the
// mutating admission plugins that touch pods (ServiceAccount, DefaultTolerationSeconds,
// Priority), and the Service IP-family fields that the service REST storage fills in.
// Not here: metadata.namespace/uid/timestamps (the caller), clusterIP and nodePort
// allocation (done elsewhere), and status resets (prepareForCreate in strategy.ts).

import type { KObject } from "../../api/types.js";
import { cloneData } from "../../util/clone.js";
import { defaultApiService, defaultHpa } from "./autoscaling.js";
import {
  defaultPodOnly,
  defaultPodSpec,
  defaultResourceList,
  unsetPtr,
  unsetStr,
} from "./podspec-defaults.js";
import type { Obj } from "./raw.js";
import { schemaFor } from "./schema/kinds.js";
import { dropOmittedZeros, zeroTimestamp } from "./zero-values.js";

export interface DefaultsContext {
  /** Five characters from the apiserver's name alphabet (used for kube-api-access-xxxxx). */
  randomSuffix(): string;
  /** The ServiceAccount's automountServiceAccountToken, when it sets one (pods only look it up). */
  serviceAccountAutomount?(namespace: string, name: string): boolean | undefined;
  /**
   * "update" skips what only happens on creation: the ServiceAccount token volume and the
   * Priority plugin for pods (prepareForUpdate carries priority over), and the Service
   * IP-family and clusterIPs filling (carried over from the stored object). Default "create".
   */
  operation?: "create" | "update";
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const obj = (parent: Obj, key: string): Obj => {
  if (!isObj(parent[key])) parent[key] = {};
  return parent[key];
};

export const SERVICE_ACCOUNT_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The projected volume the ServiceAccount admission plugin adds (TokenVolumeSource). */
export function kubeApiAccessVolume(name: string): Obj {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
        {
          downwardAPI: {
            items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }],
          },
        },
      ],
    },
  };
}

/** The annotation the kubelet puts on the mirror pod of a static pod (its config hash). */
export const MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

/** plugin/pkg/admission/serviceaccount: default SA and the API token volume. */
function admitServiceAccount(spec: Obj, ns: string, ctx: DefaultsContext): void {
  if (unsetStr(spec.serviceAccountName)) spec.serviceAccountName = "default";
  spec.serviceAccount = spec.serviceAccountName;
  // shouldAutomount: the pod's own setting wins, else the ServiceAccount's, else true.
  const automount =
    typeof spec.automountServiceAccountToken === "boolean"
      ? spec.automountServiceAccountToken
      : (ctx.serviceAccountAutomount?.(ns, String(spec.serviceAccountName)) ?? true);
  if (!automount) return;
  const volumes: Obj[] = Array.isArray(spec.volumes) ? spec.volumes : [];
  const existing = volumes.find((v) => typeof v?.name === "string" && v.name.startsWith("kube-api-access-"));
  const name: string = existing?.name ?? `kube-api-access-${ctx.randomSuffix()}`;
  let needed = false;
  for (const list of [spec.initContainers, spec.containers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isObj(c)) continue;
      const mounts: Obj[] = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
      // A container that already mounts something at the token path keeps it.
      if (mounts.some((m) => m?.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) continue;
      c.volumeMounts = [...mounts, { mountPath: SERVICE_ACCOUNT_MOUNT_PATH, name, readOnly: true }];
      needed = true;
    }
  }
  if (needed && !existing) spec.volumes = [...volumes, kubeApiAccessVolume(name)];
}

/** plugin/pkg/admission/defaulttolerationseconds. */
function admitDefaultTolerations(spec: Obj): void {
  const tolerations: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  const tolerates = (key: string) =>
    tolerations.some(
      (t) => (t?.key === key || unsetStr(t?.key)) && (t?.effect === "NoExecute" || unsetStr(t?.effect)),
    );
  const added: Obj[] = [];
  for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
    if (!tolerates(key)) added.push({ effect: "NoExecute", key, operator: "Exists", tolerationSeconds: 300 });
  }
  if (added.length > 0) spec.tolerations = [...tolerations, ...added];
}

// The built-in PriorityClasses every cluster has; any other name needs a PriorityClass
// object, which kubesim does not serve (the real plugin would refuse the pod).
const SYSTEM_PRIORITIES: Record<string, number> = {
  "system-node-critical": 2000001000,
  "system-cluster-critical": 2000000000,
};

/** plugin/pkg/admission/priority. */
function admitPriority(spec: Obj): void {
  const cls = unsetStr(spec.priorityClassName) ? "" : String(spec.priorityClassName);
  if (unsetPtr(spec.priority)) spec.priority = SYSTEM_PRIORITIES[cls] ?? 0;
  if (unsetPtr(spec.preemptionPolicy)) spec.preemptionPolicy = "PreemptLowerPriority";
}

function defaultPod(o: Obj, ctx: DefaultsContext): void {
  const spec = obj(o, "spec");
  defaultPodSpec(spec);
  defaultPodOnly(spec);
  // DefaultTolerationSeconds admits updates too; ServiceAccount and Priority only creates.
  admitDefaultTolerations(spec);
  if (ctx.operation === "update") return;
  // A mirror pod (a static pod's) is left as its manifest says: no service account, no token.
  const annotations = isObj(o.metadata) && isObj(o.metadata.annotations) ? o.metadata.annotations : {};
  if (!(MIRROR_ANNOTATION in annotations))
    admitServiceAccount(spec, isObj(o.metadata) ? String(o.metadata.namespace ?? "default") : "default", ctx);
  admitPriority(spec);
}

function defaultTemplate(spec: Obj): void {
  const template = obj(spec, "template");
  zeroTimestamp(obj(template, "metadata"));
  defaultPodSpec(obj(template, "spec"));
}

function defaultDeployment(o: Obj): void {
  const spec = obj(o, "spec");
  if (unsetPtr(spec.replicas)) spec.replicas = 1;
  const strategy = obj(spec, "strategy");
  if (unsetStr(strategy.type)) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru = obj(strategy, "rollingUpdate");
    if (unsetPtr(ru.maxUnavailable)) ru.maxUnavailable = "25%";
    if (unsetPtr(ru.maxSurge)) ru.maxSurge = "25%";
  }
  if (unsetPtr(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  if (unsetPtr(spec.progressDeadlineSeconds)) spec.progressDeadlineSeconds = 600;
  defaultTemplate(spec);
}

function defaultReplicaSet(o: Obj): void {
  const spec = obj(o, "spec");
  if (unsetPtr(spec.replicas)) spec.replicas = 1;
  defaultTemplate(spec);
}

function defaultDaemonSet(o: Obj): void {
  const spec = obj(o, "spec");
  const strategy = obj(spec, "updateStrategy");
  if (unsetStr(strategy.type)) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru = obj(strategy, "rollingUpdate");
    if (unsetPtr(ru.maxUnavailable)) ru.maxUnavailable = 1;
    if (unsetPtr(ru.maxSurge)) ru.maxSurge = 0;
  }
  if (unsetPtr(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  defaultTemplate(spec);
}

/**
 * apps/v1 SetDefaults_StatefulSet (StatefulSetAutoDeletePVC on, MaxUnavailableStatefulSet
 * off, as in v1.32), and each claim template as the v1 conversion and the PVC defaults
 * leave it: typed v1 PersistentVolumeClaim, volumeMode Filesystem, status phase Pending.
 */
function defaultStatefulSet(o: Obj): void {
  const spec = obj(o, "spec");
  if (unsetStr(spec.podManagementPolicy)) spec.podManagementPolicy = "OrderedReady";
  const strategy = obj(spec, "updateStrategy");
  if (unsetStr(strategy.type)) {
    strategy.type = "RollingUpdate";
    obj(strategy, "rollingUpdate");
  }
  if (strategy.type === "RollingUpdate" && isObj(strategy.rollingUpdate)) {
    if (unsetPtr(strategy.rollingUpdate.partition)) strategy.rollingUpdate.partition = 0;
  }
  const retention = obj(spec, "persistentVolumeClaimRetentionPolicy");
  if (unsetStr(retention.whenDeleted)) retention.whenDeleted = "Retain";
  if (unsetStr(retention.whenScaled)) retention.whenScaled = "Retain";
  if (unsetPtr(spec.replicas)) spec.replicas = 1;
  if (unsetPtr(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  defaultTemplate(spec);
  if (!Array.isArray(spec.volumeClaimTemplates)) return;
  for (const claim of spec.volumeClaimTemplates) {
    if (!isObj(claim)) continue;
    zeroTimestamp(obj(claim, "metadata"));
    claim.apiVersion = "v1";
    claim.kind = "PersistentVolumeClaim";
    const claimSpec = obj(claim, "spec");
    if (unsetStr(claimSpec.volumeMode)) claimSpec.volumeMode = "Filesystem";
    const status = obj(claim, "status");
    if (unsetStr(status.phase)) status.phase = "Pending";
  }
}

/** batch/v1 SetDefaults_Job (the pod template's defaults as every workload's). */
function defaultJob(o: Obj): void {
  const spec = obj(o, "spec");
  if (unsetPtr(spec.completions) && unsetPtr(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (unsetPtr(spec.parallelism)) spec.parallelism = 1;
  if (unsetPtr(spec.backoffLimit)) spec.backoffLimit = unsetPtr(spec.backoffLimitPerIndex) ? 6 : 2147483647;
  if (unsetStr(spec.completionMode)) spec.completionMode = "NonIndexed";
  if (unsetPtr(spec.suspend)) spec.suspend = false;
  if (unsetStr(spec.podReplacementPolicy))
    spec.podReplacementPolicy = isObj(spec.podFailurePolicy) ? "Failed" : "TerminatingOrFailed";
  defaultTemplate(spec);
}

/** batch/v1 SetDefaults_CronJob: the job template's pod spec gets the pod defaults, its JobSpec none. */
function defaultCronJob(o: Obj): void {
  const spec = obj(o, "spec");
  if (unsetStr(spec.concurrencyPolicy)) spec.concurrencyPolicy = "Allow";
  if (unsetPtr(spec.suspend)) spec.suspend = false;
  if (unsetPtr(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unsetPtr(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  const jobTemplate = obj(spec, "jobTemplate");
  zeroTimestamp(obj(jobTemplate, "metadata"));
  defaultTemplate(obj(jobTemplate, "spec"));
}

function defaultService(o: Obj, ctx: DefaultsContext): void {
  const spec = obj(o, "spec");
  if (unsetStr(spec.sessionAffinity)) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP" && unsetPtr(spec.sessionAffinityConfig?.clientIP?.timeoutSeconds)) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (unsetStr(spec.type)) spec.type = "ClusterIP";
  if (Array.isArray(spec.ports)) {
    for (const p of spec.ports) {
      if (!isObj(p)) continue;
      if (unsetStr(p.protocol)) p.protocol = "TCP";
      // targetPort 0 and "" both mean "same as port".
      if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === "") {
        p.targetPort = p.port ?? 0;
      }
    }
  }
  const externallyAccessible =
    spec.type === "LoadBalancer" ||
    spec.type === "NodePort" ||
    (spec.type === "ClusterIP" && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (externallyAccessible && unsetStr(spec.externalTrafficPolicy)) spec.externalTrafficPolicy = "Cluster";
  if (unsetPtr(spec.internalTrafficPolicy) && ["NodePort", "LoadBalancer", "ClusterIP"].includes(spec.type)) {
    spec.internalTrafficPolicy = "Cluster";
  }
  if (spec.type === "LoadBalancer") {
    if (unsetPtr(spec.allocateLoadBalancerNodePorts)) spec.allocateLoadBalancerNodePorts = true;
    for (const ing of o.status?.loadBalancer?.ingress ?? []) {
      if (isObj(ing) && !unsetStr(ing.ip) && unsetPtr(ing.ipMode)) ing.ipMode = "VIP";
    }
  }
  // On update the stored object's allocated fields are carried over (prepareForUpdate).
  if (ctx.operation === "update") return;
  // The service strategy mirrors a lone clusterIP into clusterIPs (normalizeClusterIPs).
  if (!unsetStr(spec.clusterIP) && (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0)) {
    spec.clusterIPs = [spec.clusterIP];
  }
  defaultIPFamilies(spec);
}

/** registry/core/service/storage alloc.go initIPFamilyFields, on a single-stack IPv4 cluster. */
function defaultIPFamilies(spec: Obj): void {
  if (spec.type === "ExternalName") return;
  const selectorless = !isObj(spec.selector) || Object.keys(spec.selector).length === 0;
  const headless = Array.isArray(spec.clusterIPs) && spec.clusterIPs[0] === "None";
  if (headless && selectorless) {
    // Headless services without a selector get no IPs, so they may be dual-stack anywhere.
    if (unsetPtr(spec.ipFamilyPolicy)) spec.ipFamilyPolicy = "RequireDualStack";
    const families: string[] =
      Array.isArray(spec.ipFamilies) && spec.ipFamilies.length > 0 ? spec.ipFamilies : ["IPv4"];
    if (spec.ipFamilyPolicy !== "SingleStack" && families.length === 1) {
      families.push(families[0] === "IPv6" ? "IPv4" : "IPv6");
    }
    spec.ipFamilies = families;
    return;
  }
  if (unsetPtr(spec.ipFamilyPolicy)) spec.ipFamilyPolicy = "SingleStack";
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ["IPv4"];
}

function defaultNamespace(o: Obj): void {
  const meta = obj(o, "metadata");
  if (!unsetStr(meta.name)) obj(meta, "labels")["kubernetes.io/metadata.name"] = meta.name;
  const spec = obj(o, "spec");
  const finalizers: string[] = Array.isArray(spec.finalizers) ? spec.finalizers : [];
  if (!finalizers.includes("kubernetes")) spec.finalizers = [...finalizers, "kubernetes"];
  const status = obj(o, "status");
  if (unsetStr(status.phase)) status.phase = "Active";
}

function defaultNode(o: Obj): void {
  const status = o.status;
  if (!isObj(status)) return;
  defaultResourceList(status.capacity);
  defaultResourceList(status.allocatable);
  if (status.allocatable === undefined && isObj(status.capacity)) status.allocatable = { ...status.capacity };
}

function defaultEndpoints(o: Obj): void {
  for (const ss of Array.isArray(o.subsets) ? o.subsets : []) {
    for (const p of Array.isArray(ss?.ports) ? ss.ports : []) {
      if (isObj(p) && unsetStr(p.protocol)) p.protocol = "TCP";
    }
  }
}

function defaultEndpointSlice(o: Obj): void {
  for (const p of Array.isArray(o.ports) ? o.ports : []) {
    if (!isObj(p)) continue;
    if (unsetPtr(p.name)) p.name = "";
    if (unsetPtr(p.protocol)) p.protocol = "TCP";
  }
}

/** networking/v1 SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort. */
function defaultNetworkPolicy(o: Obj): void {
  const spec = obj(o, "spec");
  const rules = (key: string): Obj[] => (Array.isArray(spec[key]) ? spec[key] : []);
  for (const rule of [...rules("ingress"), ...rules("egress")]) {
    for (const p of Array.isArray(rule?.ports) ? rule.ports : []) {
      if (isObj(p) && unsetPtr(p.protocol)) p.protocol = "TCP";
    }
  }
  // A policy that names no types isolates for ingress, and for egress once it has egress rules.
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = rules("egress").length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
  }
  // podSelector is a value, not a pointer: the decoded object always has one.
  if (!isObj(spec.podSelector)) spec.podSelector = {};
}

/** networking/v1 SetDefaults_IngressClass: parameters without a scope are cluster-scoped. */
function defaultIngressClass(o: Obj): void {
  const params = isObj(o.spec) ? o.spec.parameters : undefined;
  if (isObj(params) && unsetPtr(params.scope)) params.scope = "Cluster";
}

/**
 * admissionregistration/v1 SetDefaults_ValidatingWebhook / _MutatingWebhook, _Rule and
 * _ServiceReference. sideEffects and admissionReviewVersions have no default in v1.
 */
function defaultWebhookConfiguration(o: Obj): void {
  const mutating = o.kind === "MutatingWebhookConfiguration";
  for (const w of Array.isArray(o.webhooks) ? o.webhooks : []) {
    if (!isObj(w)) continue;
    if (unsetPtr(w.failurePolicy)) w.failurePolicy = "Fail";
    if (unsetPtr(w.matchPolicy)) w.matchPolicy = "Equivalent";
    if (!isObj(w.namespaceSelector)) w.namespaceSelector = {};
    if (!isObj(w.objectSelector)) w.objectSelector = {};
    if (unsetPtr(w.timeoutSeconds)) w.timeoutSeconds = 10;
    if (mutating && unsetPtr(w.reinvocationPolicy)) w.reinvocationPolicy = "Never";
    for (const r of Array.isArray(w.rules) ? w.rules : []) if (isObj(r) && unsetPtr(r.scope)) r.scope = "*";
    const svc = isObj(w.clientConfig) ? w.clientConfig.service : undefined;
    if (isObj(svc) && unsetPtr(svc.port)) svc.port = 443;
  }
}

/**
 * core/v1 SetDefaults_Secret (type Opaque) and the v1 conversion that merges the
 * write-only stringData into data (stringData wins) and never stores it.
 */
function defaultSecret(o: Obj): void {
  if (unsetStr(o.type)) o.type = "Opaque";
  if (isObj(o.stringData)) {
    const data: Obj = isObj(o.data) ? o.data : {};
    for (const [k, v] of Object.entries(o.stringData))
      data[k] = Buffer.from(String(v ?? ""), "utf8").toString("base64");
    o.data = data;
  }
  delete o.stringData;
}

/**
 * SetDefaults_LimitRangeItem: a Container item's default limit falls back to its max, its
 * default request to the default limit, then to its min. Every list is canonicalized.
 */
function defaultLimitRange(o: Obj): void {
  const limits = isObj(o.spec) && Array.isArray(o.spec.limits) ? o.spec.limits : [];
  for (const item of limits) {
    if (!isObj(item)) continue;
    if (item.type === "Container") {
      const fill = (to: string, from: unknown) => {
        if (!isObj(from)) return;
        const target: Obj = isObj(item[to]) ? item[to] : {};
        for (const [k, v] of Object.entries(from)) if (!(k in target)) target[k] = v;
        // Go's omitempty leaves an empty map out.
        if (Object.keys(target).length) item[to] = target;
      };
      fill("default", item.max);
      fill("defaultRequest", item.default);
      fill("defaultRequest", item.min);
    }
    for (const f of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"])
      defaultResourceList(item[f]);
  }
}

function defaultResourceQuota(o: Obj): void {
  if (isObj(o.spec)) defaultResourceList(o.spec.hard);
}

/** core/v1 SetDefaults_PersistentVolumeClaimSpec (volumeMode) and the quantities' canonical form. */
function defaultPersistentVolumeClaim(o: Obj): void {
  const spec = obj(o, "spec");
  if (unsetPtr(spec.volumeMode)) spec.volumeMode = "Filesystem";
  if (isObj(spec.resources)) {
    defaultResourceList(spec.resources.requests);
    defaultResourceList(spec.resources.limits);
  }
}

/** core/v1 SetDefaults_PersistentVolume: Retain, Filesystem, and a hostPath's empty type. */
function defaultPersistentVolume(o: Obj): void {
  const spec = obj(o, "spec");
  if (unsetStr(spec.persistentVolumeReclaimPolicy)) spec.persistentVolumeReclaimPolicy = "Retain";
  if (unsetPtr(spec.volumeMode)) spec.volumeMode = "Filesystem";
  if (isObj(spec.hostPath) && unsetPtr(spec.hostPath.type)) spec.hostPath.type = "";
  defaultResourceList(spec.capacity);
}

/** storage/v1 SetDefaults_StorageClass. */
function defaultStorageClass(o: Obj): void {
  if (unsetPtr(o.reclaimPolicy)) o.reclaimPolicy = "Delete";
  if (unsetPtr(o.volumeBindingMode)) o.volumeBindingMode = "Immediate";
}

/** SetDefaults_RoleBinding / _ClusterRoleBinding and SetDefaults_Subject (rbac/v1). */
function defaultBinding(o: Obj): void {
  if (isObj(o.roleRef) && !o.roleRef.apiGroup) o.roleRef.apiGroup = "rbac.authorization.k8s.io";
  for (const s of Array.isArray(o.subjects) ? o.subjects : []) {
    if (!isObj(s) || s.apiGroup) continue;
    if (s.kind === "ServiceAccount") s.apiGroup = "";
    else if (s.kind === "User" || s.kind === "Group") s.apiGroup = "rbac.authorization.k8s.io";
  }
}

const BY_KIND: Record<string, (o: Obj, ctx: DefaultsContext) => void> = {
  "rbac.authorization.k8s.io/v1/RoleBinding": defaultBinding,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": defaultBinding,
  "v1/LimitRange": defaultLimitRange,
  "v1/ResourceQuota": defaultResourceQuota,
  "v1/Pod": defaultPod,
  "v1/Service": defaultService,
  "v1/Namespace": defaultNamespace,
  "v1/Node": defaultNode,
  "v1/Endpoints": defaultEndpoints,
  "v1/Secret": defaultSecret,
  "v1/PersistentVolumeClaim": defaultPersistentVolumeClaim,
  "v1/PersistentVolume": defaultPersistentVolume,
  "storage.k8s.io/v1/StorageClass": defaultStorageClass,
  "apps/v1/Deployment": defaultDeployment,
  "apps/v1/ReplicaSet": defaultReplicaSet,
  "apps/v1/DaemonSet": defaultDaemonSet,
  "apps/v1/StatefulSet": defaultStatefulSet,
  "batch/v1/Job": defaultJob,
  "batch/v1/CronJob": defaultCronJob,
  "discovery.k8s.io/v1/EndpointSlice": defaultEndpointSlice,
  "networking.k8s.io/v1/NetworkPolicy": defaultNetworkPolicy,
  "networking.k8s.io/v1/IngressClass": defaultIngressClass,
  "autoscaling/v2/HorizontalPodAutoscaler": defaultHpa,
  "apiregistration.k8s.io/v1/APIService": defaultApiService,
  "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration": defaultWebhookConfiguration,
  "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration": defaultWebhookConfiguration,
};

/**
 * Returns a defaulted deep copy of `obj` (the argument is not modified). Run it on a
 * strictly-decoded object, after the caller has set metadata.namespace.
 */
export function applyDefaults(obj: KObject, ctx: DefaultsContext): KObject {
  const out = cloneData(obj);
  const def = schemaFor(out.apiVersion, out.kind);
  if (def) dropOmittedZeros(out as unknown as Record<string, unknown>, def);
  BY_KIND[`${out.apiVersion}/${out.kind}`]?.(out, ctx);
  return out;
}
