// The system workloads beside the static pods, as kubeadm v1.32 and kind v0.27 create them:
// CoreDNS's Deployment and kube-proxy's DaemonSet and ConfigMap (kubeadm's addon manifests),
// kindnet's DaemonSet (kind's default CNI manifest, created with `kubectl create` after kind
// fills in the pod subnet and the control plane's endpoint) and the local-path provisioner
// (kind's default storage manifest, applied with `kubectl apply`, so every object of it
// carries the last-applied-configuration annotation). What learners read of them: requests
// and limits (`describe node`), probes, security contexts, kube-proxy's mode in its ConfigMap.
import type { KObject } from "../api/types.js";
import { COREDNS_CONFIG_VOLUME } from "./addons.js";
import { kubectlApplied } from "./kubectl-applied.js";
import { K8S_VERSION } from "./node-object.js";

export const KINDNETD_IMAGE = "docker.io/kindest/kindnetd:v20250214-acbabc1a";
export const LOCAL_PATH_IMAGE = "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a";
export const LOCAL_PATH_HELPER_IMAGE = "docker.io/kindest/local-path-helper:v20241212-8ac705d0";
export const COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.11.3";

/** kubeadm's CoreDNS Deployment (phases/addons/dns/manifests.go). */
export function corednsDeployment(): KObject {
  const labels = { "k8s-app": "kube-dns" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "coredns", namespace: "kube-system", labels },
    spec: {
      replicas: 2,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: "system-cluster-critical",
          serviceAccountName: "coredns",
          // Two replicas rather on two nodes: the term reaches only kube-system's pods
          // (apiserver/indexes.ts keeps user pods off the scheduler's every-pod path).
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: {
                      matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }],
                    },
                    topologyKey: "kubernetes.io/hostname",
                  },
                },
              ],
            },
          },
          tolerations: [
            { key: "CriticalAddonsOnly", operator: "Exists" },
            { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
          ],
          nodeSelector: { "kubernetes.io/os": "linux" },
          containers: [
            {
              name: "coredns",
              image: COREDNS_IMAGE,
              imagePullPolicy: "IfNotPresent",
              resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
              args: ["-conf", "/etc/coredns/Corefile"],
              volumeMounts: [COREDNS_CONFIG_VOLUME.mount],
              ports: [
                { containerPort: 53, name: "dns", protocol: "UDP" },
                { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
                { containerPort: 9153, name: "metrics", protocol: "TCP" },
              ],
              livenessProbe: {
                httpGet: { path: "/health", port: 8080, scheme: "HTTP" },
                initialDelaySeconds: 60,
                timeoutSeconds: 5,
                successThreshold: 1,
                failureThreshold: 5,
              },
              readinessProbe: { httpGet: { path: "/ready", port: 8181, scheme: "HTTP" } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] },
                readOnlyRootFilesystem: true,
              },
            },
          ],
          dnsPolicy: "Default",
          volumes: [COREDNS_CONFIG_VOLUME.volume],
        },
      },
    },
  };
}

/** kubeadm's kube-proxy DaemonSet (phases/addons/proxy/manifests.go). */
export function kubeProxyDaemonSet(): KObject {
  const labels = { "k8s-app": "kube-proxy" };
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { labels, name: "kube-proxy", namespace: "kube-system" },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: "RollingUpdate" },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: "system-node-critical",
          containers: [
            {
              name: "kube-proxy",
              image: `registry.k8s.io/kube-proxy:${K8S_VERSION}`,
              imagePullPolicy: "IfNotPresent",
              command: [
                "/usr/local/bin/kube-proxy",
                "--config=/var/lib/kube-proxy/config.conf",
                "--hostname-override=$(NODE_NAME)",
              ],
              securityContext: { privileged: true },
              volumeMounts: [
                { mountPath: "/var/lib/kube-proxy", name: "kube-proxy" },
                // The manifest's `readOnly: false` is omitempty's zero: the API server drops it.
                { mountPath: "/run/xtables.lock", name: "xtables-lock" },
                { mountPath: "/lib/modules", name: "lib-modules", readOnly: true },
              ],
              env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
            },
          ],
          hostNetwork: true,
          serviceAccountName: "kube-proxy",
          volumes: [
            { name: "kube-proxy", configMap: { name: "kube-proxy" } },
            { name: "xtables-lock", hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" } },
            { name: "lib-modules", hostPath: { path: "/lib/modules" } },
          ],
          tolerations: [{ operator: "Exists" }],
          nodeSelector: { "kubernetes.io/os": "linux" },
        },
      },
    },
  };
}

