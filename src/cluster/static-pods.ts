// The control plane's static pods as kubeadm v1.32 writes them into /etc/kubernetes/manifests
// for kind's kubeadm config, and as the API server then stores their mirror pods: the
// sorted flag lists (`kubectl -n kube-system describe pod kube-apiserver-... | grep
// service-cluster-ip-range` is how learners find the Service CIDR), the requests, the probes,
// the host-path volumes sorted by name, and the annotations the kubelet and kubeadm add.
// Sources: kubeadm's phases/controlplane/manifests.go, phases/etcd/local.go,
// util/staticpod/utils.go and util/arguments.go; kind's pkg/cluster/internal/kubeadm/config.go.
import type { Container, Probe, Volume, VolumeMount } from "kubernetes-types/core/v1";
import type { KObject } from "../api/types.js";
import { K8S_VERSION } from "./node-object.js";

export const ETCD_IMAGE = "registry.k8s.io/etcd:3.5.16-0";

/** What the manifests depend on: the node, kind's cluster name and networking, its extra flags. */
export interface ControlPlaneFacts {
  node: string;
  nodeUid: string;
  ip: string;
  /** kind's cluster name (kubeadm's clusterName): the controller manager's --cluster-name. */
  cluster: string;
  podSubnet: string;
  serviceSubnet: string;
  /** kind's featureGates, passed to the apiserver, controller manager and scheduler. */
  featureGates?: Record<string, boolean>;
  /** kind's runtimeConfig: the apiserver's --runtime-config, empty by default. */
  runtimeConfig?: Record<string, string>;
  /**
   * The etcd members already there when this control plane joined (none for the first):
   * a joining member's --initial-cluster lists them before itself, with state "existing".
   */
  etcdMembers?: { name: string; ip: string }[];
  /** The kubelet's config hash of each manifest (32 hex digits), seeded. */
  hash: (component: string) => string;
  /** When the kubelet first saw the manifests (RFC 3339 with nanoseconds). */
  seen: string;
}

/** kubeadm's ArgumentsToCommand: the binary, then `--name=value` sorted by name (extra args win). */
function command(binary: string, args: Record<string, string>): string[] {
  return [
    binary,
    ...Object.keys(args)
      .sort()
      .map((k) => `--${k}=${args[k]}`),
  ];
}

