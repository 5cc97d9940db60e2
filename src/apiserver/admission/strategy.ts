// The registry strategies' PrepareForCreate / PrepareForUpdate: what the apiserver
// resets or carries over before validation, besides defaulting.

import type { KObject } from "../../api/types.js";
import { compareQuantity, parseQuantity, type Quantity } from "../../golang/quantity.js";
import type { Obj } from "./raw.js";
import { semanticEqual } from "./validation/meta.js";

const ZERO: Quantity = { neg: false, mant: 0n, exp10: 0, format: "DecimalSI" };

function addQ(a: Quantity, b: Quantity): Quantity {
  const exp = Math.min(a.exp10, b.exp10);
  const v =
    (a.neg ? -1n : 1n) * a.mant * 10n ** BigInt(a.exp10 - exp) +
    (b.neg ? -1n : 1n) * b.mant * 10n ** BigInt(b.exp10 - exp);
  return { neg: v < 0n, mant: v < 0n ? -v : v, exp10: exp, format: a.format };
}

/** qos.ComputePodQOS: BestEffort, Burstable or Guaranteed, from cpu and memory only. */
export function computeQOS(spec: Obj | undefined): "BestEffort" | "Burstable" | "Guaranteed" {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  for (const c of containers) {
    for (const [which, into] of [
      ["requests", requests],
      ["limits", limits],
    ] as const) {
      const found = new Set<string>();
      for (const [name, raw] of Object.entries(c?.resources?.[which] ?? {})) {
        if (name !== "cpu" && name !== "memory") continue;
        const q = parseQuantity(String(raw));
        if (typeof q === "string" || compareQuantity(q, ZERO) <= 0) continue;
        found.add(name);
        const prev = into.get(name);
        into.set(name, prev ? addQ(prev, q) : q);
      }
      if (which === "limits" && !(found.has("cpu") && found.has("memory"))) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

/**
 * PrepareForCreate of each kind's strategy: user-supplied status is dropped (a created
 * object starts with the status the strategy gives it) and workloads start at
 * generation 1. Mutates `obj`; run it after applyDefaults and before validate.
 */
export function prepareForCreate(obj: KObject): KObject {
  const key = `${obj.apiVersion}/${obj.kind}`;
  switch (key) {
    case "v1/Pod":
      obj.status = { phase: "Pending", qosClass: computeQOS(obj.spec) };
      break;
    case "v1/Service":
      obj.status = { loadBalancer: {} };
      break;
    case "v1/Namespace":
      obj.status = { phase: "Active" };
      break;
    case "v1/ResourceQuota":
    // The quota controller fills status.hard and status.used; a CSR cannot be created approved.
    case "certificates.k8s.io/v1/CertificateSigningRequest":
      obj.status = {};
      break;
    // The strategies empty the status; SetDefaults on the read back from etcd makes it Pending.
    case "v1/PersistentVolumeClaim":
    case "v1/PersistentVolume":
      obj.status = { phase: "Pending" };
      break;
    case "apps/v1/Deployment":
    case "apps/v1/ReplicaSet":
      obj.status = {};
      obj.metadata.generation = 1;
      break;
    case "apps/v1/DaemonSet":
      obj.status = {};
      obj.metadata.generation = 1;
      // apps/v1 has no spec.templateGeneration; the internal field surfaces as this annotation.
      obj.metadata.annotations = {
        ...obj.metadata.annotations,
        "deprecated.daemonset.template.generation": "1",
      };
      break;
    case "apps/v1/StatefulSet":
      // StatefulSetStatus marshals replicas and availableReplicas even when zero.
      obj.status = { replicas: 0, availableReplicas: 0 };
      obj.metadata.generation = 1;
      break;
    case "batch/v1/Job":
    case "batch/v1/CronJob":
      obj.status = {};
      obj.metadata.generation = 1;
      break;
    case "discovery.k8s.io/v1/EndpointSlice":
    case "networking.k8s.io/v1/NetworkPolicy":
    case "networking.k8s.io/v1/IngressClass":
    case "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration":
    case "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration":
      obj.metadata.generation = 1;
      break;
    case "networking.k8s.io/v1/Ingress":
      // PrepareForCreate drops the status; IngressStatus marshals an empty loadBalancer.
      obj.status = { loadBalancer: {} };
      obj.metadata.generation = 1;
      break;
    case "autoscaling/v2/HorizontalPodAutoscaler":
      // HorizontalPodAutoscalerStatus marshals currentMetrics and desiredReplicas when empty.
      obj.status = { currentMetrics: null, desiredReplicas: 0 };
      break;
    case "apiregistration.k8s.io/v1/APIService":
      obj.status = {};
      break;
  }
  return obj;
}

/**
 * The job strategy's generateSelectorIfNeeded, once the object has its uid: unless
 * manualSelector is true, the pod template gets the job's labels and the selector matches
 * the controller uid. Mutates `job`.
 */
export function generateJobSelector(job: KObject): void {
  const spec = job.spec ?? {};
  if (spec.manualSelector === true) return;
  const uid = job.metadata.uid ?? "";
  const name = job.metadata.name ?? "";
  spec.template ??= {};
  spec.template.metadata ??= {};
  spec.template.metadata.labels = {
    ...spec.template.metadata.labels,
    "batch.kubernetes.io/controller-uid": uid,
    "batch.kubernetes.io/job-name": name,
    "controller-uid": uid,
    "job-name": name,
  };
  spec.selector = { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
  spec.manualSelector = false;
  // SetDefaults_Job, run again when the stored object is read back: a job without labels
  // takes its template's.
  if (!job.metadata.labels || Object.keys(job.metadata.labels).length === 0)
    job.metadata.labels = { ...spec.template.metadata.labels };
}

/**
 * rest.BeforeUpdate and the strategies' PrepareForUpdate: uid and creationTimestamp come
 * from the stored object, status cannot be changed through the main resource (it is
 * kept from `old`), a Service keeps its allocated clusterIP(s) and nodePorts when the
 * new body leaves them empty, and a workload's generation goes up when its spec
 * changes. Mutates `obj`.
 */
export function prepareForUpdate(obj: KObject, old: KObject): KObject {
  const key = `${obj.apiVersion}/${obj.kind}`;
  if (!obj.metadata.uid && old.metadata.uid) obj.metadata.uid = old.metadata.uid;
  if (old.metadata.creationTimestamp) obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
  if (old.metadata.generation !== undefined) obj.metadata.generation = old.metadata.generation;
  else delete obj.metadata.generation;
  if (key !== "v1/Event" && key !== "v1/Endpoints" && key !== "discovery.k8s.io/v1/EndpointSlice") {
    if (old.status !== undefined) obj.status = structuredClone(old.status);
    else delete obj.status;
  }
  // A CSR's request and requestor are fixed at creation; only metadata changes through PUT.
  if (key === "certificates.k8s.io/v1/CertificateSigningRequest") obj.spec = structuredClone(old.spec);
  if (key === "v1/Service") {
    obj.spec ??= {};
    patchAllocatedValues(obj.spec, old.spec ?? {});
    normalizeClusterIPsOnUpdate(obj.spec, old.spec ?? {});
    // Unspecified IP families keep what the service was allocated with.
    if (obj.spec.type !== "ExternalName" && old.spec?.type !== "ExternalName") {
      if (!Array.isArray(obj.spec.ipFamilies) || obj.spec.ipFamilies.length === 0) {
        if (old.spec?.ipFamilies) obj.spec.ipFamilies = [...old.spec.ipFamilies];
      }
      obj.spec.ipFamilyPolicy ??= old.spec?.ipFamilyPolicy;
    }
  }
  if (key === "apps/v1/DaemonSet") {
    // spec.templateGeneration (this annotation in apps/v1) is the server's: kept from the
    // stored object, and one more when the pod template changes.
    const ann = "deprecated.daemonset.template.generation";
    const was = Number(old.metadata.annotations?.[ann] ?? 0);
    const now = semanticEqual(obj.spec?.template, old.spec?.template) ? was : was + 1;
    obj.metadata.annotations = { ...obj.metadata.annotations, [ann]: String(now) };
  }
  if (key === "v1/Pod" && obj.spec) {
    // The Priority admission plugin keeps what it computed at creation.
    obj.spec.priority ??= old.spec?.priority;
    obj.spec.preemptionPolicy ??= old.spec?.preemptionPolicy;
  }
  if (
    (key.startsWith("apps/v1/") ||
      key.startsWith("batch/v1/") ||
      key === "networking.k8s.io/v1/NetworkPolicy" ||
      key === "networking.k8s.io/v1/Ingress" ||
      key === "networking.k8s.io/v1/IngressClass") &&
    !semanticEqual(obj.spec, old.spec)
  ) {
    obj.metadata.generation = Number(old.metadata.generation ?? 0) + 1;
  }
  // A webhook configuration has no spec: its generation follows its webhooks.
  if (key.endsWith("WebhookConfiguration") && !semanticEqual(obj.webhooks, old.webhooks))
    obj.metadata.generation = Number(old.metadata.generation ?? 0) + 1;
  return obj;
}

/** normalizeClusterIPs for an update: a changed clusterIP drags an unchanged clusterIPs along. */
function normalizeClusterIPsOnUpdate(spec: Obj, oldSpec: Obj): void {
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  const oldIPs = Array.isArray(oldSpec.clusterIPs) ? oldSpec.clusterIPs : [];
  const sameIPs = ips.length === oldIPs.length && ips.every((ip: string, i: number) => ip === oldIPs[i]);
  if ((spec.clusterIP ?? "") !== (oldSpec.clusterIP ?? "") && sameIPs) {
    if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
    else delete spec.clusterIPs;
  }
}

function patchAllocatedValues(spec: Obj, oldSpec: Obj): void {
  const needsClusterIP = (s: Obj) => ["ClusterIP", "NodePort", "LoadBalancer"].includes(s.type);
  if (needsClusterIP(spec) && needsClusterIP(oldSpec)) {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if (
      (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0) &&
      Array.isArray(oldSpec.clusterIPs)
    ) {
      spec.clusterIPs = [...oldSpec.clusterIPs];
    }
  }
  const needsNodePort = (s: Obj) => s.type === "NodePort" || s.type === "LoadBalancer";
  if (needsNodePort(spec) && needsNodePort(oldSpec) && Array.isArray(spec.ports)) {
    // Ports are matched by name; a nodePort the new body already uses is not reused.
    const oldPorts: Obj[] = Array.isArray(oldSpec.ports) ? oldSpec.ports : [];
    const newUsed = new Set(spec.ports.map((p: Obj) => p?.nodePort).filter(Boolean));
    const used = new Set(oldPorts.map((p) => p?.nodePort).filter((n) => n && newUsed.has(n)));
    const byName = new Map(oldPorts.map((p) => [p?.name ?? "", p?.nodePort]));
    for (const p of spec.ports) {
      if (!p || p.nodePort) continue;
      const old = byName.get(p.name ?? "");
      if (old && !used.has(old)) p.nodePort = old;
    }
  }
  if (
    spec.type === "LoadBalancer" &&
    oldSpec.type === "LoadBalancer" &&
    spec.externalTrafficPolicy === "Local"
  ) {
    if (!spec.healthCheckNodePort && oldSpec.healthCheckNodePort)
      spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
  }
}
