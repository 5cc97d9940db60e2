// A kind node as the Node object the kubelet registers: its labels (kind's and the config's),
// addresses, pod CIDR, capacity, the control-plane taint when the cluster has workers, and
// the conditions (NotReady while no CNI is installed, as with kind's disableDefaultCNI).

import type { KObject } from "../api/types.js";
import { nodePodCIDR } from "../util/subnets.js";
import { ipOf, type NodePlan } from "./kindplan.js";

/** The Kubernetes release every node's kubelet and kube-proxy report, as kind v0.27's node image. */
export const K8S_VERSION = "v1.32.2";

export const NO_CNI =
  "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";

export function nodeObject(plan: NodePlan, podSubnet: string, taint: boolean, noCNI: boolean): KObject {
  const { name, controlPlane } = plan;
  const ip = ipOf(plan.index);
  const cidr = nodePodCIDR(podSubnet, plan.cidrIndex);
  const labels: Record<string, string> = {
    ...plan.labels,
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": name,
    "kubernetes.io/os": "linux",
  };
  if (controlPlane) {
    labels["node-role.kubernetes.io/control-plane"] = "";
    labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
  }
  const resources = {
    cpu: "8",
    "ephemeral-storage": "102626232Ki",
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    memory: "16318208Ki",
    pods: "110",
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels,
      annotations: {
        "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    spec: {
      podCIDR: cidr,
      podCIDRs: [cidr],
      providerID: `kind://docker/kind/${name}`,
      ...(taint || noCNI
        ? {
            taints: [
              ...(taint ? [{ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }] : []),
              ...(noCNI ? [{ effect: "NoSchedule", key: "node.kubernetes.io/not-ready" }] : []),
            ],
          }
        : {}),
    },
    status: {
      addresses: [
        { address: ip, type: "InternalIP" },
        { address: name, type: "Hostname" },
      ],
      allocatable: resources,
      capacity: resources,
      conditions: [], // filled by the node lifecycle (nodeConditions) at creation time
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: [],
      nodeInfo: {
        architecture: "amd64",
        bootID: "",
        containerRuntimeVersion: "containerd://1.7.24",
        kernelVersion: "6.8.0-1015-gcp",
        kubeProxyVersion: K8S_VERSION,
        kubeletVersion: K8S_VERSION,
        machineID: "",
        operatingSystem: "linux",
        osImage: "Debian GNU/Linux 12 (bookworm)",
        systemUUID: "",
      },
    },
  };
}

export function nodeConditions(ts: string, noCNI: boolean) {
  const c = (type: string, status: string, reason: string, message: string) => ({
    lastHeartbeatTime: ts,
    lastTransitionTime: ts,
    message,
    reason,
    status,
    type,
  });
  return [
    c("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    c("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    c("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    noCNI
      ? c("Ready", "False", "KubeletNotReady", NO_CNI)
      : c("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
  ];
}
