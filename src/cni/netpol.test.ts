import { describe, expect, it } from "vitest";
import type { KObject } from "../api/types.js";
import { evaluateFlow, explainDenial, type Flow, type NetpolWorld, type Peer } from "./netpol.js";

function pod(
  name: string,
  ns: string,
  ip: string,
  labels: Record<string, string> = {},
  extra: Record<string, any> = {},
): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels },
    spec: {
      nodeName: "kubesim-worker",
      containers: [{ name: "c", ports: extra.ports ?? [] }],
      ...extra.spec,
    },
    status: { podIP: ip },
  };
}

function policy(name: string, ns: string, spec: Record<string, any>): KObject {
  const types = spec.policyTypes ?? (spec.egress ? ["Ingress", "Egress"] : ["Ingress"]);
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: ns },
    spec: { podSelector: {}, ...spec, policyTypes: types },
  };
}

const ns = (name: string, labels: Record<string, string> = {}): KObject => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels: { ...labels, "kubernetes.io/metadata.name": name } },
});

const web = pod(
  "web",
  "lab",
  "10.244.1.5",
  { app: "nginx" },
  { ports: [{ name: "http", containerPort: 80 }] },
);
const client = pod("client", "lab", "10.244.2.7", { run: "client" });
const trusted = pod("trusted", "lab", "10.244.2.8", { access: "true" });
const other = pod("other", "prod", "10.244.0.9", { access: "true" });
const P = (p: KObject): Peer => ({ kind: "pod", pod: p });

function world(...policies: KObject[]): NetpolWorld {
  return { policies, namespaces: [ns("lab"), ns("prod", { team: "prod" })] };
}

const flow = (src: Peer, dst: Peer = P(web), port = 80, protocol: Flow["protocol"] = "TCP"): Flow => ({
  src,
  dst,
  port,
  protocol,
});

const denyIngress = policy("default-deny-ingress", "lab", { policyTypes: ["Ingress"] });
const allowAccess = policy("allow-access", "lab", {
  podSelector: { matchLabels: { app: "nginx" } },
  ingress: [{ from: [{ podSelector: { matchLabels: { access: "true" } } }] }],
});

