// A value the code's own invariants guarantee (a stack that was just pushed, a map key
// taken from the map), checked: a broken invariant fails with a named kubesim error
// instead of a TypeError somewhere later.

export function must<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new Error(`kubesim: ${what}`);
  return v;
}
