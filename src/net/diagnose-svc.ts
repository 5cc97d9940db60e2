// The Service-side causes of a failed connection: a selector that picks no pod (and the pods
// it nearly picks), endpoints that are not ready (and which probe says why), a targetPort
// where nothing listens (and where something does), externalTrafficPolicy: Local on a node
// without an endpoint. Each is read from the objects, never from canned per-case text.

import type { Probe } from "kubernetes-types/core/v1";
import type { Pod, Service } from "../api/types.js";
import { fromMap, matches } from "../apiserver/labels.js";
import { nearMisses } from "../apiserver/nearmiss.js";
import { PODS, ENDPOINTSLICES as SLICES, SERVICES as SVC } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { compareKeys } from "../golang/sort.js";
import { isRunning, processOf } from "../kubelet/runtime.js";
import type { Hop } from "./hops.js";
import type { IngressFinding } from "./ingress-facts.js";
import type { Topology } from "./topology.js";

export interface Verdict {
  ok: boolean;
  cause?: string;
  fix?: string;
  /** No cause is known: the hop where the connection stopped, which printers state as the cause. */
  stoppedAt?: Hop;
  /** A request through an Ingress failed: why, as facts the printers state as cause and fix. */
  ingress?: IngressFinding[];
}

export const svcName = (s: Service) => `${s.metadata.namespace}/${s.metadata.name}`;

function portsText(svc: Service): string {
  return (svc.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol ?? "TCP"}`).join(", ");
}

/** The Service a packet to ip:port belongs to: its ClusterIP, external or LB address, or a nodePort. */
export function serviceFor(c: Cluster, topo: Topology, ip: string, port: number): Service | undefined {
  const all = c.api.list(SVC);
  const owns = (s: Service) =>
    (s.spec?.clusterIPs ?? [s.spec?.clusterIP]).includes(ip) ||
    (s.spec?.externalIPs ?? []).includes(ip) ||
    (s.status?.loadBalancer?.ingress ?? []).some((i) => i.ip === ip);
  const byIP = all.find(owns);
  if (byIP) return byIP;
  if (topo.nodeByIP(ip) || ip.startsWith("127."))
    return all.find((s) => (s.spec?.ports ?? []).some((p) => p.nodePort === port));
  return undefined;
}

/** What listens in a pod, container by container: the image's process, not containerPort. */
export function listenersText(pod: Pod): string {
  const parts: string[] = [];
  for (const ctr of pod.spec.containers ?? []) {
    if (!isRunning(pod, ctr.name)) continue;
    const ports = processOf(pod, ctr).listeners.map((l) => `${l.protocol} ${l.port}`);
    if (ports.length) parts.push(`container ${ctr.name} (image ${ctr.image}) listens on ${ports.join(", ")}`);
  }
  return parts.join("; ");
}

/** What the containers run when nothing listens: the command, or the image's default. */
export function runsText(pod: Pod): string {
  return (pod.spec.containers ?? [])
    .map((ctr) => {
      const cmd = [...(ctr.command ?? []), ...(ctr.args ?? [])].join(" ");
      const short = cmd.length > 50 ? `${cmd.slice(0, 47)}...` : cmd;
      return `${ctr.name} runs ${short ? `\`${short}\`` : `${ctr.image}'s default command`}`;
    })
    .join(", ");
}

function probeText(p: Probe | undefined): string {
  if (p?.httpGet) return `httpGet ${p.httpGet.path ?? "/"} on port ${p.httpGet.port}`;
  if (p?.tcpSocket) return `tcpSocket on port ${p.tcpSocket.port}`;
  if (p?.exec) return `exec \`${(p.exec.command ?? []).join(" ")}\``;
  return "probe";
}

