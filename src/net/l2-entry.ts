// From outside, a MetalLB address in layer 2 mode leads to the node whose speaker answers
// ARP for it (controllers/metallb-speaker.ts picks it); with no speaker announcing it, ARP
// goes unanswered and the client gets no route to the host. ARP works only on the nodes' own
// network (kind's docker network): an address outside it is routed away from the cluster.
import type { Service } from "../api/types.js";
import type { ApiServer } from "../apiserver/server.js";
import { announcementOf } from "../controllers/metallb-speaker.js";
import { inCIDR } from "../util/ipv4.js";
import { type Hop, refOf } from "./hops.js";

/** kind's docker network, where the nodes (and MetalLB's layer-2 addresses) live. */
export const KIND_NETWORK = "172.18.0.0/16";

/** The entry node of a MetalLB address, null when nobody announces it, undefined when it is not MetalLB's. */
export function metallbEntry(
  api: ApiServer,
  owner: Service,
  ip: string,
  hops: Hop[],
): string | null | undefined {
  const l2 = announcementOf(api, owner);
  if (!l2) return undefined;
  if (!inCIDR(ip, KIND_NETWORK)) return null;
  const service = refOf(owner);
  if (l2.kind !== "announced") {
    hops.push({ kind: "route", dst: ip, to: "unannounced", service });
    return null;
  }
  hops.push({ kind: "load-balancer", ip, service, node: l2.node, l2: "metallb" });
  return l2.node;
}
