// The diagnoses, each from a broken setup built in a fresh cluster: the verdict must name the
// cause from the model (the objects' own names, ports and labels) and a fix that uses them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Sandbox } from "../../test/harness.js";
import { byKind } from "../apiserver/resources.js";
import { bootstrap } from "../cluster/bootstrap.js";
import type { Cluster } from "../cluster/cluster.js";
import { verdictCause } from "../printers/trace-hops.js";
import type { Outcome } from "./connect.js";
import { diagnose } from "./diagnose.js";
import { type Hop, refOf } from "./hops.js";
import { type NetAttempt, Network } from "./network.js";

let sb: Sandbox;
beforeEach(() => {
  sb = new Sandbox();
});
afterEach(() => sb.cleanup());

async function verdict(line: string): Promise<{ ok: boolean; cause: string | null; fix: string | null }> {
  const r = await sb.sh(`trace -o json ${line}`);
  return JSON.parse(r.out).verdict;
}

async function svcField(name: string, field: (s: any) => unknown): Promise<string> {
  return String(field(JSON.parse((await sb.sh(`get svc ${name} -o json`)).out)));
}

describe("diagnose", () => {
  it("names the pod that nearly matches a selector, with the label that differs", async () => {
    await sb.sh("apply -f test/fixtures/trace/svc-selector-typo.yml");
    const ip = await svcField("demoservice", (s) => s.spec.clusterIP);
    const v = await verdict(ip);
    expect(v.ok).toBe(false);
    expect(v.cause).toMatch(/selector name=deploymnet matches no pod/);
    expect(v.cause).toMatch(/has name=deployment/);
    expect(v.fix).toMatch(/selector to name=deployment/);
  });

  it("says where the container listens when the targetPort is wrong", async () => {
    await sb.sh("apply -f test/fixtures/trace/svc-wrong-targetport.yml");
    const ip = await svcField("web", (s) => s.spec.clusterIP);
    const v = await verdict(ip);
    expect(v.cause).toMatch(
      /targetPort 8080, but nothing .* listens on 8080: container httpd .* listens on TCP 80/,
    );
    expect(v.fix).toMatch(/targetPort/);
  });

  it("gives the probe and its failure for a pod that is not ready", async () => {
    await sb.sh("apply -f test/fixtures/trace/svc-not-ready.yml");
    sb.env.KUBESIM_NOW = "2026-11-27T10:00:30Z";
    const ip = await svcField("web", (s) => s.spec.clusterIP);
    const v = await verdict(ip);
    expect(v.cause).toMatch(/httpGet \/healthz on port 80/);
    expect(v.cause).toMatch(/statuscode: 404/);
  });

  it("tells a ClusterIP from outside where the Service answers instead", async () => {
    await sb.sh("apply -f manifests/deployhttpd.yml -f manifests/service-nodeport.yml");
    const ip = await svcField("demoservice", (s) => s.spec.clusterIP);
    const nodePort = await svcField("demoservice", (s) => s.spec.ports[0].nodePort);
    const v = await verdict(`--from outside ${ip}`);
    expect(v.cause).toMatch(/ClusterIP of Service default\/demoservice/);
    expect(v.fix).toContain(`:${nodePort}/`);
    const paired = await verdict(`${ip}:${nodePort}`);
    expect(paired.cause).toMatch(new RegExp(`${nodePort} is Service default/demoservice's nodePort`));
    expect(paired.fix).toContain(`${ip}:80`);
    const nodeWithSvcPort = await verdict("172.18.0.3:80");
    expect(nodeWithSvcPort.fix).toContain(`172.18.0.3:${nodePort}`);
  });

  it("explains a node's resolver and a short name from another namespace", async () => {
    await sb.sh("apply -f test/fixtures/other-ns-service.yml");
    await sb.sh("run client --image=curlimages/curl -- sleep infinity");
    const node = await verdict("web.other");
    expect(node.cause).toMatch(/node's resolver .* does not know cluster names/);
    const short = await verdict("--from pod/client web");
    expect(short.cause).toMatch(/Service web is in namespace other/);
    expect(short.fix).toMatch(/web\.other/);
  });

  it("says a pod IP no pod holds belonged to a replaced pod", async () => {
    await sb.sh("apply -f manifests/pods.yml");
    const ip = JSON.parse((await sb.sh("get pod testpod -o json")).out).status.podIP;
    await sb.sh("delete pod testpod --grace-period=0 --force");
    const v = await verdict(ip);
    expect(v.cause).toMatch(new RegExp(`no pod has ${ip.replace(/\./g, "\\.")} now`));
  });

  it("explains ping to a ClusterIP", async () => {
    const v = await verdict("--ping 10.96.0.10");
    expect(v.cause).toMatch(/ClusterIP of Service kube-system\/kube-dns/);
    expect(v.fix).toMatch(/nslookup/);
  });

  it("passes with a note when the image was guessed", async () => {
    await sb.sh("apply -f test/fixtures/trace/guessed-image.yml");
    const ip = JSON.parse((await sb.sh("get pod shop -o json")).out).status.podIP;
    const v = await verdict(`${ip}:8080`);
    expect(v.ok).toBe(true);
    expect(v.cause).toMatch(/kubesim does not know image "example.com\/acme\/shop:1.4"/);
  });
});

// The same diagnoses read straight from typed hops, with no trace text in between: each
// attempt is built by hand from the facts the data plane records.
describe("diagnose from typed hops", () => {
  const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z" };
  const cluster = () => bootstrap({ name: "t", nodes: 3, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
  const fromNode = (c: Cluster) => new Network(c, { kind: "node", node: "t-control-plane" });
  const attempt = (ip: string, port: number, hops: Hop[], outcome: Outcome): NetAttempt => ({
    host: ip,
    ip,
    port,
    result: { srcIP: "172.18.0.2", peerIP: "172.18.0.2", outcome, hops, effects: [] },
  });
  const diagnoseAttempt = (net: Network, a: NetAttempt) =>
    diagnose(net, { target: { host: a.ip, port: a.port }, attempt: a });
  const coredns = (c: Cluster) =>
    c.api.list(byKind("Pod"), "kube-system").find((p) => p.metadata.labels?.["k8s-app"] === "kube-dns")!;
  const chain = ["KUBE-SERVICES", "KUBE-SVC-X"];

  it("reads a REJECT as a Service without ready endpoints", () => {
    const net = fromNode(cluster());
    const hops: Hop[] = [
      { kind: "kube-proxy", node: "t-control-plane", chain, draws: [], verdict: "reject" },
    ];
    const v = diagnoseAttempt(net, attempt("10.96.0.10", 53, hops, { kind: "refused", elapsedMs: 0 }));
    expect(v.cause).toMatch(/^Service kube-system\/kube-dns has no ready endpoint/);
  });

  it("reads a no-local-endpoints DROP as externalTrafficPolicy Local on that node", () => {
    const net = fromNode(cluster());
    const hops: Hop[] = [
      {
        kind: "kube-proxy",
        node: "t-worker",
        chain,
        draws: [],
        verdict: "drop",
        reason: "no-local-endpoints",
      },
    ];
    const v = diagnoseAttempt(net, attempt("10.96.0.10", 53, hops, { kind: "timeout" }));
    expect(v.cause).toMatch(/externalTrafficPolicy: Local and t-worker runs none of its ready endpoints/);
  });

  it("reads a vacant address in a node's pod CIDR as a replaced pod's IP", () => {
    const net = fromNode(cluster());
    const hops: Hop[] = [
      {
        kind: "route",
        dst: "10.244.1.77",
        to: "no-pod",
        owner: { node: "t-worker", podCIDR: "10.244.1.0/24" },
      },
    ];
    const v = diagnoseAttempt(net, attempt("10.244.1.77", 80, hops, { kind: "no-route", elapsedMs: 3000 }));
    expect(v.cause).toMatch(/^no pod has 10\.244\.1\.77 now: it is in t-worker's pod CIDR 10\.244\.1\.0\/24/);
  });

  it("reads a Service IP without a rule as a port the Service does not have", () => {
    const net = fromNode(cluster());
    const hops: Hop[] = [{ kind: "route", dst: "10.96.0.1", to: "service-ip", port: 80 }];
    const v = diagnoseAttempt(net, attempt("10.96.0.1", 80, hops, { kind: "timeout" }));
    expect(v.cause).toMatch(/^Service default\/kubernetes has no port 80/);
  });

  it("names the pod from the route and the refused port after the DNAT", () => {
    const c = cluster();
    const pod = coredns(c);
    const ip = pod.status.podIP;
    const hops: Hop[] = [
      {
        kind: "kube-proxy",
        node: "t-control-plane",
        chain,
        draws: [],
        verdict: "dnat",
        to: { ip, port: 9999 },
      },
      {
        kind: "route",
        dst: ip,
        to: "pod",
        pod: refOf(pod),
        node: pod.spec.nodeName,
        podCIDR: "10.244.0.0/24",
      },
      { kind: "refused", at: "pod", pod: pod.metadata.name!, protocol: "TCP", port: 9999 },
    ];
    const v = diagnoseAttempt(
      fromNode(c),
      attempt("10.96.0.10", 53, hops, { kind: "refused", elapsedMs: 1 }),
    );
    expect(v.cause).toContain(`nothing in pod ${pod.metadata.name} listens on 9999`);
  });

  it("splits a policy denial into the cause and the rule that would admit it", () => {
    const net = fromNode(cluster());
    const open = { allowed: true, reason: "not-isolated" as const, isolatedBy: [], allowedBy: [] };
    const hops: Hop[] = [
      {
        kind: "policy",
        allowed: false,
        verdict: {
          allowed: false,
          egress: { direction: "egress", ...open },
          ingress: {
            direction: "ingress",
            allowed: false,
            reason: "denied",
            isolatedBy: [{ namespace: "lab", name: "deny" }],
            allowedBy: [],
          },
        },
        flow: {
          src: { kind: "external", ip: "172.18.0.1" },
          dst: { kind: "external", ip: "10.244.1.5" },
          port: 80,
          protocol: "TCP",
        },
      },
    ];
    const v = diagnoseAttempt(net, attempt("10.244.1.5", 80, hops, { kind: "timeout" }));
    expect(v.cause).toBe(
      "a NetworkPolicy drops the connection: denied by NetworkPolicy deny in namespace lab (ingress of 10.244.1.5 from 172.18.0.1, TCP port 80)",
    );
    expect(v.fix).toBe(
      "a rule allowing from ipBlock 172.18.0.1/32 on TCP port 80 would admit it (add it to the policy, or a new one)",
    );
  });

  it("leaves the hop it stopped at as the cause when it knows no other", () => {
    const net = fromNode(cluster());
    const refused: Hop = { kind: "refused", at: "node", node: "t-control-plane", port: 80 };
    const hops: Hop[] = [{ kind: "loopback", in: "node", node: "t-control-plane" }, refused];
    const v = diagnoseAttempt(net, attempt("127.0.0.1", 80, hops, { kind: "refused", elapsedMs: 0 }));
    expect(v.cause).toBeUndefined();
    expect(v.stoppedAt).toBe(refused);
    expect(verdictCause(v)).toBe("nothing listens on t-control-plane:80: connection refused");
  });
});
