// core/v1 Pod, its spec, containers and status, and PodTemplateSpec.
import {
  bool,
  boolOmit,
  i32,
  i64,
  intOrString,
  list,
  named,
  resourceList,
  str,
  strList,
  strMap,
  strOmit,
  struct,
  time,
} from "./dsl.js";
import { labelSelector, localObjectReference, objectMeta, typeMetaFields } from "./meta.js";
import { objectFieldSelector, resourceFieldSelector, volume } from "./volumes.js";

const containerPort = struct("ContainerPort", {
  name: str,
  hostPort: i32,
  containerPort: i32,
  protocol: named("Protocol"),
  hostIP: strOmit,
});

const keySelector = (name: string) => struct(name, { name: str, key: str, optional: bool });

const envVar = struct("EnvVar", {
  name: str,
  value: strOmit,
  valueFrom: struct("EnvVarSource", {
    fieldRef: objectFieldSelector,
    resourceFieldRef: resourceFieldSelector,
    configMapKeyRef: keySelector("ConfigMapKeySelector"),
    secretKeyRef: keySelector("SecretKeySelector"),
  }),
});

const envFromSource = struct("EnvFromSource", {
  prefix: str,
  configMapRef: struct("ConfigMapEnvSource", { name: str, optional: bool }),
  secretRef: struct("SecretEnvSource", { name: str, optional: bool }),
});

export const resourceRequirements = struct("ResourceRequirements", {
  limits: resourceList,
  requests: resourceList,
  claims: list(struct("ResourceClaim", { name: str, request: str })),
});

const execAction = struct("ExecAction", { command: strList });
const httpGetAction = struct("HTTPGetAction", {
  path: str,
  port: intOrString,
  host: str,
  scheme: named("URIScheme"),
  httpHeaders: list(struct("HTTPHeader", { name: str, value: str })),
});
const tcpSocketAction = struct("TCPSocketAction", { port: intOrString, host: str });

const probe = struct("Probe", {
  exec: execAction,
  httpGet: httpGetAction,
  tcpSocket: tcpSocketAction,
  grpc: struct("GRPCAction", { port: i32, service: str }),
  initialDelaySeconds: i32,
  timeoutSeconds: i32,
  periodSeconds: i32,
  successThreshold: i32,
  failureThreshold: i32,
  terminationGracePeriodSeconds: i64,
});

const lifecycleHandler = struct("LifecycleHandler", {
  exec: execAction,
  httpGet: httpGetAction,
  tcpSocket: tcpSocketAction,
  sleep: struct("SleepAction", { seconds: i64 }),
});

const seLinuxOptions = struct("SELinuxOptions", { user: str, role: str, type: str, level: str });
const windowsOptions = struct("WindowsSecurityContextOptions", {
  gmsaCredentialSpecName: str,
  gmsaCredentialSpec: str,
  runAsUserName: str,
  hostProcess: bool,
});
const seccompProfile = struct("SeccompProfile", {
  type: named("SeccompProfileType"),
  localhostProfile: str,
});
const appArmorProfile = struct("AppArmorProfile", {
  type: named("AppArmorProfileType"),
  localhostProfile: str,
});

const securityContext = struct("SecurityContext", {
  capabilities: struct("Capabilities", { add: list(named("Capability")), drop: list(named("Capability")) }),
  privileged: bool,
  seLinuxOptions,
  windowsOptions,
  runAsUser: i64,
  runAsGroup: i64,
  runAsNonRoot: bool,
  readOnlyRootFilesystem: bool,
  allowPrivilegeEscalation: bool,
  procMount: named("ProcMountType"),
  seccompProfile,
  appArmorProfile,
});