/** kind's `k=v,k=v` strings (sorted, as Go's template ranges over a map). */
function pairs(m: Record<string, string | boolean> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${m?.[k]}`)
    .join(",");
}

function httpProbe(host: string, path: string, port: number, scheme: "HTTP" | "HTTPS") {
  return { host, path, port, scheme };
}

/** staticpod.LivenessProbe / ReadinessProbe / StartupProbe (240 s for the control plane to come up). */
function probes(
  host: string,
  port: number,
  scheme: "HTTP" | "HTTPS",
  paths: { live: string; ready?: string; startup: string },
): Pick<Container, "livenessProbe" | "readinessProbe" | "startupProbe"> {
  const probe = (path: string, delay: number, failures: number, period: number): Probe => ({
    failureThreshold: failures,
    httpGet: httpProbe(host, path, port, scheme),
    ...(delay ? { initialDelaySeconds: delay } : {}),
    periodSeconds: period,
    timeoutSeconds: 15,
  });
  return {
    livenessProbe: probe(paths.live, 10, 8, 10),
    ...(paths.ready ? { readinessProbe: probe(paths.ready, 0, 3, 1) } : {}),
    startupProbe: probe(paths.startup, 10, 24, 10),
  };
}

interface HostPath {
  name: string;
  path: string;
  type: "DirectoryOrCreate" | "FileOrCreate";
  readOnly: boolean;
}

const CA_DIRS: HostPath[] = [
  { name: "ca-certs", path: "/etc/ssl/certs", type: "DirectoryOrCreate", readOnly: true },
  // The CA directories kubeadm finds on kind's Debian node (no /etc/pki ones).
  { name: "etc-ca-certificates", path: "/etc/ca-certificates", type: "DirectoryOrCreate", readOnly: true },
  {
    name: "usr-local-share-ca-certificates",
    path: "/usr/local/share/ca-certificates",
    type: "DirectoryOrCreate",
    readOnly: true,
  },
  {
    name: "usr-share-ca-certificates",
    path: "/usr/share/ca-certificates",
    type: "DirectoryOrCreate",
    readOnly: true,
  },
];

const K8S_CERTS: HostPath = {
  name: "k8s-certs",
  path: "/etc/kubernetes/pki",
  type: "DirectoryOrCreate",
  readOnly: true,
};

function kubeconfigFile(file: string): HostPath {
  return { name: "kubeconfig", path: `/etc/kubernetes/${file}`, type: "FileOrCreate", readOnly: true };
}

/** kubeadm's VolumeMapToSlice and VolumeMountMapToSlice: both sorted by name. */
function hostPaths(list: HostPath[]): { volumes: Volume[]; mounts: VolumeMount[] } {
  const sorted = [...list].sort((a, b) => (a.name < b.name ? -1 : 1));
  return {
    volumes: sorted.map((v) => ({ hostPath: { path: v.path, type: v.type }, name: v.name })),
    mounts: sorted.map((v) => ({
      mountPath: v.path,
      name: v.name,
      ...(v.readOnly ? { readOnly: true } : {}),
    })),
  };
}

/** One mirror pod, as the kubelet creates it from kubeadm's ComponentPod. */
function mirrorPod(
  f: ControlPlaneFacts,
  component: string,
  container: Container,
  volumes: Volume[],
  annotations: Record<string, string> = {},
): KObject {
  const hash = f.hash(component);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `${component}-${f.node}`,
      namespace: "kube-system",
      labels: { component, tier: "control-plane" },
      annotations: {
        ...annotations,
        "kubernetes.io/config.hash": hash,
        "kubernetes.io/config.mirror": hash,
        "kubernetes.io/config.seen": f.seen,
        "kubernetes.io/config.source": "file",
      },
      ownerReferences: [{ apiVersion: "v1", controller: true, kind: "Node", name: f.node, uid: f.nodeUid }],
    },
    spec: {
      containers: [{ ...container, name: component, imagePullPolicy: "IfNotPresent" }],
      hostNetwork: true,
      nodeName: f.node,
      priority: 2000001000,
      priorityClassName: "system-node-critical",
      securityContext: { seccompProfile: { type: "RuntimeDefault" } },
      // The kubelet adds it to every static pod, so that node problems never evict one.
      tolerations: [{ effect: "NoExecute", operator: "Exists" }],
      volumes,
    },
  };
}

function etcd(f: ControlPlaneFacts): KObject {
  const client = `https://${f.ip}:2379`;
  const peer = `https://${f.ip}:2380`;
  const pki = "/etc/kubernetes/pki/etcd";
  const { volumes } = hostPaths([
    { name: "etcd-certs", path: pki, type: "DirectoryOrCreate", readOnly: false },
    { name: "etcd-data", path: "/var/lib/etcd", type: "DirectoryOrCreate", readOnly: false },
  ]);
  return mirrorPod(
    f,
    "etcd",
    {
      name: "etcd",
      command: command("etcd", {
        "advertise-client-urls": client,
        "cert-file": `${pki}/server.crt`,
        "client-cert-auth": "true",
        "data-dir": "/var/lib/etcd",
        "experimental-initial-corrupt-check": "true",
        "experimental-watch-progress-notify-interval": "5s",
        "initial-advertise-peer-urls": peer,
        "initial-cluster": [...(f.etcdMembers ?? []), { name: f.node, ip: f.ip }]
          .map((m) => `${m.name}=https://${m.ip}:2380`)
          .join(","),
        ...(f.etcdMembers?.length ? { "initial-cluster-state": "existing" } : {}),
        "key-file": `${pki}/server.key`,
        "listen-client-urls": `https://127.0.0.1:2379,${client}`,
        "listen-metrics-urls": "http://127.0.0.1:2381",
        "listen-peer-urls": peer,
        name: f.node,
        "peer-cert-file": `${pki}/peer.crt`,
        "peer-client-cert-auth": "true",
        "peer-key-file": `${pki}/peer.key`,
        "peer-trusted-ca-file": `${pki}/ca.crt`,
        "snapshot-count": "10000",
        "trusted-ca-file": `${pki}/ca.crt`,
      }),
      image: ETCD_IMAGE,
      ...probes("127.0.0.1", 2381, "HTTP", { live: "/livez", ready: "/readyz", startup: "/readyz" }),
      resources: { requests: { cpu: "100m", memory: "100Mi" } },
      // etcd's mounts are a literal list in kubeadm, not sorted.
      volumeMounts: [
        { mountPath: "/var/lib/etcd", name: "etcd-data" },
        { mountPath: pki, name: "etcd-certs" },
      ],
    },
    volumes,
    { "kubeadm.kubernetes.io/etcd.advertise-client-urls": client },
  );
}

