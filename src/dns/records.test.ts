import { describe, expect, it } from "vitest";
import { cluster } from "./fixture.js";
import { exchange, query, reverseName } from "./index.js";

const SOA = {
  name: "cluster.local.",
  ttl: 30,
  mname: "ns.dns.cluster.local.",
  rname: "hostmaster.cluster.local.",
  serial: 1735689600,
  refresh: 7200,
  retry: 1800,
  expire: 86400,
  minimum: 30,
};

const a = (name: string, data: string) => ({ name, type: "A", ttl: 30, data });

describe("CoreDNS kubernetes plugin", () => {
  const d = cluster();

  it("answers a ClusterIP service with its ClusterIP, authoritatively, TTL 30", () => {
    expect(query(d, "demoservice.default.svc.cluster.local", "A")).toEqual({
      rcode: "NOERROR",
      answers: [a("demoservice.default.svc.cluster.local.", "10.96.137.24")],
      authoritative: true,
    });
  });

  it("keeps the question's case in the answer and ignores a trailing dot", () => {
    expect(query(d, "DemoService.Default.svc.cluster.local.", "A").answers).toEqual([
      a("DemoService.Default.svc.cluster.local.", "10.96.137.24"),
    ]);
  });

  it("gives NODATA with the zone's SOA to AAAA for a name that exists", () => {
    expect(query(d, "demoservice.default.svc.cluster.local", "AAAA")).toEqual({
      rcode: "NOERROR",
      answers: [],
      authoritative: true,
      authority: [SOA],
    });
  });

  it("gives NXDOMAIN with the SOA to anything else in cluster.local", () => {
    const nx = { rcode: "NXDOMAIN", answers: [], authoritative: true, authority: [SOA] };
    for (const name of [
      "nosuch.default.svc.cluster.local",
      "demoservice.svc.cluster.local", // "demoservice" is not a namespace
      "demoservice.cluster.local",
      "db.default.svc.cluster.local", // db lives in shop
      "testpod.default.svc.cluster.local", // pod names are not DNS names
      "a.b.demoservice.default.svc.cluster.local",
    ]) {
      expect(query(d, name, "A"), name).toEqual(nx);
      expect(query(d, name, "AAAA").rcode, name).toBe("NXDOMAIN");
    }
  });

  it("answers NODATA for an existing namespace and the zone apex", () => {
    expect(query(d, "default.svc.cluster.local", "A").rcode).toBe("NOERROR");
    expect(query(d, "cluster.local", "A").answers).toEqual([]);
    expect(query(d, "nosuchns.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
  });

  it("answers a headless service with one A per ready endpoint, shuffled by loadbalance", () => {
    const name = "nginx.default.svc.cluster.local.";
    expect(query(d, name, "A").answers).toEqual([a(name, "10.244.1.3"), a(name, "10.244.2.2")]);
    expect(query(d, name, "A", () => 0).answers).toEqual([a(name, "10.244.2.2"), a(name, "10.244.1.3")]);
  });

  it("answers NXDOMAIN for a headless service with no ready endpoint, unless it publishes not-ready ones", () => {
    const d2 = cluster();
    for (const ep of d2.endpointSlices.find(
      (s) => s.metadata.labels!["kubernetes.io/service-name"] === "nginx",
    )!.endpoints) {
      ep.conditions.ready = false;
    }
    expect(query(d2, "nginx.default.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
    d2.services.find((s) => s.metadata.name === "nginx")!.spec.publishNotReadyAddresses = true;
    expect(query({ ...d2 }, "nginx.default.svc.cluster.local", "A").answers.map((x) => x.data)).toEqual([
      "10.244.1.3",
      "10.244.2.2",
      "10.244.2.3",
    ]);
  });

  it("names endpoints by hostname+subdomain, else by dashed IP, for headless and ClusterIP services", () => {
    expect(query(d, "web-0.nginx.default.svc.cluster.local", "A").answers).toEqual([
      a("web-0.nginx.default.svc.cluster.local.", "10.244.1.3"),
    ]);
    expect(query(d, "10-244-2-2.nginx.default.svc.cluster.local", "A").answers[0].data).toBe("10.244.2.2");
    expect(query(d, "10-244-1-3.nginx.default.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
    expect(query(d, "10-244-2-3.nginx.default.svc.cluster.local", "A").rcode).toBe("NXDOMAIN"); // not ready
    expect(query(d, "10-244-1-2.demoservice.default.svc.cluster.local", "A").answers[0].data).toBe(
      "10.244.1.2",
    );
  });

  it("answers an ExternalName with a CNAME whose target is outside the simulated network", () => {
    expect(query(d, "ext.default.svc.cluster.local", "A")).toEqual({
      rcode: "NOERROR",
      answers: [{ name: "ext.default.svc.cluster.local.", type: "CNAME", ttl: 30, data: "example.com." }],
      authoritative: true,
      external: true,
    });
    expect(query(d, "ext.default.svc.cluster.local", "CNAME").answers[0].data).toBe("example.com.");
  });

  it("follows an ExternalName that points inside the cluster", () => {
    const d2 = cluster();
    d2.services.find((s) => s.metadata.name === "ext")!.spec.externalName = "db.shop.svc.cluster.local";
    expect(query(d2, "ext.default.svc.cluster.local", "A").answers).toEqual([
      { name: "ext.default.svc.cluster.local.", type: "CNAME", ttl: 30, data: "db.shop.svc.cluster.local." },
      a("db.shop.svc.cluster.local.", "10.96.200.5"),
    ]);
  });

  it("serves SRV for named ports: the service name for ClusterIP, each endpoint for headless", () => {
    expect(query(d, "_http._tcp.demoservice.default.svc.cluster.local", "SRV")).toEqual({
      rcode: "NOERROR",
      answers: [
        {
          name: "_http._tcp.demoservice.default.svc.cluster.local.",
          type: "SRV",
          ttl: 30,
          data: "0 100 80 demoservice.default.svc.cluster.local.",
        },
      ],
      authoritative: true,
      additional: [a("demoservice.default.svc.cluster.local.", "10.96.137.24")],
    });
    const headless = query(d, "_http._tcp.nginx.default.svc.cluster.local", "SRV");
    expect(headless.answers.map((x) => x.data)).toEqual([
      "0 50 80 web-0.nginx.default.svc.cluster.local.",
      "0 50 80 10-244-2-2.nginx.default.svc.cluster.local.",
    ]);
    expect(headless.additional).toEqual([
      a("web-0.nginx.default.svc.cluster.local.", "10.244.1.3"),
      a("10-244-2-2.nginx.default.svc.cluster.local.", "10.244.2.2"),
    ]);
    expect(query(d, "_dns._udp.kube-dns.kube-system.svc.cluster.local", "SRV").answers[0].data).toBe(
      "0 100 53 kube-dns.kube-system.svc.cluster.local.",
    );
    expect(query(d, "_http._udp.demoservice.default.svc.cluster.local", "SRV").rcode).toBe("NXDOMAIN");
    expect(query(d, "_https._tcp.demoservice.default.svc.cluster.local", "SRV").rcode).toBe("NXDOMAIN");
    // CoreDNS does not implement SRV for ExternalName services.
    expect(query(d, "ext.default.svc.cluster.local", "SRV")).toMatchObject({ rcode: "NOERROR", answers: [] });
  });

  it("splits SRV weight among all ports when the question names none", () => {
    expect(query(d, "kube-dns.kube-system.svc.cluster.local", "SRV").answers.map((x) => x.data)).toEqual([
      "0 33 53 kube-dns.kube-system.svc.cluster.local.",
      "0 33 9153 kube-dns.kube-system.svc.cluster.local.",
    ]);
  });

  it("serves PTR for ClusterIPs and for endpoint addresses, and forwards the rest", () => {
    expect(query(d, "10.0.96.10.in-addr.arpa", "PTR")).toEqual({
      rcode: "NOERROR",
      authoritative: true,
      answers: [
        {
          name: "10.0.96.10.in-addr.arpa.",
          type: "PTR",
          ttl: 30,
          data: "kube-dns.kube-system.svc.cluster.local.",
        },
      ],
    });
    expect(query(d, "3.1.244.10.in-addr.arpa", "PTR").answers[0].data).toBe(
      "web-0.nginx.default.svc.cluster.local.",
    );
    expect(query(d, "2.1.244.10.in-addr.arpa", "PTR").answers[0].data).toBe(
      "10-244-1-2.demoservice.default.svc.cluster.local.",
    );
    expect(query(d, "2.0.18.172.in-addr.arpa", "PTR").answers[0].data).toBe(
      "172-18-0-2.kubernetes.default.svc.cluster.local.",
    );
    // A pod behind no service has no PTR: `fallthrough` hands it to the upstream, which says NXDOMAIN.
    expect(query(d, "9.9.244.10.in-addr.arpa", "PTR")).toMatchObject({
      rcode: "NXDOMAIN",
      authoritative: false,
      forwarded: true,
    });
    expect(query(d, "8.8.8.8.in-addr.arpa", "PTR")).toMatchObject({ rcode: "SERVFAIL", external: true });
  });

  it("answers pod A records for any dashed IP in an existing namespace (pods insecure)", () => {
    expect(query(d, "10-244-1-2.default.pod.cluster.local", "A").answers).toEqual([
      a("10-244-1-2.default.pod.cluster.local.", "10.244.1.2"),
    ]);
    expect(query(d, "10-1-2-3.shop.pod.cluster.local", "A").answers[0].data).toBe("10.1.2.3");
    expect(query(d, "10-244-1-2.nosuchns.pod.cluster.local", "A").rcode).toBe("NXDOMAIN");
    expect(query(d, "testpod.default.pod.cluster.local", "A").rcode).toBe("NXDOMAIN");
  });

  it("forwards names outside cluster.local: NXDOMAIN for non-existent TLDs, SERVFAIL for the Internet", () => {
    expect(query(d, "web.default", "A")).toEqual({
      rcode: "NXDOMAIN",
      answers: [],
      authoritative: false,
      recursionAvailable: true,
      forwarded: true,
    });
    expect(query(d, "nosuch", "A").rcode).toBe("NXDOMAIN");
    expect(query(d, "example.com", "A")).toEqual({
      rcode: "SERVFAIL",
      answers: [],
      authoritative: false,
      forwarded: true,
      external: true,
    });
  });

  it("answers on the kube-dns ClusterIP and CoreDNS pods only; the node's resolver knows no cluster names", () => {
    const fqdn = "demoservice.default.svc.cluster.local";
    expect(exchange(d, "10.96.0.10", fqdn, "A")?.answers).toHaveLength(1);
    expect(exchange(d, "10.244.0.3", fqdn, "A")?.answers).toHaveLength(1);
    expect(exchange(d, "172.18.0.1", fqdn, "A")?.rcode).toBe("NXDOMAIN");
    expect(exchange(null, "172.18.0.1", fqdn, "A")?.rcode).toBe("NXDOMAIN");
    expect(exchange(d, "8.8.8.8", fqdn, "A")).toBeNull();
  });

  it("writes reverse names", () => {
    expect(reverseName("10.96.0.10")).toBe("10.0.96.10.in-addr.arpa");
    expect(reverseName("fd00::1")).toBe(`1.${"0.".repeat(29)}d.f.ip6.arpa`);
    expect(reverseName("web")).toBeUndefined();
  });
});
