import { describe, expect, it } from "vitest";
import { demo, demoSlice, input, service, slice } from "./fixtures.js";
import { compileIpvs, type VirtualServer } from "./ipvs.js";
import { compareServices, renderIpvsadm } from "./ipvs-render.js";
import { renderIptablesSave } from "./render.js";

const web = service(
  "default",
  "web",
  {
    type: "LoadBalancer",
    clusterIP: "10.96.45.6",
    externalTrafficPolicy: "Local",
    healthCheckNodePort: 32000,
    ports: [{ name: "http", port: 80, nodePort: 30007, protocol: "TCP", targetPort: 8080 }],
  },
  { loadBalancer: { ingress: [{ ip: "172.18.255.200", ipMode: "VIP" }] } },
);
const webSlice = slice(
  "default",
  "web",
  [{ name: "http", port: 8080 }],
  [
    { ip: "10.244.1.2", node: "kubesim-worker", pod: "web-a" },
    { ip: "10.244.2.2", node: "kubesim-worker2", pod: "web-b" },
  ],
);

describe("ipvs mode", () => {
  const rules = compileIpvs(
    input(
      "kubesim-worker",
      [demo(), web],
      [demoSlice([{ ip: "10.244.1.3", node: "kubesim-worker" }]), webSlice],
    ),
    ["172.18.0.3", "10.244.1.1"],
  );

  it("prints every virtual server as ipvsadm -Ln does, NodePorts on each node address", () => {
    expect(renderIpvsadm(rules)).toBe(
      [
        "IP Virtual Server version 1.2.1 (size=4096)",
        "Prot LocalAddress:Port Scheduler Flags",
        "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
        // libipvs compares addresses as a C int difference: 172.18/16 sorts before 10/8.
        "TCP  172.18.0.3:30007 rr",
        "  -> 10.244.1.2:8080              Masq    1      0          0         ",
        "TCP  172.18.255.200:80 rr",
        "  -> 10.244.1.2:8080              Masq    1      0          0         ",
        "TCP  10.96.0.1:443 rr",
        "  -> 172.18.0.2:6443              Masq    1      0          0         ",
        "TCP  10.96.0.10:53 rr",
        "  -> 10.244.0.2:53                Masq    1      0          0         ",
        "  -> 10.244.0.3:53                Masq    1      0          0         ",
        "TCP  10.96.0.10:9153 rr",
        "  -> 10.244.0.2:9153              Masq    1      0          0         ",
        "  -> 10.244.0.3:9153              Masq    1      0          0         ",
        "TCP  10.96.45.6:80 rr",
        "  -> 10.244.1.2:8080              Masq    1      0          0         ",
        "  -> 10.244.2.2:8080              Masq    1      0          0         ",
        "TCP  10.96.137.24:80 rr",
        "  -> 10.244.1.3:80                Masq    1      0          0         ",
        "TCP  10.244.1.1:30007 rr",
        "  -> 10.244.1.2:8080              Masq    1      0          0         ",
        "UDP  10.96.0.10:53 rr",
        "  -> 10.244.0.2:53                Masq    1      0          0         ",
        "  -> 10.244.0.3:53                Masq    1      0          0         ",
        "",
      ].join("\n"),
    );
  });

  it("keeps ClusterIP traffic on every endpoint but external traffic on local ones (Local policy)", () => {
    const byRole = (role: string) =>
      rules.services.filter((s) => s.spn === "default/web:http" && s.role === role);
    expect(byRole("cluster-ip")[0].dests.map((d) => d.ip)).toEqual(["10.244.1.2", "10.244.2.2"]);
    expect(byRole("load-balancer")[0].dests.map((d) => d.ip)).toEqual(["10.244.1.2"]);
    expect(byRole("node-port").map((s) => s.ip)).toEqual(["172.18.0.3", "10.244.1.1"]);
  });

  it("falls back to every endpoint where a Local policy finds none on the node (kubernetes#97081)", () => {
    const cp = compileIpvs(input("kubesim-control-plane", [web], [webSlice]));
    const lb = cp.services.find((s) => s.role === "load-balancer");
    expect(lb?.dests.map((d) => d.ip)).toEqual(["10.244.1.2", "10.244.2.2"]);
  });

  it("binds ClusterIPs and load-balancer IPs to kube-ipvs0, once each", () => {
    expect(rules.dummy).toEqual(["10.96.137.24", "10.96.0.1", "10.96.45.6", "172.18.255.200", "10.96.0.10"]);
  });

  it("prints ClientIP affinity as persistence", () => {
    const sticky = compileIpvs(
      input("kubesim-worker", [demo({ sessionAffinity: "ClientIP" })], [demoSlice([{ ip: "10.244.1.3" }])]),
    );
    expect(renderIpvsadm(sticky)).toContain("TCP  10.96.137.24:80 rr persistent 10800\n");
  });

  it("writes ipset matches instead of one rule per Service, skipping empty sets", () => {
    const text = renderIptablesSave(rules.nat, { date: new Date(0), filter: rules.filter });
    expect(text).toContain(
      '-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ\n',
    );
    expect(text).toContain(
      '-A KUBE-LOAD-BALANCER -m comment --comment "Kubernetes service load balancer ip + port with externalTrafficPolicy=local" -m set --match-set KUBE-LOAD-BALANCER-LOCAL dst,dst -j RETURN\n',
    );
    expect(text).toContain(
      '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN\n',
    );
    expect(text).not.toContain("KUBE-NODE-PORT-UDP");
    expect(text).not.toContain("KUBE-LOAD-BALANCER-FW dst,dst");
    expect(rules.ipsets.get("KUBE-HEALTH-CHECK-NODE-PORT")).toEqual(["32000"]);
    expect(rules.ipsets.get("KUBE-LOOP-BACK")).toEqual([
      "10.244.1.3,tcp:80,10.244.1.3",
      "10.244.1.2,tcp:8080,10.244.1.2",
    ]);
  });

  it("has as many iptables rules for 50 Services as for 1", () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      service("default", `s${i}`, { clusterIP: `10.96.1.${i + 1}`, ports: [{ port: 80, protocol: "TCP" }] }),
    );
    const slices = many.map((s) => slice("default", s.metadata.name, [{ port: 80 }], [{ ip: "10.244.2.9" }]));
    const big = compileIpvs(input("kubesim-worker", many, slices));
    const small = compileIpvs(input("kubesim-worker", many.slice(0, 1), slices.slice(0, 1)));
    expect(big.nat.rules.length).toBe(small.nat.rules.length);
    expect(big.services.length - small.services.length).toBe(49);
  });

  it("sorts services by protocol number, then address as a wrapped C difference, then port", () => {
    const vs = (protocol: "TCP" | "UDP", ip: string, port: number): VirtualServer => ({
      protocol,
      ip,
      port,
      scheduler: "rr",
      dests: [],
      spn: "",
      role: "cluster-ip",
    });
    const sorted = [vs("UDP", "10.0.0.1", 1), vs("TCP", "10.96.0.1", 2), vs("TCP", "172.18.0.2", 1)].sort(
      compareServices,
    );
    expect(sorted.map((s) => `${s.protocol} ${s.ip}`)).toEqual([
      "TCP 172.18.0.2",
      "TCP 10.96.0.1",
      "UDP 10.0.0.1",
    ]);
  });
});
