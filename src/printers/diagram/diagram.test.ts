// kubesim diagram: the model's diagnoses (near misses, not-ready endpoints), the text
// layout's alignment, and the drawing formats; the SVG is checked for well-formed XML with a
// small checker below, since no XML parser is a dependency.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { Sandbox } from "../../../test/harness.js";
import type { KObject } from "../../api/types.js";
import { parseSelector } from "../../apiserver/labels.js";
import { renderDot } from "./dot.js";
import { renderMermaid } from "./mermaid.js";
import { buildModel } from "./model.js";
import { renderSvg } from "./svg.js";
import { renderText } from "./text.js";

/** Well-formedness: one root, matched tags, quoted attributes, no raw `<` or bare `&` in data. */
function xmlError(s: string): string | undefined {
  const entity = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
  const badAmp = (t: string) => {
    for (let i = t.indexOf("&"); i >= 0; i = t.indexOf("&", i + 1)) if (!entity.test(t.slice(i))) return true;
    return false;
  };
  const stack: string[] = [];
  let roots = 0;
  let i = s.startsWith("<?xml") ? s.indexOf("?>") + 2 : 0;
  while (i < s.length) {
    const lt = s.indexOf("<", i);
    const text = s.slice(i, lt < 0 ? s.length : lt);
    if (badAmp(text)) return `bare & in text near ${i}`;
    if (!stack.length && text.trim()) return `text outside the root near ${i}`;
    if (lt < 0) break;
    if (s.startsWith("<!--", lt)) {
      const end = s.indexOf("-->", lt);
      if (end < 0) return "unclosed comment";
      i = end + 3;
      continue;
    }
    const m =
      /^<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(
        s.slice(lt),
      );
    if (!m) return `malformed tag near ${lt}: ${s.slice(lt, lt + 40)}`;
    const [whole, close, name, attrs, selfClose] = m;
    if (badAmp(attrs)) return `bare & in attribute of <${name}>`;
    const names = [...attrs.matchAll(/([\w.:-]+)\s*=/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) return `duplicate attribute in <${name}>`;
    if (close) {
      if (stack.pop() !== name) return `</${name}> does not close the open element`;
    } else if (!selfClose) {
      if (!stack.length) roots++;
      stack.push(name);
    } else if (!stack.length) roots++;
    i = lt + whole.length;
  }
  if (stack.length) return `unclosed <${stack[stack.length - 1]}>`;
  return roots === 1 ? undefined : `${roots} root elements`;
}

const node = (name: string, ip: string, cidr: string, cp = false): KObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels: cp ? { "node-role.kubernetes.io/control-plane": "" } : {} },
  spec: { podCIDR: cidr },
  status: { addresses: [{ type: "InternalIP", address: ip }] },
});

const pod = (
  name: string,
  labels: Record<string, string>,
  nodeName?: string,
  ip?: string,
  ready = true,
): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", labels },
  spec: { nodeName, containers: [{ name: "c00", image: "httpd", ports: [{ containerPort: 80 }] }] },
  status: {
    phase: nodeName ? "Running" : "Pending",
    podIP: ip,
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
    containerStatuses: nodeName ? [{ name: "c00", ready, state: { running: {} } }] : [],
  },
});

const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): KObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "default" },
  spec: {
    type: "ClusterIP",
    clusterIP: "10.96.0.20",
    ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
    ...spec,
  },
  status,
});

const slice = (
  service: string,
  eps: { pod: string; ip: string; node: string; ready: boolean }[],
): KObject => ({
  apiVersion: "discovery.k8s.io/v1",
  kind: "EndpointSlice",
  metadata: { name: `${service}-x`, namespace: "default", labels: { "kubernetes.io/service-name": service } },
  ports: [{ name: "", port: 80, protocol: "TCP" }],
  endpoints: eps.map((e) => ({
    addresses: [e.ip],
    conditions: { ready: e.ready },
    nodeName: e.node,
    targetRef: { kind: "Pod", name: e.pod, namespace: "default" },
  })),
});

const NODES = [
  node("cp", "172.18.0.2", "10.244.0.0/24", true),
  node("w1", "172.18.0.3", "10.244.1.0/24"),
  node("w2", "172.18.0.4", "10.244.2.0/24"),
];

