// The address plan the data plane routes by: node IPs, each node's pod CIDR, the pod that
// holds an IP now, the service range. Read from the API objects, never stored twice.

import { type Node, type Pod, type PodLike, podOf } from "../api/types.js";
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

function addrOf(n: Node): NodeAddr {
  return {
    name: n.metadata.name,
    ip: n.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? "",
    podCIDR: n.spec.podCIDR ?? "",
  };
}

/** The pods bound to a node (summaries), in key order, from the API server's by-node index. */
export function podsOnNode(c: Cluster, node: string): Pod[] {
  return c.api.indexed(PODS, POD_NODE, node).filter((p) => p.spec.nodeName === node);
}

export class Topology {
  private all?: NodeAddr[];
  private readonly byName = new Map<string, NodeAddr | undefined>();
  /** first()'s name once looked up (null: the cluster has no nodes). */
  private firstName?: string | null;
  private podsByIP?: Map<string, Pod>;
  /** The pod and service subnets the cluster was made with (kind's networking, or its defaults). */
  readonly subnets: ClusterSubnets;

  constructor(private readonly c: Cluster) {
    this.subnets = clusterSubnets(c.state.settings);
  }

  /**
   * Every node, by name. Read when first asked for: a packet's path needs one or two nodes,
   * which node() reads alone, and a cluster of 1,000 nodes took 11 ms to read them all.
   */
  get nodes(): NodeAddr[] {
    // Bootstrap gives every node an InternalIP and a pod CIDR.
    this.all ??= this.c.api.list(NODES).map(addrOf);
    return this.all;
  }

  /** A node's place among the nodes by name (-1: none such): its eth0's peer index. */
  position(name: string): number {
    return this.nodes.findIndex((n) => n.name === name);
  }

  /**
   * The first node by name: the control plane of a kind cluster. Asked per connection (a
   * client loop's thousand requests), so its name is found once.
   */
  first(): NodeAddr | undefined {
    if (this.all) return this.all[0];
    if (this.firstName === undefined) this.firstName = this.c.api.keys(NODES)[0] ?? null;
    return this.firstName === null ? undefined : this.node(this.firstName);
  }

  node(name: string): NodeAddr | undefined {
    if (this.all) return this.all.find((n) => n.name === name);
    if (!this.byName.has(name)) {
      const n = this.c.api.get(NODES, undefined, name);
      this.byName.set(name, n ? addrOf(n) : undefined);
    }
    return this.byName.get(name);
  }

  nodeByIP(ip: string): NodeAddr | undefined {
    // A node's address is never in the pod or service network (kind's nodes sit on the
    // docker network): a packet to a Service or a pod is answered without reading the nodes.
    if (this.isPodIP(ip) || this.isServiceIP(ip)) return undefined;
    return this.nodes.find((n) => n.ip === ip);
  }

  /** The node whose pod CIDR holds ip: where a packet to a pod IP is routed. */
  nodeForPodIP(ip: string): NodeAddr | undefined {
    // The pod holding the address names its node, whose CIDR the address came from; an
    // address no pod holds is looked for among every node's CIDRs.
    const nodeName = this.podByIP(ip)?.spec.nodeName;
    const held = nodeName ? this.node(nodeName) : undefined;
    if (held && inCIDR(ip, held.podCIDR)) return held;
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
