// kustomize's default field specs (api/internal/konfig/builtinpluginconsts): where labels,
// annotations, replicas and images go in each kind. "kind" or "kind@group" selects; "*"
// selects everything.
export type FieldSpec = [select: string, path: string, create: boolean];

const WORKLOADS = ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet@apps", "Job@batch"];

function templateSpecs(field: "labels" | "annotations"): FieldSpec[] {
  return [
    [`ReplicationController`, `spec/template/metadata/${field}`, true],
    ...WORKLOADS.map((k): FieldSpec => [k, `spec/template/metadata/${field}`, true]),
    ...(field === "labels"
      ? [["StatefulSet@apps", "spec/volumeClaimTemplates[]/metadata/labels", true] as FieldSpec]
      : []),
    ["CronJob@batch", `spec/jobTemplate/metadata/${field}`, true],
    ["CronJob@batch", `spec/jobTemplate/spec/template/metadata/${field}`, true],
  ];
}

/** metadataLabelsFieldSpecs, which templateLabels are too. */
export const METADATA_LABELS: FieldSpec[] = [["*", "metadata/labels", true], ...templateSpecs("labels")];

const AFFINITY = [
  "podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm",
  "podAffinity/requiredDuringSchedulingIgnoredDuringExecution",
  "podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm",
  "podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution",
].map((p) => `spec/template/spec/affinity/${p}/labelSelector/matchLabels`);

function podSelectors(kind: string): FieldSpec[] {
  return [
    ...AFFINITY.map((p): FieldSpec => [kind, p, false]),
    [kind, "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels", false],
  ];
}

/** commonLabelFieldSpecs: metadata, templates and selectors. */
export const COMMON_LABELS: FieldSpec[] = [
  ["Service", "spec/selector", true],
  ["ReplicationController", "spec/selector", true],
  ["Deployment", "spec/selector/matchLabels", true],
  ...podSelectors("Deployment@apps"),
  ["ReplicaSet", "spec/selector/matchLabels", true],
  ["DaemonSet", "spec/selector/matchLabels", true],
  ["StatefulSet@apps", "spec/selector/matchLabels", true],
  ...podSelectors("StatefulSet@apps"),
  ["Job@batch", "spec/selector/matchLabels", false],
  ["CronJob@batch", "spec/jobTemplate/spec/selector/matchLabels", false],
  ["PodDisruptionBudget@policy", "spec/selector/matchLabels", false],
  ["NetworkPolicy@networking.k8s.io", "spec/podSelector/matchLabels", false],
  ["NetworkPolicy@networking.k8s.io", "spec/ingress[]/from[]/podSelector/matchLabels", false],
  ["NetworkPolicy@networking.k8s.io", "spec/egress[]/to[]/podSelector/matchLabels", false],
  ...METADATA_LABELS,
];

export const COMMON_ANNOTATIONS: FieldSpec[] = [
  ["*", "metadata/annotations", true],
  ...templateSpecs("annotations"),
];

export const REPLICAS: FieldSpec[] = ["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"].map(
  (k): FieldSpec => [k, "spec/replicas", true],
);

/** Kinds whose names neither namePrefix nor nameSuffix change. */
export const NO_PREFIX = ["CustomResourceDefinition", "APIService@apiregistration.k8s.io", "Namespace"];

export function selects(select: string, group: string, kind: string): boolean {
  if (select === "*") return true;
  const [k, g] = select.split("@");
  return k === kind && (g === undefined || g === group);
}
