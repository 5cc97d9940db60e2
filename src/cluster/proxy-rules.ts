// kube-proxy's rules kept between commands, as kube-proxy itself keeps its rule set between
// syncs: one record per Service (proxy/fragments.ts) in the `proxy-rules` bucket, rewritten
// at the end of each reconcile for the Services that it or its EndpointSlices changed, from
// the API server's change log. A node's tables are then assembled from the records instead
// of compiled from every Service and slice: `iptables-save` and a trace's "Nth of M rules"
// at 10,000 Services read 10,000 small records, not 20,000 objects.
//
// Only iptables mode keeps them (the other modes' tables come from the objects). The state's
// proxyRules.rv says up to which write they were kept: a state written since without them (a
// cluster stored before they existed) is not trusted, and readers compile as before.
import type { EndpointSlice, KObject, Service } from "../api/types.js";
import { SLICE_SERVICE_NAME } from "../apiserver/indexes.js";
import { ENDPOINTSLICES as SLICES, SERVICES as SVC } from "../apiserver/resources.js";
import type { ApiServer } from "../apiserver/server.js";
import {
  isLargeCluster,
  proxyModeOf,
  type ServiceFragment,
  type ServiceWalk,
  serviceEndpoints,
  serviceFragment,
  walkOf,
} from "../proxy/index.js";
import type { ObjectStore } from "../store/objects.js";
import { clusterSubnets } from "../util/subnets.js";
import type { ClusterState } from "./state.js";

export const PROXY_RULES = "proxy-rules";
/** Beside each record, the few words a trace's count needs (proxy/fragments.ts ServiceWalk). */
export const PROXY_WALK = "proxy-walk";

interface Kept {
  api: ApiServer;
  objects: ObjectStore;
  state: ClusterState;
}

/** How far into each API server's change log the records were brought. */
const cursors = new WeakMap<ApiServer, number>();
/** Whether the records were up to date with the state as it was loaded. */
const trustedAtLoad = new WeakMap<ApiServer, boolean>();

const keeps = (state: ClusterState) => proxyModeOf(state.settings.kind?.kubeProxyMode) === "iptables";

/** Whether the loaded state's records can be trusted: called as the cluster loads, before any write. */
function upToDate(c: Kept): boolean {
  const kept = c.state.proxyRules;
  return (
    c.objects.has(PROXY_RULES) &&
    c.objects.has(PROXY_WALK) &&
    typeof kept?.endpoints === "number" &&
    kept.rv === c.state.resourceVersion
  );
}

/** Notes, as the cluster loads, whether its records are up to date (the next sync rewrites them if not). */
export function loadedProxyRules(c: Kept): void {
  trustedAtLoad.set(c.api, upToDate(c));
}

/** The Services' rules written for every node: `node.name` "" (per-node ones are marked so). */
function anyNode(state: ClusterState) {
  return { clusterCIDR: clusterSubnets(state.settings).podSubnet, node: { name: "", ip: "" } };
}

function slicesOf(api: ApiServer, key: string): EndpointSlice[] {
  return api.indexed(SLICES, SLICE_SERVICE_NAME, key, true);
}

function serviceAt(c: Kept, key: string): Service | undefined {
  return c.objects.bucket(SVC.plural).get(key) as Service | undefined;
}

/** The Services a run of change-log entries concerns ("services/ns/name", "endpointslices/ns/x"). */
function touchedServices(c: Kept, entries: string[]): Set<string> {
  const out = new Set<string>();
  const slices = c.objects.bucket(SLICES.plural);
  for (const e of entries) {
    const slash = e.indexOf("/");
    const plural = e.slice(0, slash);
    const key = e.slice(slash + 1);
    if (plural === SVC.plural) out.add(key);
    else if (plural === SLICES.plural) {
      // The Service it names now, and those it named before this process moved it.
      const s = slices.get(key) as KObject | undefined;
      const svc = s?.metadata.labels?.["kubernetes.io/service-name"];
      if (svc) out.add(`${s?.metadata.namespace ?? ""}/${svc}`);
      for (const v of c.api.indexValues(SLICE_SERVICE_NAME, key).former) out.add(v);
    }
  }
  return out;
}

