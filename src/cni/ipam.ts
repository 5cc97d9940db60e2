// host-local IPAM as kindnet configures it: each node hands out addresses from its own
// /24, .1 being the gateway, sequentially from the last one given, so a freed address
// is not reused until the range wraps (which is why a replaced pod gets a new IP).
import { intToIp, parseCidr } from "../util/ipv4.js";

export interface NodeIpam {
  cidr: string;
  last: number;
}

export function allocatePodIP(ipam: NodeIpam, inUse: { has(ip: string): boolean }): string | undefined {
  const { base, size } = parseCidr(ipam.cidr);
  // Offsets 2 .. size-2: not the network, not the gateway (.1), not broadcast.
  const first = 2;
  const lastUsable = size - 2;
  const n = lastUsable - first + 1;
  for (let i = 1; i <= n; i++) {
    const off = first + ((ipam.last - first + i + n) % n);
    const ip = intToIp(base + off);
    if (!inUse.has(ip)) {
      ipam.last = off;
      return ip;
    }
  }
  return undefined;
}

/** The CNI's section of the persisted cluster state: per node, its range and the last address handed out. */
export interface IpamState {
  ipam: Record<string, NodeIpam>;
}
