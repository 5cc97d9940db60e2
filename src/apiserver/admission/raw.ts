// The decode boundary. Admission reads what a user sent before it knows the body's shape is
// valid (a `ports` that is a string, a container without a name): these functions must
// inspect any value at any path, so the object they walk is deliberately untyped. Everything
// past admission reads the typed shapes of ../types.ts instead.

// biome-ignore lint/suspicious/noExplicitAny: an unchecked manifest can hold anything at any field.
export type Obj = Record<string, any>;
