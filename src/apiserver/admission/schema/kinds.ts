// The root structs of the kinds kubesim serves, and lookup helpers over the field tree.

import { mutatingWebhookConfiguration, validatingWebhookConfiguration } from "./admissionregistration.js";
import { customResourceDefinition } from "./apiextensions.js";
import { controllerRevision, statefulSet } from "./apps.js";
import { apiService, hpaV1, hpaV2 } from "./autoscaling.js";
import { cronJob, job } from "./batch.js";
import { certificateSigningRequest } from "./certificates.js";
import { lease } from "./coordination.js";
import {
  bool,
  boolOmit,
  bytesMap,
  type FieldType,
  i32,
  i64,
  intOrString,
  list,
  microTime,
  named,
  resourceList,
  type StructDef,
  str,
  strList,
  strMap,
  struct,
  time,
  uid,
} from "./dsl.js";
import {
  labelSelector,
  localObjectReference,
  metaCondition,
  objectReference,
  portStatus,
  typeMetaFields,
} from "./meta.js";
import { ingress, ingressClass, networkPolicy } from "./networking.js";
import { pod, podTemplateSpec } from "./pod.js";
import { limitRange, resourceQuota } from "./policy.js";
import { clusterRole, clusterRoleBinding, role, roleBinding } from "./rbac.js";
import { persistentVolume, persistentVolumeClaim, storageClass } from "./storage.js";

const servicePort = struct("ServicePort", {
  name: str,
  protocol: named("Protocol"),
  appProtocol: str,
  port: i32,
  targetPort: intOrString,
  nodePort: i32,
});

const service = struct("Service", {
  ...typeMetaFields,
  spec: struct("ServiceSpec", {
    ports: list(servicePort),
    selector: strMap,
    clusterIP: str,
    clusterIPs: strList,
    type: named("ServiceType"),
    externalIPs: strList,
    sessionAffinity: named("ServiceAffinity"),
    loadBalancerIP: str,
    loadBalancerSourceRanges: strList,
    externalName: str,
    externalTrafficPolicy: named("ServiceExternalTrafficPolicy"),
    healthCheckNodePort: i32,
    publishNotReadyAddresses: boolOmit,
    sessionAffinityConfig: struct("SessionAffinityConfig", {
      clientIP: struct("ClientIPConfig", { timeoutSeconds: i32 }),
    }),
    ipFamilies: list(named("IPFamily")),
    ipFamilyPolicy: named("IPFamilyPolicy"),
    allocateLoadBalancerNodePorts: bool,
    loadBalancerClass: str,
    internalTrafficPolicy: named("ServiceInternalTrafficPolicy"),
    trafficDistribution: str,
  }),
  status: struct("ServiceStatus", {
    loadBalancer: struct("LoadBalancerStatus", {
      ingress: list(
        struct("LoadBalancerIngress", {
          ip: str,
          hostname: str,
          ipMode: named("LoadBalancerIPMode"),
          ports: list(portStatus),
        }),
      ),
    }),
    conditions: list(metaCondition),
  }),
});

const namespace = struct("Namespace", {
  ...typeMetaFields,
  spec: struct("NamespaceSpec", { finalizers: list(named("FinalizerName")) }),
  status: struct("NamespaceStatus", {
    phase: named("NamespacePhase"),
    conditions: list(
      struct("NamespaceCondition", {
        type: named("NamespaceConditionType"),
        status: named("ConditionStatus"),
        lastTransitionTime: time,
        reason: str,
        message: str,
      }),
    ),
  }),
});

const nodeConfigSource = struct("NodeConfigSource", {
  configMap: struct("ConfigMapNodeConfigSource", {
    namespace: str,
    name: str,
    uid,
    resourceVersion: str,
    kubeletConfigKey: str,
  }),
});

const node = struct("Node", {
  ...typeMetaFields,
  spec: struct("NodeSpec", {
    podCIDR: str,
    podCIDRs: strList,
    providerID: str,
    unschedulable: boolOmit,
    taints: list(struct("Taint", { key: str, value: str, effect: named("TaintEffect"), timeAdded: time })),
    configSource: nodeConfigSource,
    externalID: str,
  }),
  status: struct("NodeStatus", {
    capacity: resourceList,
    allocatable: resourceList,
    phase: named("NodePhase"),
    conditions: list(
      struct("NodeCondition", {
        type: named("NodeConditionType"),
        status: named("ConditionStatus"),
        lastHeartbeatTime: time,
        lastTransitionTime: time,
        reason: str,
        message: str,
      }),
    ),
    addresses: list(struct("NodeAddress", { type: named("NodeAddressType"), address: str })),
    daemonEndpoints: struct("NodeDaemonEndpoints", {
      kubeletEndpoint: struct("DaemonEndpoint", { Port: i32 }),
    }),
    nodeInfo: struct("NodeSystemInfo", {
      machineID: str,
      systemUUID: str,
      bootID: str,
      kernelVersion: str,
      osImage: str,
      containerRuntimeVersion: str,
      kubeletVersion: str,
      kubeProxyVersion: str,
      operatingSystem: str,
      architecture: str,
      swap: struct("NodeSwapStatus", { capacity: i64 }),
    }),
    images: list(struct("ContainerImage", { names: strList, sizeBytes: i64 })),
    volumesInUse: list(named("UniqueVolumeName")),
    volumesAttached: list(struct("AttachedVolume", { name: named("UniqueVolumeName"), devicePath: str })),
    config: struct("NodeConfigStatus", {
      assigned: nodeConfigSource,
      active: nodeConfigSource,
      lastKnownGood: nodeConfigSource,
      error: str,
    }),
    runtimeHandlers: list(
      struct("NodeRuntimeHandler", {
        name: str,
        features: struct("NodeRuntimeHandlerFeatures", {
          recursiveReadOnlyMounts: bool,
          userNamespaces: bool,
        }),
      }),
    ),
    features: struct("NodeFeatures", { supplementalGroupsPolicy: bool }),
  }),
});

