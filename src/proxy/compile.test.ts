import { describe, expect, it } from "vitest";
import { endpointChain, serviceChains } from "./chains.js";
import { compile } from "./compile.js";
import { demo, demoSlice, type Ep, input, service, slice } from "./fixtures.js";
import type { IptablesTable } from "./types.js";

const lines = (t: IptablesTable) => t.rules.map((r) => `-A ${r.chain} ${r.spec}`);
const about = (t: IptablesTable, word: string) => lines(t).filter((l) => l.includes(word));
/** The lines about demoservice (the system Services' rules are always there too). */
const demoLines = (t: IptablesTable, word: string) => about(t, word).filter((l) => l.includes("demoservice"));
const SVC = "KUBE-SVC-ZOQTR5CHGLZHIEYA";
const SVL = "KUBE-SVL-ZOQTR5CHGLZHIEYA";
const EXT = "KUBE-EXT-ZOQTR5CHGLZHIEYA";
const ONE_EACH: Ep[] = [
  { ip: "10.244.1.2", node: "kubesim-worker" },
  { ip: "10.244.2.2", node: "kubesim-worker2" },
];
const nodePort = (extra: Record<string, any> = {}) =>
  demo({
    type: "NodePort",
    ports: [{ port: 80, nodePort: 31234, protocol: "TCP", targetPort: 80 }],
    ...extra,
  });

describe("externalTrafficPolicy Local", () => {
  const svc = nodePort({ externalTrafficPolicy: "Local" });

  it("keeps outside clients on local endpoints and short-circuits pods and the node", () => {
    const c = compile(input("kubesim-worker", [svc], [demoSlice(ONE_EACH)]));
    expect(about(c.nat, `-A ${EXT}`)).toEqual([
      `-A ${EXT} -s 10.244.0.0/16 -m comment --comment "pod traffic for default/demoservice external destinations" -j ${SVC}`,
      `-A ${EXT} -m comment --comment "masquerade LOCAL traffic for default/demoservice external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      `-A ${EXT} -m comment --comment "route LOCAL traffic for default/demoservice external destinations" -m addrtype --src-type LOCAL -j ${SVC}`,
      `-A ${EXT} -j ${SVL}`,
    ]);
    expect(about(c.nat, `-A ${SVL}`)).toEqual([
      `-A ${SVL} -m comment --comment "default/demoservice -> 10.244.1.2:80" -j KUBE-SEP-N7BJS2S6DUMFUOQH`,
    ]);
    expect(about(c.filter, "demoservice")).toEqual([]);
  });

  it("drops outside clients on a node without local endpoints", () => {
    const c = compile(input("kubesim-control-plane", [svc], [demoSlice(ONE_EACH)]));
    expect(about(c.nat, `-j ${SVL}`)).toEqual([]);
    expect(c.nat.chains.map((x) => x.name)).not.toContain(SVL);
    expect(about(c.filter, "demoservice")).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/demoservice has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 31234 -j DROP',
    ]);
  });

  it("accepts health checks on the healthCheckNodePort of a LoadBalancer", () => {
    const lb = demo({
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      healthCheckNodePort: 32001,
      ports: [{ port: 80, nodePort: 31234, protocol: "TCP" }],
    });
    const c = compile(input("kubesim-worker", [lb], [demoSlice(ONE_EACH)]));
    expect(about(c.filter, "health check node port")).toEqual([
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/demoservice health check node port" -m tcp --dport 32001 -j ACCEPT',
    ]);
  });
});

describe("internalTrafficPolicy Local", () => {
  const svc = demo({ internalTrafficPolicy: "Local" });

  it("sends ClusterIP traffic to KUBE-SVL, which masquerades off-cluster clients", () => {
    const c = compile(input("kubesim-worker2", [svc], [demoSlice(ONE_EACH)]));
    expect(about(c.nat, "demoservice")).toEqual([
      '-A KUBE-SEP-BWNLGIFBNRCARXBY -s 10.244.2.2/32 -m comment --comment "default/demoservice" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-BWNLGIFBNRCARXBY -p tcp -m comment --comment "default/demoservice" -m tcp -j DNAT --to-destination 10.244.2.2:80',
      `-A KUBE-SERVICES -d 10.96.137.24/32 -p tcp -m comment --comment "default/demoservice cluster IP" -m tcp --dport 80 -j ${SVL}`,
      `-A ${SVL} ! -s 10.244.0.0/16 -d 10.96.137.24/32 -p tcp -m comment --comment "default/demoservice cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`,
      `-A ${SVL} -m comment --comment "default/demoservice -> 10.244.2.2:80" -j KUBE-SEP-BWNLGIFBNRCARXBY`,
    ]);
  });

  it("drops ClusterIP traffic on a node without local endpoints", () => {
    const c = compile(input("kubesim-control-plane", [svc], [demoSlice(ONE_EACH)]));
    expect(about(c.nat, "demoservice")).toEqual([]);
    expect(about(c.filter, "demoservice")).toEqual([
      '-A KUBE-SERVICES -d 10.96.137.24/32 -p tcp -m comment --comment "default/demoservice has no local endpoints" -m tcp --dport 80 -j DROP',
    ]);
  });
});

