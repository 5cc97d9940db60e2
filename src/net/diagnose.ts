// The verdict of a trace: for a failed connection, the cause and the fix in a sentence each,
// read from the model (the hops the data plane recorded, the Services, pods, events and
// policies); for one that worked, a note when kubesim had to guess the image. The order of
// the checks follows the packet: name lookup, the address family it was sent to, kube-proxy,
// routing, policy, and what listens at the end.

import { type Pod, podOf, type Service } from "../api/types.js";
import { looksLike } from "../apiserver/nearmiss.js";
import { PODS, SERVICES as SVC } from "../apiserver/resources.js";
import { denials, explainAllowed, explainDenial } from "../cni/netpol.js";
import { hostPortMappings } from "../cni/portmap.js";
import { NODE_RESOLVER } from "../dns/index.js";
import { compareKeys } from "../golang/sort.js";
import { isGuessedImage } from "../images/index.js";
import { clusterDNSIP } from "../util/subnets.js";
import { ingressRefused, ingressVerdict } from "./diagnose-ingress.js";
import { metallbPending, metallbUnreachable } from "./diagnose-lb.js";
import {
  endpointNodes,
  listenersText,
  noEndpoints,
  noLocalEndpoint,
  outsideWay,
  pendingLoadBalancer,
  runsText,
  serviceFor,
  svcName,
  targetPortMismatch,
  type Verdict,
  wrongServicePort,
} from "./diagnose-svc.js";
import type { Hop, ObjectRef, PolicyHop } from "./hops.js";
import type { Lookup, NetAttempt, Network } from "./network.js";

export type { Verdict };

const CLUSTER_DOMAIN = "cluster.local";

export interface DiagnoseInput {
  target: { host: string; port: number };
  lookup?: Lookup;
  attempt?: NetAttempt;
}

/** The Services a cluster name may mean: `web`, `web.ns`, `web.ns.svc`, `web.ns.svc.cluster.local`. */
function servicesNamed(net: Network, host: string): { services: Service[]; ns?: string; name: string } {
  const bare = host.replace(/\.$/, "").toLowerCase();
  const parts = bare.replace(new RegExp(`\\.svc\\.${CLUSTER_DOMAIN}$|\\.svc$`), "").split(".");
  const [name, ns] = parts;
  const services = net.c.api
    .list(SVC)
    .filter((s) => s.metadata.name === name && (!ns || s.metadata.namespace === ns));
  return { services, ns: parts.length === 2 ? ns : undefined, name };
}

function dnsFailure(net: Network, l: Lookup): Verdict {
  const { services, name, ns } = servicesNamed(net, l.host);
  const from = net.from;
  const coredns = clusterDNSIP(net.plane.topo.subnets.serviceSubnet);
  const clusterName = l.host.replace(/\.$/, "").endsWith(CLUSTER_DOMAIN) || services.length > 0;
  if (l.server === NODE_RESOLVER && clusterName) {
    const svc = services[0];
    if (from.kind === "outside") {
      const pending = svc && (metallbPending(net.c, svc) ?? pendingLoadBalancer(net.plane.topo, svc));
      if (pending) return pending;
      return {
        ok: false,
        cause: `"${l.host}" is a cluster DNS name: only CoreDNS (${coredns}) knows it, and only pods ask it; your machine's resolver does not`,
        fix: svc ? outsideWay(net.plane.topo, svc) : "reach the cluster through a node IP and a nodePort",
      };
    }
    return {
      ok: false,
      cause: `the node's resolver (${NODE_RESOLVER}) does not know cluster names: "${l.host}" is only in CoreDNS (${coredns}), which pods use`,
      fix:
        svc?.spec?.clusterIP && svc.spec.clusterIP !== "None"
          ? `use the ClusterIP: curl http://${svc.spec.clusterIP}:${svc.spec.ports?.[0]?.port ?? 80}/, or run from a pod (--from pod/NAME)`
          : "run it from a pod (--from pod/NAME), whose resolv.conf points at CoreDNS",
    };
  }
  if (l.resolution.timedOut && from.kind === "pod") {
    const coredns = net.c.api
      .list(PODS, "kube-system")
      .find((p) => p.metadata.labels?.["k8s-app"] === "kube-dns" && p.status?.podIP);
    const gate = coredns ? net.plane.policy.check(from, undefined, coredns, 53, "UDP") : undefined;
    const why = gate?.hop ? policyText(gate.hop) : "";
    return {
      ok: false,
      cause: `no answer from CoreDNS (${l.server}): ${why || "its queries are dropped"}`,
      fix: "allow egress to the kube-system pods labelled k8s-app=kube-dns on UDP and TCP port 53 in the pod's NetworkPolicy",
    };
  }
  if (from.kind === "pod") {
    const podNs = from.pod.metadata.namespace ?? "default";
    const elsewhere = services.filter((s) => s.metadata.namespace !== podNs);
    if (!ns && elsewhere.length) {
      const other = elsewhere[0].metadata.namespace;
      return {
        ok: false,
        cause: `there is no Service "${name}" in namespace ${podNs}, where the short name is searched first (${name}.${podNs}.svc.${CLUSTER_DOMAIN}); Service ${name} is in namespace ${other}`,
        fix: `use ${name}.${other} (or ${name}.${other}.svc.${CLUSTER_DOMAIN})`,
      };
    }
  }
  if (l.resolution.external) {
    return {
      ok: false,
      cause: `"${l.host}" is a name on the Internet, which is outside the simulated network`,
      fix: "use a name or address inside the cluster",
    };
  }
  const near = net.c.api
    .list(SVC)
    .filter((s) => s.metadata.name !== name && looksLike(s.metadata.name ?? "", name))
    .map((s) => `${s.metadata.name}.${s.metadata.namespace}`);
  const tried = l.resolution.tries.map((t) => t.name).join(", ");
  return {
    ok: false,
    cause: `no Service, pod or host is called "${l.host}"${tried ? ` (tried ${tried})` : ""}`,
    fix: near.length
      ? `did you mean ${near.slice(0, 3).join(", ")}?`
      : "`kubesim get svc -A` lists the Services and their names",
  };
}

