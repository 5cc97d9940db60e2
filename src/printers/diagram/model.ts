// The picture `kubesim diagram` draws, as plain data: nodes holding their pods, Services
// with the endpoints their EndpointSlices list, and what is wrong with each Service. The
// renderers (text, svg, dot, mermaid) only lay this out, so they all tell the same story.

import type { EndpointSlice, KObject, Node, Pod, Service } from "../../api/types.js";
import { fromMap, matches, type Selector } from "../../apiserver/labels.js";
import { type NearMiss, nearMisses } from "../../apiserver/nearmiss.js";
import { podReady, podStatus } from "../table/pod.js";

export interface ContainerInfo {
  name: string;
  image: string;
  /** `80/TCP`, or `80/TCP (host 8080)` when a hostPort is mapped too. */
  ports: string[];
}

export interface PodInfo {
  /** `namespace/name`: unique across the picture, and what endpoints refer to. */
  id: string;
  namespace: string;
  name: string;
  ip?: string;
  /** The pod shares its node's network namespace, so its IP is the node's. */
  hostNetwork: boolean;
  node?: string;
  /** kubectl's READY and STATUS columns. */
  readyCount: string;
  status: string;
  ready: boolean;
  containers: ContainerInfo[];
}

export interface NodeInfo {
  name: string;
  ip: string;
  podCIDR: string;
  role: "control-plane" | "worker";
  pods: PodInfo[];
}

export type EndpointState = "ready" | "not ready" | "terminating";

export interface EndpointInfo {
  /** The backing pod's id, when the slice names one (a Service without selector may not). */
  podId?: string;
  /** The pod's name, or the bare address for endpoints that are not pods. */
  label: string;
  ip: string;
  ports: number[];
  node?: string;
  state: EndpointState;
}

export interface ServicePort {
  name: string;
  port: number;
  protocol: string;
  targetPort: string;
  nodePort?: number;
}

export interface ServiceInfo {
  id: string;
  namespace: string;
  name: string;
  type: string;
  headless: boolean;
  clusterIP?: string;
  externalIP?: string;
  externalName?: string;
  /** `k=v,...`, or undefined when the Service has no selector. */
  selector?: string;
  ports: ServicePort[];
  endpoints: EndpointInfo[];
  /** What a learner should look at first; empty when traffic has somewhere ready to go. */
  problems: string[];
  /** Pods one label away from the selector, when it matches none. */
  nearMisses: NearMiss[];
}

export interface DiagramModel {
  cluster: string;
  /** `namespace default`, or `all namespaces`. */
  scope: string;
  nodes: NodeInfo[];
  /** Pods no node has taken yet. */
  unscheduled: PodInfo[];
  services: ServiceInfo[];
}

export interface ModelInput {
  cluster: string;
  /** undefined for all namespaces. */
  namespace?: string;
  nodes: KObject[];
  /** Every pod in scope: near misses are looked for among these, even those -l hides. */
  pods: KObject[];
  services: KObject[];
  slices: KObject[];
  /** -l: narrows the pods and Services drawn. */
  selector?: Selector;
}

export type { NearMiss };

const SERVICE_NAME = "kubernetes.io/service-name";

const byName = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function nodeIP(n: Node): string {
  const addrs = n.status?.addresses ?? [];
  return addrs.find((a) => a.type === "InternalIP")?.address ?? "";
}

function podInfo(p: Pod): PodInfo {
  const containers: ContainerInfo[] = (p.spec.containers ?? []).map((c) => ({
    name: c.name,
    image: c.image ?? "",
    ports: (c.ports ?? []).map(
      (cp) => `${cp.containerPort}/${cp.protocol ?? "TCP"}${cp.hostPort ? ` (host ${cp.hostPort})` : ""}`,
    ),
  }));
  return {
    id: `${p.metadata.namespace}/${p.metadata.name}`,
    namespace: p.metadata.namespace ?? "",
    name: p.metadata.name ?? "",
    ip: p.status?.podIP || undefined,
    hostNetwork: !!p.spec.hostNetwork,
    node: p.spec.nodeName || undefined,
    readyCount: podReady(p),
    status: podStatus(p),
    ready: (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    containers,
  };
}

function endpointsOf(svc: Service, slices: EndpointSlice[], nodeByIP: Map<string, string>): EndpointInfo[] {
  const ns = svc.metadata.namespace;
  const out: EndpointInfo[] = [];
  for (const s of slices) {
    if (s.metadata.namespace !== ns || s.metadata.labels?.[SERVICE_NAME] !== svc.metadata.name) continue;
    const ports = [...new Set((s.ports ?? []).flatMap((p) => (p.port ? [p.port] : [])))];
    for (const ep of s.endpoints ?? []) {
      const ip = String(ep.addresses?.[0] ?? "");
      const c = ep.conditions ?? {};
      // EndpointSlice semantics: an unset ready condition means ready.
      const state: EndpointState = c.terminating ? "terminating" : c.ready === false ? "not ready" : "ready";
      const ref = ep.targetRef?.kind === "Pod" ? ep.targetRef : undefined;
      out.push({
        podId: ref ? `${ref.namespace ?? ns}/${ref.name}` : undefined,
        label: ref?.name ?? ip,
        ip,
        ports,
        // The apiserver's endpoint names no node; its address is one.
        node: ep.nodeName ?? nodeByIP.get(ip),
        state,
      });
    }
  }
  return out.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.ip < b.ip ? -1 : 1));
}

