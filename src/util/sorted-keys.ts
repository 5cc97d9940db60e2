// A JSON value with every object's keys in sorted order: what Go's encoding of a map gives
// (crictl's output), and a form two values can be compared in whatever order their fields
// were set.

export function withSortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withSortedKeys);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, withSortedKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}
