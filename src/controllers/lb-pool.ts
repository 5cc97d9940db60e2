// Load-balancer address pools as both LoadBalancer implementations kubesim models read them:
// cloud-provider-kind's fixed range and MetalLB's IPAddressPool `addresses` (each a CIDR, or
// an explicit `first-last` range). Addresses are handed out in ascending order, as MetalLB's
// allocator walks a pool's prefixes; which addresses are taken is read from the Services.

import type { Service } from "../api/types.js";
import { intToIp, ipToInt, isIPv4, parseCidr } from "../util/ipv4.js";

/** An inclusive range of IPv4 addresses, as numbers. */
export interface IPRange {
  first: number;
  last: number;
}

/**
 * One entry of a pool's addresses: `172.18.255.200/28`, `172.18.255.200-172.18.255.250` or a
 * bare address; undefined for anything else (IPv6 is not modelled: kind's network is IPv4 here).
 */
export function parseRange(entry: string): IPRange | undefined {
  const s = entry.trim();
  const dash = s.indexOf("-");
  if (dash > 0) {
    const a = s.slice(0, dash).trim();
    const b = s.slice(dash + 1).trim();
    if (!isIPv4(a) || !isIPv4(b) || ipToInt(a) > ipToInt(b)) return undefined;
    return { first: ipToInt(a), last: ipToInt(b) };
  }
  const [ip, bits] = s.split("/");
  if (!isIPv4(ip)) return undefined;
  if (bits === undefined) return { first: ipToInt(ip), last: ipToInt(ip) };
  if (!/^\d{1,2}$/.test(bits) || Number(bits) > 32) return undefined;
  const { base, size } = parseCidr(s);
  return { first: base, last: base + size - 1 };
}

export function inRanges(ip: string, ranges: IPRange[]): boolean {
  if (!isIPv4(ip)) return false;
  const n = ipToInt(ip);
  return ranges.some((r) => n >= r.first && n <= r.last);
}

/** Whether an address ends in .0 or .255 (MetalLB's avoidBuggyIPs leaves those out). */
export function isBuggyIP(ip: string): boolean {
  const last = ip.slice(ip.lastIndexOf(".") + 1);
  return last === "0" || last === "255";
}

/** The lowest address of the ranges that `free` accepts, in range order. */
export function firstFree(ranges: IPRange[], free: (ip: string) => boolean): string | undefined {
  for (const r of ranges)
    for (let n = r.first; n <= r.last; n++) {
      const ip = intToIp(n);
      if (free(ip)) return ip;
    }
  return undefined;
}

/** The load-balancer addresses Services hold now, each with the Services holding it. */
export function heldAddresses(services: Service[]): Map<string, Service[]> {
  const held = new Map<string, Service[]>();
  for (const s of services)
    for (const i of s.status?.loadBalancer?.ingress ?? [])
      if (i.ip) held.set(i.ip, [...(held.get(i.ip) ?? []), s]);
  return held;
}

export function serviceKey(svc: Service): string {
  return `${svc.metadata.namespace}/${svc.metadata.name}`;
}
