import { describe, expect, it } from "vitest";
import type { KObject } from "../api/types.js";
import { cluster } from "./fixture.js";
import { type DnsData, type DnsSource, exchange, type QType, query } from "./index.js";

/** The fixture's objects behind point reads, counting the scans a query makes. */
function sourced(): { data: DnsData; scans: () => number } {
  const whole = cluster();
  let scans = 0;
  const keyOf = (o: KObject) => `${o.metadata.namespace}/${o.metadata.name}`;
  const inOrder = (xs: KObject[]) => [...xs].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const source: DnsSource = {
    service: (ns, name) => whole.services.find((s) => keyOf(s) === `${ns}/${name}`),
    slices: (ns, name) =>
      inOrder(
        whole.endpointSlices.filter(
          (s) => s.metadata.namespace === ns && s.metadata.labels?.["kubernetes.io/service-name"] === name,
        ),
      ),
    servicesAt: (ip) =>
      inOrder(
        whole.services.filter((s) => {
          const spec = (s as { spec?: { clusterIP?: string; clusterIPs?: string[]; externalIPs?: string[] } })
            .spec;
          return [...(spec?.clusterIPs ?? [spec?.clusterIP]), ...(spec?.externalIPs ?? [])].includes(ip);
        }),
      ),
    namespace: (ns) => ["default", "kube-system", "shop"].includes(ns),
    all: () => {
      scans++;
      return whole;
    },
  };
  const data: DnsData = { services: [], endpointSlices: [], pods: [], source };
  return { data, scans: () => scans };
}

const QUESTIONS: [string, QType][] = [
  ["demoservice.default.svc.cluster.local", "A"],
  ["nginx.default.svc.cluster.local", "A"],
  ["web-0.nginx.default.svc.cluster.local", "A"],
  ["_http._tcp.demoservice.default.svc.cluster.local", "SRV"],
  ["ext.default.svc.cluster.local", "CNAME"],
  ["db.shop.svc.cluster.local", "A"],
  ["db.nowhere.svc.cluster.local", "A"],
  ["missing.default.svc.cluster.local", "A"],
  ["demoservice.default.svc.cluster.local", "AAAA"],
  ["24.137.96.10.in-addr.arpa", "PTR"],
  ["3.1.244.10.in-addr.arpa", "PTR"],
];

describe("CoreDNS answering from point reads", () => {
  it("answers every question as the view built from the whole lists does", () => {
    const eager = cluster();
    eager.namespaces = ["default", "kube-system", "shop"];
    const { data } = sourced();
    for (const [name, type] of QUESTIONS) expect(query(data, name, type)).toEqual(query(eager, name, type));
  });

  it("reads no list for a name that exists or not, only for a PTR of an endpoint or the SOA's serial", () => {
    const { data, scans } = sourced();
    expect(exchange(data, "10.96.0.10", "demoservice.default.svc.cluster.local", "A")?.answers).toHaveLength(
      1,
    );
    expect(exchange(data, "10.244.0.3", "web-0.nginx.default.svc.cluster.local", "A")?.answers).toHaveLength(
      1,
    );
    expect(query(data, "24.137.96.10.in-addr.arpa", "PTR").answers).toHaveLength(1);
    expect(scans()).toBe(0);
    // A resolver walking its search list meets NXDOMAINs; only a tool printing the SOA reads its serial.
    const missing = query(data, "missing.default.svc.cluster.local", "A");
    expect(missing.rcode).toBe("NXDOMAIN");
    expect(scans()).toBe(0);
    expect(missing.authority?.[0].serial).toBeGreaterThan(0);
    expect(scans()).toBe(1);
  });
});
