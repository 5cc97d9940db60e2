// IPv4 address arithmetic: the ClusterIP and NodePort allocators, host-local IPAM,
// kube-proxy's `-s`/`-d` matches, NetworkPolicy ipBlocks and URL hosts all count in it.

/** A dotted quad with each octet 0..255 (leading zeros allowed, as ParseIPSloppy allows them). */
export function isIPv4(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) && s.split(".").every((o) => Number(o) <= 255);
}

/** The address as an unsigned 32-bit number. */
export function ipToInt(ip: string): number {
  return ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** "a.b.c.d/n" as its network address, prefix length and number of addresses. */
export function parseCidr(cidr: string): { base: number; bits: number; size: number } {
  const [ip, bits] = cidr.split("/");
  const b = Number(bits);
  const size = 2 ** (32 - b);
  return { base: Math.floor(ipToInt(ip) / size) * size, bits: b, size };
}

/** Whether ip lies in cidr ("a.b.c.d/n", or a bare address meaning /32). */
export function inCIDR(ip: string, cidr: string): boolean {
  const [base, bits = "32"] = cidr.split("/");
  const n = Number(bits);
  if (n === 0) return true;
  const size = 2 ** (32 - n);
  return Math.floor(ipToInt(ip) / size) === Math.floor(ipToInt(base) / size);
}
