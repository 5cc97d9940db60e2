import { describe, expect, it } from "vitest";
import { cluster, pod } from "./fixture.js";
import {
  containerHostname,
  kernelHostname,
  podHostnameAndDomain,
  podResolvConf,
  renderHostsFile,
  renderResolvConf,
} from "./index.js";

const HOSTS_HEAD =
  "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" +
  "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n";

describe("/etc/resolv.conf", () => {
  it("points a ClusterFirst pod at CoreDNS with its namespace first", () => {
    const testpod = cluster().pods[0];
    expect(podResolvConf(testpod, "10.96.0.10")).toEqual({
      search: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"],
      nameserver: "10.96.0.10",
      nameservers: ["10.96.0.10"],
      ndots: 5,
      options: ["ndots:5"],
    });
    expect(renderResolvConf(podResolvConf(testpod, "10.96.0.10"))).toBe(
      "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
  });

  it("uses the pod's own namespace", () => {
    expect(podResolvConf(pod("shop", "db-0", "10.244.2.4"), "10.96.0.10").search[0]).toBe(
      "shop.svc.cluster.local",
    );
  });

  it("gives Default pods, and ClusterFirst pods on the host network, the node's resolver", () => {
    const node = "nameserver 172.18.0.1\noptions ndots:0\n";
    expect(
      renderResolvConf(
        podResolvConf(pod("default", "p", "10.244.1.9", { dnsPolicy: "Default" }), "10.96.0.10"),
      ),
    ).toBe(node);
    expect(
      renderResolvConf(podResolvConf(pod("default", "p", "172.18.0.3", { hostNetwork: true }), "10.96.0.10")),
    ).toBe(node);
    expect(
      renderResolvConf(
        podResolvConf(
          pod("default", "p", "172.18.0.3", { hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" }),
          "10.96.0.10",
        ),
      ),
    ).toBe(
      "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
  });

  it("merges dnsConfig, and builds None from dnsConfig alone", () => {
    const merged = podResolvConf(
      pod("default", "p", "10.244.1.9", {
        dnsConfig: {
          nameservers: ["1.2.3.4"],
          searches: ["example.internal"],
          options: [{ name: "ndots", value: "2" }, { name: "edns0" }],
        },
      }),
      "10.96.0.10",
    );
    expect(renderResolvConf(merged)).toBe(
      "search default.svc.cluster.local svc.cluster.local cluster.local example.internal\n" +
        "nameserver 10.96.0.10\nnameserver 1.2.3.4\noptions ndots:2 edns0\n",
    );
    expect(merged.ndots).toBe(2);
    const none = podResolvConf(
      pod("default", "p", "10.244.1.9", {
        dnsPolicy: "None",
        dnsConfig: { nameservers: ["9.9.9.9"], searches: ["a.b"] },
      }),
      "10.96.0.10",
    );
    expect(renderResolvConf(none)).toBe("search a.b\nnameserver 9.9.9.9\n");
    expect(none.ndots).toBe(1);
  });
});

describe("/etc/hosts", () => {
  it("maps the pod's name to its IP", () => {
    expect(renderHostsFile(cluster().pods[0])).toBe(`${HOSTS_HEAD}10.244.1.2\ttestpod\n`);
  });

  it("writes hostname.subdomain FQDNs and hostAliases", () => {
    const p = pod("default", "web-0", "10.244.1.3", {
      hostname: "web-0",
      subdomain: "nginx",
      hostAliases: [{ ip: "10.1.2.3", hostnames: ["foo.local", "bar.local"] }],
    });
    expect(renderHostsFile(p)).toBe(
      `${HOSTS_HEAD}10.244.1.3\tweb-0.nginx.default.svc.cluster.local\tweb-0\n\n# Entries added by HostAliases.\n10.1.2.3\tfoo.local\tbar.local\n`,
    );
  });

  it("copies the node's file for hostNetwork pods", () => {
    const p = pod("kube-system", "kube-proxy-abcde", "172.18.0.3", { hostNetwork: true });
    expect(renderHostsFile(p)).toBe(
      "# Kubernetes-managed hosts file (host network).\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" +
        "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n" +
        "172.18.0.3\tkubesim-worker\nfc00:f853:ccd:e793::3\tkubesim-worker\n",
    );
  });
});

describe("the pod's hostname", () => {
  it("is spec.hostname, else the pod name, cut to 63 characters without a trailing - or .", () => {
    expect(kernelHostname(pod("default", "testpod", "10.244.1.2"))).toEqual({
      ok: true,
      hostname: "testpod",
    });
    expect(kernelHostname(pod("default", "p", "10.244.1.2", { hostname: "web-0" }))).toEqual({
      ok: true,
      hostname: "web-0",
    });
    const long = `${"a".repeat(62)}-b`;
    expect(podHostnameAndDomain(pod("default", `${long}c`, "10.244.1.2")).hostname).toBe("a".repeat(62));
  });

  it("is the FQDN with setHostnameAsFQDN and a subdomain, and the kubelet's error past 64 characters", () => {
    const spec = { hostname: "web-0", subdomain: "nginx", setHostnameAsFQDN: true };
    expect(podHostnameAndDomain(pod("default", "x", "10.244.1.3", spec))).toEqual({
      hostname: "web-0",
      domain: "nginx.default.svc.cluster.local",
    });
    expect(kernelHostname(pod("default", "x", "10.244.1.3", spec))).toEqual({
      ok: true,
      hostname: "web-0.nginx.default.svc.cluster.local",
    });
    // Without a subdomain there is no domain: the flag changes nothing.
    expect(kernelHostname(pod("default", "x", "10.244.1.3", { setHostnameAsFQDN: true }))).toEqual({
      ok: true,
      hostname: "x",
    });
    const tooLong = pod("default", "x", "10.244.1.3", {
      ...spec,
      hostname: "a-rather-long-host-name-for-the-pod",
    });
    expect(kernelHostname(tooLong)).toEqual({
      ok: false,
      error:
        "failed to construct FQDN from pod hostname and cluster domain, FQDN a-rather-long-host-name-for-the-pod.nginx.default.svc.cluster.local is too long (64 characters is the max, 67 characters requested)",
    });
    expect(containerHostname(tooLong)).toBe("a-rather-long-host-name-for-the-pod");
  });

  it("is the node's on the host network, whatever the pod asks for", () => {
    const p = pod("default", "h", "172.18.0.3", {
      hostNetwork: true,
      hostname: "x",
      setHostnameAsFQDN: true,
    });
    expect(kernelHostname(p)).toEqual({ ok: true, hostname: "kubesim-worker" });
  });
});
