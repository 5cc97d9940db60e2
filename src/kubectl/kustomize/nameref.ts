// Name references (kustomize's nameReference config and nameref filter): once every name
// has its prefix, suffix and hash, each field that names another object of the build by
// one of its earlier names is rewritten to its final name.
import { gvk, isObj, kindOf, nameOf, nsOf, type Res, visit, wasNamed } from "./resource.js";

const POD_SPECS: Record<string, string> = {
  Pod: "spec",
  PodTemplate: "template/spec",
  Deployment: "spec/template/spec",
  ReplicaSet: "spec/template/spec",
  DaemonSet: "spec/template/spec",
  StatefulSet: "spec/template/spec",
  ReplicationController: "spec/template/spec",
  Job: "spec/template/spec",
  CronJob: "spec/jobTemplate/spec/template/spec",
};

const CONTAINERS = ["containers[]", "initContainers[]"];
const inContainers = (...rest: string[]) => CONTAINERS.map((c) => [c, ...rest].join("/"));

/** Paths inside a pod spec that name an object of the kind. */
const IN_POD: Record<string, string[]> = {
  ConfigMap: [
    "volumes[]/configMap/name",
    "volumes[]/projected/sources[]/configMap/name",
    ...inContainers("env[]/valueFrom/configMapKeyRef/name"),
    ...inContainers("envFrom[]/configMapRef/name"),
  ],
  Secret: [
    "volumes[]/secret/secretName",
    "volumes[]/projected/sources[]/secret/name",
    "imagePullSecrets[]/name",
    ...inContainers("env[]/valueFrom/secretKeyRef/name"),
    ...inContainers("envFrom[]/secretRef/name"),
  ],
  ServiceAccount: ["serviceAccountName"],
  PersistentVolumeClaim: ["volumes[]/persistentVolumeClaim/claimName"],
  PriorityClass: ["priorityClassName"],
};

/** Other referrers: [referred kind, referrer kind, path]. */
const OTHERS: [string, string, string][] = [
  ...["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"].map(
    (k): [string, string, string] => [k, "HorizontalPodAutoscaler", "spec/scaleTargetRef/name"],
  ),
  ["Secret", "ServiceAccount", "imagePullSecrets[]/name"],
  ["Secret", "ServiceAccount", "secrets[]/name"],
  ["Secret", "Ingress", "spec/tls[]/secretName"],
  ["Service", "StatefulSet", "spec/serviceName"],
  ["Service", "Ingress", "spec/defaultBackend/service/name"],
  ["Service", "Ingress", "spec/rules[]/http/paths[]/backend/service/name"],
  ["Role", "RoleBinding", "roleRef/name"],
  ["ClusterRole", "RoleBinding", "roleRef/name"],
  ["ClusterRole", "ClusterRoleBinding", "roleRef/name"],
  ["PersistentVolume", "PersistentVolumeClaim", "spec/volumeName"],
  ["StorageClass", "PersistentVolumeClaim", "spec/storageClassName"],
  ["StorageClass", "PersistentVolume", "spec/storageClassName"],
  ["StorageClass", "StatefulSet", "spec/volumeClaimTemplates[]/spec/storageClassName"],
  ["IngressClass", "Ingress", "spec/ingressClassName"],
];

const CLUSTER_SCOPED = new Set([
  "ClusterRole",
  "PersistentVolume",
  "StorageClass",
  "PriorityClass",
  "IngressClass",
]);

/** The object of `kind` that `name` means to `referrer`, if exactly one does. */
function referral(all: Res[], kind: string, name: string, referrer: Res): Res | undefined {
  const candidates = all.filter((r) => kindOf(r) === kind && wasNamed(r, name));
  if (candidates.length <= 1 || CLUSTER_SCOPED.has(kind)) return candidates[0];
  const same = candidates.filter((r) => nsOf(r) === nsOf(referrer));
  return same.length === 1 ? same[0] : undefined;
}

function fix(all: Res[], referrer: Res, kind: string, path: string): void {
  visit(referrer.obj, path.split("/"), false, (parent, key) => {
    const v = parent[key];
    if (typeof v !== "string") return;
    const target = referral(all, kind, v, referrer);
    if (target) parent[key] = nameOf(target);
  });
}

/** RoleBinding subjects: ServiceAccounts by name and namespace. */
function fixSubjects(all: Res[], binding: Res): void {
  if (!Array.isArray(binding.obj.subjects)) return;
  for (const s of binding.obj.subjects) {
    if (!isObj(s) || s.kind !== "ServiceAccount" || typeof s.name !== "string") continue;
    const sa = all.find(
      (r) =>
        kindOf(r) === "ServiceAccount" &&
        wasNamed(r, s.name as string) &&
        // An object without a namespace is in "default", as kustomize's effective namespace has it.
        (!s.namespace ||
          [nsOf(r), ...r.prev.map((p) => p.ns)].some((ns) => (ns || "default") === s.namespace)),
    );
    if (sa) {
      s.name = nameOf(sa);
      if (s.namespace !== undefined || nsOf(sa)) s.namespace = nsOf(sa) || s.namespace;
    }
  }
}

export function fixBackReferences(all: Res[]): void {
  for (const r of all) {
    const kind = kindOf(r);
    const podSpec = gvk(r).kind in POD_SPECS ? POD_SPECS[kind] : undefined;
    if (podSpec) {
      for (const [referred, paths] of Object.entries(IN_POD)) {
        for (const p of paths) fix(all, r, referred, `${podSpec}/${p}`);
      }
    }
    for (const [referred, referrer, path] of OTHERS) if (referrer === kind) fix(all, r, referred, path);
    if (kind === "RoleBinding" || kind === "ClusterRoleBinding") fixSubjects(all, r);
  }
}
