// The address plan the data plane routes by: node IPs, each node's pod CIDR, the pod that
// holds an IP now, the service range. Read from the API objects, never stored twice.

import { type Pod, type PodLike, podOf } from "../api/types.js";
import { POD_NODE } from "../apiserver/indexes.js";
import { NODES, PODS } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { hasPodIPIndex, indexedPodAt } from "../kubelet/podips.js";
import { inCIDR } from "../util/ipv4.js";
import { type ClusterSubnets, clusterSubnets } from "../util/subnets.js";

export interface NodeAddr {
  name: string;
  ip: string;
  podCIDR: string;
}

/** The gateway of kind's docker network: where "outside the cluster" (the learner's machine) sits. */
export const OUTSIDE_IP = "172.18.0.1";

/** The pods bound to a node (summaries), in key order, from the API server's by-node index. */
export function podsOnNode(c: Cluster, node: string): Pod[] {
  return c.api.indexed(PODS, POD_NODE, node).filter((p) => p.spec.nodeName === node);
}

export class Topology {
  readonly nodes: NodeAddr[];
  private podsByIP?: Map<string, Pod>;
  /** The pod and service subnets the cluster was made with (kind's networking, or its defaults). */
  readonly subnets: ClusterSubnets;

  constructor(private readonly c: Cluster) {
    this.subnets = clusterSubnets(c.state.settings);
    // Bootstrap gives every node an InternalIP and a pod CIDR.
    this.nodes = c.api.list(NODES).map((n) => ({
      name: n.metadata.name,
      ip: n.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? "",
      podCIDR: n.spec.podCIDR ?? "",
    }));
  }

  node(name: string): NodeAddr | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  nodeByIP(ip: string): NodeAddr | undefined {
    return this.nodes.find((n) => n.ip === ip);
  }

  /** The node whose pod CIDR holds ip: where a packet to a pod IP is routed. */
  nodeForPodIP(ip: string): NodeAddr | undefined {
    return this.nodes.find((n) => inCIDR(ip, n.podCIDR));
  }

  isPodIP(ip: string): boolean {
    return inCIDR(ip, this.subnets.podSubnet);
  }

  isServiceIP(ip: string): boolean {
    return inCIDR(ip, this.subnets.serviceSubnet);
  }

  /** The pod (summary) holding a pod-network IP now; hostNetwork pods hold none. */
  podByIP(ip: string): Pod | undefined {
    // The kubelet's index answers without reading every pod; a stale entry falls through.
    if (hasPodIPIndex(this.c)) {
      const key = indexedPodAt(this.c, ip);
      const p = key ? (this.c.objects.bucket("pods").summary(key) as Pod | undefined) : undefined;
      return p?.status?.podIP === ip && !p.spec.hostNetwork ? p : undefined;
    }
    if (!this.podsByIP) {
      this.podsByIP = new Map();
      for (const p of this.c.api.summaries(PODS)) {
        if (p.status?.podIP && !p.spec.hostNetwork) this.podsByIP.set(p.status.podIP, p);
      }
    }
    return this.podsByIP.get(ip);
  }

  /**
   * The node's pods (summaries: their containers' ports, IP and phase), for the portmap
   * rules and the node's veths: read through the by-node index, not from every pod.
   */
  podsOn(node: string): Pod[] {
    return podsOnNode(this.c, node);
  }

  /** Full pods running with the node's network namespace (kube-proxy, kindnet, control plane). */
  hostNetworkPods(node: string): Pod[] {
    return this.podsOn(node)
      .filter((p) => p.spec.hostNetwork)
      .map((p) => this.fullPod(p));
  }

  /** The full pod behind a summary read in this command: it is stored, so it is there. */
  fullPod(summary: PodLike): Pod {
    const { namespace, name } = podOf(summary).metadata;
    const pod = this.c.api.get(PODS, namespace, name);
    if (!pod) throw new Error(`kubesim: pod ${namespace}/${name} has a summary but no object`);
    return pod;
  }
}
