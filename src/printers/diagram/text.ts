// The terminal picture: one box per node holding its pods, then one box per Service with
// its ports and the endpoints it reaches. Lines are built as styled segments so that
// widths are measured on the visible text and colour (on a TTY) never breaks alignment.
import type { DiagramModel, EndpointInfo, PodInfo, ServiceInfo } from "./model.js";
import { plural } from "./model.js";

export type Style = "bold" | "ok" | "bad" | "warn" | "dim";
export type Paint = (style: Style, s: string) => string;

/** No escape codes at all: pipes, files and NO_COLOR. */
export const plain: Paint = (_style, s) => s;

interface Seg {
  t: string;
  s?: Style;
}
type Line = Seg[];

const MIN_WIDTH = 80;

const seg = (t: string, s?: Style): Seg => ({ t, s });
const widthOf = (l: Line) => l.reduce((n, x) => n + [...x.t].length, 0);
const paintLine = (l: Line, paint: Paint) => l.map((x) => (x.s ? paint(x.s, x.t) : x.t)).join("");

/** Left-aligned columns, padded to the widest cell of each column across `rows`. */
function columns(rows: Line[][]): Line[] {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, widthOf(c));
    });
  }
  return rows.map((r) =>
    r.flatMap((c, i) => (i === r.length - 1 ? c : [...c, seg(" ".repeat(widths[i] - widthOf(c) + 2))])),
  );
}

function box(title: Line, body: Line[], width: number, paint: Paint): string[] {
  const inner = width - 4;
  const top = `┌─ ${paintLine(title, paint)} ${"─".repeat(Math.max(0, width - widthOf(title) - 5))}┐`;
  const rows = body.map((l) => `│ ${paintLine(l, paint)}${" ".repeat(Math.max(0, inner - widthOf(l)))} │`);
  return [top, ...rows, `└${"─".repeat(width - 2)}┘`];
}

function stateStyle(state: string): Style {
  return state === "ready" ? "ok" : state === "terminating" ? "warn" : "bad";
}

/**
 * Pod rows, with columns shared by every pod in the picture, each followed by its container
 * rows (columns per pod: a long system image should not push every port to the right).
 */
function podLines(pods: PodInfo[]): Map<string, Line[]> {
  const podCols = columns(
    pods.map((p) => [
      [seg("pod "), seg(p.name, "bold")],
      [seg(p.ip ? p.ip + (p.hostNetwork ? " (node)" : "") : "<no IP>")],
      [seg(`${p.readyCount} ${p.status}`)],
      [seg(p.ready ? "ready" : "not ready", p.ready ? "ok" : "bad")],
    ]),
  );
  const out = new Map<string, Line[]>();
  pods.forEach((p, i) => {
    const ctrs = columns(
      p.containers.map((c) => [[seg("  └ "), seg(c.name)], [seg(c.image, "dim")], [seg(c.ports.join(", "))]]),
    );
    out.set(p.id, [podCols[i], ...ctrs]);
  });
  return out;
}

/** A node's pods; across namespaces, under a heading per namespace instead of a long prefix. */
function nodePods(pods: PodInfo[], rows: Map<string, Line[]>, allNs: boolean): Line[] {
  if (!pods.length) return [[seg("(no pods)", "dim")]];
  const out: Line[] = [];
  let ns: string | undefined;
  for (const p of pods) {
    if (allNs && p.namespace !== ns) out.push([seg(`namespace ${p.namespace}:`, "dim")]);
    ns = p.namespace;
    out.push(...(rows.get(p.id) ?? [])); // rows holds every pod of the picture
  }
  return out;
}

function serviceTitle(s: ServiceInfo, allNs: boolean): Line {
  const name = seg(allNs ? `${s.namespace}/${s.name}` : s.name, "bold");
  if (s.type === "ExternalName") return [seg("svc "), name, seg(` · ExternalName → ${s.externalName ?? ""}`)];
  if (s.headless) return [seg("svc "), name, seg(" · headless (ClusterIP None)")];
  const ext = s.externalIP ? ` · external ${s.externalIP}` : "";
  return [
    seg("svc "),
    name,
    seg(` · ${s.type} ${s.clusterIP ?? ""}`),
    seg(ext, ext.includes("<") ? "warn" : undefined),
  ];
}