const containerFields = {
  name: str,
  image: str,
  command: strList,
  args: strList,
  workingDir: strOmit,
  ports: list(containerPort),
  envFrom: list(envFromSource),
  env: list(envVar),
  resources: resourceRequirements,
  resizePolicy: list(
    struct("ContainerResizePolicy", {
      resourceName: named("ResourceName"),
      restartPolicy: named("ResourceResizeRestartPolicy"),
    }),
  ),
  restartPolicy: named("ContainerRestartPolicy"),
  volumeMounts: list(
    struct("VolumeMount", {
      name: str,
      readOnly: boolOmit,
      recursiveReadOnly: named("RecursiveReadOnlyMode"),
      mountPath: str,
      subPath: strOmit,
      mountPropagation: named("MountPropagationMode"),
      subPathExpr: strOmit,
    }),
  ),
  volumeDevices: list(struct("VolumeDevice", { name: str, devicePath: str })),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: struct("Lifecycle", { postStart: lifecycleHandler, preStop: lifecycleHandler }),
  terminationMessagePath: str,
  terminationMessagePolicy: named("TerminationMessagePolicy"),
  imagePullPolicy: named("PullPolicy"),
  securityContext,
  stdin: boolOmit,
  stdinOnce: boolOmit,
  tty: boolOmit,
};

export const container = struct("Container", containerFields);

const nodeSelectorRequirement = struct("NodeSelectorRequirement", {
  key: str,
  operator: named("NodeSelectorOperator"),
  values: strList,
});
const nodeSelectorTerm = struct("NodeSelectorTerm", {
  matchExpressions: list(nodeSelectorRequirement),
  matchFields: list(nodeSelectorRequirement),
});
const podAffinityTerm = struct("PodAffinityTerm", {
  labelSelector,
  namespaces: strList,
  topologyKey: str,
  namespaceSelector: labelSelector,
  matchLabelKeys: strList,
  mismatchLabelKeys: strList,
});
const weightedPodAffinityTerm = struct("WeightedPodAffinityTerm", { weight: i32, podAffinityTerm });
const podAffinityFields = {
  requiredDuringSchedulingIgnoredDuringExecution: list(podAffinityTerm),
  preferredDuringSchedulingIgnoredDuringExecution: list(weightedPodAffinityTerm),
};

const affinity = struct("Affinity", {
  nodeAffinity: struct("NodeAffinity", {
    requiredDuringSchedulingIgnoredDuringExecution: struct("NodeSelector", {
      nodeSelectorTerms: list(nodeSelectorTerm),
    }),
    preferredDuringSchedulingIgnoredDuringExecution: list(
      struct("PreferredSchedulingTerm", { weight: i32, preference: nodeSelectorTerm }),
    ),
  }),
  podAffinity: struct("PodAffinity", podAffinityFields),
  podAntiAffinity: struct("PodAntiAffinity", podAffinityFields),
});

export const toleration = struct("Toleration", {
  key: str,
  operator: named("TolerationOperator"),
  value: str,
  effect: named("TaintEffect"),
  tolerationSeconds: i64,
});

const podSecurityContext = struct("PodSecurityContext", {
  seLinuxOptions,
  windowsOptions,
  runAsUser: i64,
  runAsGroup: i64,
  runAsNonRoot: bool,
  supplementalGroups: list(i64),
  supplementalGroupsPolicy: named("SupplementalGroupsPolicy"),
  fsGroup: i64,
  sysctls: list(struct("Sysctl", { name: str, value: str })),
  fsGroupChangePolicy: named("PodFSGroupChangePolicy"),
  seccompProfile,
  appArmorProfile,
  seLinuxChangePolicy: named("PodSELinuxChangePolicy"),
});

