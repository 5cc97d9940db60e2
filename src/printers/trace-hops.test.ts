// The words for typed hops: each kind's row as `kubesim trace` prints it, and kube-proxy's
// sentence when it stands as a verdict's cause.
import { describe, expect, it } from "vitest";
import type { Hop } from "../net/hops.js";
import type { TraceStep } from "../net/trace.js";
import { costText, hopDetail, hopText, stepName, vantageText, verdictData } from "./trace-hops.js";

const row = (h: TraceStep) => `${stepName(h)}  ${hopText(h)}`;

describe("trace hops in words", () => {
  it("shows kube-proxy's endpoint pick with its draws, and its rule path as a cause", () => {
    const dnat: Hop = {
      kind: "kube-proxy",
      node: "kubesim-worker",
      chain: ["KUBE-SERVICES", "KUBE-SVC-A", "KUBE-SEP-B"],
      draws: [
        { p: 1 / 3, x: 0.81 },
        { p: 0.5, x: 0.12 },
      ],
      verdict: "dnat",
      to: { ip: "10.244.1.4", port: 80 },
    };
    expect(row(dnat)).toBe(
      "kube-proxy  kubesim-worker: KUBE-SERVICES -> KUBE-SVC-A -> KUBE-SEP-B (endpoint 2 of 3: random 0.81 >= 0.3333, 0.12 < 0.5000)",
    );
    expect(hopDetail(dnat)).toBe(
      "kubesim-worker: KUBE-SERVICES -> KUBE-SVC-A -> KUBE-SEP-B: DNAT to 10.244.1.4:80",
    );
    const reject: Hop = { kind: "kube-proxy", node: "n", chain: [], draws: [], verdict: "reject" };
    expect(hopText(reject)).toBe("n: no chain: REJECT (no endpoints)");
    expect(hopDetail(reject)).toBe(": REJECT (no endpoints)");
  });

  it("names the IPVS virtual server or the nft chains in the other modes", () => {
    const base = {
      kind: "kube-proxy" as const,
      node: "kubesim-worker",
      chain: ["KUBE-SERVICES", "KUBE-SVC-A", "KUBE-SEP-B"],
      draws: [{ p: 0.5, x: 0.7 }],
      verdict: "dnat" as const,
      to: { ip: "10.244.2.3", port: 80 },
    };
    const ipvs: Hop = {
      ...base,
      via: { mode: "ipvs", protocol: "TCP", ip: "10.96.45.6", port: 80, scheduler: "rr" },
    };
    expect(hopText(ipvs)).toBe(
      "kubesim-worker: IPVS TCP 10.96.45.6:80 rr -> 10.244.2.3:80 (real server 2 of 2, Masq)",
    );
    const nft: Hop = { ...base, via: { mode: "nftables", chains: ["services", "service-X", "endpoint-Y"] } };
    expect(hopDetail(nft)).toBe(
      "kubesim-worker: services -> service-X -> endpoint-Y (numgen random mod 2: endpoint 2 of 2)",
    );
  });

  it("says how much of the rule set each mode consulted", () => {
    expect(costText({ mode: "iptables", walked: 22, total: 29, matched: true })).toBe(
      "iptables: matched at the 22nd of 29 rules in KUBE-SERVICES: a linear walk that grows with every Service",
    );
    expect(
      costText({ mode: "iptables", walked: 9, total: 9, matched: true, nodePorts: { walked: 2, total: 2 } }),
    ).toBe(
      "iptables: matched at the 9th of 9 rules in KUBE-SERVICES, then the 2nd of 2 in KUBE-NODEPORTS: a linear walk that grows with every Service",
    );
    expect(costText({ mode: "iptables", walked: 5, total: 5, matched: false })).toBe(
      "iptables: tested all 5 rules in KUBE-SERVICES without a match: a linear walk that grows with every Service",
    );
    expect(costText({ mode: "ipvs", virtualServers: 32, iptablesRules: 16 })).toBe(
      "IPVS: one hash lookup among 32 virtual servers; its 16 iptables nat rules match ipsets, as many for any number of Services",
    );
    expect(costText({ mode: "nftables", map: "service-ips", elements: 28 })).toBe(
      "nftables: one lookup in the service-ips verdict map (28 elements), however many Services there are",
    );
  });

  it("shows portmap's hostPort DNAT with the sandbox's chain and the pod", () => {
    const h: Hop = {
      kind: "portmap",
      node: "kubesim-worker",
      chain: ["CNI-HOSTPORT-DNAT", "CNI-DN-0123456789abcdef01234"],
      hostPort: 8080,
      pod: { namespace: "default", name: "web" },
      container: "httpd",
      to: { ip: "10.244.1.4", port: 80 },
    };
    expect(row(h)).toBe(
      "portmap  kubesim-worker: CNI-HOSTPORT-DNAT -> CNI-DN-0123456789abcdef01234 (hostPort 8080 of pod default/web)",
    );
    expect(hopDetail(h)).toBe(
      "kubesim-worker: portmap's CNI-HOSTPORT-DNAT -> CNI-DN-0123456789abcdef01234: DNAT hostPort 8080 to 10.244.1.4:80 (pod default/web)",
    );
  });

  it("names the step each component's hop belongs to", () => {
    const steps: [TraceStep, string][] = [
      [{ kind: "loopback", in: "pod", pod: "web" }, "pod  loopback inside pod web"],
      [
        { kind: "listener", pod: { namespace: "a", name: "web" }, container: "c", port: 80 },
        "pod  container c of a/web accepts on port 80",
      ],
      [{ kind: "daemon", name: "kubelet", node: "n", port: 10250 }, "node  kubelet accepts on n:10250"],
      [
        { kind: "refused", at: "pod", pod: "web", protocol: "TCP", port: 81 },
        "kernel  nothing listens on TCP port 81 in pod web: connection refused",
      ],
      [{ kind: "policy", allowed: true, allowedBy: [] }, "policy  no NetworkPolicy isolates either end"],
      [
        {
          kind: "dns",
          name: "web.default.svc.cluster.local",
          server: "10.96.0.10",
          answer: { rcode: "NOERROR" },
        },
        "dns  web.default.svc.cluster.local -> no address (NODATA)  @10.96.0.10",
      ],
      [{ kind: "response", status: 200, reason: "OK" }, "response  HTTP 200 OK"],
    ];
    for (const [h, text] of steps) expect(row(h)).toBe(text);
  });

  it("shortens a long command line and falls back to the image's server", () => {
    const command = ["sh", "-c", "while true; do echo hello from a long loop; sleep 10; done"];
    expect(hopText({ kind: "process", command, image: "busybox", server: "busybox", port: 8080 })).toBe(
      "`sh -c while true; do echo hello from a long l...` (image busybox) listens on TCP 8080",
    );
    expect(hopText({ kind: "process", command: [], image: "httpd", server: "httpd", port: 80 })).toBe(
      "httpd's server (image httpd) listens on TCP 80",
    );
  });

  it("gives a verdict without a cause of its own the words of the hop it stopped at", () => {
    const stoppedAt: Hop = { kind: "route", dst: "10.244.9.9", to: "no-pod" };
    expect(verdictData({ ok: false, stoppedAt, fix: "" })).toEqual({
      ok: false,
      cause: "no node owns 10.244.9.9",
      fix: "",
    });
    expect(vantageText({ kind: "pod", namespace: "a", name: "b", container: "c", ip: "" })).toBe(
      "pod a/b, container c (no IP)",
    );
  });
});