/** The address family the packet was sent to, from outside: only node and LB addresses lead in. */
function fromOutside(net: Network, ip: string, port: number): Verdict | undefined {
  const topo = net.plane.topo;
  if (topo.isServiceIP(ip)) {
    const svc = serviceFor(net.c, topo, ip, port);
    return {
      ok: false,
      cause: `${ip} is ${svc ? `the ClusterIP of Service ${svcName(svc)}` : "in the Service range"}: a virtual address that only kube-proxy on the cluster's nodes knows; outside the cluster it leads nowhere`,
      fix: svc ? outsideWay(topo, svc) : "use a node IP and a nodePort",
    };
  }
  const lb = net.c.api
    .list(SVC)
    .find((s) => (s.status?.loadBalancer?.ingress ?? []).some((i) => i.ip === ip));
  const l2 = lb && metallbUnreachable(net.c, lb, ip);
  if (l2) return l2;
  if (topo.isPodIP(ip)) {
    const pod = topo.podByIP(ip);
    const label = pod ? `pod ${pod.metadata.namespace}/${pod.metadata.name}'s IP` : "a pod IP";
    return {
      ok: false,
      cause: `${ip} is ${label}: pod IPs (${topo.subnets.podSubnet}) are routed only inside the cluster`,
      fix: pod
        ? `expose it (kubesim expose pod ${pod.metadata.name} --type=NodePort --port=${port}) and use a node IP with the nodePort`
        : "reach pods through a NodePort Service on a node IP",
    };
  }
  return undefined;
}

/** The last hop of a kind the attempt recorded. */
function lastHop<K extends Hop["kind"]>(a: NetAttempt, kind: K): Extract<Hop, { kind: K }> | undefined {
  return [...(a.result?.hops ?? [])].reverse().find((h): h is Extract<Hop, { kind: K }> => h.kind === kind);
}

/** A policy hop in the words of its trace row (the NetworkPolicy sentences of cni/netpol.ts). */
function policyText(h: PolicyHop): string {
  return h.allowed ? explainAllowed(h.allowedBy) : explainDenial(h.verdict, h.flow);
}

/** The first denial is the cause; the rule that admits it (and any other denial) the fix. */
function policyDrop(h: Extract<PolicyHop, { allowed: false }>): Verdict {
  const [first, ...more] = denials(h.verdict, h.flow);
  if (!first)
    return {
      ok: false,
      cause: "a NetworkPolicy drops the connection: ",
      fix: "allow the flow in a NetworkPolicy",
    };
  const rest = more.map((d) => `; ${d.denial}; ${d.admit}`).join("");
  return {
    ok: false,
    cause: `a NetworkPolicy drops the connection: ${first.denial}`,
    fix: `${first.admit}${rest} (add it to the policy, or a new one)`,
  };
}