/** Why one selected pod is not a ready endpoint: the container's state, or its readiness probe. */
function notReadyReason(c: Cluster, pod: Pod): { why: string; fix: string } {
  const name = pod.metadata.name;
  if (!pod.status?.podIP)
    return { why: `${name} has no IP yet (${pod.status?.phase ?? "Pending"})`, fix: "" };
  for (const cs of pod.status?.containerStatuses ?? []) {
    const waiting = cs.state?.waiting?.reason;
    if (waiting)
      return { why: `${name}'s container ${cs.name} is ${waiting}`, fix: `kubesim describe pod ${name}` };
  }
  const ctr = (pod.spec.containers ?? []).find((x) => x.readinessProbe);
  const events = c.api
    .eventsOf(pod.metadata.namespace ?? "default", name ?? "")
    .filter((e) => e.reason === "Unhealthy" && String(e.message).startsWith("Readiness"))
    .sort((a, b) => compareKeys(String(a.lastTimestamp), String(b.lastTimestamp)));
  const last = events[events.length - 1];
  const probe = ctr ? `its readiness probe (${probeText(ctr.readinessProbe)} in ${ctr.name})` : "it";
  return {
    why: `${name} is not ready: ${probe} fails${last ? `: "${last.message}"` : ""}`,
    fix: `make the probe match the app (path and port where it answers), or fix the app; \`kubesim describe pod ${name}\` shows the events`,
  };
}

/** A Service kube-proxy REJECTs: it has no ready endpoint. Why not, from its selector and pods. */
export function noEndpoints(c: Cluster, svc: Service): Verdict {
  const ns = svc.metadata.namespace ?? "default";
  const sel = svc.spec?.selector;
  if (!sel || !Object.keys(sel).length) {
    return {
      ok: false,
      cause: `Service ${svcName(svc)} has no selector and nobody wrote its endpoints, so kube-proxy rejects connections`,
      fix: "add a selector that matches the pods, or create an EndpointSlice for it",
    };
  }
  const selText = Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const pods = c.api.list(PODS, ns);
  const picked = pods.filter(
    (p) => matches(fromMap(sel), p.metadata.labels) && !p.metadata.deletionTimestamp,
  );
  if (!picked.length) {
    const near = nearMisses(sel, pods);
    const hint = near
      .slice(0, 3)
      .map((m) => `pod ${m.pod} ${m.has ? `has ${m.has}` : `lacks ${m.wants}`}`)
      .join(", ");
    const first = near[0];
    // Nothing nearly matches either: the pods are gone (deleted, scaled to 0) or were never made.
    if (!first)
      return {
        ok: false,
        cause: `Service ${svcName(svc)}'s selector ${selText} matches no pod in namespace ${ns}, and no pod there nearly matches: its pods were deleted or never created, so it has no endpoints`,
        fix: `run pods labelled ${selText} (a Deployment with these labels in its template), or set the selector to labels existing pods carry (\`kubesim get pods -n ${ns} --show-labels\`)`,
      };
    return {
      ok: false,
      cause: `Service ${svcName(svc)}'s selector ${selText} matches no pod in namespace ${ns}, so it has no endpoints${hint ? `; nearly: ${hint}` : ""}`,
      fix: first.has
        ? `make them agree: set the Service's selector to ${first.has} (the pods' label), or give the pods ${first.wants} (in the Deployment's template), then apply again`
        : `set the selector to labels the pods carry (\`kubesim get pods -n ${ns} --show-labels\`)`,
    };
  }
  const r = notReadyReason(c, picked[0]);
  const more = picked.length > 1 ? ` (and ${picked.length - 1} more pod${picked.length > 2 ? "s" : ""})` : "";
  return {
    ok: false,
    cause: `Service ${svcName(svc)} has no ready endpoint: ${r.why}${more}; kube-proxy rejects the connection`,
    fix: r.fix || "wait for the pods to start, or see why they do not with `kubesim describe pod`",
  };
}

/** The DNAT reached a pod, but nothing listens on the target port: the Service's targetPort is off. */
export function targetPortMismatch(svc: Service, pod: Pod, dport: number, port: number): Verdict {
  const sp = (svc.spec?.ports ?? []).find((p) => p.port === port || p.nodePort === port);
  const listening = listenersText(pod);
  return {
    ok: false,
    cause: `Service ${svcName(svc)} sends port ${sp?.port ?? port} to targetPort ${sp?.targetPort ?? dport}, but nothing in pod ${pod.metadata.name} listens on ${dport}: ${listening || `nothing listens at all (${runsText(pod)})`}`,
    fix: listening
      ? `set targetPort in the Service to the port the container listens on (containerPort is only a declaration)`
      : "run a server in the pod (an image such as httpd or nginx), or point the Service at pods that have one",
  };
}

