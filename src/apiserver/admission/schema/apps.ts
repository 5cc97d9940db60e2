// apps/v1 StatefulSet and ControllerRevision, as the Go structs of k8s.io/api v1.32.
import { i32, i64, intOrString, list, named, raw, resourceList, str, struct, time } from "./dsl.js";
import { labelSelector, typeMetaFields } from "./meta.js";
import { podTemplateSpec } from "./pod.js";
import { pvcSpec } from "./volumes.js";

const pvcCondition = struct("PersistentVolumeClaimCondition", {
  type: named("PersistentVolumeClaimConditionType"),
  status: named("ConditionStatus"),
  lastProbeTime: time,
  lastTransitionTime: time,
  reason: str,
  message: str,
});

/** A whole core/v1 PersistentVolumeClaim, as a StatefulSet's volumeClaimTemplates hold it. */
const persistentVolumeClaim = struct("PersistentVolumeClaim", {
  ...typeMetaFields,
  spec: pvcSpec,
  status: struct("PersistentVolumeClaimStatus", {
    phase: named("PersistentVolumeClaimPhase"),
    accessModes: list(named("PersistentVolumeAccessMode")),
    capacity: resourceList,
    conditions: list(pvcCondition),
    allocatedResources: resourceList,
    allocatedResourceStatuses: {
      kind: "map",
      go: "map[v1.ResourceName]v1.ClaimResourceStatus",
      values: named("ClaimResourceStatus"),
    },
    currentVolumeAttributesClassName: str,
    modifyVolumeStatus: struct("ModifyVolumeStatus", {
      targetVolumeAttributesClassName: str,
      status: named("PersistentVolumeClaimModifyVolumeStatus"),
    }),
  }),
});

export const statefulSet = struct("StatefulSet", {
  ...typeMetaFields,
  spec: struct("StatefulSetSpec", {
    replicas: i32,
    selector: labelSelector,
    template: podTemplateSpec,
    volumeClaimTemplates: list(persistentVolumeClaim),
    serviceName: str,
    podManagementPolicy: named("PodManagementPolicyType"),
    updateStrategy: struct("StatefulSetUpdateStrategy", {
      type: named("StatefulSetUpdateStrategyType"),
      rollingUpdate: struct("RollingUpdateStatefulSetStrategy", {
        partition: i32,
        maxUnavailable: intOrString,
      }),
    }),
    revisionHistoryLimit: i32,
    minReadySeconds: i32,
    persistentVolumeClaimRetentionPolicy: struct("StatefulSetPersistentVolumeClaimRetentionPolicy", {
      whenDeleted: named("PersistentVolumeClaimRetentionPolicyType"),
      whenScaled: named("PersistentVolumeClaimRetentionPolicyType"),
    }),
    ordinals: struct("StatefulSetOrdinals", { start: i32 }),
  }),
  status: struct("StatefulSetStatus", {
    observedGeneration: i64,
    replicas: i32,
    readyReplicas: i32,
    currentReplicas: i32,
    updatedReplicas: i32,
    currentRevision: str,
    updateRevision: str,
    collisionCount: i32,
    conditions: list(
      struct("StatefulSetCondition", {
        type: named("StatefulSetConditionType"),
        status: named("ConditionStatus"),
        lastTransitionTime: time,
        reason: str,
        message: str,
      }),
    ),
    availableReplicas: i32,
  }),
});

/** data is a runtime.RawExtension: any JSON object is taken as it is. */
export const controllerRevision = struct("ControllerRevision", {
  ...typeMetaFields,
  data: raw,
  revision: i64,
});
