// The builtin transformers a kustomization configures, in the order kustomize runs them
// after the patches: namespace, namePrefix, nameSuffix, labels, annotations, replicas,
// images (the JSON 6902 patches run between annotations and replicas, in build.ts).
import { RE2JS } from "re2js";
import {
  COMMON_ANNOTATIONS,
  COMMON_LABELS,
  type FieldSpec,
  METADATA_LABELS,
  NO_PREFIX,
  REPLICAS,
  selects,
} from "./fieldspecs.js";
import type { Image, Kustomization } from "./kustomization.js";
import { KustomizeError } from "./loader.js";
import { gvk, isObj, kindOf, meta, nameOf, type Res, rename, visit, wasNamed } from "./resource.js";

/**
 * The cluster-scoped types of the Kubernetes schema kustomize v5.5 embeds, by apiVersion and
 * kind (checked against kubectl kustomize); any other type, custom resources and types newer
 * than that schema included, is namespaced to kustomize, whatever the cluster serves.
 */
const CLUSTER_SCOPED = new Set(
  [
    "admissionregistration.k8s.io/v1 MutatingWebhookConfiguration ValidatingWebhookConfiguration",
    "admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration ValidatingWebhookConfiguration",
    "apiextensions.k8s.io/v1 CustomResourceDefinition",
    "apiextensions.k8s.io/v1beta1 CustomResourceDefinition",
    "apiregistration.k8s.io/v1 APIService",
    "apiregistration.k8s.io/v1beta1 APIService",
    "certificates.k8s.io/v1 CertificateSigningRequest",
    "certificates.k8s.io/v1beta1 CertificateSigningRequest",
    "networking.k8s.io/v1 IngressClass",
    "networking.k8s.io/v1beta1 IngressClass",
    "node.k8s.io/v1 RuntimeClass",
    "node.k8s.io/v1beta1 RuntimeClass",
    "policy/v1beta1 PodSecurityPolicy",
    "rbac.authorization.k8s.io/v1 ClusterRole ClusterRoleBinding",
    "rbac.authorization.k8s.io/v1beta1 ClusterRole ClusterRoleBinding",
    "scheduling.k8s.io/v1 PriorityClass",
    "scheduling.k8s.io/v1beta1 PriorityClass",
    "storage.k8s.io/v1 CSIDriver CSINode StorageClass VolumeAttachment",
    "storage.k8s.io/v1beta1 CSIDriver StorageClass VolumeAttachment",
    "v1 ComponentStatus Namespace Node PersistentVolume",
  ].flatMap((line) => {
    const [av, ...kinds] = line.split(" ");
    return kinds.map((k) => `${av} ${k}`);
  }),
);

const namespaced = (r: Res): boolean => !CLUSTER_SCOPED.has(`${String(r.obj.apiVersion ?? "")} ${kindOf(r)}`);

function namespace(rs: Res[], ns: string): void {
  for (const r of rs) {
    const kind = kindOf(r);
    // namespaceFieldSpecs: an APIService's service, a CRD's conversion webhook service.
    const { group } = gvk(r);
    if (kind === "APIService" && group === "apiregistration.k8s.io") {
      visit(r.obj, ["spec", "service", "namespace"], true, (p, k) => {
        p[k] = ns;
      });
    }
    if (kind === "CustomResourceDefinition" && group === "apiextensions.k8s.io") {
      visit(r.obj, "spec/conversion/webhook/clientConfig/service/namespace".split("/"), false, (p, k) => {
        if (p[k] !== undefined) p[k] = ns;
      });
    }
    if (kind === "Namespace") rename(r, ns);
    else if (namespaced(r)) rename(r, nameOf(r), ns);
    if ((kind === "RoleBinding" || kind === "ClusterRoleBinding") && Array.isArray(r.obj.subjects)) {
      // roleBindingHack's default mode: subjects named "default" move with the namespace.
      for (const s of r.obj.subjects) if (isObj(s) && s.name === "default") s.namespace = ns;
    }
  }
}

function affix(rs: Res[], prefix: string, suffix: string): void {
  for (const r of rs) {
    const { group, kind } = gvk(r);
    if (NO_PREFIX.some((s) => selects(s, group, kind))) continue;
    if (prefix) {
      rename(r, `${prefix}${nameOf(r)}`);
      r.prefixes = [...(r.prefixes ?? []), prefix];
    }
    if (suffix) {
      rename(r, `${nameOf(r)}${suffix}`);
      r.suffixes = [...(r.suffixes ?? []), suffix];
    }
  }
}