export const podSpec = struct("PodSpec", {
  volumes: list(volume),
  initContainers: list(container),
  containers: list(container),
  ephemeralContainers: list(struct("EphemeralContainer", { ...containerFields, targetContainerName: str })),
  restartPolicy: named("RestartPolicy"),
  terminationGracePeriodSeconds: i64,
  activeDeadlineSeconds: i64,
  dnsPolicy: named("DNSPolicy"),
  nodeSelector: strMap,
  serviceAccountName: str,
  serviceAccount: str,
  automountServiceAccountToken: bool,
  nodeName: str,
  hostNetwork: boolOmit,
  hostPID: boolOmit,
  hostIPC: boolOmit,
  shareProcessNamespace: bool,
  securityContext: podSecurityContext,
  imagePullSecrets: list(localObjectReference),
  hostname: str,
  subdomain: str,
  affinity,
  schedulerName: str,
  tolerations: list(toleration),
  hostAliases: list(struct("HostAlias", { ip: str, hostnames: strList })),
  priorityClassName: str,
  priority: i32,
  dnsConfig: struct("PodDNSConfig", {
    nameservers: strList,
    searches: strList,
    options: list(struct("PodDNSConfigOption", { name: str, value: str })),
  }),
  readinessGates: list(struct("PodReadinessGate", { conditionType: named("PodConditionType") })),
  runtimeClassName: str,
  enableServiceLinks: bool,
  preemptionPolicy: named("PreemptionPolicy"),
  overhead: resourceList,
  topologySpreadConstraints: list(
    struct("TopologySpreadConstraint", {
      maxSkew: i32,
      topologyKey: str,
      whenUnsatisfiable: named("UnsatisfiableConstraintAction"),
      labelSelector,
      minDomains: i32,
      nodeAffinityPolicy: named("NodeInclusionPolicy"),
      nodeTaintsPolicy: named("NodeInclusionPolicy"),
      matchLabelKeys: strList,
    }),
  ),
  setHostnameAsFQDN: bool,
  os: struct("PodOS", { name: named("OSName") }),
  hostUsers: bool,
  schedulingGates: list(struct("PodSchedulingGate", { name: str })),
  resourceClaims: list(
    struct("PodResourceClaim", { name: str, resourceClaimName: str, resourceClaimTemplateName: str }),
  ),
  resources: resourceRequirements,
});

const containerState = struct("ContainerState", {
  waiting: struct("ContainerStateWaiting", { reason: str, message: str }),
  running: struct("ContainerStateRunning", { startedAt: time }),
  terminated: struct("ContainerStateTerminated", {
    exitCode: i32,
    signal: i32,
    reason: str,
    message: str,
    startedAt: time,
    finishedAt: time,
    containerID: str,
  }),
});

const containerStatus = struct("ContainerStatus", {
  name: str,
  state: containerState,
  lastState: containerState,
  ready: bool,
  restartCount: i32,
  image: str,
  imageID: str,
  containerID: str,
  started: bool,
  allocatedResources: resourceList,
  resources: resourceRequirements,
  volumeMounts: list(
    struct("VolumeMountStatus", {
      name: str,
      mountPath: str,
      readOnly: boolOmit,
      recursiveReadOnly: named("RecursiveReadOnlyMode"),
    }),
  ),
  user: struct("ContainerUser", {
    linux: struct("LinuxContainerUser", { uid: i64, gid: i64, supplementalGroups: list(i64) }),
  }),
  allocatedResourcesStatus: list(
    struct("ResourceStatus", {
      name: named("ResourceName"),
      resources: list(
        struct("ResourceHealth", { resourceID: named("ResourceID"), health: named("ResourceHealthStatus") }),
      ),
    }),
  ),
});

const podStatus = struct("PodStatus", {
  phase: named("PodPhase"),
  conditions: list(
    struct("PodCondition", {
      type: named("PodConditionType"),
      status: named("ConditionStatus"),
      lastProbeTime: time,
      lastTransitionTime: time,
      reason: str,
      message: str,
    }),
  ),
  message: str,
  reason: str,
  nominatedNodeName: str,
  hostIP: str,
  hostIPs: list(struct("HostIP", { ip: str })),
  podIP: str,
  podIPs: list(struct("PodIP", { ip: str })),
  startTime: time,
  initContainerStatuses: list(containerStatus),
  containerStatuses: list(containerStatus),
  qosClass: named("PodQOSClass"),
  ephemeralContainerStatuses: list(containerStatus),
  resize: named("PodResizeStatus"),
  resourceClaimStatuses: list(struct("PodResourceClaimStatus", { name: str, resourceClaimName: str })),
});

export const pod = struct("Pod", { ...typeMetaFields, spec: podSpec, status: podStatus });

export const podTemplateSpec = struct("PodTemplateSpec", { metadata: objectMeta, spec: podSpec });
