// Why a MetalLB address does not answer from outside, or why a LoadBalancer Service is still
// <pending> under MetalLB: read from its configuration (pools, L2Advertisements), its pods,
// the speakers' choice and the controller's last AllocationFailed event.

import type { Service } from "../api/types.js";
import type { Cluster } from "../cluster/cluster.js";
import { controllerReady, metallbInstalled, readPools } from "../controllers/metallb-config.js";
import { announcementOf } from "../controllers/metallb-speaker.js";
import { compareKeys } from "../golang/sort.js";
import { inCIDR } from "../util/ipv4.js";
import { noEndpoints, svcName, type Verdict } from "./diagnose-svc.js";
import { KIND_NETWORK } from "./l2-entry.js";

/** From outside, a MetalLB address that leads nowhere: off the nodes' network, or not announced. */
export function metallbUnreachable(c: Cluster, svc: Service, ip: string): Verdict | undefined {
  const a = announcementOf(c.api, svc);
  if (!a) return undefined;
  const name = `Service ${svcName(svc)}`;
  if (!inCIDR(ip, KIND_NETWORK))
    return {
      ok: false,
      cause: `MetalLB gave ${name} ${ip}, which is outside kind's docker network ${KIND_NETWORK}: in layer 2 mode a speaker answers ARP only on the nodes' own network, so your machine routes the packets elsewhere`,
      fix: `give the IPAddressPool addresses inside ${KIND_NETWORK} (\`docker network inspect kind\` shows the subnet), e.g. 172.18.255.200-172.18.255.250`,
    };
  switch (a.kind) {
    case "announced":
      return undefined;
    case "no-l2-advertisement":
      return {
        ok: false,
        cause: `MetalLB gave ${name} ${ip} from pool ${a.pool}, but no L2Advertisement in metallb-system announces that pool, so no node answers ARP for it`,
        fix: `create an L2Advertisement in namespace metallb-system (an empty spec announces every pool; or list ${a.pool} in spec.ipAddressPools)`,
      };
    case "no-ready-endpoint": {
      const why = noEndpoints(c, svc);
      return {
        ok: false,
        cause: `MetalLB's speakers announce ${ip} only while ${name} has a ready endpoint, and it has none: ${why.cause}`,
        fix: why.fix,
      };
    }
    case "no-speaker":
      return {
        ok: false,
        cause: `no node can announce ${ip}: a MetalLB speaker must be ready on a node that the L2Advertisement selects, without the node.kubernetes.io/exclude-from-external-load-balancers label${svc.spec?.externalTrafficPolicy === "Local" ? " and (externalTrafficPolicy Local) with a ready endpoint of the Service" : ""}`,
        fix: "`kubesim get pods -n metallb-system -l component=speaker -o wide` shows where speakers run and whether they are ready",
      };
  }
}

/** A LoadBalancer Service MetalLB left <pending>: not ready, no pool, or its allocation error. */
export function metallbPending(c: Cluster, svc: Service): Verdict | undefined {
  if (svc.spec?.loadBalancerClass || !metallbInstalled(c.api)) return undefined;
  const name = `LoadBalancer Service ${svcName(svc)}`;
  if (!controllerReady(c.api))
    return {
      ok: false,
      cause: `${name} is <pending>: MetalLB is installed but its controller pod is not ready, so nothing assigns addresses yet`,
      fix: "kubesim wait --namespace metallb-system --for=condition=ready pod --selector=app=metallb --timeout=90s",
    };
  if (!readPools(c.api).length)
    return {
      ok: false,
      cause: `${name} is <pending>: MetalLB has no IPAddressPool in namespace metallb-system, so it has no address to give`,
      fix: "create an IPAddressPool (e.g. addresses 172.18.255.200-172.18.255.250, inside kind's docker network) and an L2Advertisement in metallb-system",
    };
  const failed = c.api
    .eventsOf(svc.metadata.namespace ?? "default", svc.metadata.name ?? "")
    .filter((e) => e.reason === "AllocationFailed")
    .sort((x, y) => compareKeys(String(x.lastTimestamp), String(y.lastTimestamp)))
    .at(-1);
  return {
    ok: false,
    cause: `${name} is <pending>: MetalLB could not give it an address${failed ? `; its controller says: ${failed.message}` : ""}`,
    fix: "ask for an address inside a pool (or none), free one by deleting a Service that holds it, or add addresses to a pool",
  };
}