function endpointCells(e: EndpointInfo, nodeIPs: Set<string>): Line[] {
  const port = e.ports.length ? `:${e.ports.join(",")}` : "";
  // Not a pod: the apiserver's endpoint is its node's own address.
  const where = e.podId
    ? `${e.label}@${e.ip}${port}`
    : `${e.ip}${port}${nodeIPs.has(e.ip) ? " (node IP)" : ""}`;
  return [[seg("  → "), seg(where)], [seg(e.node ?? "")], [seg(e.state, stateStyle(e.state))]];
}

function serviceBody(s: ServiceInfo, endpointRows: Map<EndpointInfo, Line>): Line[] {
  const body: Line[] = [];
  if (s.type === "ExternalName") {
    body.push([
      seg("DNS answers with a CNAME to "),
      seg(s.externalName ?? "", "bold"),
      seg("; no proxy, no endpoints"),
    ]);
    return body;
  }
  if (s.headless)
    body.push([seg("DNS answers with the ready pods' IPs; kube-proxy does not balance it", "dim")]);
  body.push([seg("selector "), seg(s.selector ?? "<none>")]);
  for (const p of s.ports) {
    const name = p.name ? ` (${p.name})` : "";
    const node = p.nodePort ? ` · nodePort ${p.nodePort} on every node` : "";
    body.push([seg(`port ${p.port}/${p.protocol}${name} → targetPort ${p.targetPort}${node}`)]);
  }
  for (const e of s.endpoints) body.push(endpointRows.get(e) ?? []); // one row per endpoint
  for (const p of s.problems) body.push([seg("! ", "bad"), seg(p, "bad")]);
  for (const m of s.nearMisses) {
    const why = m.has ? ` has ${m.has}, wants ${m.wants}` : ` lacks ${m.wants}, has the rest`;
    body.push([seg("  nearly: pod "), seg(m.pod, "bold"), seg(why)]);
  }
  return body;
}

export function renderText(m: DiagramModel, paint: Paint = plain): string {
  const allNs = m.scope === "all namespaces";
  const pods = [...m.nodes.flatMap((n) => n.pods), ...m.unscheduled];
  const podRows = podLines(pods);
  const endpoints = m.services.flatMap((s) => s.endpoints);
  const nodeIPs = new Set(m.nodes.map((n) => n.ip));
  const epCols = columns(endpoints.map((e) => endpointCells(e, nodeIPs)));
  const endpointRows = new Map(endpoints.map((e, i) => [e, epCols[i]]));

  const nodeBoxes = m.nodes.map((n) => ({
    title: [seg("node "), seg(n.name, "bold"), seg(n.role === "control-plane" ? " (control-plane)" : "")],
    body: [[seg(`IP ${n.ip} · pod CIDR ${n.podCIDR}`)], ...nodePods(n.pods, podRows, allNs)],
  }));
  if (m.unscheduled.length) {
    nodeBoxes.push({
      title: [seg("not scheduled on a node", "warn")],
      body: nodePods(m.unscheduled, podRows, allNs),
    });
  }
  const svcBoxes = m.services.map((s) => ({
    title: serviceTitle(s, allNs),
    body: serviceBody(s, endpointRows),
  }));
  const all = [...nodeBoxes, ...svcBoxes];
  // One width for every box, so their edges line up down the page.
  const width = Math.max(
    MIN_WIDTH,
    ...all.map((b) => Math.max(widthOf(b.title) + 6, ...b.body.map((l) => widthOf(l) + 4))),
  );

  const out: string[] = [
    paint("bold", `Cluster ${m.cluster} · ${m.scope}`) +
      ` · ${plural(m.nodes.length, "node")} · ${plural(pods.length, "pod")} · ${plural(m.services.length, "Service")}`,
    "",
  ];
  for (const b of nodeBoxes) out.push(...box(b.title, b.body, width, paint));
  out.push("");
  if (!svcBoxes.length) out.push(paint("dim", `(no Services in ${m.scope})`));
  for (const b of svcBoxes) out.push(...box(b.title, b.body, width, paint));
  return `${out.join("\n")}\n`;
}
