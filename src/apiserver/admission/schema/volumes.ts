// core/v1 Volume and its sources (VolumeSource is embedded inline in Volume).
import {
  bool,
  boolOmit,
  i32,
  i64,
  list,
  named,
  quantity,
  resourceList,
  str,
  strList,
  strMap,
  struct,
} from "./dsl.js";
import { labelSelector, localObjectReference, objectMeta } from "./meta.js";

export const keyToPath = struct("KeyToPath", { key: str, path: str, mode: i32 });

export const objectFieldSelector = struct("ObjectFieldSelector", { apiVersion: str, fieldPath: str });

export const resourceFieldSelector = struct("ResourceFieldSelector", {
  containerName: str,
  resource: str,
  divisor: quantity,
});

const downwardAPIVolumeFile = struct("DownwardAPIVolumeFile", {
  path: str,
  fieldRef: objectFieldSelector,
  resourceFieldRef: resourceFieldSelector,
  mode: i32,
});

const volumeProjection = struct("VolumeProjection", {
  secret: struct("SecretProjection", { name: str, items: list(keyToPath), optional: bool }),
  downwardAPI: struct("DownwardAPIProjection", { items: list(downwardAPIVolumeFile) }),
  configMap: struct("ConfigMapProjection", { name: str, items: list(keyToPath), optional: bool }),
  serviceAccountToken: struct("ServiceAccountTokenProjection", {
    audience: str,
    expirationSeconds: i64,
    path: str,
  }),
  clusterTrustBundle: struct("ClusterTrustBundleProjection", {
    name: str,
    signerName: str,
    labelSelector,
    optional: bool,
    path: str,
  }),
});

const typedLocalObjectReference = struct("TypedLocalObjectReference", {
  apiGroup: str,
  kind: str,
  name: str,
});

/** core/v1 PersistentVolumeClaimSpec: the ephemeral volume's template and StatefulSet claims. */
export const pvcSpec = struct("PersistentVolumeClaimSpec", {
  accessModes: list(named("PersistentVolumeAccessMode")),
  selector: labelSelector,
  resources: struct("VolumeResourceRequirements", { limits: resourceList, requests: resourceList }),
  volumeName: str,
  storageClassName: str,
  volumeMode: named("PersistentVolumeMode"),
  dataSource: typedLocalObjectReference,
  dataSourceRef: struct("TypedObjectReference", { apiGroup: str, kind: str, name: str, namespace: str }),
  volumeAttributesClassName: str,
});

const pvcTemplate = struct("PersistentVolumeClaimTemplate", { metadata: objectMeta, spec: pvcSpec });

const fsRO = { fsType: str, readOnly: bool };

/** VolumeSource, inlined into Volume: exactly one of these is set. */
export const volumeSourceFields = {
  hostPath: struct("HostPathVolumeSource", { path: str, type: named("HostPathType") }),
  emptyDir: struct("EmptyDirVolumeSource", { medium: named("StorageMedium"), sizeLimit: quantity }),
  gcePersistentDisk: struct("GCEPersistentDiskVolumeSource", { pdName: str, partition: i32, ...fsRO }),
  awsElasticBlockStore: struct("AWSElasticBlockStoreVolumeSource", {
    volumeID: str,
    partition: i32,
    ...fsRO,
  }),
  gitRepo: struct("GitRepoVolumeSource", { repository: str, revision: str, directory: str }),
  secret: struct("SecretVolumeSource", {
    secretName: str,
    items: list(keyToPath),
    defaultMode: i32,
    optional: bool,
  }),
  nfs: struct("NFSVolumeSource", { server: str, path: str, readOnly: boolOmit }),
  iscsi: struct("ISCSIVolumeSource", {
    targetPortal: str,
    iqn: str,
    lun: i32,
    iscsiInterface: str,
    ...fsRO,
    portals: strList,
    chapAuthDiscovery: bool,
    chapAuthSession: bool,
    secretRef: localObjectReference,
    initiatorName: str,
  }),
  glusterfs: struct("GlusterfsVolumeSource", { endpoints: str, path: str, readOnly: boolOmit }),
  persistentVolumeClaim: struct("PersistentVolumeClaimVolumeSource", { claimName: str, readOnly: boolOmit }),
  rbd: struct("RBDVolumeSource", {
    monitors: strList,
    image: str,
    fsType: str,
    pool: str,
    user: str,
    keyring: str,
    secretRef: localObjectReference,
    readOnly: bool,
  }),
  flexVolume: struct("FlexVolumeSource", {
    driver: str,
    ...fsRO,
    secretRef: localObjectReference,
    options: strMap,
  }),
  cinder: struct("CinderVolumeSource", { volumeID: str, ...fsRO, secretRef: localObjectReference }),
  cephfs: struct("CephFSVolumeSource", {
    monitors: strList,
    path: str,
    user: str,
    secretFile: str,
    secretRef: localObjectReference,
    readOnly: bool,
  }),
  flocker: struct("FlockerVolumeSource", { datasetName: str, datasetUUID: str }),
  downwardAPI: struct("DownwardAPIVolumeSource", { items: list(downwardAPIVolumeFile), defaultMode: i32 }),
  fc: struct("FCVolumeSource", { targetWWNs: strList, lun: i32, ...fsRO, wwids: strList }),
  azureFile: struct("AzureFileVolumeSource", { secretName: str, shareName: str, readOnly: bool }),
  configMap: struct("ConfigMapVolumeSource", {
    name: str,
    items: list(keyToPath),
    defaultMode: i32,
    optional: bool,
  }),
  vsphereVolume: struct("VsphereVirtualDiskVolumeSource", {
    volumePath: str,
    fsType: str,
    storagePolicyName: str,
    storagePolicyID: str,
  }),
  quobyte: struct("QuobyteVolumeSource", {
    registry: str,
    volume: str,
    readOnly: bool,
    user: str,
    group: str,
    tenant: str,
  }),
  azureDisk: struct("AzureDiskVolumeSource", {
    diskName: str,
    diskURI: str,
    cachingMode: named("AzureDataDiskCachingMode"),
    ...fsRO,
    kind: named("AzureDataDiskKind"),
  }),
  photonPersistentDisk: struct("PhotonPersistentDiskVolumeSource", { pdID: str, fsType: str }),
  projected: struct("ProjectedVolumeSource", { sources: list(volumeProjection), defaultMode: i32 }),
  portworxVolume: struct("PortworxVolumeSource", { volumeID: str, ...fsRO }),
  scaleIO: struct("ScaleIOVolumeSource", {
    gateway: str,
    system: str,
    secretRef: localObjectReference,
    sslEnabled: bool,
    protectionDomain: str,
    storagePool: str,
    storageMode: str,
    volumeName: str,
    ...fsRO,
  }),
  storageos: struct("StorageOSVolumeSource", {
    volumeName: str,
    volumeNamespace: str,
    ...fsRO,
    secretRef: localObjectReference,
  }),
  csi: struct("CSIVolumeSource", {
    driver: str,
    readOnly: bool,
    fsType: str,
    volumeAttributes: strMap,
    nodePublishSecretRef: localObjectReference,
  }),
  ephemeral: struct("EphemeralVolumeSource", { volumeClaimTemplate: pvcTemplate }),
  image: struct("ImageVolumeSource", { reference: str, pullPolicy: named("PullPolicy") }),
};

export const volume = struct("Volume", { name: str, ...volumeSourceFields });
