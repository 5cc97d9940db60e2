// What happens to a kind config's subnets after kind's own validation passed: kind writes them
// into kubeadm's ClusterConfiguration (networking.podSubnet, networking.serviceSubnet), and
// `kubeadm init` on the first control plane validates them (ValidateNetworking: the subnet
// sizes, the service range's upper bound, the pod subnet against the /24 node mask). A refusal
// there fails `kind create cluster` at "Starting control-plane", after the node containers were
// made (and are deleted again). Overlaps are checked by neither kind nor kubeadm: such a cluster
// comes up with colliding addresses, which kubesim does not model, so it refuses it in its own
// words.
import { inCIDR, parseCidr } from "../util/ipv4.js";
import { NODE_CIDR_MASK_SIZE, networkOf, nodeCIDRCount } from "../util/subnets.js";

/** kubeadm's constants: MinimumAddressesInServiceSubnet, MinimumAddressesInPodSubnet, MaximumBitsForServiceSubnet, PodSubnetNodeMaskMaxDiff. */
const MIN_SERVICE_ADDRESSES = 10;
const MIN_POD_ADDRESSES = 14;
const MAX_SERVICE_BITS = 20;
const POD_NODE_MASK_MAX_DIFF = 16;

/** kind's docker network, where the nodes are (kubesim's 172.18.0.0/16). */
const NODE_NETWORK = "172.18.0.0/16";

const invalid = (field: string, value: string, detail: string) =>
  `networking.${field}: Invalid value: ${JSON.stringify(value)}: ${detail}`;

/** ValidateIPNetFromString's size check for one (IPv4) subnet. */
function tooSmall(field: string, cidr: string, min: number): string[] {
  const { size } = parseCidr(cidr);
  return size < min
    ? [invalid(field, networkOf(cidr), `subnet with ${size} address(es) is too small, the minimum is ${min}`)]
    : [];
}

/** kubeadm's ValidateNetworking on kind's subnets, as field.ErrorList.ToAggregate() prints it; undefined when valid. */
export function kubeadmNetworkError(podSubnet: string, serviceSubnet: string): string | undefined {
  const errs: string[] = [];
  errs.push(...tooSmall("serviceSubnet", serviceSubnet, MIN_SERVICE_ADDRESSES));
  const svcBits = parseCidr(serviceSubnet).bits;
  if (32 - svcBits > MAX_SERVICE_BITS)
    errs.push(
      invalid(
        "serviceSubnet",
        networkOf(serviceSubnet),
        `specified service subnet is too large; for 32-bit addresses, the mask must be >= ${32 - MAX_SERVICE_BITS}`,
      ),
    );
  errs.push(...tooSmall("podSubnet", podSubnet, MIN_POD_ADDRESSES));
  const podBits = parseCidr(podSubnet).bits;
  if (podBits > NODE_CIDR_MASK_SIZE)
    errs.push(
      invalid(
        "podSubnet",
        networkOf(podSubnet),
        `the size of pod subnet with mask ${podBits} is smaller than the size of node subnet with mask ${NODE_CIDR_MASK_SIZE}`,
      ),
    );
  else if (NODE_CIDR_MASK_SIZE - podBits > POD_NODE_MASK_MAX_DIFF)
    errs.push(
      invalid(
        "podSubnet",
        networkOf(podSubnet),
        `pod subnet mask (${podBits}) and node-mask (${NODE_CIDR_MASK_SIZE}) difference is greater than ${POD_NODE_MASK_MAX_DIFF}`,
      ),
    );
  if (!errs.length) return undefined;
  return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
}

/** Whether two CIDRs share an address (one holds the other's network address). */
export function overlaps(a: string, b: string): boolean {
  return inCIDR(networkOf(a).split("/")[0], b) || inCIDR(networkOf(b).split("/")[0], a);
}

/**
 * What kubesim cannot model although kind and kubeadm accept it: subnets that overlap each other
 * or the nodes' docker network, and a pod subnet with fewer /24s than the cluster has nodes
 * (kube-controller-manager would leave the last nodes without a podCIDR).
 */
export function unmodelledSubnets(
  podSubnet: string,
  serviceSubnet: string,
  nodes: number,
): string | undefined {
  const named: [string, string][] = [
    ["podSubnet", podSubnet],
    ["serviceSubnet", serviceSubnet],
    ["the nodes' network", NODE_NETWORK],
  ];
  for (let i = 0; i < named.length; i++)
    for (let j = i + 1; j < named.length; j++)
      if (overlaps(named[i][1], named[j][1]))
        return `${named[i][0]} ${networkOf(named[i][1])} overlaps ${named[j][0]} ${networkOf(named[j][1])}: kind accepts it, but pod, Service and node addresses would collide, which kubesim does not model`;
  const fit = nodeCIDRCount(podSubnet);
  if (fit < nodes)
    return `podSubnet ${networkOf(podSubnet)} holds ${fit} node CIDR(s) of /${NODE_CIDR_MASK_SIZE} for ${nodes} nodes: kube-controller-manager would leave ${nodes - fit} node(s) without a podCIDR, which kubesim does not model`;
  return undefined;
}
