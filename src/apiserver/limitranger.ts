// The LimitRanger admission plugin (plugin/pkg/admission/limitranger, v1.32) for pods: on
// create, a container without a request or limit for a resource takes the namespace's
// LimitRange default (noted in the kubernetes.io/limit-ranger annotation), and a pod outside
// a LimitRange's min, max or limit/request ratio is refused as Forbidden.
import type { Container } from "kubernetes-types/core/v1";
import type { KObject, LimitRange } from "../api/types.js";
import {
  addQuantity,
  formatQuantity,
  parseQuantity,
  type Quantity,
  quantityMilliValue,
  quantityValue,
  ZERO,
} from "../golang/quantity.js";
import { StatusError } from "./errors.js";
import { LIMITRANGES, qualifiedPlural, type ResourceType } from "./resources.js";
import type { ApiServer } from "./server.js";

type List = Record<string, string>;

const ANNOTATION = "kubernetes.io/limit-ranger";
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function parse(v: unknown): Quantity | undefined {
  const q = parseQuantity(String(v));
  return typeof q === "string" ? undefined : q;
}

/** Go's `%s` of a decoded quantity: its canonical text. */
const text = (v: unknown) => {
  const q = parse(v);
  return q ? formatQuantity(q) : String(v);
};

/** The namespace's LimitRanges, in the lister's (name) order. */
function rangesOf(api: ApiServer, ns: string): LimitRange[] {
  return api.list(LIMITRANGES, ns);
}

/** mergeContainerResources: fills what the container leaves out and says what it set. */
function mergeContainer(c: Container, requests: List, limits: List, prefix: string, notes: string[]): void {
  c.resources ??= {};
  const res = c.resources;
  const lim: List = { ...(res.limits as List | undefined) };
  const req: List = { ...(res.requests as List | undefined) };
  const setLimits = Object.keys(limits).filter((k) => !(k in lim));
  const setRequests = Object.keys(requests).filter((k) => !(k in req));
  for (const k of setLimits) lim[k] = limits[k];
  for (const k of setRequests) req[k] = requests[k];
  if (Object.keys(lim).length) res.limits = lim;
  if (Object.keys(req).length) res.requests = req;
  if (setRequests.length)
    notes.push(`${setRequests.sort(byteOrder).join(", ")} request for ${prefix} ${c.name}`);
  if (setLimits.length) notes.push(`${setLimits.sort(byteOrder).join(", ")} limit for ${prefix} ${c.name}`);
}

/** PodMutateLimitFunc for every LimitRange of the pod's namespace. Mutates `pod`. */
export function applyLimitRangeDefaults(api: ApiServer, pod: KObject): void {
  for (const lr of rangesOf(api, pod.metadata.namespace ?? "")) {
    const requests: List = {};
    const limits: List = {};
    for (const item of lr.spec.limits ?? []) {
      if (item.type !== "Container") continue;
      Object.assign(requests, item.defaultRequest ?? {});
      Object.assign(limits, item.default ?? {});
    }
    const notes: string[] = [];
    for (const c of pod.spec?.containers ?? []) mergeContainer(c, requests, limits, "container", notes);
    for (const c of pod.spec?.initContainers ?? [])
      mergeContainer(c, requests, limits, "init container", notes);
    if (notes.length) {
      pod.metadata.annotations = {
        ...pod.metadata.annotations,
        [ANNOTATION]: `LimitRanger plugin set: ${notes.join("; ")}`,
      };
    }
  }
}

/** requestLimitEnforcedValues: milli-units unless a value would overflow them. */
function values(req: Quantity | undefined, lim: Quantity | undefined, enforced: Quantity): bigint[] {
  const all = [req ?? ZERO, lim ?? ZERO, enforced];
  const MAX_MILLI = 9223372036854775807n / 1000n;
  if (all.every((q) => quantityValue(q) <= MAX_MILLI)) return all.map(quantityMilliValue);
  return all.map(quantityValue);
}

/** What each constraint compares: the enforced value, and the request and limit as values() gives them. */
interface Operands {
  e: Quantity;
  req?: Quantity;
  lim?: Quantity;
  r: bigint;
  l: bigint;
  v: bigint;
}

function operands(name: string, enforced: unknown, request: List, limit: List): Operands | undefined {
  const e = parse(enforced);
  if (!e) return undefined;
  const req = name in request ? parse(request[name]) : undefined;
  const lim = name in limit ? parse(limit[name]) : undefined;
  const [r, l, v] = values(req, lim, e);
  return { e, req, lim, r, l, v };
}

