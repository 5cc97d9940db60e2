// kubectl's AttachablePodForObject and GetFirstPod: `POD`, `pod/POD`, or an object with a
// selector (`deploy/NAME`, `rs/`, `ds/`, `svc/NAME`) for which kubectl picks one pod. logs
// and exec share it; logs says which pod it took when it had a choice.

import type { KObject, Pod } from "../../api/types.js";
import { notFound } from "../../apiserver/errors.js";
import { fromLabelSelector, fromMap, matches, type Selector } from "../../apiserver/labels.js";
import { isOf, PODS, SERVICES } from "../../apiserver/resources.js";
import type { Cluster } from "../../cluster/cluster.js";
import { compareKeys } from "../../golang/sort.js";
import { CliError } from "../io.js";
import { resolveType } from "./resource-args.js";

/** SelectorsForObject: a Service's map, a workload's label selector. */
function selectorOf(o: KObject): Selector | undefined {
  if (isOf(o, SERVICES)) return o.spec?.selector ? fromMap(o.spec.selector) : undefined;
  return o.spec?.selector ? fromLabelSelector(o.spec.selector) : undefined;
}

/** Most active first (podutils.ActivePods, reversed): bound, running, ready, then oldest. */
function activeFirst(a: Pod, b: Pod): number {
  const rank = (p: Pod) =>
    (p.spec?.nodeName ? 4 : 0) +
    (p.status?.phase === "Running" ? 2 : 0) +
    ((p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True") ? 1 : 0);
  return (
    rank(b) - rank(a) || compareKeys(a.metadata.creationTimestamp ?? "", b.metadata.creationTimestamp ?? "")
  );
}

/**
 * The pod an argument names, and how many pods its object selected (1 for a pod). `doing`
 * is the verb's words for a kind without a selector: attach/exec "attach to", logs "get the
 * logs from".
 */
export function podForObject(
  c: Cluster,
  arg: string,
  ns: string,
  doing = "attach to",
): { name: string; count: number } {
  const slash = arg.indexOf("/");
  if (slash < 0) return { name: arg, count: 1 };
  const r = resolveType(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (r.kind === "Pod") return { name, count: 1 };
  const owner = c.api.get(r, ns, name);
  if (!owner) throw notFound(r, name);
  const sel = selectorOf(owner);
  // Go's %T of the typed object: *v1.CronJob.
  const t = `*${r.version}.${r.kind}`;
  if (!sel) throw new CliError(`error: cannot ${doing} ${t}: selector for ${t} not implemented`);
  const pods = c.api
    .listSummaries(PODS, ns)
    .filter((p) => matches(sel, p.metadata.labels) && !p.metadata.deletionTimestamp)
    .sort(activeFirst);
  if (!pods.length) throw new CliError("error: timed out waiting for the condition");
  return { name: pods[0].metadata.name, count: pods.length };
}