const endpointAddress = struct("EndpointAddress", {
  ip: str,
  hostname: str,
  nodeName: str,
  targetRef: objectReference,
});

const endpoints = struct("Endpoints", {
  ...typeMetaFields,
  subsets: list(
    struct("EndpointSubset", {
      addresses: list(endpointAddress),
      notReadyAddresses: list(endpointAddress),
      ports: list(
        struct("EndpointPort", { name: str, port: i32, protocol: named("Protocol"), appProtocol: str }),
      ),
    }),
  ),
});

const endpointSlice = struct("EndpointSlice", {
  ...typeMetaFields,
  addressType: named("AddressType"),
  endpoints: list(
    struct("Endpoint", {
      addresses: strList,
      conditions: struct("EndpointConditions", { ready: bool, serving: bool, terminating: bool }),
      hostname: str,
      targetRef: objectReference,
      deprecatedTopology: strMap,
      nodeName: str,
      zone: str,
      hints: struct("EndpointHints", { forZones: list(struct("ForZone", { name: str })) }),
    }),
  ),
  ports: list(
    struct("EndpointPort", { name: str, protocol: named("Protocol"), port: i32, appProtocol: str }),
  ),
});

const event = struct("Event", {
  ...typeMetaFields,
  involvedObject: objectReference,
  reason: str,
  message: str,
  source: struct("EventSource", { component: str, host: str }),
  firstTimestamp: time,
  lastTimestamp: time,
  count: i32,
  type: str,
  eventTime: microTime,
  series: struct("EventSeries", { count: i32, lastObservedTime: microTime }),
  action: str,
  related: objectReference,
  reportingComponent: str,
  reportingInstance: str,
});

const rollingUpdateFields = { maxUnavailable: intOrString, maxSurge: intOrString };

const appsCondition = (name: string, typeName: string, withUpdate: boolean) =>
  struct(name, {
    type: named(typeName),
    status: named("ConditionStatus"),
    ...(withUpdate ? { lastUpdateTime: time } : {}),
    lastTransitionTime: time,
    reason: str,
    message: str,
  });

const deployment = struct("Deployment", {
  ...typeMetaFields,
  spec: struct("DeploymentSpec", {
    replicas: i32,
    selector: labelSelector,
    template: podTemplateSpec,
    strategy: struct("DeploymentStrategy", {
      type: named("DeploymentStrategyType"),
      rollingUpdate: struct("RollingUpdateDeployment", rollingUpdateFields),
    }),
    minReadySeconds: i32,
    revisionHistoryLimit: i32,
    paused: boolOmit,
    progressDeadlineSeconds: i32,
  }),
  status: struct("DeploymentStatus", {
    observedGeneration: i64,
    replicas: i32,
    updatedReplicas: i32,
    readyReplicas: i32,
    availableReplicas: i32,
    unavailableReplicas: i32,
    conditions: list(appsCondition("DeploymentCondition", "DeploymentConditionType", true)),
    collisionCount: i32,
  }),
});

const replicaSet = struct("ReplicaSet", {
  ...typeMetaFields,
  spec: struct("ReplicaSetSpec", {
    replicas: i32,
    minReadySeconds: i32,
    selector: labelSelector,
    template: podTemplateSpec,
  }),
  status: struct("ReplicaSetStatus", {
    replicas: i32,
    fullyLabeledReplicas: i32,
    readyReplicas: i32,
    availableReplicas: i32,
    observedGeneration: i64,
    conditions: list(appsCondition("ReplicaSetCondition", "ReplicaSetConditionType", false)),
  }),
});

