// The cluster's one source of randomness. Its whole state is a single uint32 kept in the
// cluster state, so a seed replays the same names, IPs and endpoint picks every run.

/** Kubernetes' rand.String alphabet: no vowels and no 0/1/3, so names never spell words. */
export const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export interface RngState {
  rng: number;
}

export class Rng {
  constructor(private readonly holder: RngState) {}

  /**
   * A sequence of its own, seeded from `key` (FNV-1a): for objects a component adds beside
   * the cluster's draws (default ServiceAccounts, a DaemonSet's revisions), so every name and
   * address drawn after them stays where it was without them.
   */
  static forKey(key: string): Rng {
    let h = 2166136261;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
    return new Rng({ rng: h });
  }

  /** Where the sequence stands: the next draw follows from it alone. */
  get position(): number {
    return this.holder.rng;
  }

  /**
   * A copy that continues the same sequence without moving this one: a request draws from
   * it, and the draws become the cluster's only if the verb commits them (cluster/effects.ts).
   */
  fork(): Rng {
    return new Rng({ rng: this.holder.rng });
  }

  /** mulberry32: tiny, fast, good enough for simulation draws. */
  next(): number {
    this.holder.rng = (this.holder.rng + 0x6d2b79f5) >>> 0;
    let t = this.holder.rng;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** generateName's suffix: n characters of the Kubernetes alphabet. */
  name(n = 5): string {
    let s = "";
    for (let i = 0; i < n; i++) s += NAME_ALPHABET[this.int(NAME_ALPHABET.length)];
    return s;
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[this.int(16)];
    return s;
  }

  /** A version-4 UUID, as the apiserver gives every object. */
  uuid(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[this.int(4)];
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}
