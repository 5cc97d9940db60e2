// core/v1 PersistentVolumeClaim and PersistentVolume, storage.k8s.io/v1 StorageClass: the
// field trees strict decoding checks. The claim spec is exported for StatefulSet's
// volumeClaimTemplates.
import { bool, list, named, resourceList, str, strList, strMap, struct, time } from "./dsl.js";
import { labelSelector, objectMeta, objectReference, typeMetaFields } from "./meta.js";
import { volumeSourceFields } from "./volumes.js";

export const persistentVolumeClaimSpec = struct("PersistentVolumeClaimSpec", {
  accessModes: list(named("PersistentVolumeAccessMode")),
  selector: labelSelector,
  resources: struct("VolumeResourceRequirements", { limits: resourceList, requests: resourceList }),
  volumeName: str,
  storageClassName: str,
  volumeMode: named("PersistentVolumeMode"),
  dataSource: struct("TypedLocalObjectReference", { apiGroup: str, kind: str, name: str }),
  dataSourceRef: struct("TypedObjectReference", { apiGroup: str, kind: str, name: str, namespace: str }),
  volumeAttributesClassName: str,
});

const persistentVolumeClaimStatus = struct("PersistentVolumeClaimStatus", {
  phase: named("PersistentVolumeClaimPhase"),
  accessModes: list(named("PersistentVolumeAccessMode")),
  capacity: resourceList,
  conditions: list(
    struct("PersistentVolumeClaimCondition", {
      type: named("PersistentVolumeClaimConditionType"),
      status: named("ConditionStatus"),
      lastProbeTime: time,
      lastTransitionTime: time,
      reason: str,
      message: str,
    }),
  ),
  allocatedResources: resourceList,
  allocatedResourceStatuses: { kind: "map", go: "map[v1.ResourceName]v1.ClaimResourceStatus", values: str },
  currentVolumeAttributesClassName: str,
  modifyVolumeStatus: struct("ModifyVolumeStatus", {
    targetVolumeAttributesClassName: str,
    status: named("PersistentVolumeClaimModifyVolumeStatus"),
  }),
});

export const persistentVolumeClaim = struct("PersistentVolumeClaim", {
  ...typeMetaFields,
  spec: persistentVolumeClaimSpec,
  status: persistentVolumeClaimStatus,
});

/** A claim as a StatefulSet's volumeClaimTemplates item holds it (metadata, spec, status). */
export const persistentVolumeClaimTemplate = struct("PersistentVolumeClaim", {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: persistentVolumeClaimSpec,
  status: persistentVolumeClaimStatus,
});

const nodeSelectorTerm = struct("NodeSelectorTerm", {
  matchExpressions: list(
    struct("NodeSelectorRequirement", { key: str, operator: named("NodeSelectorOperator"), values: strList }),
  ),
  matchFields: list(
    struct("NodeSelectorRequirement", { key: str, operator: named("NodeSelectorOperator"), values: strList }),
  ),
});

const secretReference = struct("SecretReference", { name: str, namespace: str });

// PersistentVolumeSource, inlined into PersistentVolumeSpec. The sources whose Go type is
// the pod volume's are shared; local and csi have their own. The remaining legacy in-tree
// sources (glusterfs, rbd, iscsi, cinder, cephfs, flexVolume, azureFile, scaleIO,
// storageos) are not modelled and fail strict decoding as unknown fields.
const pvSources = {
  gcePersistentDisk: volumeSourceFields.gcePersistentDisk,
  awsElasticBlockStore: volumeSourceFields.awsElasticBlockStore,
  hostPath: volumeSourceFields.hostPath,
  nfs: volumeSourceFields.nfs,
  fc: volumeSourceFields.fc,
  flocker: volumeSourceFields.flocker,
  vsphereVolume: volumeSourceFields.vsphereVolume,
  quobyte: volumeSourceFields.quobyte,
  azureDisk: volumeSourceFields.azureDisk,
  photonPersistentDisk: volumeSourceFields.photonPersistentDisk,
  portworxVolume: volumeSourceFields.portworxVolume,
  local: struct("LocalVolumeSource", { path: str, fsType: str }),
  csi: struct("CSIPersistentVolumeSource", {
    driver: str,
    volumeHandle: str,
    readOnly: bool,
    fsType: str,
    volumeAttributes: strMap,
    controllerPublishSecretRef: secretReference,
    nodeStageSecretRef: secretReference,
    nodePublishSecretRef: secretReference,
    controllerExpandSecretRef: secretReference,
    nodeExpandSecretRef: secretReference,
  }),
};

export const persistentVolume = struct("PersistentVolume", {
  ...typeMetaFields,
  spec: struct("PersistentVolumeSpec", {
    capacity: resourceList,
    ...pvSources,
    accessModes: list(named("PersistentVolumeAccessMode")),
    claimRef: objectReference,
    persistentVolumeReclaimPolicy: named("PersistentVolumeReclaimPolicy"),
    storageClassName: str,
    mountOptions: strList,
    volumeMode: named("PersistentVolumeMode"),
    nodeAffinity: struct("VolumeNodeAffinity", {
      required: struct("NodeSelector", { nodeSelectorTerms: list(nodeSelectorTerm) }),
    }),
    volumeAttributesClassName: str,
  }),
  status: struct("PersistentVolumeStatus", {
    phase: named("PersistentVolumePhase"),
    message: str,
    reason: str,
    lastPhaseTransitionTime: time,
  }),
});

export const storageClass = struct("StorageClass", {
  ...typeMetaFields,
  provisioner: str,
  parameters: strMap,
  reclaimPolicy: named("PersistentVolumeReclaimPolicy"),
  mountOptions: strList,
  allowVolumeExpansion: bool,
  volumeBindingMode: named("VolumeBindingMode"),
  allowedTopologies: list(
    struct("TopologySelectorTerm", {
      matchLabelExpressions: list(struct("TopologySelectorLabelRequirement", { key: str, values: strList })),
    }),
  ),
});
