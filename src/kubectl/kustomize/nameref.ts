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
/** Referrers without a namespace, which may name objects in any. */
const CLUSTER_SCOPED_REFERRERS = new Set([
  "ClusterRoleBinding",
  "PersistentVolume",
  "ClusterRole",
  "StorageClass",
]);

/** utils.SameEndingSubSlice: the shorter list ends the longer one (empty only matches empty). */
function sameEnding(a: string[], b: string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length === 0) return long.length === 0;
  const diff = long.length - short.length;
  return short.every((x, i) => long[i + diff] === x);
}

/** Resource.PrefixesSuffixesEquals. */
function affixesEqual(r: Res, o: Res, allowEmpty: boolean): boolean {
  const [rp, op, rs, os] = [r.prefixes ?? [], o.prefixes ?? [], r.suffixes ?? [], o.suffixes ?? []];
  if (!allowEmpty) return sameEnding(rp, op) && sameEnding(rs, os);
  return (!rp.length || !op.length || sameEnding(rp, op)) && (!rs.length || !os.length || sameEnding(rs, os));
}

/**
 * nameref's selectReferral: the candidates once named `name`, in the referrer's namespace
 * (ServiceAccounts and cluster-scoped ones anywhere), then those built with the referrer's
 * prefixes and suffixes. Several left is kustomize's error, which kubesim leaves the name
 * unrewritten for.
 */
function referral(all: Res[], kind: string, name: string, referrer: Res): Res | undefined {
  let cands = all.filter((r) => kindOf(r) === kind && wasNamed(r, name));
  const eff = (ns: string) => ns || "default";
  if (!CLUSTER_SCOPED_REFERRERS.has(kindOf(referrer))) {
    cands = cands.filter(
      (r) => CLUSTER_SCOPED.has(kind) || kind === "ServiceAccount" || eff(nsOf(r)) === eff(nsOf(referrer)),
    );
  }
  if (cands.length === 1) return cands[0];
  cands = cands.filter((r) => affixesEqual(referrer, r, true));
  if (cands.length > 1) cands = cands.filter((r) => affixesEqual(referrer, r, false));
  return cands.length === 1 ? cands[0] : undefined;
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
