// MetalLB's speakers in layer 2 mode: for each address the controller assigned, one node
// answers ARP for it, so traffic from outside arrives there and kube-proxy's rules take it
// on. Which node is ShouldAnnounce's choice: the nodes whose speaker is ready, that carry no
// node.kubernetes.io/exclude-from-external-load-balancers label (kind's control plane has
// it), that an L2Advertisement of the address's pool selects, and, under
// externalTrafficPolicy Local, that run a ready endpoint; ordered by the SHA-256 of
// "node#ip", the first wins. Nothing is announced while the Service has no ready endpoint
// or no L2Advertisement covers its pool: the address then answers nobody's ARP.

import { createHash } from "node:crypto";
import type { Service } from "../api/types.js";
import { fromLabelSelector, matches } from "../apiserver/labels.js";
import { NODES, ENDPOINTSLICES as SLICES, SERVICES as SVC } from "../apiserver/resources.js";
import type { ApiServer } from "../apiserver/server.js";
import type { ControllerContext } from "./context.js";
import { serviceKey } from "./lb-pool.js";
import {
  isMetalLBService,
  l2AdvertisementsFor,
  metallbMemory,
  OLD_POOL_ANNOTATION,
  POOL_ANNOTATION,
  poolLabels,
  speakerNodes,
} from "./metallb-config.js";

const SOURCE = { component: "metallb-speaker" };
const EXCLUDE_LB = "node.kubernetes.io/exclude-from-external-load-balancers";

/** Who announces a MetalLB address, or why nobody does: facts diagnose turns into words. */
export type Announcement =
  | { kind: "announced"; node: string; ip: string }
  | { kind: "no-l2-advertisement"; pool: string; ip: string }
  | { kind: "no-ready-endpoint"; ip: string }
  | { kind: "no-speaker"; pool: string; ip: string };

function readyEndpointNodes(api: ApiServer, svc: Service): { any: boolean; nodes: Set<string> } {
  const nodes = new Set<string>();
  let any = false;
  for (const s of api.list(SLICES, svc.metadata.namespace)) {
    if (s.metadata.labels?.["kubernetes.io/service-name"] !== svc.metadata.name) continue;
    for (const ep of s.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      any = true;
      if (ep.nodeName) nodes.add(ep.nodeName);
    }
  }
  return { any, nodes };
}

const rank = (node: string, ip: string) => createHash("sha256").update(`${node}#${ip}`).digest();

/** The node that answers ARP for the Service's (first) MetalLB address, or why none does. */
export function announcementOf(api: ApiServer, svc: Service): Announcement | undefined {
  const ip = svc.status?.loadBalancer?.ingress?.[0]?.ip;
  const pool = svc.metadata.annotations?.[POOL_ANNOTATION] ?? svc.metadata.annotations?.[OLD_POOL_ANNOTATION];
  if (!ip || !pool || !isMetalLBService(svc)) return undefined;
  const ads = l2AdvertisementsFor(api, pool, poolLabels(api, pool));
  if (!ads.length) return { kind: "no-l2-advertisement", pool, ip };
  const eps = readyEndpointNodes(api, svc);
  if (!eps.any) return { kind: "no-ready-endpoint", ip };
  const speakers = speakerNodes(api);
  const local = svc.spec?.externalTrafficPolicy === "Local";
  const nodes = api
    .list(NODES)
    .filter((n) => {
      const name = n.metadata.name ?? "";
      const labels = n.metadata.labels;
      if (!speakers.has(name) || labels?.[EXCLUDE_LB] !== undefined) return false;
      if (local && !eps.nodes.has(name)) return false;
      return ads.some(
        (a) => !a.nodeSelectors.length || a.nodeSelectors.some((s) => matches(fromLabelSelector(s), labels)),
      );
    })
    .map((n) => n.metadata.name ?? "")
    .sort((a, b) => Buffer.compare(rank(a, ip), rank(b, ip)));
  if (!nodes.length) return { kind: "no-speaker", pool, ip };
  return { kind: "announced", node: nodes[0], ip };
}

/** Each winning speaker's `nodeAssigned` event, when the announcing node changes. */
export function syncSpeakers(c: ControllerContext): boolean {
  const announced = metallbMemory(c).announced;
  const seen = new Set<string>();
  let changed = false;
  for (const svc of c.api.all(SVC)) {
    if (svc.spec?.type !== "LoadBalancer") continue;
    const a = announcementOf(c.api, svc);
    if (!a) continue;
    const key = serviceKey(svc);
    if (a.kind !== "announced") continue;
    seen.add(key);
    if (announced[key] === a.node) continue;
    announced[key] = a.node;
    changed = true;
    c.recorder.recordEvent(
      svc,
      "Normal",
      "nodeAssigned",
      `announcing from node ${JSON.stringify(a.node)} with protocol "layer2"`,
      SOURCE,
    );
  }
  for (const k of Object.keys(announced))
    if (!seen.has(k)) {
      delete announced[k];
      changed = true;
    }
  return changed;
}
