// The pod IPs the kubelet's CNI call hands out and takes back: host-local IPAM over the
// node's range, the IP index (address -> pod) the data plane looks pods up by, and who last
// held a freed address, so a trace to an old IP can name the pod that had it.
import type { KObject, Pod } from "../api/types.js";
import { PODS } from "../apiserver/resources.js";
import { allocatePodIP } from "../cni/ipam.js";
import type { KubeletContext } from "./context.js";

/**
 * The IP index (address -> "namespace/name") lives in its own bucket (apiserver/storage.ts:
 * podips), one record per address, so a command reads only the shards of the addresses it
 * asks about. `state.podIPs` being there (empty since the bucket) says the index is kept: a
 * state from before the index has none, and IPAM falls back to a scan.
 */
const IP_BUCKET = "podips";

interface IpRecord {
  pod: string;
}

/** The pod ("namespace/name") the index says holds ip; a stale entry is the caller's to check. */
export function indexedPodAt(c: Pick<KubeletContext, "api" | "state">, ip: string): string | undefined {
  return (c.api.objects.bucket(IP_BUCKET).get(ip) as unknown as IpRecord | undefined)?.pod;
}

/** Whether this state keeps the IP index (every state since it was added). */
export function hasPodIPIndex(c: Pick<KubeletContext, "state">): boolean {
  return c.state.podIPs !== undefined;
}

/** Moves the index a state written before the bucket kept in meta.json into the bucket (once, as it loads). */
export function moveLegacyPodIPs(c: KubeletContext): void {
  const legacy = c.state.podIPs;
  if (!legacy) return;
  const kept: Record<string, string> = {};
  const b = c.api.objects.bucket(IP_BUCKET);
  for (const [ip, pod] of Object.entries(legacy)) {
    if (typeof pod !== "string") kept[ip] = pod;
    else if (!b.get(ip)) b.set(ip, { pod } as unknown as KObject);
  }
  c.state.podIPs = kept;
}

/**
 * The node's pod IPs still held, as IPAM sees them. The IP index answers per address (an
 * entry whose pod is gone or has another IP is free), so starting N pods costs N look-ups
 * instead of N reads of every pod; a state without the index falls back to a scan.
 */
function podIPsInUse(c: KubeletContext, node: string): { has(ip: string): boolean } {
  if (!hasPodIPIndex(c)) {
    const inUse = new Set<string>();
    for (const p of c.api.summaries(PODS))
      if (p.status?.podIP && p.spec.nodeName === node) inUse.add(p.status.podIP);
    return inUse;
  }
  const pods = c.api.objects.bucket("pods");
  return {
    has: (ip) => {
      const key = indexedPodAt(c, ip);
      return key !== undefined && pods.summary(key)?.status?.podIP === ip;
    },
  };
}

/** The sandbox's address: the next free one in the node's range, recorded in the index. */
export function assignPodIP(c: KubeletContext, pod: Pod, node: string): void {
  const ip = allocatePodIP(c.state.ipam[node], podIPsInUse(c, node));
  if (!ip || !pod.status) return;
  pod.status.podIP = ip;
  pod.status.podIPs = [{ ip }];
  if (c.state.formerPodIPs) delete c.state.formerPodIPs[ip];
  c.state.podIPs ??= {};
  c.api.objects
    .bucket(IP_BUCKET)
    .set(ip, { pod: `${pod.metadata.namespace}/${pod.metadata.name}` } as unknown as KObject);
}

/** The pod is gone: its address is free, and who held it is remembered (the 256 latest). */
export function releasePodIP(c: KubeletContext, pod: Pod, at: number): void {
  const ip = pod.status?.podIP;
  if (!ip || !indexedPodAt(c, ip)) return;
  c.api.objects.bucket(IP_BUCKET).delete(ip);
  const former = c.state.formerPodIPs ?? {};
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  former[ip] = {
    pod: `${pod.metadata.namespace}/${pod.metadata.name}`,
    ...(owner ? { owner: `${owner.kind}/${owner.name}` } : {}),
    gone: at,
  };
  const ips = Object.keys(former);
  if (ips.length > 256) {
    ips.sort((a, b) => former[a].gone - former[b].gone);
    for (const old of ips.slice(0, ips.length - 256)) delete former[old];
  }
  c.state.formerPodIPs = former;
}
