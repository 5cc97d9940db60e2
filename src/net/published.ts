// Ports docker publishes on the machine running kind (the kind config's extraPortMappings):
// from outside, a connection to localhost:HOSTPORT goes on from the docker network's gateway
// to the node's address and containerPort, where kube-proxy and portmap take it as usual.
import { mappingListensOn } from "../cluster/kindplan.js";
import type { ClusterSettings } from "../cluster/state.js";
import { type Protocol, type ProxyMode, proxyModeOf } from "../proxy/index.js";
import type { Hop } from "./hops.js";
import type { Topology } from "./topology.js";

/** kube-proxy's mode on every node, from the kind config (iptables unless it names another). */
export function proxyMode(settings: ClusterSettings): ProxyMode | "none" {
  return proxyModeOf(settings.kind?.kubeProxyMode);
}

/** Whether kube-proxy runs: kind deploys none with networking.kubeProxyMode none. */
export function kubeProxyRuns(settings: ClusterSettings): boolean {
  return settings.kind?.kubeProxyMode !== "none";
}

/** The node address a published host port leads to (its hop recorded), if one is published. */
export function publishedPort(
  from: "outside" | "node" | "pod",
  settings: ClusterSettings,
  topo: Topology,
  dstIP: string,
  port: number,
  protocol: Protocol,
  hops: Hop[],
): { ip: string; port: number } | undefined {
  if (from !== "outside" || (dstIP !== "127.0.0.1" && dstIP !== "::1")) return undefined;
  const m = (settings.kind?.hostPorts ?? []).find(
    (x) => x.hostPort === port && x.protocol === protocol && mappingListensOn(x, dstIP),
  );
  const node = m && topo.node(m.node);
  if (!m || !node) return undefined;
  const to = { ip: node.ip, port: m.containerPort };
  hops.push({
    kind: "host-port-mapping",
    listen: m.listenAddress,
    hostPort: m.hostPort,
    protocol,
    node: node.name,
    to,
  });
  return to;
}