function sample(selector?: string) {
  return buildModel({
    cluster: "kubesim",
    namespace: "default",
    nodes: NODES,
    pods: [
      pod("web-1", { app: "web", tier: "front" }, "w1", "10.244.1.2"),
      pod("web-2", { app: "web", tier: "front" }, "w2", "10.244.2.2", false),
      pod("typo", { app: "wbe" }, "w2", "10.244.2.3"),
      pod("other", { name: "db" }, "w1", "10.244.1.3"),
      pod("waiting", { app: "web" }),
    ],
    services: [
      svc("web", { selector: { app: "web" } }),
      svc("lb", {
        type: "LoadBalancer",
        selector: { app: "web" },
        ports: [{ port: 80, targetPort: 80, nodePort: 30080 }],
      }),
      svc("db", { selector: { app: "db" } }),
      svc("webb", { selector: { app: "webb" } }),
      svc("front", { selector: { app: "web", tier: "back" } }),
      svc("sick", { selector: { app: "web", tier: "front" } }),
      svc("hl", { clusterIP: "None", selector: { app: "web" } }),
      svc("ext", { type: "ExternalName", externalName: "example.com", clusterIP: undefined }),
    ],
    slices: [
      slice("web", [
        { pod: "web-1", ip: "10.244.1.2", node: "w1", ready: true },
        { pod: "web-2", ip: "10.244.2.2", node: "w2", ready: false },
      ]),
      slice("sick", [{ pod: "web-2", ip: "10.244.2.2", node: "w2", ready: false }]),
    ],
    selector: selector ? parseSelector(selector) : undefined,
  });
}

describe("diagram model", () => {
  const m = sample();
  const find = (name: string) => m.services.find((s) => s.name === name)!;

  it("puts pods in their nodes, and pods without one apart", () => {
    expect(m.nodes.map((n) => [n.name, n.role, n.pods.map((p) => p.name)])).toEqual([
      ["cp", "control-plane", []],
      ["w1", "worker", ["other", "web-1"]],
      ["w2", "worker", ["typo", "web-2"]],
    ]);
    expect(m.unscheduled.map((p) => p.name)).toEqual(["waiting"]);
  });

  it("lists endpoints from the slices with their node and readiness", () => {
    expect(find("web").endpoints.map((e) => [e.label, e.ip, e.ports, e.node, e.state])).toEqual([
      ["web-1", "10.244.1.2", [80], "w1", "ready"],
      ["web-2", "10.244.2.2", [80], "w2", "not ready"],
    ]);
    expect(find("web").problems).toEqual([]);
    expect(find("sick").problems).toEqual(["all 1 endpoint not ready: traffic is rejected"]);
  });

  it("names pods one label away from a selector that matches none", () => {
    // Single key: the pod with the key under another value is a hint; pods lacking it are not.
    expect(find("db").problems).toEqual(["selector app=db matches no pod in default"]);
    expect(find("db").nearMisses).toEqual([{ pod: "other", has: "name=db", wants: "app=db" }]);
    // A slip of the value: a transposition, a letter too many; `wbe` is not a slip of `webb`.
    expect(find("webb").nearMisses.map((x) => x.pod)).toEqual(["waiting", "web-1", "web-2"]);
    // Two keys: a wrong value of one, or the one label missing.
    expect(find("front").nearMisses).toEqual([
      { pod: "waiting", wants: "tier=back" },
      { pod: "web-1", has: "tier=front", wants: "tier=back" },
      { pod: "web-2", has: "tier=front", wants: "tier=back" },
    ]);
  });

  it("shows headless, ExternalName and LoadBalancer Services for what they are", () => {
    expect(find("hl")).toMatchObject({ headless: true, clusterIP: undefined });
    expect(find("ext")).toMatchObject({ type: "ExternalName", externalName: "example.com", problems: [] });
    expect(find("lb")).toMatchObject({ externalIP: "<pending>", ports: [{ nodePort: 30080 }] });
  });

  it("narrows with -l, keeping the Services related to the pods kept", () => {
    const n = sample("name=db");
    expect(n.nodes.flatMap((x) => x.pods.map((p) => p.name))).toEqual(["other"]);
    expect(n.services.map((s) => s.name)).toEqual(["db"]);
  });
});

