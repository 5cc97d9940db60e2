// The garbage collector: dependents whose owners are all gone are deleted in the
// background, as after `kubectl delete deployment` (pods through their grace period).
//
// Like kube-controller-manager's, it keeps a graph of dependents by owner uid (the API
// server's DEPENDENTS index, kept on every write) and is driven by changes: an owner's
// removal leads to its dependents, an object written naming owners is checked itself, and
// nothing else is read. An owner counts as present when an object of its kind and name with
// its uid exists, as the collector's own lookup verifies it.

import type { KObject, OwnerReference } from "../api/types.js";
import { DEPENDENTS } from "../apiserver/indexes.js";
import { allResources, bucketOf, PODS, type ResourceType, typeOfObject } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";
import { deletePodGracefully } from "./podfactory.js";

/** Where each loaded cluster's last pass left off in the change log. */
const cursors = new WeakMap<ControllerContext, number>();

/** The type an index key (`bucket/ns/name` or `bucket/name`) belongs to, and the object's key. */
function split(types: Map<string, ResourceType>, entry: string): [ResourceType, string] | undefined {
  // Custom kinds' buckets hold a dot but no slash, so the bucket is what precedes the first slash.
  const slash = entry.indexOf("/");
  const r = types.get(entry.slice(0, slash));
  return r ? [r, entry.slice(slash + 1)] : undefined;
}

/**
 * Whether an object this process wrote names owners. It is at hand, having just been
 * written: asking the DEPENDENTS index instead read one index shard per write (40 for a
 * scale by 5 pods, most of them for Events, which name no owners).
 */
function namesOwners(c: ControllerContext, types: Map<string, ResourceType>, entry: string): boolean {
  const at = split(types, entry);
  if (!at || bucketOf(at[0]) === "events") return false;
  return !!c.api.objects.bucket(bucketOf(at[0])).summary(at[1])?.metadata.ownerReferences?.length;
}

function ownerPresent(c: ControllerContext, ns: string | undefined, ref: OwnerReference): boolean {
  let r: ResourceType;
  try {
    r = typeOfObject({ apiVersion: ref.apiVersion, kind: ref.kind } as KObject);
  } catch {
    // A kind no longer served cannot be looked up: the collector leaves its dependents be.
    return true;
  }
  const owner = c.api.objects
    .bucket(bucketOf(r))
    .summary(r.namespaced && ns ? `${ns}/${ref.name}` : ref.name);
  return owner?.metadata.uid === ref.uid;
}

export function syncGarbageCollector(c: ControllerContext): boolean {
  const log = c.api.changeLog;
  // A loaded cluster is settled: only what this process writes can be news. What this pass
  // removes is news to the next one, which follows the cascade a level further.
  const from = cursors.get(c) ?? 0;
  cursors.set(c, log.length);
  const candidates = new Set<string>();
  const types = new Map(allResources().map((r) => [bucketOf(r), r]));
  // What an entry leads to is read as of now, so an object written many times in the span
  // is looked at once.
  const seen = new Set<string>();
  for (let i = from; i < log.length; i++) {
    const entry = log[i];
    if (seen.has(entry)) continue;
    seen.add(entry);
    const uid = c.api.removedUid(entry);
    if (uid) for (const k of c.api.indexKeys(DEPENDENTS, uid)) candidates.add(k);
    if (namesOwners(c, types, entry)) candidates.add(entry);
  }
  if (!candidates.size) return false;
  let changed = false;
  for (const entry of [...candidates].sort()) {
    const at = split(types, entry);
    if (!at) continue;
    const [r, key] = at;
    // Pods are read through their summaries (which keep ownerReferences) unless collected.
    const o = c.api.objects.bucket(bucketOf(r)).summary(key);
    const refs = o?.metadata.ownerReferences ?? [];
    if (!o || !refs.length) continue;
    if (refs.some((ref) => ownerPresent(c, o.metadata.namespace, ref))) continue;
    if (o.kind === "Pod") {
      if (o.metadata.deletionTimestamp) continue;
      const pod = c.api.get(PODS, o.metadata.namespace, o.metadata.name ?? "");
      if (pod) deletePodGracefully(c, pod);
    } else {
      c.api.remove(o);
    }
    changed = true;
  }
  return changed;
}
