// What the apiserver guarantees of every object it stores, for verbs that read objects of
// any kind (wait, watch, delete) through untyped descriptors: a name, and a namespace when
// the kind is namespaced. A stored object without one is a kubesim bug, named as such.
import type { KObject } from "../../api/types.js";

/** The name of an object read from the apiserver. */
export function storedName(o: KObject): string {
  const name = o.metadata.name;
  if (name === undefined) throw new Error(`kubesim: a stored ${o.kind} without a name`);
  return name;
}

/** The namespace of an object of a namespaced kind read from the apiserver. */
export function storedNamespace(o: KObject): string {
  const ns = o.metadata.namespace;
  if (ns === undefined) throw new Error(`kubesim: a stored ${o.kind} ${o.metadata.name} without a namespace`);
  return ns;
}