describe("NetworkPolicy evaluation", () => {
  it("allows everything when no policy selects either pod", () => {
    const v = evaluateFlow(world(), flow(P(client)));
    expect(v.allowed).toBe(true);
    expect(v.ingress.reason).toBe("not-isolated");
    expect(v.egress.reason).toBe("not-isolated");
  });

  it("default deny: an empty podSelector with no rules isolates every pod of the namespace", () => {
    const v = evaluateFlow(world(denyIngress), flow(P(client)));
    expect(v.allowed).toBe(false);
    expect(v.ingress).toMatchObject({
      reason: "denied",
      isolatedBy: [{ namespace: "lab", name: "default-deny-ingress" }],
    });
    expect(v.egress.allowed).toBe(true);
  });

  it("policies are additive: the allow rule admits labelled pods only", () => {
    const w = world(denyIngress, allowAccess);
    expect(evaluateFlow(w, flow(P(client))).allowed).toBe(false);
    const ok = evaluateFlow(w, flow(P(trusted)));
    expect(ok.allowed).toBe(true);
    expect(ok.ingress.allowedBy).toEqual([{ namespace: "lab", name: "allow-access" }]);
    expect(ok.ingress.isolatedBy.map((p) => p.name)).toEqual(["default-deny-ingress", "allow-access"]);
  });

  it("a podSelector peer only matches pods of the policy's own namespace", () => {
    expect(evaluateFlow(world(allowAccess), flow(P(other))).allowed).toBe(false);
  });

  it("namespaceSelector alone admits every pod of the selected namespaces", () => {
    const p = policy("from-prod", "lab", {
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "prod" } } }] }],
    });
    expect(evaluateFlow(world(p), flow(P(other))).allowed).toBe(true);
    expect(evaluateFlow(world(p), flow(P(client))).allowed).toBe(false);
  });

  it("namespaceSelector and podSelector in one peer must both match", () => {
    const both = policy("both", "lab", {
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "prod" } },
              podSelector: { matchLabels: { access: "true" } },
            },
          ],
        },
      ],
    });
    expect(evaluateFlow(world(both), flow(P(other))).allowed).toBe(true);
    expect(evaluateFlow(world(both), flow(P(trusted))).allowed).toBe(false);
    const stranger = pod("stranger", "prod", "10.244.0.10", {});
    expect(evaluateFlow(world(both), flow(P(stranger))).allowed).toBe(false);
  });

  it("ipBlock with except", () => {
    const p = policy("cidr", "lab", {
      ingress: [{ from: [{ ipBlock: { cidr: "10.244.0.0/16", except: ["10.244.2.0/24"] } }] }],
    });
    expect(evaluateFlow(world(p), flow(P(other))).allowed).toBe(true);
    expect(evaluateFlow(world(p), flow(P(client))).allowed).toBe(false);
    expect(evaluateFlow(world(p), flow({ kind: "external", ip: "172.18.0.1" })).allowed).toBe(false);
    const outside = policy("outside", "lab", {
      ingress: [{ from: [{ ipBlock: { cidr: "172.18.0.0/16" } }] }],
    });
    expect(evaluateFlow(world(outside), flow({ kind: "external", ip: "172.18.0.1" })).allowed).toBe(true);
  });

  it("ports: number, protocol, endPort range and named ports resolved on the destination pod", () => {
    const rule = (ports: any[]) => policy("ports", "lab", { ingress: [{ ports }] });
    expect(evaluateFlow(world(rule([{ protocol: "TCP", port: 80 }])), flow(P(client))).allowed).toBe(true);
    expect(evaluateFlow(world(rule([{ protocol: "TCP", port: 81 }])), flow(P(client))).allowed).toBe(false);
    expect(evaluateFlow(world(rule([{ protocol: "UDP", port: 80 }])), flow(P(client))).allowed).toBe(false);
    expect(
      evaluateFlow(world(rule([{ protocol: "TCP", port: 70, endPort: 90 }])), flow(P(client))).allowed,
    ).toBe(true);
    expect(evaluateFlow(world(rule([{ protocol: "TCP", port: "http" }])), flow(P(client))).allowed).toBe(
      true,
    );
    expect(evaluateFlow(world(rule([{ protocol: "TCP", port: "https" }])), flow(P(client))).allowed).toBe(
      false,
    );
    expect(evaluateFlow(world(rule([{ protocol: "TCP" }])), flow(P(client), P(web), 8080)).allowed).toBe(
      true,
    );
  });

  it("policyTypes: an Egress-only policy does not isolate for ingress", () => {
    const p = policy("egress-only", "lab", { policyTypes: ["Egress"] });
    const v = evaluateFlow(world(p), flow(P(client)));
    expect(v.ingress.allowed).toBe(true);
    expect(v.egress).toMatchObject({ allowed: false, reason: "denied" });
  });

  it("egress rules select the destination pod after DNAT", () => {
    const denyEgress = policy("deny-egress", "lab", {
      podSelector: { matchLabels: { run: "client" } },
      egress: [],
    });
    const allowWeb = policy("to-web", "lab", {
      podSelector: { matchLabels: { run: "client" } },
      egress: [
        { to: [{ podSelector: { matchLabels: { app: "nginx" } } }], ports: [{ protocol: "TCP", port: 80 }] },
      ],
    });
    expect(evaluateFlow(world(denyEgress), flow(P(client))).allowed).toBe(false);
    expect(evaluateFlow(world(denyEgress, allowWeb), flow(P(client))).allowed).toBe(true);
    expect(evaluateFlow(world(denyEgress, allowWeb), flow(P(client), P(web), 443)).allowed).toBe(false);
  });

  it("traffic from the pod's own node is always allowed, from another node it is not", () => {
    const w = world(denyIngress);
    expect(
      evaluateFlow(w, flow({ kind: "node", node: "kubesim-worker", ip: "172.18.0.3" })).ingress.reason,
    ).toBe("node-local");
    expect(evaluateFlow(w, flow({ kind: "node", node: "kubesim-worker2", ip: "172.18.0.4" })).allowed).toBe(
      false,
    );
  });

  it("a pod cannot block access to itself", () => {
    expect(evaluateFlow(world(denyIngress), flow(P(web))).ingress.reason).toBe("self");
  });

  it("hostNetwork pods are not selected", () => {
    const host = pod("kube-proxy", "lab", "172.18.0.3", {}, { spec: { hostNetwork: true } });
    const v = evaluateFlow(world(denyIngress), flow(P(client), P(host)));
    expect(v.allowed).toBe(true);
    expect(v.ingress.reason).toBe("host-network");
  });

  it("a reply of an allowed connection is allowed", () => {
    const v = evaluateFlow(world(denyIngress), { ...flow(P(client)), reply: true });
    expect(v.allowed).toBe(true);
    expect(v.ingress.reason).toBe("reply");
  });

  it("explains a denial by policy name, with a rule that would admit the connection", () => {
    const f = flow(P(client));
    const text = explainDenial(evaluateFlow(world(denyIngress, allowAccess), f), f);
    expect(text).toBe(
      "denied by NetworkPolicies default-deny-ingress, allow-access in namespace lab (ingress of pod lab/web from pod lab/client, TCP port 80); a rule allowing from pods with run=client on TCP port 80 would admit it",
    );
  });
});