/** Writes every Service's record anew: a cluster without trusted records, or a flip of large-cluster mode. */
function rewriteAll(c: Kept): void {
  const b = c.objects.bucket(PROXY_RULES);
  const walks = c.objects.bucket(PROXY_WALK);
  for (const [key] of b.entries()) b.delete(key);
  for (const [key] of walks.entries()) walks.delete(key);
  const svcs = c.objects.bucket(SVC.plural).entries() as [string, Service][];
  const slices = svcs.map(([key]) => slicesOf(c.api, key));
  let endpoints = 0;
  svcs.forEach(([, svc], i) => {
    endpoints += serviceEndpoints(svc, slices[i]);
  });
  const large = isLargeCluster(endpoints);
  svcs.forEach(([key, svc], i) => {
    const f = serviceFragment(svc, slices[i], anyNode(c.state), large);
    b.set(key, f as unknown as KObject);
    walks.set(key, walkOf(f) as unknown as KObject);
  });
  c.state.proxyRules = { endpoints, rv: c.state.resourceVersion };
}

/**
 * Brings the records up to the API server's writes since the last call: each Service a
 * write touched gets its record rewritten (or removed with it). Run after the controllers
 * settle, as kube-proxy syncs after the endpoint controllers have written.
 */
export function syncProxyRules(c: Kept): void {
  if (!keeps(c.state)) return;
  const log = c.api.changeLog;
  const from = cursors.get(c.api) ?? 0;
  cursors.set(c.api, log.length);
  const kept = c.state.proxyRules;
  if (!trustedAtLoad.get(c.api) || !kept) {
    rewriteAll(c);
    trustedAtLoad.set(c.api, true);
    return;
  }
  const b = c.objects.bucket(PROXY_RULES);
  const walks = c.objects.bucket(PROXY_WALK);
  const large = isLargeCluster(kept.endpoints);
  let endpoints = kept.endpoints;
  for (const key of touchedServices(c, log.slice(from))) {
    const before = b.get(key) as unknown as ServiceFragment | undefined;
    const svc = serviceAt(c, key);
    const after = svc ? serviceFragment(svc, slicesOf(c.api, key), anyNode(c.state), large) : undefined;
    endpoints += (after?.endpoints ?? 0) - (before?.endpoints ?? 0);
    if (!after) {
      if (before) b.delete(key);
      if (walks.get(key)) walks.delete(key);
    } else if (!before || JSON.stringify(before) !== JSON.stringify(after)) {
      b.set(key, after as unknown as KObject);
      // Most endpoint changes leave the walk as it was: its record is rewritten only when not.
      const walk = walkOf(after);
      if (JSON.stringify(walks.get(key)) !== JSON.stringify(walk)) walks.set(key, walk as unknown as KObject);
    }
  }
  // Past kube-proxy's threshold every Service's rules change (per-endpoint comments go or come).
  if (isLargeCluster(endpoints) !== large) rewriteAll(c);
  else c.state.proxyRules = { endpoints, rv: c.state.resourceVersion };
}

/**
 * The kept records of every Service, for a reader on `node`: undefined when there are none
 * to trust (another proxy mode, a cluster stored before them); otherwise each Service's
 * record, those whose rules differ by node written for this one.
 */
export function keptFragments(c: Kept, node: { name: string; ip: string }): ServiceFragment[] | undefined {
  if (!keeps(c.state) || !upToDate(c)) return undefined;
  // The records stand for reading every Service and slice: the same permission applies.
  c.api.authorizeRequest("list", SVC, undefined);
  c.api.authorizeRequest("list", SLICES, undefined);
  const large = isLargeCluster(c.state.proxyRules?.endpoints ?? 0);
  const where = { clusterCIDR: clusterSubnets(c.state.settings).podSubnet, node };
  const out: ServiceFragment[] = [];
  for (const [key, o] of c.objects.bucket(PROXY_RULES).entries()) {
    const f = o as unknown as ServiceFragment;
    if (!f.perNode && f.large === large) out.push(f);
    else {
      const svc = serviceAt(c, key);
      if (svc) out.push(serviceFragment(svc, slicesOf(c.api, key), where, large));
    }
  }
  return out;
}

/**
 * The kept walk entries of every Service for a trace on `node` (undefined as keptFragments),
 * those that differ by node counted for this one.
 */
export function keptWalks(c: Kept, node: { name: string; ip: string }): ServiceWalk[] | undefined {
  if (!keeps(c.state) || !upToDate(c)) return undefined;
  c.api.authorizeRequest("list", SVC, undefined);
  c.api.authorizeRequest("list", SLICES, undefined);
  const where = { clusterCIDR: clusterSubnets(c.state.settings).podSubnet, node };
  const out: ServiceWalk[] = [];
  for (const [key, o] of c.objects.bucket(PROXY_WALK).entries()) {
    const w = o as unknown as ServiceWalk;
    if (!w.perNode) out.push(w);
    else {
      const svc = serviceAt(c, key);
      if (svc) out.push(walkOf(serviceFragment(svc, slicesOf(c.api, key), where, false)));
    }
  }
  return out;
}