describe("external destinations", () => {
  it("captures LoadBalancer ingress IPs (not ipMode Proxy) and externalIPs", () => {
    const lb = demo(
      {
        type: "LoadBalancer",
        externalIPs: ["192.168.10.10"],
        ports: [{ port: 80, nodePort: 31234, protocol: "TCP" }],
      },
      {
        loadBalancer: {
          ingress: [
            { ip: "172.18.255.200", ipMode: "VIP" },
            { ip: "172.18.255.201", ipMode: "Proxy" },
          ],
        },
      },
    );
    const c = compile(input("kubesim-worker", [lb], [demoSlice(ONE_EACH)]));
    expect(demoLines(c.nat, "-A KUBE-SERVICES -d")).toEqual([
      `-A KUBE-SERVICES -d 10.96.137.24/32 -p tcp -m comment --comment "default/demoservice cluster IP" -m tcp --dport 80 -j ${SVC}`,
      `-A KUBE-SERVICES -d 192.168.10.10/32 -p tcp -m comment --comment "default/demoservice external IP" -m tcp --dport 80 -j ${EXT}`,
      `-A KUBE-SERVICES -d 172.18.255.200/32 -p tcp -m comment --comment "default/demoservice loadbalancer IP" -m tcp --dport 80 -j ${EXT}`,
    ]);
  });

  it("filters LoadBalancer clients by loadBalancerSourceRanges through KUBE-FW", () => {
    const lb = demo(
      {
        type: "LoadBalancer",
        loadBalancerSourceRanges: ["203.0.113.0/24"],
        ports: [{ port: 80, nodePort: 31234 }],
      },
      { loadBalancer: { ingress: [{ ip: "172.18.255.200" }] } },
    );
    const c = compile(input("kubesim-worker", [lb], [demoSlice(ONE_EACH)]));
    const fw = "KUBE-FW-ZOQTR5CHGLZHIEYA";
    expect(about(c.nat, `-A ${fw}`)).toEqual([
      `-A ${fw} -s 203.0.113.0/24 -m comment --comment "default/demoservice loadbalancer IP" -j ${EXT}`,
      `-A ${fw} -m comment --comment "other traffic to default/demoservice will be dropped by KUBE-PROXY-FIREWALL"`,
    ]);
    expect(about(c.filter, "-A KUBE-PROXY-FIREWALL")).toEqual([
      `-A KUBE-PROXY-FIREWALL -d 172.18.255.200/32 -p tcp -m comment --comment "default/demoservice traffic not accepted by ${fw}" -m tcp --dport 80 -j DROP`,
    ]);
  });
});

