// A process environment that is read by name and listed whole only when a command prints it
// all. A container in a namespace with 10,000 Services starts with some 70,000 Service
// variables; `hostname` or `echo $APP1_SERVICE_HOST` must not copy them all, while `env`,
// `printenv`, `set` and `export -p` must still list every one, in order.
//
// Layered is a Map over such a read-only base with Map's own semantics, so the shell's
// variables and a command's environment stay Maps: a name set again keeps its place, a name
// deleted and set again moves to the end. Its changes (the overlay) are the only part a
// subshell, a command's environment or a nested shell copies.

/** A read-only environment: each variable by name, and all of them in their order. */
export interface Environ {
  get(name: string): string | undefined;
  entries(): Iterable<[string, string]>;
}

/** An Environ over a plain record or list of pairs (read once, kept as a Map). */
export function environOf(vars: Record<string, string> | Iterable<[string, string]>): Environ {
  const m = new Map(Symbol.iterator in vars ? vars : Object.entries(vars));
  return { get: (name) => m.get(name), entries: () => m.entries() };
}

/** Tells an Environ from a record of variables (whose values are strings, never functions). */
export function isEnviron(x: Record<string, string> | Environ): x is Environ {
  return typeof x.get === "function" && typeof x.entries === "function";
}

/**
 * Defaults for names `base` lacks, leading; a name base has keeps base's value and place. A
 * container's HOME comes last (runc appends it), and a shell there must list it so.
 */
export function leading(first: [string, string][], base: Environ): Environ {
  const own = new Map(first);
  return {
    get: (name) => base.get(name) ?? own.get(name),
    *entries() {
      for (const [k, v] of first) if (base.get(k) === undefined) yield [k, v];
      yield* base.entries();
    },
  };
}

const EMPTY: Environ = { get: () => undefined, entries: () => [] };

/** A Map over a lazily read base (see the top of this file). */
export class Layered<V> extends Map<string, V> {
  /** Base names set (or read, for V objects callers change in place) here: they keep their place. */
  private shadow = new Map<string, V>();
  /** Names the base lacks, or that were deleted from it and set again: after the base's. */
  private extra = new Map<string, V>();
  /** Base names deleted here (a name may also be in extra, set again). */
  private gone = new Set<string>();

  constructor(
    private base: Environ,
    /** A base value as an entry's value (the shell wraps it as an exported variable). */
    private readonly wrap: (value: string) => V,
  ) {
    super();
  }

  private inBase(name: string): boolean {
    return !this.gone.has(name) && this.base.get(name) !== undefined;
  }

  override get(name: string): V | undefined {
    const own = this.shadow.get(name) ?? this.extra.get(name);
    if (own !== undefined || this.gone.has(name)) return own;
    const b = this.base.get(name);
    if (b === undefined) return undefined;
    // Kept, so that the same object comes back and a change to it stays.
    const v = this.wrap(b);
    this.shadow.set(name, v);
    return v;
  }

  override has(name: string): boolean {
    return this.shadow.has(name) || this.extra.has(name) || this.inBase(name);
  }

  override set(name: string, value: V): this {
    if (this.shadow.has(name)) this.shadow.set(name, value);
    else if (this.extra.has(name)) this.extra.set(name, value);
    else if (this.inBase(name)) this.shadow.set(name, value);
    else this.extra.set(name, value);
    return this;
  }

  override delete(name: string): boolean {
    if (this.shadow.delete(name)) {
      this.gone.add(name);
      return true;
    }
    if (this.extra.delete(name)) return true;
    if (!this.inBase(name)) return false;
    this.gone.add(name);
    return true;
  }

  override clear(): void {
    this.base = EMPTY;
    this.shadow.clear();
    this.extra.clear();
    this.gone.clear();
  }

  override get size(): number {
    let n = 0;
    for (const _ of this.entries()) n++;
    return n;
  }

  /** Every entry in Map order: this reads the whole base. */
  override *entries(): MapIterator<[string, V]> {
    const placed = new Set<string>();
    for (const [k, b] of this.base.entries()) {
      if (this.gone.has(k)) continue;
      const own = this.shadow.get(k);
      if (own !== undefined) placed.add(k);
      yield [k, own ?? this.wrap(b)];
    }
    // A name the base has lost since it was read here (a Service deleted while an
    // interactive shell runs) is still this shell's variable.
    if (placed.size < this.shadow.size) for (const e of this.shadow) if (!placed.has(e[0])) yield e;
    yield* this.extra.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  override *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  override *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  override forEach(fn: (value: V, key: string, map: Map<string, V>) => void, self?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(self, v, k, this);
  }

  /**
   * The same base with the changes mapped by `f` (copied, so neither side sees the other's
   * later changes); an entry `f` maps to undefined is left out, as if deleted.
   */
  derive<W>(wrap: (value: string) => W, f: (value: V) => W | undefined): Layered<W> {
    const out = new Layered(this.base, wrap);
    for (const k of this.gone) out.gone.add(k);
    for (const [k, v] of this.shadow) {
      const w = f(v);
      if (w === undefined) out.gone.add(k);
      else out.shadow.set(k, w);
    }
    for (const [k, v] of this.extra) {
      const w = f(v);
      if (w !== undefined) out.extra.set(k, w);
    }
    return out;
  }

  /** A copy that later changes to either side do not reach; `f` copies each changed entry. */
  copy(f: (value: V) => V = (v) => v): Layered<V> {
    return this.derive(this.wrap, f);
  }
}

/** A copy of a Map that later changes to either do not reach: cheap for a Layered one. */
export function copyMap<V>(m: Map<string, V>, f: (value: V) => V = (v) => v): Map<string, V> {
  if (m instanceof Layered) return m.copy(f);
  return new Map([...m].map(([k, v]) => [k, f(v)]));
}