/** A Service, and the pods its selector picks or nearly picks (what -l relates it to). */
function serviceInfo(
  svc: Service,
  pods: Pod[],
  slices: EndpointSlice[],
  nodeByIP: Map<string, string>,
): { info: ServiceInfo; related: string[] } {
  const spec = svc.spec ?? {};
  const type: string = spec.type ?? "ClusterIP";
  const headless = spec.clusterIP === "None";
  const selMap: Record<string, string> | undefined =
    spec.selector && Object.keys(spec.selector).length ? spec.selector : undefined;
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  const info: ServiceInfo = {
    id: `${svc.metadata.namespace}/${svc.metadata.name}`,
    namespace: svc.metadata.namespace ?? "",
    name: svc.metadata.name ?? "",
    type,
    headless,
    clusterIP: type === "ExternalName" || headless ? undefined : spec.clusterIP,
    externalIP:
      type === "LoadBalancer"
        ? ingress.map((i) => i.ip ?? i.hostname).join(",") || "<pending>"
        : (spec.externalIPs ?? []).join(",") || undefined,
    externalName: type === "ExternalName" ? spec.externalName : undefined,
    selector: selMap
      ? Object.keys(selMap)
          .sort()
          .map((k) => `${k}=${selMap[k]}`)
          .join(",")
      : undefined,
    ports: (spec.ports ?? []).map((p) => ({
      name: p.name ?? "",
      port: p.port,
      protocol: p.protocol ?? "TCP",
      targetPort: String(p.targetPort ?? p.port),
      nodePort: p.nodePort || undefined,
    })),
    endpoints: type === "ExternalName" ? [] : endpointsOf(svc, slices, nodeByIP),
    problems: [],
    nearMisses: [],
  };
  if (type === "ExternalName" || !selMap) {
    if (type !== "ExternalName" && !info.endpoints.length) info.problems.push("no selector and no endpoints");
    return { info, related: [] };
  }
  const sameNs = pods.filter((p) => p.metadata.namespace === info.namespace);
  const selected = sameNs.filter((p) => matches(fromMap(selMap), p.metadata.labels));
  if (!selected.length) {
    info.problems.push(`selector ${info.selector} matches no pod in ${info.namespace}`);
    info.nearMisses = nearMisses(selMap, sameNs);
  } else if (!info.endpoints.length) {
    const noIP = selected.filter((p) => !p.status?.podIP).length;
    info.problems.push(
      noIP === selected.length
        ? `${plural(selected.length, "pod")} match, none has an IP yet`
        : `${plural(selected.length, "pod")} match, but no endpoint is listed`,
    );
  } else if (!info.endpoints.some((e) => e.state === "ready")) {
    info.problems.push(`all ${plural(info.endpoints.length, "endpoint")} not ready: traffic is rejected`);
  }
  const related = [...selected.map((p) => p.metadata.name), ...info.nearMisses.map((m) => m.pod)];
  return { info, related: related.map((n) => `${info.namespace}/${n}`) };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function buildModel(input: ModelInput): DiagramModel {
  // The lists are what the verb listed from each resource (tests build them by hand, so
  // they stay untyped in ModelInput); read them as those resources' types.
  const inNodes = input.nodes as Node[];
  const inPods = input.pods as Pod[];
  const inServices = input.services as Service[];
  const inSlices = input.slices as EndpointSlice[];
  const shown = (o: KObject) => !input.selector || matches(input.selector, o.metadata.labels);
  const nodeByIP = new Map(inNodes.map((n) => [nodeIP(n), n.metadata.name ?? ""]));
  const pods = inPods.filter(shown).map(podInfo).sort(byName);
  const podIds = new Set(pods.map((p) => p.id));
  const nodes: NodeInfo[] = inNodes.map((n) => ({
    name: n.metadata.name ?? "",
    ip: nodeIP(n),
    podCIDR: n.spec?.podCIDR ?? "",
    role: Object.hasOwn(n.metadata.labels ?? {}, "node-role.kubernetes.io/control-plane")
      ? "control-plane"
      : "worker",
    pods: pods.filter((p) => p.node === n.metadata.name),
  }));
  return {
    cluster: input.cluster,
    scope: input.namespace === undefined ? "all namespaces" : `namespace ${input.namespace}`,
    nodes,
    unscheduled: pods.filter((p) => !p.node || !nodes.some((n) => n.name === p.node)),
    services: inServices
      .map((s) => ({ svc: s, ...serviceInfo(s, inPods, inSlices, nodeByIP) }))
      // -l keeps a Service by its own labels, as `get svc -l` does, and also when it fronts
      // (or nearly fronts) a pod kept: course Services carry no labels of their own.
      .filter(({ svc, info, related }) => {
        if (shown(svc)) return true;
        return related.some((id) => podIds.has(id)) || info.endpoints.some((e) => podIds.has(e.podId ?? ""));
      })
      .map((x) => x.info)
      .sort(byName),
  };
}
