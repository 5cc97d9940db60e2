// What a CustomResourceDefinition serves, as the apiextensions-apiserver derives it: a
// resource type with the CRD's names and scope, its versions in kube-aware priority order
// (the first served one is what kubectl asks for), each with its schema and columns.
import type { CustomResourceDefinition, JSONSchemaProps } from "../../api/types.js";
import type { ResourceType } from "../resources.js";

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

export interface CustomVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: JSONSchemaProps;
  columns: PrinterColumn[];
  /** The status subresource: status is written only through it, and generation ignores it. */
  statusSubresource: boolean;
}

export interface CustomResourceInfo {
  /** The CRD's own name, `<plural>.<group>`. */
  crd: string;
  /** In version priority order (v1 before v1beta1 before v1alpha1...). */
  versions: CustomVersion[];
}

const VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * apimachinery's CompareKubeAwareVersionStrings as a sort order: GA before beta before
 * alpha, higher numbers first, and versions that do not look like Kubernetes' after all
 * of them, in string order.
 */
export function compareVersions(a: string, b: string): number {
  const ma = VERSION.exec(a);
  const mb = VERSION.exec(b);
  if (!ma || !mb) {
    if (ma) return -1;
    if (mb) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const rank = (m: RegExpExecArray) => (m[2] === undefined ? 2 : m[2] === "beta" ? 1 : 0);
  if (rank(ma) !== rank(mb)) return rank(mb) - rank(ma);
  if (ma[1] !== mb[1]) return Number(mb[1]) - Number(ma[1]);
  return Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}

/** The type a CRD serves, or undefined when none of its versions is served. */
export function servedType(crd: CustomResourceDefinition): ResourceType | undefined {
  const spec = crd.spec;
  const versions = [...(spec.versions ?? [])]
    .sort((a, b) => compareVersions(a.name, b.name))
    .map((v) => ({
      name: v.name,
      served: v.served,
      storage: v.storage,
      schema: v.schema?.openAPIV3Schema,
      columns: (v.additionalPrinterColumns ?? []) as PrinterColumn[],
      statusSubresource: !!v.subresources?.status,
    }));
  const preferred = versions.find((v) => v.served);
  if (!preferred) return undefined;
  const names = spec.names;
  return {
    kind: names.kind,
    plural: names.plural,
    singular: names.singular || names.kind.toLowerCase(),
    shortNames: names.shortNames ?? [],
    group: spec.group,
    version: preferred.name,
    namespaced: spec.scope === "Namespaced",
    verbs: ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"],
    categories: names.categories ?? [],
    custom: { crd: crd.metadata.name, versions },
  };
}

/** The version of a custom type that `apiVersion` names, if served. */
export function servedVersion(r: ResourceType, apiVersion: string): CustomVersion | undefined {
  const v = apiVersion.slice(apiVersion.indexOf("/") + 1);
  return r.custom?.versions.find((x) => x.name === v && x.served);
}

/** The schema of a served custom kind's version, for `kubectl explain` and validation. */
export function customSchema(r: ResourceType, version = r.version): JSONSchemaProps | undefined {
  return r.custom?.versions.find((v) => v.name === version)?.schema;
}
