// ClusterIP and NodePort allocation as the apiserver's bitmap allocators do it: a random
// offset in the upper band, scanning forward to a free value, the lower (static) band
// only when the upper one is full; a requested value is honoured or refused with the
// real messages. The set of values in use is derived from the stored Services, so it can
// never drift from them.

import { intToIp, ipToInt, parseCidr } from "../util/ipv4.js";
import type { Rng } from "../util/rng.js";

export class AllocationError extends Error {}

/**
 * The values in use, as the allocator asks about them: a Set, or a view over the API
 * server's index of Services by address and port, so allocating one Service's address
 * does not read every Service.
 */
export interface Taken<T> {
  has(v: T): boolean;
  add(v: T): unknown;
}

/** Picks `count` values from [lo, hi] avoiding `used`: random start in the upper band, forward scan. */
function pick(rng: Rng, lo: number, hi: number, staticBand: number, used: Taken<number>): number | undefined {
  const scan = (from: number, to: number) => {
    const n = to - from + 1;
    if (n <= 0) return undefined;
    const start = rng.int(n);
    for (let i = 0; i < n; i++) {
      const v = from + ((start + i) % n);
      if (!used.has(v)) return v;
    }
    return undefined;
  };
  return scan(lo + staticBand, hi) ?? scan(lo, lo + staticBand - 1);
}

export class ClusterIPAllocator {
  private readonly base: number;
  private readonly size: number;
  /** The offsets in use, asked of the addresses in use. */
  private readonly used: Taken<number>;

  constructor(
    readonly cidr: string,
    usedIPs: Taken<string>,
  ) {
    const c = parseCidr(cidr);
    this.base = c.base;
    this.size = c.size;
    this.used = {
      has: (off) => usedIPs.has(intToIp(this.base + off)),
      add: (off) => usedIPs.add(intToIp(this.base + off)),
    };
  }

  allocate(rng: Rng): string {
    // Usable offsets exclude the network and broadcast addresses.
    const staticBand = Math.min(Math.max(16, Math.floor(this.size / 16)), 256);
    const off = pick(rng, 1, this.size - 2, staticBand, this.used);
    if (off === undefined) throw new AllocationError("range is full");
    this.used.add(off);
    return intToIp(this.base + off);
  }

  /** Message after `failed to allocate IP <ip>: ` when refused. */
  claim(ip: string): string | undefined {
    const off = ipToInt(ip) - this.base;
    if (off < 1 || off > this.size - 2) {
      return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr}`;
    }
    if (this.used.has(off)) return "provided IP is already allocated";
    this.used.add(off);
    return undefined;
  }
}

export const NODEPORT_MIN = 30000;
export const NODEPORT_MAX = 32767;

export class NodePortAllocator {
  constructor(private readonly used: Taken<number>) {}

  allocate(rng: Rng): number {
    const size = NODEPORT_MAX - NODEPORT_MIN + 1;
    const staticBand = Math.min(Math.max(16, Math.floor(size / 32)), 128);
    const p = pick(rng, NODEPORT_MIN, NODEPORT_MAX, staticBand, this.used);
    if (p === undefined) throw new AllocationError("range is full");
    this.used.add(p);
    return p;
  }

  /** The field error detail when refused. */
  claim(port: number): string | undefined {
    if (port < NODEPORT_MIN || port > NODEPORT_MAX) {
      return `provided port is not in the valid range. The range of valid ports is ${NODEPORT_MIN}-${NODEPORT_MAX}`;
    }
    if (this.used.has(port)) return "provided port is already allocated";
    this.used.add(port);
    return undefined;
  }
}