function apiServer(f: ControlPlaneFacts): KObject {
  const pki = "/etc/kubernetes/pki";
  const { volumes, mounts } = hostPaths([...CA_DIRS, K8S_CERTS]);
  const gates = pairs(f.featureGates);
  return mirrorPod(
    f,
    "kube-apiserver",
    {
      name: "kube-apiserver",
      command: command("kube-apiserver", {
        "advertise-address": f.ip,
        "allow-privileged": "true",
        "authorization-mode": "Node,RBAC",
        "client-ca-file": `${pki}/ca.crt`,
        "enable-admission-plugins": "NodeRestriction",
        "enable-bootstrap-token-auth": "true",
        "etcd-cafile": `${pki}/etcd/ca.crt`,
        "etcd-certfile": `${pki}/apiserver-etcd-client.crt`,
        "etcd-keyfile": `${pki}/apiserver-etcd-client.key`,
        "etcd-servers": "https://127.0.0.1:2379",
        ...(gates ? { "feature-gates": gates } : {}),
        "kubelet-client-certificate": `${pki}/apiserver-kubelet-client.crt`,
        "kubelet-client-key": `${pki}/apiserver-kubelet-client.key`,
        "kubelet-preferred-address-types": "InternalIP,ExternalIP,Hostname",
        "proxy-client-cert-file": `${pki}/front-proxy-client.crt`,
        "proxy-client-key-file": `${pki}/front-proxy-client.key`,
        "requestheader-allowed-names": "front-proxy-client",
        "requestheader-client-ca-file": `${pki}/front-proxy-ca.crt`,
        "requestheader-extra-headers-prefix": "X-Remote-Extra-",
        "requestheader-group-headers": "X-Remote-Group",
        "requestheader-username-headers": "X-Remote-User",
        // kind always passes it, empty unless its config sets runtimeConfig.
        "runtime-config": pairs(f.runtimeConfig),
        "secure-port": "6443",
        "service-account-issuer": "https://kubernetes.default.svc.cluster.local",
        "service-account-key-file": `${pki}/sa.pub`,
        "service-account-signing-key-file": `${pki}/sa.key`,
        "service-cluster-ip-range": f.serviceSubnet,
        "tls-cert-file": `${pki}/apiserver.crt`,
        "tls-private-key-file": `${pki}/apiserver.key`,
      }),
      image: `registry.k8s.io/kube-apiserver:${K8S_VERSION}`,
      ...probes(f.ip, 6443, "HTTPS", { live: "/livez", ready: "/readyz", startup: "/livez" }),
      resources: { requests: { cpu: "250m" } },
      volumeMounts: mounts,
    },
    volumes,
    { "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": `${f.ip}:6443` },
  );
}

function controllerManager(f: ControlPlaneFacts): KObject {
  const pki = "/etc/kubernetes/pki";
  const conf = "/etc/kubernetes/controller-manager.conf";
  const { volumes, mounts } = hostPaths([
    ...CA_DIRS,
    K8S_CERTS,
    kubeconfigFile("controller-manager.conf"),
    {
      name: "flexvolume-dir",
      path: "/usr/libexec/kubernetes/kubelet-plugins/volume/exec",
      type: "DirectoryOrCreate",
      readOnly: false,
    },
  ]);
  const gates = pairs(f.featureGates);
  return mirrorPod(
    f,
    "kube-controller-manager",
    {
      name: "kube-controller-manager",
      command: command("kube-controller-manager", {
        "allocate-node-cidrs": "true",
        "authentication-kubeconfig": conf,
        "authorization-kubeconfig": conf,
        "bind-address": "127.0.0.1",
        "client-ca-file": `${pki}/ca.crt`,
        "cluster-cidr": f.podSubnet,
        "cluster-name": f.cluster,
        "cluster-signing-cert-file": `${pki}/ca.crt`,
        "cluster-signing-key-file": `${pki}/ca.key`,
        controllers: "*,bootstrapsigner,tokencleaner",
        "enable-hostpath-provisioner": "true",
        ...(gates ? { "feature-gates": gates } : {}),
        kubeconfig: conf,
        "leader-elect": "true",
        "requestheader-client-ca-file": `${pki}/front-proxy-ca.crt`,
        "root-ca-file": `${pki}/ca.crt`,
        "service-account-private-key-file": `${pki}/sa.key`,
        "service-cluster-ip-range": f.serviceSubnet,
        "use-service-account-credentials": "true",
      }),
      image: `registry.k8s.io/kube-controller-manager:${K8S_VERSION}`,
      ...probes("127.0.0.1", 10257, "HTTPS", { live: "/healthz", startup: "/healthz" }),
      resources: { requests: { cpu: "200m" } },
      volumeMounts: mounts,
    },
    volumes,
  );
}

function scheduler(f: ControlPlaneFacts): KObject {
  const conf = "/etc/kubernetes/scheduler.conf";
  const { volumes, mounts } = hostPaths([kubeconfigFile("scheduler.conf")]);
  const gates = pairs(f.featureGates);
  return mirrorPod(
    f,
    "kube-scheduler",
    {
      name: "kube-scheduler",
      command: command("kube-scheduler", {
        "authentication-kubeconfig": conf,
        "authorization-kubeconfig": conf,
        "bind-address": "127.0.0.1",
        ...(gates ? { "feature-gates": gates } : {}),
        kubeconfig: conf,
        "leader-elect": "true",
      }),
      image: `registry.k8s.io/kube-scheduler:${K8S_VERSION}`,
      // Since v1.32 the scheduler is probed on /livez and /readyz, no longer /healthz.
      ...probes("127.0.0.1", 10259, "HTTPS", { live: "/livez", ready: "/readyz", startup: "/livez" }),
      resources: { requests: { cpu: "100m" } },
      volumeMounts: mounts,
    },
    volumes,
  );
}

/** A control-plane node's static pods, in the order the kubelet starts them (by file name). */
export function staticPods(f: ControlPlaneFacts): KObject[] {
  return [etcd(f), apiServer(f), controllerManager(f), scheduler(f)];
}
