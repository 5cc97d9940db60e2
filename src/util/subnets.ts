// The cluster's two address plans, as kind hands them to kubeadm: networking.podSubnet
// (kube-controller-manager's --cluster-cidr, sliced into one /24 per node) and
// networking.serviceSubnet (kube-apiserver's --service-cluster-ip-range, whose first
// address is the `kubernetes` Service and tenth kube-dns, as kubeadm derives them).
// Every layer reads the plans through here, so a cluster made without a kind config (or
// stored before configs existed) keeps kind's defaults byte for byte.
import { intToIp, parseCidr } from "./ipv4.js";

/** kind's default networking.podSubnet for IPv4. */
export const DEFAULT_POD_SUBNET = "10.244.0.0/16";
/** kind's default networking.serviceSubnet for IPv4. */
export const DEFAULT_SERVICE_SUBNET = "10.96.0.0/16";
/** kube-controller-manager's --node-cidr-mask-size for IPv4 (kubeadm's default, which kind keeps). */
export const NODE_CIDR_MASK_SIZE = 24;

export interface ClusterSubnets {
  /** Normalised to the network address ("10.200.0.0/16"), as net.ParseCIDR gives it. */
  podSubnet: string;
  serviceSubnet: string;
}

/** What the subnets are read from: the cluster's settings, with kind's when a config made it. */
export interface SubnetSettings {
  kind?: { podSubnet: string; serviceSubnet: string };
}

/** "10.200.3.7/16" -> "10.200.0.0/16": the network as Go's *net.IPNet prints it. */
export function networkOf(cidr: string): string {
  const { base, bits } = parseCidr(cidr);
  return `${intToIp(base)}/${bits}`;
}

/** The IPv4 family's CIDR of a (possibly dual-stack, "v4,v6") subnet list. */
function ipv4Part(subnets: string): string {
  return subnets.split(",").find((s) => !s.includes(":")) ?? subnets.split(",")[0];
}

/** The cluster's pod and service subnets: kind's config when one made the cluster, else kind's defaults. */
export function clusterSubnets(settings: SubnetSettings | undefined): ClusterSubnets {
  const kind = settings?.kind;
  return {
    podSubnet: networkOf(kind?.podSubnet ? ipv4Part(kind.podSubnet) : DEFAULT_POD_SUBNET),
    serviceSubnet: networkOf(kind?.serviceSubnet ? ipv4Part(kind.serviceSubnet) : DEFAULT_SERVICE_SUBNET),
  };
}

/** k8s.io/utils/net GetIndexedIP: the address `index` places after the network address. */
export function indexedIP(cidr: string, index: number): string {
  const { base, size } = parseCidr(cidr);
  if (index < 0 || index >= size) throw new Error(`kubesim: ${cidr} has no address number ${index}`);
  return intToIp(base + index);
}

/** The `kubernetes` Service's ClusterIP: the first address of the service range (the apiserver's). */
export function kubernetesServiceIP(serviceSubnet: string): string {
  return indexedIP(serviceSubnet, 1);
}

/** kube-dns's ClusterIP and the kubelet's clusterDNS: the tenth address (kubeadm's GetDNSIP). */
export function clusterDNSIP(serviceSubnet: string): string {
  return indexedIP(serviceSubnet, 10);
}

/** How many node CIDRs the pod subnet holds at the node mask size (0 if the subnet is smaller). */
export function nodeCIDRCount(podSubnet: string): number {
  const { bits } = parseCidr(podSubnet);
  return bits > NODE_CIDR_MASK_SIZE ? 0 : 2 ** (NODE_CIDR_MASK_SIZE - bits);
}

/**
 * The CIDR kube-controller-manager's range allocator gives the node registering `index`-th:
 * the pod subnet's /24s in order (the cidrset hands out the lowest free one).
 */
export function nodePodCIDR(podSubnet: string, index: number): string {
  const { base } = parseCidr(podSubnet);
  if (index < 0 || index >= nodeCIDRCount(podSubnet))
    throw new Error(`kubesim: ${podSubnet} has no /${NODE_CIDR_MASK_SIZE} number ${index}`);
  return `${intToIp(base + index * 2 ** (32 - NODE_CIDR_MASK_SIZE))}/${NODE_CIDR_MASK_SIZE}`;
}

/** The gateway kindnet puts on a node's pod CIDR (the host side of every veth): its first address. */
export function podGateway(nodeCIDR: string): string {
  return indexedIP(nodeCIDR, 1);
}
