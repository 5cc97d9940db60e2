// meta/v1 types shared by every kind, plus the small core/v1 types used across kinds.
import { bool, i32, i64, list, named, raw, str, strList, strMap, struct, time, uid } from "./dsl.js";

export const ownerReference = struct("OwnerReference", {
  apiVersion: str,
  kind: str,
  name: str,
  uid,
  controller: bool,
  blockOwnerDeletion: bool,
});

export const managedFieldsEntry = struct("ManagedFieldsEntry", {
  manager: str,
  operation: named("ManagedFieldsOperationType"),
  apiVersion: str,
  time,
  fieldsType: str,
  fieldsV1: raw,
  subresource: str,
});

export const objectMeta = struct("ObjectMeta", {
  name: str,
  generateName: str,
  namespace: str,
  selfLink: str,
  uid,
  resourceVersion: str,
  generation: i64,
  creationTimestamp: time,
  deletionTimestamp: time,
  deletionGracePeriodSeconds: i64,
  labels: strMap,
  annotations: strMap,
  ownerReferences: list(ownerReference),
  finalizers: strList,
  managedFields: list(managedFieldsEntry),
});

export const labelSelectorRequirement = struct("LabelSelectorRequirement", {
  key: str,
  operator: named("LabelSelectorOperator"),
  values: strList,
});

export const labelSelector = struct("LabelSelector", {
  matchLabels: strMap,
  matchExpressions: list(labelSelectorRequirement),
});

/** metav1.Condition, used by Service status. */
export const metaCondition = struct("Condition", {
  type: str,
  status: named("ConditionStatus"),
  observedGeneration: i64,
  lastTransitionTime: time,
  reason: str,
  message: str,
});

export const objectReference = struct("ObjectReference", {
  kind: str,
  namespace: str,
  name: str,
  uid,
  apiVersion: str,
  resourceVersion: str,
  fieldPath: str,
});

export const localObjectReference = struct("LocalObjectReference", { name: str });

/** The fields every root object has before its own: TypeMeta (inline) and metadata. */
export const typeMetaFields = { apiVersion: str, kind: str, metadata: objectMeta };

export const portStatus = struct("PortStatus", { port: i32, protocol: named("Protocol"), error: str });