/** Nodes that run a ready endpoint of svc: the ones that answer under externalTrafficPolicy Local. */
export function endpointNodes(c: Cluster, svc: Service): string[] {
  const out = new Set<string>();
  for (const s of c.api.list(SLICES, svc.metadata.namespace)) {
    if (s.metadata.labels?.["kubernetes.io/service-name"] !== svc.metadata.name) continue;
    for (const ep of s.endpoints ?? [])
      if (ep.conditions?.ready !== false && ep.nodeName) out.add(ep.nodeName);
  }
  return [...out].sort();
}

export function noLocalEndpoint(
  c: Cluster,
  topo: Topology,
  svc: Service,
  node: string,
  port: number,
): Verdict {
  const nodes = endpointNodes(c, svc);
  const where = nodes.map((n) => `${topo.node(n)?.ip}:${port} (${n})`).join(", ");
  return {
    ok: false,
    cause: `Service ${svcName(svc)} has externalTrafficPolicy: Local and ${node} runs none of its ready endpoints, so ${node} drops traffic to port ${port}`,
    fix: where
      ? `use a node that runs one: ${where}; or set externalTrafficPolicy: Cluster`
      : "no node runs a ready endpoint: start the pods, or set externalTrafficPolicy: Cluster",
  };
}

/** Where a Service answers from outside: node IP and nodePort, or its load-balancer address. */
export function outsideWay(topo: Topology, svc: Service): string {
  const p = (svc.spec?.ports ?? []).find((x) => x.nodePort);
  const lb = (svc.status?.loadBalancer?.ingress ?? [])[0]?.ip;
  const port0 = svc.spec?.ports?.[0]?.port;
  const name = `Service ${svcName(svc)}`;
  if (lb)
    return `from outside, ${name} answers at http://${lb}:${port0}/ (its load balancer)${p ? ` or http://${topo.first()?.ip}:${p.nodePort}/` : ""}`;
  if (p)
    return `from outside, ${name} answers at a node IP and its nodePort: http://${topo.first()?.ip}:${p.nodePort}/`;
  return `${name} is type ${svc.spec?.type ?? "ClusterIP"} and does not answer from outside; expose it with --type=NodePort (or LoadBalancer) and use a node IP and the nodePort`;
}

/** A ClusterIP with a port the Service does not have (a nodePort, most often). */
export function wrongServicePort(svc: Service, ip: string, port: number): Verdict {
  const np = (svc.spec?.ports ?? []).find((p) => p.nodePort === port);
  const first = svc.spec?.ports?.[0];
  return {
    ok: false,
    cause: np
      ? `${port} is Service ${svcName(svc)}'s nodePort, which kube-proxy opens on node IPs; its ClusterIP ${ip} only has port ${portsText(svc)}`
      : `Service ${svcName(svc)} has no port ${port} (its ports: ${portsText(svc)}); nothing answers other ports of a ClusterIP`,
    fix: np
      ? `use ${ip}:${np.port} (the ClusterIP with the Service port), or a node IP with ${port}`
      : `use ${ip}:${first?.port}`,
  };
}

export function pendingLoadBalancer(topo: Topology, svc: Service): Verdict | undefined {
  if (svc.spec?.type !== "LoadBalancer" || (svc.status?.loadBalancer?.ingress ?? []).length) return undefined;
  const p = (svc.spec?.ports ?? []).find((x) => x.nodePort);
  return {
    ok: false,
    cause: `LoadBalancer Service ${svcName(svc)} is still <pending>: no load-balancer implementation gave it an EXTERNAL-IP, so there is no address to reach it at from outside`,
    fix: p
      ? `use a node IP and its nodePort (http://${topo.first()?.ip}:${p.nodePort}/), or a cluster with a load balancer (kubesim cluster create without --no-load-balancer)`
      : "use a cluster with a load balancer (kubesim cluster create without --no-load-balancer)",
  };
}
