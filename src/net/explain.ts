// `kubesim explain service NAME`: what a Service does, in a few lines, and whether it answers
// from a node, from a pod and from outside. Each "answers" line is a real attempt traced
// through the data plane (the same curl and diagnosis as `kubesim trace`), so the verdicts
// are the model's, never a guess from the Service's spec alone.

import type { KObject, Pod, Service } from "../api/types.js";
import { formatLabels } from "../apiserver/labels.js";
import { NODES, PODS, SERVICES, ENDPOINTSLICES as SLICES, typedAs } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import type { Rng } from "../util/rng.js";
import { clusterSubnets, indexedIP, nodePodCIDR } from "../util/subnets.js";
import type { Vantage } from "./connect.js";
import { metallbPending } from "./diagnose-lb.js";
import type { Verdict } from "./trace.js";
import { tracedCurl } from "./tracedcurl.js";

export interface Reachability {
  /** "a node", "a pod", "outside". */
  from: string;
  /** What was tried, as a learner would type it. */
  url: string;
  verdict: Verdict;
}

export interface ServiceExplanation {
  service: string;
  /** What the Service is and where it sends traffic. */
  summary: string[];
  reach: Reachability[];
}

function endpointsOf(
  c: Cluster,
  svc: Service,
): { ip: string; pod?: string; node?: string; ready: boolean }[] {
  const out: { ip: string; pod?: string; node?: string; ready: boolean }[] = [];
  for (const s of c.api.list(SLICES, svc.metadata.namespace)) {
    if (s.metadata.labels?.["kubernetes.io/service-name"] !== svc.metadata.name) continue;
    for (const ep of s.endpoints ?? [])
      out.push({
        ip: ep.addresses[0],
        pod: ep.targetRef?.name,
        node: ep.nodeName,
        ready: ep.conditions?.ready !== false,
      });
  }
  return out;
}

function kindLine(svc: Service): string {
  const spec = svc.spec ?? {};
  const type = spec.type ?? "ClusterIP";
  const name = `Service ${svc.metadata.namespace}/${svc.metadata.name}`;
  if (type === "ExternalName")
    return `${name} is an ExternalName: DNS answers ${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local with a CNAME to ${spec.externalName}; kube-proxy does nothing for it`;
  if (spec.clusterIP === "None")
    return `${name} is headless (clusterIP: None): no virtual IP and no kube-proxy rules; DNS answers its name with the ready pods' IPs`;
  const parts = [`${name} is type ${type} with virtual IP ${spec.clusterIP}`];
  const nodePorts = (spec.ports ?? []).filter((p) => p.nodePort).map((p) => p.nodePort);
  if (nodePorts.length) parts.push(`nodePort ${nodePorts.join(", ")} on every node`);
  if (type === "LoadBalancer") {
    const ing = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip);
    parts.push(ing.length ? `load balancer ${ing.join(", ")}` : "load balancer <pending>");
  }
  return parts.join(", ");
}

function portLines(c: Cluster, svc: Service): string[] {
  const eps = endpointsOf(c, svc);
  const ready = eps.filter((e) => e.ready);
  const lines: string[] = [];
  for (const p of svc.spec?.ports ?? []) {
    const to = ready.map((e) => `${e.pod ?? e.ip} (${e.ip}, ${e.node ?? "?"})`).join(", ");
    lines.push(
      `port ${p.port}/${p.protocol ?? "TCP"}${p.name ? ` (${p.name})` : ""} -> targetPort ${p.targetPort ?? p.port}: ${to || "no ready endpoint"}`,
    );
  }
  const notReady = eps.length - ready.length;
  if (notReady)
    lines.push(`${notReady} endpoint${notReady > 1 ? "s are" : " is"} not ready and gets no traffic`);
  return lines;
}

