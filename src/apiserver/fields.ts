// Field selectors as the apiserver serves them: only the fields each resource type
// registers (field label conversion funcs), compared as strings with =, == and !=.

import type { KObject } from "../api/types.js";
import { badRequest } from "./errors.js";
import type { ResourceType } from "./resources.js";

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

export class FieldSelectorParseError extends Error {}

/** fields.ParseSelector: `a=b,c!=d` (`==` is `=`). */
export function parseFieldSelector(s: string): FieldRequirement[] {
  if (!s.trim()) return [];
  return s.split(",").map((part) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part);
    if (!m) throw new FieldSelectorParseError(`invalid selector: '${s}'; can't understand '${part}'`);
    return { field: m[1].trim(), op: m[2] === "!=" ? "!=" : "=", value: m[3].trim() };
  });
}

const META = ["metadata.name", "metadata.namespace"];

/** The fields each type can be selected by, and how the value is read. */
const FIELDS: Record<string, Record<string, (o: KObject) => string | undefined>> = {
  Pod: {
    "spec.nodeName": (o) => o.spec?.nodeName ?? "",
    "spec.restartPolicy": (o) => o.spec?.restartPolicy,
    "spec.schedulerName": (o) => o.spec?.schedulerName,
    "spec.serviceAccountName": (o) => o.spec?.serviceAccountName,
    "spec.hostNetwork": (o) => String(!!o.spec?.hostNetwork),
    "status.phase": (o) => o.status?.phase,
    "status.podIP": (o) => o.status?.podIP ?? "",
    "status.nominatedNodeName": (o) => o.status?.nominatedNodeName ?? "",
  },
  Event: {
    "involvedObject.kind": (o) => o.involvedObject?.kind,
    "involvedObject.namespace": (o) => o.involvedObject?.namespace,
    "involvedObject.name": (o) => o.involvedObject?.name,
    "involvedObject.uid": (o) => o.involvedObject?.uid,
    "involvedObject.apiVersion": (o) => o.involvedObject?.apiVersion,
    "involvedObject.resourceVersion": (o) => o.involvedObject?.resourceVersion,
    "involvedObject.fieldPath": (o) => o.involvedObject?.fieldPath,
    reason: (o) => o.reason,
    reportingComponent: (o) => o.reportingComponent,
    source: (o) => o.source?.component,
    type: (o) => o.type,
  },
  Service: { "spec.clusterIP": (o) => o.spec?.clusterIP, "spec.type": (o) => o.spec?.type },
  Node: { "spec.unschedulable": (o) => String(!!o.spec?.unschedulable) },
  Namespace: { "status.phase": (o) => o.status?.phase },
  ReplicaSet: { "status.replicas": (o) => String(o.status?.replicas ?? 0) },
};

/** Types that register a conversion func report unknown fields as "field label not supported". */
const CONVERTED = new Set(["Pod", "Event", "Service", "Node", "Namespace", "ReplicaSet", "Endpoints"]);

function read(r: ResourceType, o: KObject, field: string): string | undefined {
  if (field === "metadata.name") return o.metadata.name;
  if (field === "metadata.namespace") return o.metadata.namespace ?? "";
  return FIELDS[r.kind]?.[field]?.(o);
}

/** Checks every field is one the type serves; the error is the list call's, as kubectl prints it. */
export function checkFieldSelector(
  r: ResourceType,
  reqs: FieldRequirement[],
  raw: string,
  labelSelector: string,
): void {
  for (const q of reqs) {
    if (META.includes(q.field) || FIELDS[r.kind]?.[q.field]) continue;
    const gvr = `${r.group}/${r.version}, Resource=${r.plural}`;
    const why = CONVERTED.has(r.kind)
      ? `field label not supported: ${q.field}`
      : `"${q.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`;
    throw badRequest(
      `Unable to find "${gvr}" that match label selector "${labelSelector}", field selector "${raw}": ${why}`,
    );
  }
}

/** Whether the kind's field label conversion knows the field (what a list may select by). */
export function fieldSupported(r: ResourceType, field: string): boolean {
  return META.includes(field) || !!FIELDS[r.kind]?.[field];
}

export function matchesFields(r: ResourceType, reqs: FieldRequirement[], o: KObject): boolean {
  return reqs.every((q) => {
    const v = read(r, o, q.field) ?? "";
    return q.op === "=" ? v === q.value : v !== q.value;
  });
}
