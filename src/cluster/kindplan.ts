// What `kind create cluster` makes of a (defaulted, valid) config: the node containers with
// kind's names (NAME-control-plane, NAME-control-plane2, NAME-worker, NAME-worker2, ...,
// common.MakeNodeNamer), their addresses on the docker network in config order, the pod CIDR
// kube-controller-manager gives each as it registers (the first control plane at kubeadm
// init, then the other control planes, then the workers as kind joins them), the labels kind
// and the kubeadm patches give them, and the host ports docker publishes to each.
import { yamlToJson } from "../golang/yaml/decode.js";
import { intToIp, ipToInt } from "../util/ipv4.js";
import type { KindConfig, KindNode } from "./kindconfig.js";

export interface HostPortMapping {
  node: string;
  hostPort: number;
  containerPort: number;
  /** As docker binds it: 0.0.0.0 unless the config names an address. */
  listenAddress: string;
  protocol: string;
}

/** What the rest of kubesim reads of a kind config, kept in the cluster's settings. */
export interface KindSettings {
  /** The config as the user wrote it (with its name), for `cluster export`. */
  config: KindConfig;
  podSubnet: string;
  serviceSubnet: string;
  kubeProxyMode: string;
  disableDefaultCNI: boolean;
  apiServerAddress: string;
  apiServerPort?: number;
  featureGates: Record<string, boolean>;
  hostPorts: HostPortMapping[];
}

export interface NodePlan {
  name: string;
  controlPlane: boolean;
  /** Index on the docker network: the node's address is 172.18.0.(index+2). */
  index: number;
  /** Registration order: the node's pod CIDR is the podSubnet's /24 number cidrIndex. */
  cidrIndex: number;
  labels: Record<string, string>;
}

/** kind's node names for roles in config order. */
export function kindNodeNames(cluster: string, roles: string[]): string[] {
  const count = new Map<string, number>();
  return roles.map((role) => {
    const n = (count.get(role) ?? 0) + 1;
    count.set(role, n);
    return `${cluster}-${role}${n === 1 ? "" : n}`;
  });
}

/** The node-labels a kubeadm patch gives through nodeRegistration.kubeletExtraArgs (v1beta3 map or v1beta4 list). */
function patchLabels(patch: string, kind: "InitConfiguration" | "JoinConfiguration"): Record<string, string> {
  let doc: unknown;
  try {
    doc = yamlToJson(patch);
  } catch {
    return {}; // kubeadm would fail on it at init; kubesim keeps the node as kind's defaults make it
  }
  const d = doc as { kind?: string; nodeRegistration?: { kubeletExtraArgs?: unknown } } | null;
  if (!d || d.kind !== kind) return {};
  const args = d.nodeRegistration?.kubeletExtraArgs;
  let value: unknown;
  if (Array.isArray(args)) value = args.find((a) => a?.name === "node-labels")?.value;
  else if (args && typeof args === "object") value = (args as Record<string, unknown>)["node-labels"];
  const out: Record<string, string> = {};
  for (const kv of String(value ?? "").split(",")) {
    if (!kv.trim()) continue;
    const i = kv.indexOf("=");
    out[(i < 0 ? kv : kv.slice(0, i)).trim()] = i < 0 ? "" : kv.slice(i + 1).trim();
  }
  return out;
}

/** The nodes kind makes, in the order they register (first control plane, other control planes, workers). */
export function planNodes(cluster: string, nodes: KindNode[], clusterPatches: string[] = []): NodePlan[] {
  const names = kindNodeNames(
    cluster,
    nodes.map((n) => n.role ?? "control-plane"),
  );
  const firstCP = nodes.findIndex((n) => n.role === "control-plane");
  const order = [
    firstCP,
    ...nodes.map((_, i) => i).filter((i) => i !== firstCP && nodes[i].role === "control-plane"),
    ...nodes.map((_, i) => i).filter((i) => nodes[i].role !== "control-plane"),
  ];
  return order.map((i, cidrIndex) => {
    const n = nodes[i];
    const kind = i === firstCP ? "InitConfiguration" : "JoinConfiguration";
    const labels: Record<string, string> = {};
    for (const p of [...clusterPatches, ...(n.kubeadmConfigPatches ?? [])])
      Object.assign(labels, patchLabels(p, kind));
    Object.assign(labels, n.labels ?? {});
    return { name: names[i], controlPlane: n.role === "control-plane", index: i, cidrIndex, labels };
  });
}

/** Docker's published ports, by node name; hostPort 0 gets a free port as docker would pick one. */
export function hostPortsOf(names: string[], nodes: KindNode[], pick: () => number): HostPortMapping[] {
  return nodes.flatMap((n, i) =>
    (n.extraPortMappings ?? []).map((m) => ({
      node: names[i],
      hostPort: m.hostPort && m.hostPort > 0 ? m.hostPort : pick(),
      containerPort: m.containerPort && m.containerPort > 0 ? m.containerPort : 0,
      listenAddress: m.listenAddress || "0.0.0.0",
      protocol: m.protocol || "TCP",
    })),
  );
}

/** Whether a host port mapping answers a connection to addr on the machine running kind. */
export function mappingListensOn(m: HostPortMapping, addr: string): boolean {
  if (m.listenAddress === "0.0.0.0" || m.listenAddress === "::") return true;
  return m.listenAddress === addr || (addr === "localhost" && m.listenAddress === "127.0.0.1");
}

export const ipOf = (index: number) => intToIp(ipToInt("172.18.0.2") + index);