/** A client pod to try from: one already in the namespace that the Service does not select, or a new one. */
function clientPod(c: Cluster, svc: Service): { pod: Pod; container: string; label: string } {
  const ns = svc.metadata.namespace ?? "default";
  const backends = new Set(endpointsOf(c, svc).map((e) => e.pod));
  const found = c.api
    .list(PODS, ns)
    .find(
      (p) =>
        p.status?.phase === "Running" &&
        p.status.podIP &&
        !p.spec.hostNetwork &&
        !backends.has(p.metadata.name),
    );
  if (found) {
    const container = found.spec.containers[0].name;
    return { pod: found, container, label: `pod ${found.metadata.name}` };
  }
  // No pod to borrow: a label-less client on a worker, as `kubectl run client` would make.
  const nodes = c.api.list(NODES);
  const node = nodes.find((n) => !(n.spec?.taints ?? []).length) ?? nodes[0];
  // An address high in the node's pod CIDR, clear of the ones its IPAM hands out first.
  const cidr = node.spec?.podCIDR ?? nodePodCIDR(clusterSubnets(c.state.settings).podSubnet, 0);
  const ip = indexedIP(cidr, 250);
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "client", namespace: ns, uid: "explain-client" },
    spec: {
      nodeName: node.metadata.name,
      dnsPolicy: "ClusterFirst",
      containers: [{ name: "client", image: "curlimages/curl" }],
    },
    status: { phase: "Running", podIP: ip },
  };
  return { pod, container: "client", label: `a new pod in namespace ${ns}` };
}

function attempt(c: Cluster, rng: Rng, from: Vantage, url: string): Verdict {
  const { trace } = tracedCurl(c, from, ["-s", "-o", "/dev/null", "--max-time", "5", url], rng);
  return trace?.verdict ?? { ok: false, cause: `curl could not use ${url}` };
}

/** Its attempts draw, in turn, from one copy of the random source and change nothing. */
export function explainService(c: Cluster, untyped: KObject): ServiceExplanation {
  const svc = typedAs(SERVICES, untyped);
  const rng = c.rng.fork();
  const spec = svc.spec ?? {};
  const summary = [kindLine(svc)];
  // A LoadBalancer MetalLB left <pending> says why (no pool, controller not ready, its error).
  const pending = spec.type === "LoadBalancer" && !(svc.status?.loadBalancer?.ingress ?? []).length;
  const why = pending ? metallbPending(c, svc)?.cause : undefined;
  if (why) summary.push(why);
  if (spec.type !== "ExternalName") {
    const n = endpointsOf(c, svc).length;
    summary.push(
      spec.selector
        ? `selector ${formatLabels(spec.selector)}: ${n} pod${n === 1 ? "" : "s"} selected`
        : "no selector: its endpoints are whatever EndpointSlices name it",
    );
    summary.push(...portLines(c, svc));
  }
  const port = (spec.ports ?? []).find((p) => (p.protocol ?? "TCP") === "TCP");
  const reach: Reachability[] = [];
  if (port || spec.type === "ExternalName") {
    const svcPort = port?.port ?? 80;
    const client = clientPod(c, svc);
    const dns = `${svc.metadata.name}.${svc.metadata.namespace}`;
    const inside = `http://${dns}:${svcPort}`;
    const nodeIP = c.api.list(NODES)[0]?.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
    const vip = spec.clusterIP && spec.clusterIP !== "None" ? spec.clusterIP : undefined;
    if (vip) {
      const url = `http://${vip}:${svcPort}`;
      const node = c.api.list(NODES)[0].metadata.name;
      reach.push({ from: `a node (${node})`, url, verdict: attempt(c, rng, { kind: "node", node }, url) });
    }
    reach.push({
      from: client.label,
      url: inside,
      verdict: attempt(c, rng, { kind: "pod", pod: client.pod, container: client.container }, inside),
    });
    const lb = (svc.status?.loadBalancer?.ingress ?? [])[0]?.ip;
    const outsideURL = lb
      ? `http://${lb}:${svcPort}`
      : port?.nodePort && nodeIP
        ? `http://${nodeIP}:${port.nodePort}`
        : vip
          ? `http://${vip}:${svcPort}`
          : undefined;
    if (outsideURL)
      reach.push({
        from: "outside",
        url: outsideURL,
        verdict: attempt(c, rng, { kind: "outside" }, outsideURL),
      });
  }
  return { service: `${svc.metadata.namespace}/${svc.metadata.name}`, summary, reach };
}
