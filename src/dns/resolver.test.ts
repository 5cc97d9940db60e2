import { describe, expect, it } from "vitest";
import { cluster, pod } from "./fixture.js";
import { nodeResolvConf, podResolvConf, renderHostsFile, resolve, searchCandidates } from "./index.js";

describe("a pod's stub resolver (glibc: search list, ndots:5)", () => {
  const d = cluster();
  const testpod = d.pods[0];
  const rc = podResolvConf(testpod, "10.96.0.10");

  it("tries the search list first for names with fewer than ndots dots", () => {
    expect(searchCandidates("web", rc)).toEqual([
      "web.default.svc.cluster.local",
      "web.svc.cluster.local",
      "web.cluster.local",
      "web",
    ]);
    expect(searchCandidates("a.b.c.d.e.f", rc)[0]).toBe("a.b.c.d.e.f");
    expect(searchCandidates("web.default.svc.cluster.local.", rc)).toEqual(["web.default.svc.cluster.local"]);
  });

  it("resolves a short name under the pod's namespace", () => {
    expect(resolve(d, rc, "demoservice")).toEqual({
      ok: true,
      address: "10.96.137.24",
      addresses: ["10.96.137.24"],
      tries: [{ name: "demoservice.default.svc.cluster.local", rcode: "NOERROR" }],
      canonical: "demoservice.default.svc.cluster.local",
    });
  });

  it("resolves name.namespace on the second search domain", () => {
    const r = resolve(d, rc, "db.shop");
    expect(r.address).toBe("10.96.200.5");
    expect(r.tries).toEqual([
      { name: "db.shop.default.svc.cluster.local", rcode: "NXDOMAIN" },
      { name: "db.shop.svc.cluster.local", rcode: "NOERROR" },
    ]);
  });

  it("resolves an FQDN without the dot only after three search misses (4 dots < ndots 5)", () => {
    const r = resolve(d, rc, "demoservice.default.svc.cluster.local");
    expect(r.address).toBe("10.96.137.24");
    expect(r.tries.map((t) => t.rcode)).toEqual(["NXDOMAIN", "NXDOMAIN", "NXDOMAIN", "NOERROR"]);
    expect(resolve(d, rc, "demoservice.default.svc.cluster.local.").tries).toHaveLength(1);
  });

  it("does not find another namespace's service by its short name", () => {
    expect(resolve(d, rc, "db")).toEqual({
      ok: false,
      addresses: [],
      tries: [
        { name: "db.default.svc.cluster.local", rcode: "NXDOMAIN" },
        { name: "db.svc.cluster.local", rcode: "NXDOMAIN" },
        { name: "db.cluster.local", rcode: "NXDOMAIN" },
        { name: "db", rcode: "NXDOMAIN" },
      ],
      error: "EAI_NONAME",
    });
  });

  it("resolves headless services, endpoint names and pod records", () => {
    expect(resolve(d, rc, "nginx").addresses).toEqual(["10.244.1.3", "10.244.2.2"]);
    expect(resolve(d, rc, "web-0.nginx").address).toBe("10.244.1.3");
    expect(resolve(d, rc, "10-244-2-4.shop.pod.cluster.local").address).toBe("10.244.2.4");
  });

  it("fails on an ExternalName whose target is on the Internet, saying so", () => {
    expect(resolve(d, rc, "ext")).toMatchObject({ ok: false, error: "EAI_NODATA", external: true });
    expect(resolve(d, rc, "example.com")).toMatchObject({ ok: false, error: "EAI_AGAIN", external: true });
  });

  it("takes IP literals as they are and localhost and its own name from /etc/hosts", () => {
    expect(resolve(d, rc, "10.96.0.1")).toMatchObject({ ok: true, address: "10.96.0.1", tries: [] });
    expect(resolve(d, rc, "localhost")).toMatchObject({ ok: true, address: "127.0.0.1", tries: [] });
    expect(resolve(d, rc, "testpod", renderHostsFile(testpod))).toMatchObject({
      ok: true,
      address: "10.244.1.2",
    });
  });

  it("times out when no nameserver answers", () => {
    const r = resolve(d, { search: [], nameserver: "8.8.8.8", ndots: 1 }, "demoservice");
    expect(r).toMatchObject({ ok: false, error: "EAI_AGAIN", timedOut: true, tries: [] });
  });
});

describe("resolvers that know no cluster names", () => {
  const d = cluster();

  it("the node's resolver answers NXDOMAIN for cluster names", () => {
    const r = resolve(null, null, "demoservice.default.svc.cluster.local");
    expect(r).toEqual({
      ok: false,
      addresses: [],
      tries: [{ name: "demoservice.default.svc.cluster.local", rcode: "NXDOMAIN" }],
      error: "EAI_NONAME",
    });
    expect(resolve(d, nodeResolvConf(), "kubernetes.default.svc.cluster.local").ok).toBe(false);
    expect(resolve(d, nodeResolvConf(), "10.96.0.1").ok).toBe(true);
  });

  it("a dnsPolicy: Default pod uses the node's resolver", () => {
    const rc = podResolvConf(pod("default", "p", "10.244.1.9", { dnsPolicy: "Default" }), "10.96.0.10");
    expect(resolve(d, rc, "demoservice").ok).toBe(false);
  });
});