function connectFailure(net: Network, a: NetAttempt): Verdict {
  const { c, plane } = net;
  const topo = plane.topo;
  const ip = a.ip ?? a.host;
  const port = a.port;
  const policy = a.result?.hops.find((h) => h.kind === "policy" && !h.allowed);
  if (policy?.kind === "policy" && !policy.allowed) return policyDrop(policy);
  if (net.from.kind === "outside") {
    const v = fromOutside(net, ip, port);
    if (v) return v;
  }
  const proxy = lastHop(a, "kube-proxy");
  const svc = serviceFor(c, topo, ip, port);
  if (proxy && svc) {
    if (proxy.verdict === "reject") return noEndpoints(c, svc);
    if (proxy.verdict === "drop" && proxy.reason === "no-local-endpoints")
      return noLocalEndpoint(c, topo, svc, proxy.node, port);
  }
  const kernel = lastHop(a, "refused");
  const route = lastHop(a, "route");
  if (route?.to === "service-ip") {
    if (c.state.settings.kind?.kubeProxyMode === "none")
      return {
        ok: false,
        cause: `kube-proxy is not deployed (the kind config's networking.kubeProxyMode is none), so no node has rules for Service IPs such as ${ip}`,
        fix: "install a Service proxy (kube-proxy or a CNI that replaces it), or create the cluster with kubeProxyMode iptables",
      };
    const owner = c.api.list(SVC).find((s) => (s.spec?.clusterIPs ?? [s.spec?.clusterIP]).includes(ip));
    if (owner) return wrongServicePort(owner, ip, port);
    return {
      ok: false,
      cause: `no Service has ClusterIP ${ip}: it was deleted, or recreated with a new address`,
      fix: "`kubesim get svc` shows the current ClusterIPs; a Service's DNS name survives recreation",
    };
  }
  if (route?.to === "no-pod" && route.owner) return oldPodIP(net, ip);
  // A hostPort mapped to a port nothing in the pod listens on.
  const portmap = lastHop(a, "portmap");
  const mappedPod = portmap && kernel?.at === "pod" ? podAt(net, portmap.pod) : undefined;
  if (portmap && mappedPod) return nothingListens(mappedPod, portmap.to.port);
  const refusedIngress =
    kernel && ingressRefused(net, kernel.at === "node" ? kernel.port : (portmap?.hostPort ?? 0), mappedPod);
  if (refusedIngress) return refusedIngress;
  const nodeAddr = topo.nodeByIP(ip);
  if (kernel && nodeAddr) return nodePortMisuse(net, nodeAddr.name, ip, port);
  if (kernel && a.result?.outcome.kind === "refused") {
    const podRoute = [...(a.result?.hops ?? [])].reverse().find((h) => h.kind === "route" && h.to === "pod");
    const pod =
      (podRoute?.kind === "route" && podRoute.to === "pod" ? podAt(net, podRoute.pod) : undefined) ??
      (net.from.kind === "pod" && ip.startsWith("127.") ? podOf(net.from.pod) : undefined);
    if (pod) {
      // The port the kernel refused: after kube-proxy's DNAT, the Service's targetPort.
      const dport = kernel.at === "pod" ? kernel.port : port;
      if (proxy?.verdict === "dnat" && svc) return targetPortMismatch(svc, pod, dport, port);
      return nothingListens(pod, dport);
    }
  }
  if (route?.to === "nowhere" || route?.to === "not-from-outside") {
    const { podSubnet, serviceSubnet } = topo.subnets;
    return {
      ok: false,
      cause: `${ip} is outside every network kubesim models (nodes 172.18.0.0/16, pods ${podSubnet}, Services ${serviceSubnet})`,
      fix: "use a node, pod or Service address (`kubesim get pods,svc -o wide`)",
    };
  }
  // No known cause: the hop where it stopped speaks for itself (its printer gives the words).
  const last = a.result?.hops[a.result.hops.length - 1];
  if (last) return { ok: false, stoppedAt: last, fix: "" };
  return { ok: false, cause: `the connection to ${ip}:${port} failed`, fix: "" };
}

function podAt(net: Network, ref: ObjectRef): Pod | undefined {
  return net.c.api.get(PODS, ref.namespace, ref.name);
}

