import { describe, expect, it } from "vitest";
import { demo, demoSlice, input, service, slice } from "./fixtures.js";
import { compileNftables, nftChainBase, renderNftTable } from "./nftables.js";

describe("nftables mode", () => {
  it("names chains as kube-proxy's hashAndTruncate (its own test vectors)", () => {
    expect(nftChainBase("ns1/svc1/tcp/p80")).toBe("ULMVA6XW-ns1/svc1/tcp/p80");
    expect(nftChainBase("ns1/svc1/tcp/p80__10.180.0.1/80")).toBe("5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
  });

  const nodePort = service("default", "web", {
    type: "NodePort",
    clusterIP: "10.96.45.6",
    ports: [{ name: "http", port: 80, nodePort: 30007, protocol: "TCP", targetPort: 8080 }],
  });
  const noEndpoints = service("default", "empty", {
    clusterIP: "10.96.9.9",
    ports: [{ port: 80, protocol: "TCP" }],
  });
  const t = compileNftables(
    input(
      "kubesim-worker",
      [demo(), nodePort, noEndpoints],
      [
        demoSlice([{ ip: "10.244.1.3", node: "kubesim-worker" }]),
        slice(
          "default",
          "web",
          [{ name: "http", port: 8080 }],
          [{ ip: "10.244.2.2", node: "kubesim-worker2" }],
        ),
      ],
    ),
  );
  const text = renderNftTable(t);

  it("puts Service addresses in verdict maps, one element a line", () => {
    expect(text).toContain(
      "\t\telements = { 10.96.137.24 . tcp . 80 : goto service-XMUYOVKZ-default/demoservice/tcp/,\n\t\t\t     10.96.0.1 . tcp . 443 : goto service-2QRHZV4L-default/kubernetes/tcp/https,\n",
    );
    expect(text).toContain(
      '\t\telements = { 10.96.9.9 . tcp . 80 comment "default/empty" : goto reject-chain }\n',
    );
    expect(text).toContain("\t\telements = { tcp . 30007 : goto external-");
  });

  it("writes a Service chain that picks an endpoint with numgen, and endpoint chains that DNAT", () => {
    const svc = t.chains.find(
      (c) => c.name.startsWith("service-") && c.name.includes("default/web/tcp/http"),
    );
    expect(svc?.rules).toEqual([
      "ip daddr 10.96.45.6 tcp dport 80 ip saddr != 10.244.0.0/16 jump mark-for-masquerade",
      expect.stringMatching(
        /^numgen random mod 1 vmap \{ 0 : goto endpoint-[A-Z2-7]{8}-default\/web\/tcp\/http__10\.244\.2\.2\/8080 \}$/,
      ),
    ]);
    const ep = t.chains.find((c) => c.name.endsWith("default/web/tcp/http__10.244.2.2/8080"));
    expect(ep?.rules).toEqual([
      "ip saddr 10.244.2.2 jump mark-for-masquerade",
      "meta l4proto tcp dnat to 10.244.2.2:8080",
    ]);
  });

  it("starts with the table comment and the base chains in creation order", () => {
    expect(
      text.startsWith('table ip kube-proxy {\n\tcomment "rules for kube-proxy"\n\tset cluster-ips {\n'),
    ).toBe(true);
    expect(t.chains.slice(0, 16).map((c) => c.name)).toEqual([
      "filter-prerouting",
      "filter-input",
      "filter-forward",
      "filter-output",
      "filter-output-post-dnat",
      "nat-prerouting",
      "nat-output",
      "nat-postrouting",
      "nodeport-endpoints-check",
      "service-endpoints-check",
      "firewall-check",
      "services",
      "masquerading",
      "cluster-ips-check",
      "mark-for-masquerade",
      "reject-chain",
    ]);
    expect(text).toContain(
      '\tset cluster-ips {\n\t\ttype ipv4_addr\n\t\tcomment "Active ClusterIPs"\n\t\telements = { 10.96.137.24, 10.96.9.9,\n\t\t\t     10.96.0.1, 10.96.45.6,\n\t\t\t     10.96.0.10 }\n\t}\n',
    );
    expect(text).toContain(
      "\tchain nat-postrouting {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n\t\tjump masquerading\n\t}\n",
    );
    expect(text.endsWith("\t}\n}\n")).toBe(true);
  });
});