function minConstraint(
  type: string,
  name: string,
  enforced: unknown,
  request: List,
  limit: List,
): string | undefined {
  const o = operands(name, enforced, request, limit);
  if (!o) return undefined;
  const { e, req, lim, r, l, v } = o;
  if (!req) return `minimum ${name} usage per ${type} is ${formatQuantity(e)}.  No request is specified`;
  if (r < v)
    return `minimum ${name} usage per ${type} is ${formatQuantity(e)}, but request is ${text(request[name])}`;
  if (lim && l < v)
    return `minimum ${name} usage per ${type} is ${formatQuantity(e)}, but limit is ${text(limit[name])}`;
  return undefined;
}

function maxConstraint(
  type: string,
  name: string,
  enforced: unknown,
  request: List,
  limit: List,
): string | undefined {
  const o = operands(name, enforced, request, limit);
  if (!o) return undefined;
  const { e, req, lim, r, l, v } = o;
  if (!lim) return `maximum ${name} usage per ${type} is ${formatQuantity(e)}.  No limit is specified`;
  if (l > v)
    return `maximum ${name} usage per ${type} is ${formatQuantity(e)}, but limit is ${text(limit[name])}`;
  if (req && r > v)
    return `maximum ${name} usage per ${type} is ${formatQuantity(e)}, but request is ${text(request[name])}`;
  return undefined;
}

function ratioConstraint(
  type: string,
  name: string,
  enforced: unknown,
  request: List,
  limit: List,
): string | undefined {
  const o = operands(name, enforced, request, limit);
  if (!o) return undefined;
  const { e, req, lim, r, l } = o;
  const shown = formatQuantity(e);
  if (!req || r === 0n)
    return `${name} max limit to request ratio per ${type} is ${shown}, but no request is specified or request is 0`;
  if (!lim || l === 0n)
    return `${name} max limit to request ratio per ${type} is ${shown}, but no limit is specified or limit is 0`;
  const ratio = Number(l) / Number(r);
  if (ratio * 1000 > Number(quantityMilliValue(e)))
    return `${name} max limit to request ratio per ${type} is ${shown}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

/** resourcehelper.PodRequests/PodLimits: the containers' sum, at least each init container's. */
function podTotals(containers: Container[], init: Container[], field: "requests" | "limits"): List {
  const sum: Record<string, Quantity> = {};
  for (const c of containers)
    for (const [k, v] of Object.entries((c.resources?.[field] ?? {}) as List)) {
      const q = parse(v);
      if (q) sum[k] = sum[k] ? addQuantity(sum[k], q) : q;
    }
  for (const c of init)
    for (const [k, v] of Object.entries((c.resources?.[field] ?? {}) as List)) {
      const q = parse(v);
      if (q && (!sum[k] || quantityMilliValue(q) > quantityMilliValue(sum[k]))) sum[k] = q;
    }
  return Object.fromEntries(Object.entries(sum).map(([k, q]) => [k, formatQuantity(q)]));
}

function check(
  item: NonNullable<LimitRange["spec"]["limits"]>[number],
  type: string,
  request: List,
  limit: List,
): string[] {
  const errs: string[] = [];
  const each = (l: List | undefined, fn: typeof minConstraint) => {
    for (const k of Object.keys(l ?? {}).sort(byteOrder)) {
      const e = fn(type, k, (l as List)[k], request, limit);
      if (e) errs.push(e);
    }
  };
  each(item.min as List | undefined, minConstraint);
  each(item.max as List | undefined, maxConstraint);
  each(item.maxLimitRequestRatio as List | undefined, ratioConstraint);
  return errs;
}

/** PodValidateLimitFunc over the namespace's LimitRanges: Forbidden with every violation. */
export function validatePodLimits(api: ApiServer, r: ResourceType, pod: KObject): void {
  const containers: Container[] = pod.spec?.containers ?? [];
  const init: Container[] = pod.spec?.initContainers ?? [];
  for (const lr of rangesOf(api, pod.metadata.namespace ?? "")) {
    const errs: string[] = [];
    for (const item of lr.spec.limits ?? []) {
      if (item.type === "Container") {
        for (const c of [...containers, ...init]) {
          const res = c.resources ?? {};
          errs.push(...check(item, "Container", (res.requests ?? {}) as List, (res.limits ?? {}) as List));
        }
      } else if (item.type === "Pod") {
        errs.push(
          ...check(
            item,
            "Pod",
            podTotals(containers, init, "requests"),
            podTotals(containers, init, "limits"),
          ),
        );
      }
    }
    if (!errs.length) continue;
    // utilerrors.Aggregate: one error as itself, several in brackets.
    const agg = errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
    const name = pod.metadata.name || pod.metadata.generateName || "";
    throw new StatusError("Forbidden", `${qualifiedPlural(r)} "${name}" is forbidden: ${agg}`, 403);
  }
}
