// The address plan the data plane routes by: node IPs, each node's pod CIDR, the pod that
// holds an IP now, the service range. Read from the API objects, never stored twice.

import { SERVICE_CIDR } from "../apiserver/allocators.js";
import { byKind } from "../apiserver/resources.js";
import type { KObject } from "../apiserver/types.js";
import { POD_CIDR } from "../cluster/bootstrap.js";
import type { Cluster } from "../cluster/cluster.js";
import { inCIDR } from "../util/ipv4.js";

const NODES = byKind("Node");
const PODS = byKind("Pod");

export interface NodeAddr {
  name: string;
  ip: string;
  podCIDR: string;
}

/** The gateway of kind's docker network: where "outside the cluster" (the learner's machine) sits. */
export const OUTSIDE_IP = "172.18.0.1";

export class Topology {
  readonly nodes: NodeAddr[];
  private podsByIP?: Map<string, KObject>;

  constructor(private readonly c: Cluster) {
    this.nodes = c.api.list(NODES).map((n) => ({
      name: n.metadata.name!,
      ip: n.status.addresses.find((a: any) => a.type === "InternalIP").address,
      podCIDR: n.spec.podCIDR,
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
    return inCIDR(ip, POD_CIDR);
  }

  isServiceIP(ip: string): boolean {
    return inCIDR(ip, SERVICE_CIDR);
  }

  /** The pod (summary) holding a pod-network IP now; hostNetwork pods hold none. */
  podByIP(ip: string): KObject | undefined {
    // The kubelet's index answers without reading every pod; a stale entry falls through.
    if (this.c.state.podIPs) {
      const key = this.c.state.podIPs[ip];
      const p = key ? this.c.objects.bucket("pods").summary(key) : undefined;
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

  /** Full pods running with the node's network namespace (kube-proxy, kindnet, control plane). */
  hostNetworkPods(node: string): KObject[] {
    return this.c.api
      .summaries(PODS)
      .filter((p) => p.spec.hostNetwork && p.spec.nodeName === node)
      .map((p) => this.c.api.get(PODS, p.metadata.namespace, p.metadata.name!)!);
  }

  fullPod(summary: KObject): KObject {
    return this.c.api.get(PODS, summary.metadata.namespace, summary.metadata.name!)!;
  }
}