function nothingListens(pod: Pod, port: number): Verdict {
  const listening = listenersText(pod);
  const declared = (pod.spec.containers ?? []).some((ctr) =>
    (ctr.ports ?? []).some((p) => p.containerPort === port),
  );
  const decl = declared ? ` (containerPort ${port} is only a declaration: it opens nothing)` : "";
  return {
    ok: false,
    cause: `nothing listens on port ${port} in pod ${pod.metadata.name}${decl}; ${listening || `nothing listens there at all: ${runsText(pod)}`}`,
    fix: listening
      ? "connect to a port a container listens on, or make the process listen on this one"
      : "run a server in the pod (an image such as httpd or nginx, or a command that listens)",
  };
}

/** A node address with a port nothing there listens on: a Service port instead of its nodePort? */
function nodePortMisuse(net: Network, node: string, ip: string, port: number): Verdict {
  const services = net.c.api.list(SVC).filter((s) => (s.spec?.ports ?? []).some((p) => p.nodePort));
  const portOf = (s: Service) => (s.spec.ports ?? []).find((p) => p.port === port);
  const bySvcPort = services.find(portOf);
  const p = bySvcPort && portOf(bySvcPort);
  if (bySvcPort && p) {
    return {
      ok: false,
      cause: `${port} is Service ${svcName(bySvcPort)}'s port, which belongs to its ClusterIP; on a node IP kube-proxy opens the nodePort ${p.nodePort} instead, and nothing on ${node} listens on ${port}`,
      fix: `use ${ip}:${p.nodePort} (node IP and nodePort), or ${bySvcPort.spec.clusterIP}:${port} from inside the cluster`,
    };
  }
  // A hostPort answers only on the node of its pod (portmap's rules are that node's).
  const holders = net.c.api
    .listSummaries(PODS)
    .filter((p) => p.spec?.nodeName !== node && hostPortMappings(podOf(p)).some((m) => m.hostPort === port));
  if (holders.length) {
    const where = holders.map((p) => {
      const at = net.plane.topo.node(p.spec?.nodeName ?? "");
      return { pod: p.metadata.name, node: at?.name ?? "", ip: at?.ip ?? "" };
    });
    return {
      ok: false,
      cause: `nothing listens on ${node}:${port}: hostPort ${port} belongs to ${where.map((w) => `pod ${w.pod} on ${w.node}`).join(", ")}, and a hostPort answers only on its pod's node`,
      fix: `use ${where.map((w) => `${w.ip}:${port} (${w.node})`).join(" or ")}, or a NodePort Service, which answers on every node`,
    };
  }
  const inRange = port >= 30000 && port <= 32767;
  const all = services.flatMap((s) =>
    (s.spec.ports ?? []).filter((p) => p.nodePort).map((p) => `${p.nodePort} (${svcName(s)})`),
  );
  return {
    ok: false,
    cause: `nothing listens on ${node}:${port}${inRange ? `, and no Service has nodePort ${port}` : ""}`,
    fix: all.length
      ? `the nodePorts open on every node: ${all.slice(0, 4).join(", ")}`
      : "expose a Service with --type=NodePort",
  };
}

/** A pod-CIDR address no pod holds: most often the IP of a pod that was deleted or replaced. */
function oldPodIP(net: Network, ip: string): Verdict {
  const node = net.plane.topo.nodeForPodIP(ip);
  const now = net.c.api
    .listSummaries(PODS)
    .filter(
      (p) =>
        p.spec?.nodeName === node?.name &&
        p.status?.podIP &&
        !p.spec.hostNetwork &&
        p.metadata.namespace !== "kube-system",
    )
    .sort((x, y) => compareKeys(String(y.metadata.creationTimestamp), String(x.metadata.creationTimestamp)))
    .slice(0, 3)
    .map((p) => `${p.metadata.name} ${p.status?.podIP}`);
  const former = net.c.state.formerPodIPs?.[ip];
  if (former) {
    const ns = former.pod.slice(0, former.pod.indexOf("/"));
    const ago = Math.max(0, Math.round((net.c.clock.nowMs() - former.gone) / 1000));
    // The replacement: a pod of the same owner that has an IP now.
    const successor = former.owner
      ? net.c.api
          .listSummaries(PODS, ns)
          .find(
            (p) =>
              p.status?.podIP &&
              p.metadata.ownerReferences?.some((o) => o.controller && `${o.kind}/${o.name}` === former.owner),
          )
      : undefined;
    return {
      ok: false,
      cause: `no pod has ${ip} now: it was the IP of pod ${former.pod}${former.owner ? ` (of ${former.owner})` : ""}, gone ${ago}s ago; a new pod gets a new IP`,
      fix: successor
        ? `its replacement ${successor.metadata.name} has ${successor.status?.podIP}; better, use a Service, which follows the pods`
        : `use a Service, which follows the pods, or the IP of a pod that runs now (\`kubesim get pods -n ${ns} -o wide\`)`,
    };
  }
  return {
    ok: false,
    cause: `no pod has ${ip} now: it is in ${node?.name}'s pod CIDR ${node?.podCIDR}, so it was the IP of a pod that was deleted or replaced (a new pod gets a new IP)`,
    fix: `use the current pod's IP (\`kubesim get pods -o wide\`${now.length ? `; on ${node?.name} now: ${now.join(", ")}` : ""}), or better a Service, which follows the pods`,
  };
}