describe("diagram text", () => {
  it("draws boxes of one width with every line closed", () => {
    const text = renderText(sample());
    const lines = text.split("\n").filter((l) => /^[┌│└]/.test(l));
    const widths = new Set(lines.map((l) => [...l].length));
    expect(widths.size).toBe(1);
    expect(lines.every((l) => /[┐│┘]$/.test(l))).toBe(true);
    expect(text).not.toContain("\x1b[");
    expect(text).toContain("nearly: pod other has name=db, wants app=db");
    expect(text).toContain("not scheduled on a node");
  });

  it("adds colour without moving anything", () => {
    const paint = (_: string, s: string) => `\x1b[1m${s}\x1b[0m`;
    const coloured = renderText(sample(), paint);
    expect(coloured).toContain("\x1b[");
    expect(coloured.replace(/\x1b\[\d+m/g, "")).toBe(renderText(sample()));
  });
});

describe("diagram drawings", () => {
  const m = sample();
  it("svg is well-formed, self-contained and names every node, pod and Service", () => {
    const svg = renderSvg(m);
    expect(xmlError(svg)).toBeUndefined();
    for (const name of [
      "cp",
      "w1",
      "w2",
      "web-1",
      "web-2",
      "typo",
      "other",
      "waiting",
      "web",
      "lb",
      "db",
      "hl",
      "ext",
    ])
      expect(svg).toMatch(new RegExp(`>${name}( \\(control-plane\\))?<`));
    expect(svg).toContain("&lt;pending&gt;");
    expect(svg).not.toMatch(/<script|<style|@import|href="http|url\(http/);
    expect(svg.match(/<path d="M[^"]* C/g)?.length).toBe(3); // web→web-1, web→web-2, sick→web-2
  });

  it("the checker rejects what is not XML", () => {
    expect(xmlError("<a><b></a></b>")).toBeDefined();
    expect(xmlError("<a>x & y</a>")).toBeDefined();
    expect(xmlError('<a x="1" x="2"/>')).toBeDefined();
    expect(xmlError("<a/><b/>")).toBeDefined();
    expect(xmlError('<a x="&lt;">&#160;<!-- c --><b/></a>')).toBeUndefined();
  });

  it("dot has a cluster per node and an edge per endpoint", () => {
    const dot = renderDot(m);
    expect(dot.match(/subgraph cluster_/g)?.length).toBe(4); // three nodes and "not scheduled"
    expect(dot.match(/ -> /g)?.length).toBe(3);
    expect(dot).toContain('"svc:default/web" -> "pod:default/web-2" [label=":80 not ready"');
    expect(dot.split("{").length).toBe(dot.split("}").length);
  });

  it("mermaid has a subgraph per node and escapes what it would misread", () => {
    const mm = renderMermaid(m);
    expect(mm.startsWith("flowchart LR\n")).toBe(true);
    expect(mm.match(/^ {2}subgraph /gm)?.length).toBe(4);
    expect(mm.match(/^ {2}end$/gm)?.length).toBe(4);
    expect(mm).toContain("#lt;pending#gt;");
    expect(mm).not.toMatch(/\[\[?"[^\]]*<pending>/);
    expect(mm.match(/-\.->/g)?.length).toBe(2);
  });
});

describe("kubesim diagram", () => {
  it("draws the seed cluster as SVG into a file, and picks the format from the extension", async () => {
    const sb = new Sandbox();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-diagram-"));
    try {
      await sb.sh("apply -f manifests/pods.yml -f manifests/deployhttpd.yml -f manifests/service.yml");
      const svgFile = path.join(dir, "net.svg");
      const r = await sb.sh(`diagram --output ${svgFile}`);
      expect(r).toEqual({ code: 0, out: `svg diagram written to ${svgFile}\n`, err: "" });
      const svg = fs.readFileSync(svgFile, "utf8");
      expect(xmlError(svg)).toBeUndefined();
      const pods = (await sb.sh("get pods -o name")).out.trim().split("\n");
      for (const name of [
        "kubesim-control-plane",
        "kubesim-worker",
        "kubesim-worker2",
        "demoservice",
        "kubernetes",
      ])
        expect(svg).toContain(name);
      for (const p of pods) expect(svg).toContain(`>${p.replace("pod/", "")}<`);

      const mmd = path.join(dir, "net.mmd");
      expect((await sb.sh(`diagram --output ${mmd}`)).code).toBe(0);
      expect(fs.readFileSync(mmd, "utf8").startsWith("flowchart LR")).toBe(true);
      expect((await sb.sh(`diagram -o svg`)).out).toBe(svg);
    } finally {
      sb.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