/**
 * kube-proxy's ConfigMap: kind's KubeProxyConfiguration (its mode, a 1 s minSyncPeriod, no
 * conntrack sizing) as kubeadm defaults and marshals it, every field printed; and the
 * kubeconfig it reaches the API server with. kind supplies the configuration, so kubeadm does
 * not sign it (no component-config.hash annotation).
 */
export function kubeProxyConfigMap(mode: string, podSubnet: string, controlPlaneEndpoint: string): KObject {
  const config = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ${podSubnet}
configSyncPeriod: 0s
conntrack:
  maxPerCore: 0
  min: null
  tcpBeLiberal: ${mode === "nftables"}
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 1s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ${mode}
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""`;
  const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://${controlPlaneEndpoint}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token`;
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kube-proxy", namespace: "kube-system", labels: { app: "kube-proxy" } },
    data: { "config.conf": config, "kubeconfig.conf": kubeconfig },
  };
}

/** kind's kindnet DaemonSet (pkg/build/nodeimage/const_cni.go), as kind fills it in. */
export function kindnetDaemonSet(podSubnet: string, controlPlaneEndpoint: string): KObject {
  const labels = { tier: "node", app: "kindnet", "k8s-app": "kindnet" };
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "kindnet", namespace: "kube-system", labels },
    spec: {
      selector: { matchLabels: { app: "kindnet" } },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          nodeSelector: { "kubernetes.io/os": "linux" },
          tolerations: [{ operator: "Exists" }],
          serviceAccountName: "kindnet",
          containers: [
            {
              name: "kindnet-cni",
              image: KINDNETD_IMAGE,
              // kind's manifest hands kindnetd the pod subnet it routes and masquerades by.
              env: [
                { name: "HOST_IP", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } },
                { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
                { name: "POD_SUBNET", value: podSubnet },
                { name: "CONTROL_PLANE_ENDPOINT", value: controlPlaneEndpoint },
              ],
              volumeMounts: [
                { name: "cni-cfg", mountPath: "/etc/cni/net.d" },
                { name: "xtables-lock", mountPath: "/run/xtables.lock" },
                { name: "lib-modules", mountPath: "/lib/modules", readOnly: true },
              ],
              resources: {
                requests: { cpu: "100m", memory: "50Mi" },
                limits: { cpu: "100m", memory: "50Mi" },
              },
              securityContext: { privileged: false, capabilities: { add: ["NET_RAW", "NET_ADMIN"] } },
            },
          ],
          volumes: [
            { name: "cni-cfg", hostPath: { path: "/etc/cni/net.d" } },
            { name: "xtables-lock", hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" } },
            { name: "lib-modules", hostPath: { path: "/lib/modules" } },
          ],
        },
      },
    },
  };
}

/** kind's local-path provisioner Deployment, as its storage manifest writes it (applied). */
export function localPathDeployment(): KObject {
  const labels = { app: "local-path-provisioner" };
  return kubectlApplied({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "local-path-provisioner", namespace: "local-path-storage" },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { "kubernetes.io/os": "linux" },
          tolerations: [
            { key: "node-role.kubernetes.io/control-plane", operator: "Equal", effect: "NoSchedule" },
            { key: "node-role.kubernetes.io/master", operator: "Equal", effect: "NoSchedule" },
          ],
          serviceAccountName: "local-path-provisioner-service-account",
          containers: [
            {
              name: "local-path-provisioner",
              image: LOCAL_PATH_IMAGE,
              imagePullPolicy: "IfNotPresent",
              command: [
                "local-path-provisioner",
                "--debug",
                "start",
                "--helper-image",
                LOCAL_PATH_HELPER_IMAGE,
                "--config",
                "/etc/config/config.json",
              ],
              volumeMounts: [{ name: "config-volume", mountPath: "/etc/config/" }],
              env: [
                { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                { name: "CONFIG_MOUNT_PATH", value: "/etc/config/" },
              ],
            },
          ],
          volumes: [{ name: "config-volume", configMap: { name: "local-path-config" } }],
        },
      },
    },
  });
}

