// The model as a graph, for the drawing formats (svg, dot, mermaid): groups (nodes) of
// items (pods, and endpoint addresses that are not pods, like the apiserver's node IP),
// Service boxes, and one edge per endpoint. Labels are worked out once here so that the
// three formats say the same thing.
import type { DiagramModel, EndpointState, PodInfo, ServiceInfo } from "./model.js";

export interface Item {
  id: string;
  kind: "pod" | "address";
  title: string;
  lines: string[];
  ready: boolean;
}

export interface Group {
  id: string;
  title: string;
  subtitle: string;
  items: Item[];
}

export interface SvcBox {
  id: string;
  title: string;
  lines: string[];
  /** Lines that report a problem, drawn as warnings. */
  problems: string[];
  broken: boolean;
}

export interface Edge {
  from: string;
  to: string;
  label: string;
  state: EndpointState;
}

export interface Graph {
  title: string;
  groups: Group[];
  services: SvcBox[];
  edges: Edge[];
}

const podItemId = (podId: string) => `pod:${podId}`;

function podItem(p: PodInfo, allNs: boolean): Item {
  return {
    id: podItemId(p.id),
    kind: "pod",
    title: allNs ? `${p.namespace}/${p.name}` : p.name,
    lines: [
      `${p.ip ?? "<no IP>"}${p.hostNetwork ? " (node)" : ""} · ${p.readyCount} ${p.status}`,
      p.ready ? "ready" : "not ready",
      ...p.containers.map((c) => [c.name, c.image, ...c.ports].join(" ")),
    ],
    ready: p.ready,
  };
}

function serviceBox(s: ServiceInfo, allNs: boolean): SvcBox {
  const lines: string[] = [];
  if (s.type === "ExternalName")
    lines.push(`ExternalName → ${s.externalName ?? ""}`, "DNS CNAME only, no proxy");
  else if (s.headless) lines.push("headless (ClusterIP None)", "DNS answers with pod IPs");
  else lines.push(`${s.type} ${s.clusterIP ?? ""}`);
  if (s.externalIP) lines.push(`external ${s.externalIP}`);
  for (const p of s.ports) {
    lines.push(`${p.port}/${p.protocol} → ${p.targetPort}${p.nodePort ? ` · nodePort ${p.nodePort}` : ""}`);
  }
  if (s.type !== "ExternalName") lines.push(`selector ${s.selector ?? "<none>"}`);
  const problems = [
    ...s.problems.map((p) => `! ${p}`),
    ...s.nearMisses.map((m) => `nearly: ${m.pod} ${m.has ? `has ${m.has}` : `lacks ${m.wants}`}`),
  ];
  return {
    id: `svc:${s.id}`,
    title: allNs ? `${s.namespace}/${s.name}` : s.name,
    lines,
    problems,
    broken: s.problems.length > 0,
  };
}

export function toGraph(m: DiagramModel): Graph {
  const allNs = m.scope === "all namespaces";
  const groups: Group[] = m.nodes.map((n) => ({
    id: `node:${n.name}`,
    title: `${n.name}${n.role === "control-plane" ? " (control-plane)" : ""}`,
    subtitle: `${n.ip} · pod CIDR ${n.podCIDR}`,
    items: n.pods.map((p) => podItem(p, allNs)),
  }));
  if (m.unscheduled.length) {
    groups.push({
      id: "node:<none>",
      title: "not scheduled",
      subtitle: "no node yet",
      items: m.unscheduled.map((p) => podItem(p, allNs)),
    });
  }
  const known = new Set(groups.flatMap((g) => g.items.map((i) => i.id)));
  const edges: Edge[] = [];
  for (const s of m.services) {
    for (const e of s.endpoints) {
      const to = e.podId ? podItemId(e.podId) : `addr:${e.ip}`;
      if (!known.has(to)) {
        // An endpoint the picture does not show as a pod (hidden by -l, or not a pod at all):
        // drawn in its node, so the arrow still lands somewhere true.
        let g = groups.find((x) => x.id === `node:${e.node}`) ?? groups.find((x) => x.id === "node:<other>");
        if (!g) {
          g = { id: "node:<other>", title: "elsewhere", subtitle: "outside the nodes", items: [] };
          groups.push(g);
        }
        g.items.push({
          id: to,
          kind: e.podId ? "pod" : "address",
          title: e.podId ? e.label : e.ip,
          lines: [e.podId ? `${e.ip} (not drawn above)` : "not a pod (node address)"],
          ready: e.state === "ready",
        });
        known.add(to);
      }
      edges.push({ from: `svc:${s.id}`, to, label: e.ports.map((p) => `:${p}`).join(","), state: e.state });
    }
  }
  return {
    title: `${m.cluster} · ${m.scope}`,
    groups,
    services: m.services.map((s) => serviceBox(s, allNs)),
    edges,
  };
}