describe("endpoints", () => {
  it("uses only ready endpoints; none ready means REJECT and no nat chains", () => {
    const c = compile(input("kubesim-worker", [demo()], [demoSlice([{ ip: "10.244.1.2", ready: false }])]));
    expect(about(c.nat, "demoservice")).toEqual([]);
    expect(c.nat.chains.map((x) => x.name)).not.toContain(SVC);
    expect(about(c.filter, "demoservice")).toEqual([
      '-A KUBE-SERVICES -d 10.96.137.24/32 -p tcp -m comment --comment "default/demoservice has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    ]);
    const mixed = compile(
      input(
        "kubesim-worker",
        [demo()],
        [demoSlice([{ ip: "10.244.1.2", ready: false }, { ip: "10.244.1.3" }])],
      ),
    );
    expect(demoLines(mixed.nat, "->")).toEqual([
      `-A ${SVC} -m comment --comment "default/demoservice -> 10.244.1.3:80" -j KUBE-SEP-PT6FEFIMCUKYOBRF`,
    ]);
  });

  it("falls back to serving terminating endpoints when none is ready", () => {
    const eps = [{ ip: "10.244.1.2", ready: false, serving: true, terminating: true }];
    const c = compile(input("kubesim-worker", [demo()], [demoSlice(eps)]));
    expect(demoLines(c.nat, "->")).toEqual([
      `-A ${SVC} -m comment --comment "default/demoservice -> 10.244.1.2:80" -j KUBE-SEP-N7BJS2S6DUMFUOQH`,
    ]);
    expect(about(c.filter, "demoservice")).toEqual([]);
  });

  it("matches named ports by name and protocol, one chain set per port", () => {
    const svc = demo({
      ports: [
        { name: "http", port: 80, protocol: "TCP", targetPort: "web" },
        { name: "https", port: 443, protocol: "TCP", targetPort: 8443 },
      ],
    });
    const sl = slice(
      "default",
      "demoservice",
      [
        { name: "https", port: 8443 },
        { name: "http", port: 8080 },
      ],
      [{ ip: "10.244.1.2" }],
    );
    const c = compile(input("kubesim-worker", [svc], [sl]));
    const http = serviceChains("default/demoservice:http", "tcp");
    const https = serviceChains("default/demoservice:https", "tcp");
    const httpSep = endpointChain("default/demoservice:http", "tcp", "10.244.1.2:8080");
    const httpsSep = endpointChain("default/demoservice:https", "tcp", "10.244.1.2:8443");
    expect(demoLines(c.nat, "-A KUBE-SERVICES")).toEqual([
      `-A KUBE-SERVICES -d 10.96.137.24/32 -p tcp -m comment --comment "default/demoservice:http cluster IP" -m tcp --dport 80 -j ${http.svc}`,
      `-A KUBE-SERVICES -d 10.96.137.24/32 -p tcp -m comment --comment "default/demoservice:https cluster IP" -m tcp --dport 443 -j ${https.svc}`,
    ]);
    expect(demoLines(c.nat, "-j DNAT")).toEqual(
      [
        `-A ${httpSep} -p tcp -m comment --comment "default/demoservice:http" -m tcp -j DNAT --to-destination 10.244.1.2:8080`,
        `-A ${httpsSep} -p tcp -m comment --comment "default/demoservice:https" -m tcp -j DNAT --to-destination 10.244.1.2:8443`,
      ].sort(),
    );
  });

  it("remembers ClientIP affinity with -m recent", () => {
    const svc = demo({
      sessionAffinity: "ClientIP",
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
    });
    const c = compile(input("kubesim-worker", [svc], [demoSlice(ONE_EACH)]));
    expect(about(c.nat, "recent")).toEqual([
      '-A KUBE-SEP-BWNLGIFBNRCARXBY -p tcp -m comment --comment "default/demoservice" -m recent --set --name KUBE-SEP-BWNLGIFBNRCARXBY --rsource -m tcp -j DNAT --to-destination 10.244.2.2:80',
      '-A KUBE-SEP-N7BJS2S6DUMFUOQH -p tcp -m comment --comment "default/demoservice" -m recent --set --name KUBE-SEP-N7BJS2S6DUMFUOQH --rsource -m tcp -j DNAT --to-destination 10.244.1.2:80',
      `-A ${SVC} -m comment --comment "default/demoservice -> 10.244.1.2:80" -m recent --rcheck --seconds 60 --reap --name KUBE-SEP-N7BJS2S6DUMFUOQH --rsource -j KUBE-SEP-N7BJS2S6DUMFUOQH`,
      `-A ${SVC} -m comment --comment "default/demoservice -> 10.244.2.2:80" -m recent --rcheck --seconds 60 --reap --name KUBE-SEP-BWNLGIFBNRCARXBY --rsource -j KUBE-SEP-BWNLGIFBNRCARXBY`,
    ]);
  });

  it("drops per-endpoint comments above 1000 endpoints, as kube-proxy does", () => {
    const eps = Array.from({ length: 1001 }, (_, i) => ({ ip: `10.244.${1 + (i >> 8)}.${i & 255}` }));
    const c = compile(input("kubesim-worker", [demo()], [demoSlice(eps)]));
    const sep = lines(c.nat).filter((l) => l.startsWith("-A KUBE-SEP-"));
    expect(sep[0]).toMatch(/^-A KUBE-SEP-\w+ -s [\d.]+\/32 -j KUBE-MARK-MASQ$/);
    expect(about(c.nat, "-> 10.244.1.0:80")).toEqual([]);
  });
});

describe("services without rules", () => {
  it("skips headless and ExternalName Services", () => {
    const headless = service("default", "db", { clusterIP: "None", ports: [{ port: 5432 }] });
    const ext = service("default", "search", { type: "ExternalName", externalName: "example.com" });
    const c = compile(
      input("kubesim-worker", [headless, ext], [slice("default", "db", [{ port: 5432 }], ONE_EACH)]),
    );
    expect(about(c.nat, "default/db")).toEqual([]);
    expect(about(c.filter, "default/db")).toEqual([]);
    expect(about(c.nat, "search")).toEqual([]);
  });
});
