// MetalLB's speakers in layer 2 mode: for each address the controller assigned, one node
// answers ARP for it, so traffic from outside arrives there and kube-proxy's rules take it
// on. Which node is ShouldAnnounce's choice: the nodes whose speaker is ready, that carry no
// node.kubernetes.io/exclude-from-external-load-balancers label (kind's control plane has
// it), that an L2Advertisement of the address's pool selects, and, under
// externalTrafficPolicy Local, that run a ready endpoint; ordered by the SHA-256 of
// "node#ip", the first wins. Nothing is announced while the Service has no ready endpoint
// or no L2Advertisement covers its pool: the address then answers nobody's ARP. The winning
// speaker records its announcement as a ServiceL2Status (`l2-xxxxx` in metallb-system, owned
// by the speaker pod) and deletes it when it stops announcing.

import type { KObject, Service } from "../api/types.js";
import { fromLabelSelector, matches } from "../apiserver/labels.js";
import {
  customResources,
  NODES,
  PODS,
  ENDPOINTSLICES as SLICES,
  SERVICES as SVC,
} from "../apiserver/resources.js";
import type { ApiServer } from "../apiserver/server.js";
import { sha256 } from "../util/digest.js";
import { Rng } from "../util/rng.js";
import type { ControllerContext } from "./context.js";
import { serviceKey } from "./lb-pool.js";
import {
  isMetalLBService,
  l2AdvertisementsFor,
  METALLB_NS,
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

const rank = (node: string, ip: string) => sha256(`${node}#${ip}`);

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

const NODE_LABEL = "metallb.io/node";
const NAME_LABEL = "metallb.io/service-name";
const NS_LABEL = "metallb.io/service-namespace";

/** The ServiceL2Status objects' type, once MetalLB's CRDs are installed. */
function l2StatusType() {
  return customResources().find((r) => r.group === "metallb.io" && r.plural === "servicel2statuses");
}

/** The Layer2StatusReconciler: one ServiceL2Status per announced Service, from its speaker's node. */
function syncL2Status(c: ControllerContext, svc: Service, node: string | undefined): void {
  const type = l2StatusType();
  if (!type) return;
  const name = svc.metadata.name ?? "";
  const ns = svc.metadata.namespace ?? "default";
  const mine = c.api
    .list(type, METALLB_NS)
    .filter((o) => o.metadata.labels?.[NAME_LABEL] === name && o.metadata.labels?.[NS_LABEL] === ns);
  for (const o of mine) if (o.metadata.labels?.[NODE_LABEL] !== node) c.api.remove(o);
  if (!node || mine.some((o) => o.metadata.labels?.[NODE_LABEL] === node)) return;
  const speaker = c.api
    .list(PODS, METALLB_NS)
    .find((p) => p.metadata.labels?.component === "speaker" && p.spec.nodeName === node);
  const rng = Rng.forKey(`${svc.metadata.uid}/${node}/servicel2status`);
  const status: KObject = {
    apiVersion: "metallb.io/v1beta1",
    kind: "ServiceL2Status",
    metadata: {
      generateName: "l2-",
      namespace: METALLB_NS,
      labels: { [NODE_LABEL]: node, [NAME_LABEL]: name, [NS_LABEL]: ns },
      ...(speaker
        ? {
            ownerReferences: [
              { apiVersion: "v1", kind: "Pod", name: speaker.metadata.name, uid: speaker.metadata.uid },
            ],
          }
        : {}),
    },
    spec: {},
    status: { node, serviceName: name, serviceNamespace: ns },
  } as KObject;
  c.api.insert(status as never, rng);
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
    syncL2Status(c, svc, a.node);
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
      const [ns, name] = k.split("/");
      const svc = c.api.get(SVC, ns, name);
      if (svc) syncL2Status(c, svc, undefined);
      else removeL2Status(c, ns, name);
    }
  return changed;
}

/** A deleted Service's ServiceL2Status goes with it. */
function removeL2Status(c: ControllerContext, ns: string, name: string): void {
  const type = l2StatusType();
  if (!type) return;
  for (const o of c.api.list(type, METALLB_NS))
    if (o.metadata.labels?.[NAME_LABEL] === name && o.metadata.labels?.[NS_LABEL] === ns) c.api.remove(o);
}
