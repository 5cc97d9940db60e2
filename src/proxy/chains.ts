// kube-proxy's names for its per-service chains and the numbers it prints, computed the way
// pkg/proxy/iptables/proxier.go computes them, so a chain here has the name a real node shows
// (KUBE-SVC-NPX46M4PTMTKRN6Y is default/kubernetes:https on every cluster).
import { sha256 } from "../util/digest.js";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 (standard alphabet, no padding needed: callers keep 16 characters). */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

/** The first 16 base32 characters of sha256(text): iptables chain names are at most 28 long. */
function hash16(text: string): string {
  // 10 bytes make exactly 16 base32 characters.
  return base32(sha256(text).subarray(0, 10));
}

/** `ns/name` or `ns/name:port` (ServicePortName.String(): an unnamed port adds nothing). */
export function servicePortName(namespace: string, name: string, portName: string | undefined): string {
  return `${namespace}/${name}${portName ? `:${portName}` : ""}`;
}

/** The hash behind KUBE-SVC/SVL/EXT/FW: sha256 of the port name and the lower-case protocol. */
export function portProtoHash(spn: string, protocol: string): string {
  return hash16(spn + protocol.toLowerCase());
}

export interface ServiceChains {
  svc: string;
  svl: string;
  ext: string;
  fw: string;
}

/** All the per-service-port chain names; they share one hash and differ by prefix. */
export function serviceChains(spn: string, protocol: string): ServiceChains {
  const h = portProtoHash(spn, protocol);
  return { svc: `KUBE-SVC-${h}`, svl: `KUBE-SVL-${h}`, ext: `KUBE-EXT-${h}`, fw: `KUBE-FW-${h}` };
}

/** KUBE-SEP-<hash of port name + protocol + "ip:port">: one chain per endpoint of a port. */
export function endpointChain(spn: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${hash16(spn + protocol.toLowerCase() + endpoint)}`;
}

/**
 * The probability that `iptables-save` prints for the i-th of n endpoints' rule.
 * kube-proxy writes 1/n as `%0.10f`; libxt_statistic stores lround(P * 2^31) in the kernel
 * and prints that back over 2^31 as `%.11f`, hence 0.33333333349 for 1/3.
 */
export function printedProbability(n: number): string {
  const written = Number((1 / n).toFixed(10));
  const stored = Math.round(written * 2 ** 31);
  return (stored / 2 ** 31).toFixed(11);
}
