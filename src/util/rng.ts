// The cluster's one source of randomness. Its whole state is a single uint32 kept in the
// cluster state, so a seed replays the same names, IPs and endpoint picks every run.

/** Kubernetes' rand.String alphabet: no vowels and no 0/1/3, so names never spell words. */
export const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export interface RngState {
  rng: number;
}

const HEX_CODES = Array.from("0123456789abcdef", (ch) => ch.charCodeAt(0));
/** A uuid's 36 characters, the dashes in place; uuid() fills in the rest. */
const UUID_CODES = Array.from("00000000-0000-0000-0000-000000000000", (ch) => ch.charCodeAt(0));

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
    // One string from the codes: appending a character at a time made a string per character.
    const codes = new Array<number>(n);
    for (let i = 0; i < n; i++) codes[i] = HEX_CODES[this.int(16)];
    return String.fromCharCode.apply(null, codes);
  }

  /** A version-4 UUID, as the apiserver gives every object. */
  uuid(): string {
    // Built from character codes in one string: every object gets one, and the split, join
    // and slices of the text form were a fifth of an insert's cost.
    const c = UUID_CODES;
    for (let i = 0, j = 0; i < 32; i++, j++) {
      if (j === 8 || j === 13 || j === 18 || j === 23) j++;
      c[j] = HEX_CODES[this.int(16)];
    }
    // The version digit replaces its draw; the variant digit is drawn after the 32.
    c[14] = 0x34;
    c[19] = "89ab".charCodeAt(this.int(4));
    return String.fromCharCode.apply(null, c as unknown as number[]);
  }
}
