// The resource quota controller: keeps each ResourceQuota's status in step with its
// namespace, status.hard copied from spec.hard and status.used recounted from the objects
// the quota tracks (the same usage the admission check charges), as kube-controller-manager
// recalculates it after every change.
import type { KObject, ResourceQuota } from "../api/types.js";
import {
  countName,
  formatUsage,
  kindsCounted,
  quotaMatches,
  type Usage,
  usageOf,
} from "../apiserver/quota.js";
import { BY_KIND, RESOURCEQUOTAS, RESOURCES, type ResourceType } from "../apiserver/resources.js";
import { addQuantity, parseQuantity, type Quantity } from "../golang/quantity.js";
import type { ControllerContext } from "./context.js";

const ZERO = parseQuantity("0") as Quantity;

/** The served type a quota resource name counts: a legacy kind, or count/<plural>.<group>. */
function typesFor(names: string[]): ResourceType[] {
  const out: ResourceType[] = [];
  for (const k of kindsCounted(names)) {
    const r = k.startsWith("count/") ? RESOURCES.find((x) => countName(x) === k) : BY_KIND.get(k);
    if (r && !out.includes(r)) out.push(r);
  }
  return out;
}

function recount(c: ControllerContext, rq: ResourceQuota): Usage {
  const hard = rq.spec?.hard ?? {};
  const names = Object.keys(hard);
  const used: Usage = {};
  for (const n of names) used[n] = ZERO;
  const now = c.clock.now();
  for (const r of typesFor(names)) {
    for (const obj of c.api.list(r, rq.metadata.namespace) as KObject[]) {
      if (!quotaMatches({ ...rq, status: { hard } }, r, obj)) continue;
      const u = usageOf(r, obj, now);
      for (const n of names) if (u[n]) used[n] = addQuantity(used[n], u[n]);
    }
  }
  return used;
}

/** Where each loaded cluster's last pass left off in the change log. */
const cursors = new WeakMap<ControllerContext, number>();

/**
 * The namespaces written in since the last pass (this process's change log: a loaded
 * cluster is settled): a quota's usage can only have moved where an object changed.
 */
function touchedNamespaces(c: ControllerContext): Set<string> {
  const log = c.api.changeLog;
  const out = new Set<string>();
  for (let i = cursors.get(c) ?? 0; i < log.length; i++) {
    const rest = log[i].slice(log[i].indexOf("/") + 1);
    const slash = rest.indexOf("/");
    if (slash > 0) out.add(rest.slice(0, slash));
  }
  cursors.set(c, log.length);
  return out;
}

export function syncResourceQuotas(c: ControllerContext): boolean {
  let changed = false;
  const touched = touchedNamespaces(c);
  if (!touched.size) return false;
  for (const rq of c.api.all(RESOURCEQUOTAS)) {
    if (!touched.has(rq.metadata.namespace ?? "")) continue;
    const spec = rq.spec?.hard ?? {};
    const hard = Object.fromEntries(
      Object.keys(spec)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((k) => [k, spec[k]]),
    );
    const status = { hard, used: formatUsage(recount(c, rq)) };
    if (JSON.stringify(status) === JSON.stringify(rq.status)) continue;
    const next = structuredClone(rq);
    next.status = status;
    c.api.put(next);
    changed = true;
  }
  return changed;
}
