// The two kinds of entries an index bucket holds (indexes.ts), and the small pieces of work
// every index write does on them: a value's members, an object's sorted values.

/**
 * A value's entry: its objects' keys as the fields of one JSON object, so adding or
 * removing one is constant time however many share the value (the unscheduled pods of a
 * 100,000-pod apply); readers sort them.
 */
export interface ValueEntry {
  members: Record<string, 1>;
  /** How many members: asking an object with thousands of deleted fields whether it has any is not constant time. */
  size?: number;
}

/**
 * The members of an entry this process changes, as an object without a prototype: V8 keeps
 * such an object as a hash table from the start, where an ordinary one that gains fields
 * named for pods makes a new hidden class for each (a value's members churn at every pod a
 * build creates and binds). An entry read from its shard is converted once; the fields and
 * their order, which its stored text shows, stay the same.
 */
export function membersOf(ve: ValueEntry): Record<string, 1> {
  if (Object.getPrototypeOf(ve.members) !== null) ve.members = Object.assign(Object.create(null), ve.members);
  return ve.members;
}

export function sizeOf(ve: ValueEntry): number {
  ve.size ??= Object.keys(ve.members).length;
  return ve.size;
}

/** An object's entry: the values it is indexed under, distinct and sorted. */
export interface ObjectEntry {
  values: string[];
}

export const NONE: readonly string[] = Object.freeze([]);

/**
 * The distinct values sorted, as an ObjectEntry keeps them. Most objects are indexed under
 * one value or none, and each write asks for every index of its type: those take no Set.
 */
export function distinctSorted(values: string[]): string[] {
  if (values.length < 2) return values;
  if (values.length === 2) {
    const [a, b] = values;
    return a === b ? [a] : a < b ? values : [b, a];
  }
  return [...new Set(values)].sort();
}

export function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
