// The CNI portmap plugin, which kindnet chains after ptp (kind's images/kindnetd/cmd/kindnetd/cni.go):
// for a sandbox whose containers declare hostPorts, the kubelet hands the runtime port mappings
// and the plugin writes iptables nat rules on that node:
//   PREROUTING, OUTPUT:  -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT  (after KUBE-SERVICES)
//   CNI-HOSTPORT-DNAT:   -p tcp -m multiport --destination-ports 8080 -j CNI-DN-<hash>
//   CNI-DN-<hash>:       -p tcp --dport 8080 [-d hostIP] -j DNAT --to-destination podIP:containerPort
// plus marks that masquerade hairpin traffic (the pod reaching itself) and 127.0.0.1 sources.
// So a hostPort answers on every address of its own node (node IP, 127.0.0.1) and nowhere else;
// a nodePort on the same port wins, kube-proxy's rules coming first. hostNetwork pods get no
// CNI: their ports are the node's own. Pure: the caller passes the node's pods.

import type { Pod } from "../api/types.js";
import { compareKeys } from "../golang/sort.js";
import { digest, sha256 } from "../util/digest.js";
import type { Protocol } from "./netpol.js";

/** The network name in kindnet's conflist: the `name` in the rules' comments and chain hashes. */
const NETWORK = "kindnet";

export interface HostPortMapping {
  namespace: string;
  pod: string;
  container: string;
  /** Empty when the port is mapped on every address of the node (hostIP unset or 0.0.0.0). */
  hostIP: string;
  hostPort: number;
  protocol: Protocol;
  podIP: string;
  containerPort: number;
  /** The per-sandbox chain: CNI-DN- and a hash of the network name and sandbox ID. */
  chain: string;
}

/**
 * A stand-in for the pod sandbox's containerd ID (64 hex digits): kubesim keeps none, so it is
 * derived from the pod's uid, stable for the sandbox's life.
 */
export function sandboxID(uid: string): string {
  return sha256(`sandbox\0${uid}`).toString("hex");
}

/** utils.MustFormatChainNameWithPrefix(name, id, "DN-"): 28 characters of prefix and SHA-512 hex. */
export function dnatChainName(sandbox: string): string {
  return `CNI-DN-${digest("sha512", NETWORK + sandbox).toString("hex")}`.slice(0, 28);
}

/** The pod's port mappings, while its sandbox holds an IP (from CNI ADD until the pod is gone). */
export function hostPortMappings(pod: Pod): HostPortMapping[] {
  const podIP = pod.status?.podIP;
  if (!podIP || pod.spec.hostNetwork) return [];
  if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return [];
  const chain = dnatChainName(sandboxID(pod.metadata.uid ?? ""));
  return (pod.spec.containers ?? []).flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => (p.hostPort ?? 0) > 0)
      .map((p) => ({
        namespace: pod.metadata.namespace ?? "default",
        pod: pod.metadata.name,
        container: c.name,
        hostIP: p.hostIP && p.hostIP !== "0.0.0.0" ? p.hostIP : "",
        hostPort: p.hostPort ?? 0,
        protocol: (p.protocol ?? "TCP") as Protocol,
        podIP,
        containerPort: p.containerPort,
        chain,
      })),
  );
}

/**
 * The mapping CNI-HOSTPORT-DNAT applies to a packet for a local address of the node: the newest
 * sandbox's chain comes first (each is prepended). `pods` are the node's, in any order.
 */
export function matchHostPort(
  pods: Pod[],
  dstIP: string,
  port: number,
  protocol: Protocol,
): HostPortMapping | undefined {
  const newest = [...pods].sort((a, b) =>
    compareKeys(String(b.metadata.creationTimestamp ?? ""), String(a.metadata.creationTimestamp ?? "")),
  );
  for (const pod of newest) {
    const m = hostPortMappings(pod).find(
      (x) => x.hostPort === port && x.protocol === protocol && (!x.hostIP || x.hostIP === dstIP),
    );
    if (m) return m;
  }
  return undefined;
}

/** Whether portmap marks the connection for masquerade: the pod reaching itself, or a 127.0.0.1 source. */
export function hostPortMasquerades(m: HostPortMapping, srcIP: string): boolean {
  return srcIP === m.podIP || srcIP.startsWith("127.");
}