/** The provisioner's configuration: where volumes go on a node, and its helper pod's scripts. */
export function localPathConfigMap(): KObject {
  return kubectlApplied({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "local-path-config", namespace: "local-path-storage" },
    data: {
      "config.json": `{
        "nodePathMap":[
        {
                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",
                "paths":["/var/local-path-provisioner"]
        }
        ]
}`,
      setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"',
      teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"',
      "helperPod.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: helper-pod
spec:
  priorityClassName: system-node-critical
  tolerations:
    - key: node.kubernetes.io/disk-pressure
      operator: Exists
      effect: NoSchedule
  containers:
  - name: helper-pod
    image: ${LOCAL_PATH_HELPER_IMAGE}
    imagePullPolicy: IfNotPresent`,
    },
  });
}

const RBAC = "rbac.authorization.k8s.io";

/** The RBAC objects of kind's kindnet manifest (created, not applied: no last-applied). */
export function kindnetRbac(): KObject[] {
  return [
    {
      apiVersion: `${RBAC}/v1`,
      kind: "ClusterRole",
      metadata: { name: "kindnet" },
      rules: [
        {
          apiGroups: ["policy"],
          resources: ["podsecuritypolicies"],
          verbs: ["use"],
          resourceNames: ["kindnet"],
        },
        { apiGroups: [""], resources: ["nodes", "pods", "namespaces"], verbs: ["list", "watch"] },
        { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: ["list", "watch"] },
      ],
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: "ClusterRoleBinding",
      metadata: { name: "kindnet" },
      roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: "kindnet" },
      subjects: [{ kind: "ServiceAccount", name: "kindnet", namespace: "kube-system" }],
    },
  ];
}

/** The RBAC objects of kind's storage manifest, applied as the rest of it. */
export function localPathRbac(): KObject[] {
  const name = "local-path-provisioner-role";
  const sa = [
    {
      kind: "ServiceAccount",
      name: "local-path-provisioner-service-account",
      namespace: "local-path-storage",
    },
  ];
  const all = ["get", "list", "watch", "create", "patch", "update", "delete"];
  return [
    kubectlApplied({
      apiVersion: `${RBAC}/v1`,
      kind: "Role",
      metadata: { name, namespace: "local-path-storage" },
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: all }],
    }),
    kubectlApplied(
      {
        apiVersion: `${RBAC}/v1`,
        kind: "ClusterRole",
        metadata: { name },
        rules: [
          {
            apiGroups: [""],
            resources: ["nodes", "persistentvolumeclaims", "configmaps", "pods", "pods/log"],
            verbs: ["get", "list", "watch"],
          },
          { apiGroups: [""], resources: ["persistentvolumes"], verbs: all },
          { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
          { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"] },
        ],
      },
      true,
    ),
    kubectlApplied({
      apiVersion: `${RBAC}/v1`,
      kind: "RoleBinding",
      metadata: { name: "local-path-provisioner-bind", namespace: "local-path-storage" },
      roleRef: { apiGroup: RBAC, kind: "Role", name },
      subjects: sa,
    }),
    kubectlApplied(
      {
        apiVersion: `${RBAC}/v1`,
        kind: "ClusterRoleBinding",
        metadata: { name: "local-path-provisioner-bind" },
        roleRef: { apiGroup: RBAC, kind: "ClusterRole", name },
        subjects: sa,
      },
      true,
    ),
  ];
}
