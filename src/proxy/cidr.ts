// IPv4 address arithmetic for `-s`/`-d` matches: enough for kube-proxy's rules, no more.

/** The address as an unsigned 32-bit number. */
export function ipToInt(ip: string): number {
  return ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}

/** Whether ip lies in cidr ("a.b.c.d/n", or a bare address meaning /32). */
export function inCIDR(ip: string, cidr: string): boolean {
  const [base, bits = "32"] = cidr.split("/");
  const n = Number(bits);
  if (n === 0) return true;
  const size = 2 ** (32 - n);
  return Math.floor(ipToInt(ip) / size) === Math.floor(ipToInt(base) / size);
}