function success(net: Network, a: NetAttempt, target: DiagnoseInput["target"]): Verdict {
  const o = a.result?.outcome;
  if (o?.kind !== "ok" || !o.endpoint.pod || !o.endpoint.container) return { ok: true };
  const pod = podOf(o.endpoint.pod);
  const viaIngress = ingressVerdict(net, pod, a, target);
  if (viaIngress) return viaIngress;
  const image = pod.spec?.containers.find((c) => c.name === o.endpoint.container)?.image ?? "";
  if (!isGuessedImage(image)) return { ok: true };
  return {
    ok: true,
    cause: `kubesim does not know image "${image}" (container ${o.endpoint.container} of pod ${pod.metadata.name}): it is assumed to serve HTTP on its declared containerPorts with a generic answer`,
    fix: "the answer is kubesim's stand-in, not the image's own; use an image kubesim knows (httpd, nginx, agnhost, ...) for a faithful one",
  };
}

export function diagnose(net: Network, input: DiagnoseInput): Verdict {
  const { lookup, attempt } = input;
  if (lookup && !lookup.resolution.ok && (!attempt || lookup.host !== attempt.host))
    return dnsFailure(net, lookup);
  if (!attempt?.result)
    return {
      ok: false,
      cause: `no connection to ${input.target.host} was made`,
      fix: "check the command line",
    };
  if (attempt.result.outcome.kind === "ok") return success(net, attempt, input.target);
  return connectFailure(net, attempt);
}

/** ping: a name that does not resolve, an address ICMP cannot reach, or a ClusterIP. */
export function diagnosePing(
  net: Network,
  p: { host: string; ip?: string; answered: boolean; lookup?: Lookup },
): Verdict {
  if (!p.ip) return p.lookup ? dnsFailure(net, p.lookup) : { ok: false, cause: "no address", fix: "" };
  if (p.answered) return { ok: true };
  const topo = net.plane.topo;
  if (net.from.kind === "outside") {
    const v = fromOutside(net, p.ip, 0);
    if (v) return v;
  }
  if (topo.isServiceIP(p.ip)) {
    const svc = net.c.api.list(SVC).find((s) => (s.spec?.clusterIPs ?? [s.spec?.clusterIP]).includes(p.ip));
    const ports = (svc?.spec?.ports ?? []).map((x) => `${x.port}/${x.protocol ?? "TCP"}`).join(", ");
    return {
      ok: false,
      cause: `${p.ip} is ${svc ? `the ClusterIP of Service ${svcName(svc)}` : "a Service address"}: kube-proxy's rules only DNAT ${ports || "its ports"}; no interface holds the address, so nothing answers ICMP echo`,
      fix: svc
        ? `${pingAlternative(svc, p.ip)} (ping a pod IP to test routing${endpointNodes(net.c, svc).length ? "" : "; it has no ready endpoint either"})`
        : "test Services with curl, not ping",
    };
  }
  if (topo.isPodIP(p.ip) && !topo.podByIP(p.ip)) {
    return oldPodIP(net, p.ip);
  }
  return { ok: false, cause: `${p.ip} does not answer ICMP echo from here`, fix: "" };
}

/** How to test a Service instead of pinging it: a DNS query for a DNS Service, curl otherwise. */
function pingAlternative(svc: Service, ip: string): string {
  const ports = svc.spec?.ports ?? [];
  if (ports.some((x) => x.port === 53))
    return `test it with a query: nslookup kubernetes.default.svc.cluster.local ${ip}`;
  return `test it with curl http://${ip}:${ports[0]?.port}/`;
}