/** A map-valued field set through field specs (labels, annotations). */
function setPairs(rs: Res[], pairs: Record<string, string> | undefined, specs: FieldSpec[]): void {
  if (!pairs || Object.keys(pairs).length === 0) return;
  for (const r of rs) {
    const { group, kind } = gvk(r);
    for (const [select, path, create] of specs) {
      if (!selects(select, group, kind)) continue;
      visit(r.obj, path.split("/"), create, (parent, key) => {
        if (!isObj(parent[key])) {
          if (!create && parent[key] === undefined) return;
          parent[key] = {};
        }
        Object.assign(parent[key] as object, pairs);
      });
    }
  }
}

function labels(rs: Res[], k: Kustomization): void {
  for (const l of k.labels ?? []) {
    const specs: FieldSpec[] = l.includeSelectors
      ? COMMON_LABELS
      : l.includeTemplates
        ? METADATA_LABELS
        : [["*", "metadata/labels", true]];
    setPairs(rs, l.pairs, specs);
  }
  setPairs(rs, k.commonLabels, COMMON_LABELS);
}

function replicas(rs: Res[], k: Kustomization): void {
  for (const rep of k.replicas ?? []) {
    for (const r of rs) {
      if (!wasNamed(r, String(rep.name ?? ""))) continue;
      const { group, kind } = gvk(r);
      for (const [select, path, create] of REPLICAS) {
        if (selects(select, group, kind)) {
          visit(r.obj, path.split("/"), create, (parent, key) => {
            parent[key] = rep.count ?? 0;
          });
        }
      }
    }
  }
}

/** image.Split: name, tag and digest of an image reference. */
export function splitImage(ref: string): [string, string, string] {
  const slash = ref.indexOf("/");
  const off = Math.max(slash, 0);
  const search = ref.slice(off);
  let id = search.indexOf("@");
  let ic = search.indexOf(":");
  if (ic < 0 && id < 0) return [ref, "", ""];
  if (id >= 0 && (id < ic || ic < 0)) {
    id += off;
    return [ref.slice(0, id), "", ref.slice(id + 1)];
  }
  if (id >= 0 && ic >= 0) {
    id += off;
    ic += off;
    return [ref.slice(0, ic), ref.slice(ic + 1, id), ref.slice(id + 1)];
  }
  ic += off;
  return [ref.slice(0, ic), ref.slice(ic + 1), ""];
}

/** The imageTagUpdater: the new reference for `ref`, or undefined when `img` does not match it. */
export function updateImage(ref: string, img: Image): string | undefined {
  let re: RE2JS;
  try {
    // kustomize compiles the name into a Go regexp unescaped; RE2 matches in linear time.
    re = RE2JS.compile(`^${img.name ?? ""}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    return undefined;
  }
  if (!re.matches(ref)) return undefined;
  let [name, tag, digest] = splitImage(ref);
  if (img.newName) name = img.newName;
  if (img.newTag && img.digest) [tag, digest] = [img.newTag, img.digest];
  else if (img.newTag) [tag, digest] = [img.newTag, ""];
  else if (img.digest) [tag, digest] = ["", img.digest];
  else if (img.tagSuffix) [tag, digest] = [tag + img.tagSuffix, ""];
  return `${name}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
}

/** The legacy image filter: every `containers` and `initContainers` list, at any depth. */
function images(rs: Res[], k: Kustomization): void {
  const walk = (v: unknown, img: Image): void => {
    if (Array.isArray(v)) for (const x of v) walk(x, img);
    else if (isObj(v)) {
      for (const [key, x] of Object.entries(v)) {
        walk(x, img);
        if ((key === "containers" || key === "initContainers") && Array.isArray(x)) {
          for (const c of x) {
            if (!isObj(c) || c.image === undefined) continue;
            if (typeof c.image !== "string") throw new KustomizeError(`wrong node kind: expected ScalarNode`);
            const next = updateImage(c.image, img);
            if (next !== undefined) c.image = next;
          }
        }
      }
    }
  };
  for (const img of k.images ?? []) {
    for (const r of rs) if (kindOf(r) !== "CustomResourceDefinition") walk(r.obj, img);
  }
}

/** namespace through annotations, in kustomize's order (patches come before, in build.ts). */
export function transformNames(rs: Res[], k: Kustomization): void {
  if (k.namespace) namespace(rs, k.namespace);
  affix(rs, k.namePrefix ?? "", k.nameSuffix ?? "");
  labels(rs, k);
  setPairs(rs, k.commonAnnotations, COMMON_ANNOTATIONS);
}

export function transformCounts(rs: Res[], k: Kustomization): void {
  replicas(rs, k);
  images(rs, k);
}

export { meta };
