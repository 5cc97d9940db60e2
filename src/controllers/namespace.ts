// The namespace controller: a namespace being deleted empties itself (pods gracefully)
// and disappears once nothing is left in it.
//
// It costs nothing while no namespace is terminating (one read of the small namespaces
// bucket). When one starts terminating, one pass over the types' summaries lists what is in
// it, and that list, kept in the controller's state until the namespace is gone, is all the
// later passes read: with what this process's change log adds to the namespace meanwhile
// (the events of pods being killed; admission lets nothing else in).
import type { KObject } from "../api/types.js";
import { typedKey } from "../apiserver/indexes.js";
import { allResources, bucketOf, NAMESPACES as NS, PODS, type ResourceType } from "../apiserver/resources.js";
import type { ControllerContext } from "./context.js";
import { deletePodGracefully } from "./podfactory.js";

/** Where each loaded cluster's last pass left off in the change log. */
const cursors = new WeakMap<ControllerContext, number>();

/** What is in namespace `name`, as typed keys (`bucket/ns/name`), in the order of a scan of every type. */
function scan(c: ControllerContext, name: string): string[] {
  const out: string[] = [];
  for (const r of allResources()) {
    if (!r.namespaced) continue;
    for (const o of c.api.summaries(r)) {
      if (o.metadata.namespace === name) out.push(typedKey(bucketOf(r), `${name}/${o.metadata.name}`));
    }
  }
  return out;
}

/** The change-log entries since the last pass that name an object in namespace `name`. */
function arrivals(c: ControllerContext, from: number, name: string): string[] {
  const out: string[] = [];
  const log = c.api.changeLog;
  for (let i = from; i < log.length; i++) {
    const e = log[i];
    const rest = e.slice(e.indexOf("/") + 1);
    if (rest.startsWith(`${name}/`) && !rest.slice(name.length + 1).includes("/")) out.push(e);
  }
  return out;
}

export function syncNamespaces(c: ControllerContext): boolean {
  const log = c.api.changeLog;
  const from = cursors.get(c) ?? 0;
  cursors.set(c, log.length);
  const terminating = c.api.all(NS).filter((ns) => ns.metadata.deletionTimestamp);
  if (!terminating.length) {
    if (!c.state.namespaceCleanup) return false;
    delete c.state.namespaceCleanup;
    return true;
  }
  const cleanup = c.state.namespaceCleanup ?? {};
  c.state.namespaceCleanup = cleanup;
  const types = new Map<string, ResourceType>(allResources().map((r) => [bucketOf(r), r]));
  let changed = false;
  for (const ns of terminating) {
    const name = ns.metadata.name ?? "";
    const known = cleanup[name];
    const members = known ? [...new Set([...known, ...arrivals(c, from, name)])] : scan(c, name);
    const left: string[] = [];
    for (const entry of members) {
      const slash = entry.indexOf("/");
      const r = types.get(entry.slice(0, slash));
      if (!r) continue;
      const o: KObject | undefined = c.api.objects.bucket(bucketOf(r)).summary(entry.slice(slash + 1));
      if (!o) continue;
      // Everything but pods goes at once; the namespace stays while pods terminate.
      if (o.kind !== "Pod") {
        c.api.remove(o);
        changed = true;
        continue;
      }
      left.push(entry);
      if (o.metadata.deletionTimestamp) continue;
      // Summaries are never written back: delete through the full pod.
      const pod = c.api.get(PODS, name, o.metadata.name ?? "");
      if (pod) deletePodGracefully(c, pod);
      changed = true;
    }
    if (left.length === 0) {
      c.api.remove(ns);
      delete cleanup[name];
      changed = true;
    } else if (JSON.stringify(left) !== JSON.stringify(known)) {
      cleanup[name] = left;
      changed = true;
    }
  }
  if (!Object.keys(cleanup).length) delete c.state.namespaceCleanup;
  return changed;
}