const daemonSet = struct("DaemonSet", {
  ...typeMetaFields,
  spec: struct("DaemonSetSpec", {
    selector: labelSelector,
    template: podTemplateSpec,
    updateStrategy: struct("DaemonSetUpdateStrategy", {
      type: named("DaemonSetUpdateStrategyType"),
      rollingUpdate: struct("RollingUpdateDaemonSet", rollingUpdateFields),
    }),
    minReadySeconds: i32,
    revisionHistoryLimit: i32,
  }),
  status: struct("DaemonSetStatus", {
    currentNumberScheduled: i32,
    numberMisscheduled: i32,
    desiredNumberScheduled: i32,
    numberReady: i32,
    observedGeneration: i64,
    updatedNumberScheduled: i32,
    numberAvailable: i32,
    numberUnavailable: i32,
    collisionCount: i32,
    conditions: list(appsCondition("DaemonSetCondition", "DaemonSetConditionType", false)),
  }),
});

const configMap = struct("ConfigMap", {
  ...typeMetaFields,
  immutable: bool,
  data: strMap,
  binaryData: bytesMap,
});

const secret = struct("Secret", {
  ...typeMetaFields,
  immutable: bool,
  data: bytesMap,
  stringData: strMap,
  type: named("SecretType"),
});

const serviceAccount = struct("ServiceAccount", {
  ...typeMetaFields,
  secrets: list(objectReference),
  imagePullSecrets: list(localObjectReference),
  automountServiceAccountToken: bool,
});

function def(t: FieldType): StructDef {
  if (t.kind !== "struct") throw new Error("root must be a struct");
  return t.def;
}

/** Root schemas keyed by "apiVersion/Kind" ("v1/Pod", "apps/v1/Deployment"). */
const roots: Record<string, StructDef> = {
  "v1/Pod": def(pod),
  "v1/Service": def(service),
  "v1/Namespace": def(namespace),
  "v1/Node": def(node),
  "v1/Endpoints": def(endpoints),
  "v1/Event": def(event),
  "v1/ConfigMap": def(configMap),
  "v1/Secret": def(secret),
  "v1/ServiceAccount": def(serviceAccount),
  "v1/LimitRange": def(limitRange),
  "v1/ResourceQuota": def(resourceQuota),
  "v1/PersistentVolumeClaim": def(persistentVolumeClaim),
  "v1/PersistentVolume": def(persistentVolume),
  "apps/v1/Deployment": def(deployment),
  "apps/v1/ReplicaSet": def(replicaSet),
  "apps/v1/DaemonSet": def(daemonSet),
  "apps/v1/StatefulSet": def(statefulSet),
  "apps/v1/ControllerRevision": def(controllerRevision),
  "batch/v1/Job": def(job),
  "batch/v1/CronJob": def(cronJob),
  "coordination.k8s.io/v1/Lease": def(lease),
  "discovery.k8s.io/v1/EndpointSlice": def(endpointSlice),
  "networking.k8s.io/v1/NetworkPolicy": def(networkPolicy),
  "networking.k8s.io/v1/Ingress": def(ingress),
  "networking.k8s.io/v1/IngressClass": def(ingressClass),
  "storage.k8s.io/v1/StorageClass": def(storageClass),
  "rbac.authorization.k8s.io/v1/Role": def(role),
  "rbac.authorization.k8s.io/v1/RoleBinding": def(roleBinding),
  "rbac.authorization.k8s.io/v1/ClusterRole": def(clusterRole),
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": def(clusterRoleBinding),
  "autoscaling/v2/HorizontalPodAutoscaler": def(hpaV2),
  "autoscaling/v1/HorizontalPodAutoscaler": def(hpaV1),
  "apiregistration.k8s.io/v1/APIService": def(apiService),
  "certificates.k8s.io/v1/CertificateSigningRequest": def(certificateSigningRequest),
  "apiextensions.k8s.io/v1/CustomResourceDefinition": def(customResourceDefinition),
  "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration": def(validatingWebhookConfiguration),
  "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration": def(mutatingWebhookConfiguration),
};

/** The root struct of a served kind, or undefined for a kind kubesim does not serve. */
export function schemaFor(apiVersion: string, kind: string): StructDef | undefined {
  return roots[`${apiVersion}/${kind}`];
}

/** Every served apiVersion/kind pair. */
export function servedKinds(): Array<{ apiVersion: string; kind: string }> {
  return Object.keys(roots).map((k) => {
    const i = k.lastIndexOf("/");
    return { apiVersion: k.slice(0, i), kind: k.slice(i + 1) };
  });
}

/**
 * The type at a JSON field path below a root, e.g. ["spec", "containers", "ports"]
 * (list levels are stepped through implicitly, map levels by their value type).
 */
export function fieldTypeAt(root: StructDef, path: readonly string[]): FieldType | undefined {
  let t: FieldType = { kind: "struct", def: root };
  for (const seg of path) {
    while (t.kind === "list") t = t.items;
    if (t.kind === "struct") {
      const next: FieldType | undefined = t.def.fields[seg];
      if (!next) return undefined;
      t = next;
    } else if (t.kind === "map") {
      t = t.values;
    } else {
      return undefined;
    }
  }
  return t;
}
