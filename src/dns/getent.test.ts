// getent hosts as glibc runs it: IPv6 before IPv4, /etc/hosts before DNS, the search list,
// and print_hosts' "%-15s %s" lines.
import { describe, expect, it } from "vitest";
import { cluster } from "./fixture.js";
import { getentHosts, nodeResolvConf, podResolvConf, printHostEnt, renderHostsFile } from "./index.js";

describe("getent hosts", () => {
  const d = cluster();
  const testpod = d.pods[0];
  const rc = podResolvConf(testpod, "10.96.0.10");
  const hosts = `${renderHostsFile(testpod)}\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\n10.1.2.4\tfoo.remote\tother\n`;
  const line = (key: string) => {
    const r = getentHosts(d, rc, key, hosts);
    return r.ent ? printHostEnt(r.ent) : undefined;
  };

  it("finds localhost on its IPv6 line first, as gethostbyname2(AF_INET6) does", () => {
    expect(line("localhost")).toBe("::1             localhost ip6-localhost ip6-loopback\n");
    expect(line("ip6-loopback")).toBe("::1             localhost ip6-localhost ip6-loopback\n");
  });

  it("gives a hosts-file name its line's official name and aliases, every matching line's address", () => {
    expect(line("bar.local")).toBe("127.0.0.1       foo.local bar.local\n");
    expect(line("foo.remote")).toBe("10.1.2.3        foo.remote other\n10.1.2.4        foo.remote other\n");
    const name = testpod.metadata.name ?? "";
    expect(line(name)).toBe(`${testpod.status?.podIP?.padEnd(15)} ${name}\n`);
  });

  it("resolves Service names over the search list, named by the name that answered", () => {
    expect(line("demoservice")).toBe("10.96.137.24    demoservice.default.svc.cluster.local\n");
    expect(line("db.shop")).toBe("10.96.200.5     db.shop.svc.cluster.local\n");
    expect(line("kubernetes.default.svc.cluster.local.")).toBe(
      "10.96.0.1       kubernetes.default.svc.cluster.local\n",
    );
  });

  it("answers an address from the hosts file, else by PTR", () => {
    expect(line("127.0.0.1")).toBe("127.0.0.1       localhost\n");
    expect(line("10.96.0.1")).toBe("10.96.0.1       kubernetes.default.svc.cluster.local\n");
    expect(line("::1")).toBe("::1             localhost ip6-localhost ip6-loopback\n");
  });

  it("finds nothing for an unknown name, and cluster names nowhere off the cluster", () => {
    expect(getentHosts(d, rc, "nosuch", hosts)).toEqual({ timeouts: 0 });
    expect(getentHosts(d, nodeResolvConf(), "demoservice").ent).toBeUndefined();
  });

  it("counts the lookups that waited on a nameserver that never answers", () => {
    const silent = { ...rc, nameserver: "10.96.99.99", nameservers: ["10.96.99.99"] };
    expect(getentHosts(d, silent, "demoservice", hosts)).toEqual({ timeouts: 2 });
  });
});
