import { describe, expect, it } from "vitest";
import { cluster } from "./fixture.js";
import { dig, host, nodeResolvConf, nslookupBind, nslookupBusybox, podResolvConf } from "./index.js";

const d = cluster();
const rc = podResolvConf(d.pods[0], "10.96.0.10");
const out = (stdout: string, exitCode = 0) => ({ stdout, stderr: "", exitCode });
const BB_SERVER = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n";
const BIND_SERVER = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n";

describe("busybox 1.28 nslookup (the C library's lookup, the Kubernetes docs' format)", () => {
  const v128 = { busyboxVersion: "1.28.4" };
  const SERVER = "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n";

  it("names the server by its reverse name and the answer by the name as typed", () => {
    expect(nslookupBusybox(d, rc, "demoservice", undefined, v128)).toEqual(
      out(`${SERVER}Name:      demoservice\nAddress 1: 10.96.137.24 demoservice.default.svc.cluster.local\n`),
    );
  });

  it("searches a dotted name too: name.namespace resolves", () => {
    expect(nslookupBusybox(d, rc, "kubernetes.default", undefined, v128)).toEqual(
      out(
        `${SERVER}Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n`,
      ),
    );
  });

  it("says it cannot resolve a name on stderr and exits 1", () => {
    expect(nslookupBusybox(d, rc, "nosuch", undefined, v128)).toEqual({
      stdout: SERVER,
      stderr: "nslookup: can't resolve 'nosuch'\n",
      exitCode: 1,
    });
  });

  it("reads /etc/hosts first", () => {
    const hostsFile = "127.0.0.1\tlocalhost\n10.244.1.9\tbb\n";
    expect(nslookupBusybox(d, rc, "bb", undefined, { ...v128, hostsFile }).stdout).toBe(
      `${SERVER}Name:      bb\nAddress 1: 10.244.1.9 bb\n`,
    );
  });

  it("shows the server without a name when no server answers", () => {
    const r = nslookupBusybox({ ...d, unreachable: true }, rc, "demoservice", undefined, v128);
    expect(r).toEqual({
      stdout: "Server:    10.96.0.10\nAddress 1: 10.96.0.10\n\n",
      stderr: "nslookup: can't resolve 'demoservice'\n",
      exitCode: 1,
    });
  });
});

describe("busybox nslookup between 1.29 and 1.33", () => {
  it("1.29 sends a short name as is and exits 0 on NXDOMAIN", () => {
    expect(nslookupBusybox(d, rc, "demoservice", undefined, { busyboxVersion: "1.29.3" })).toEqual(
      out(
        `${BB_SERVER}** server can't find demoservice: NXDOMAIN\n\n** server can't find demoservice: NXDOMAIN\n\n`,
      ),
    );
  });

  it("1.33 says No answer for the AAAA NODATA", () => {
    expect(
      nslookupBusybox(d, rc, "demoservice.default.svc.cluster.local", undefined, {
        busyboxVersion: "1.33.1",
      }),
    ).toEqual(
      out(
        `${BB_SERVER}Name:\tdemoservice.default.svc.cluster.local\nAddress: 10.96.137.24\n\n*** Can't find demoservice.default.svc.cluster.local: No answer\n\n`,
      ),
    );
  });
});

describe("busybox nslookup", () => {
  it("asks A then AAAA under each search domain for a short name, and exits 1 on the NXDOMAINs", () => {
    expect(nslookupBusybox(d, rc, "demoservice")).toEqual(
      out(
        BB_SERVER +
          "Name:\tdemoservice.default.svc.cluster.local\nAddress: 10.96.137.24\n\n" +
          "** server can't find demoservice.svc.cluster.local: NXDOMAIN\n\n" +
          "** server can't find demoservice.cluster.local: NXDOMAIN\n\n" +
          "\n" +
          "** server can't find demoservice.svc.cluster.local: NXDOMAIN\n\n" +
          "** server can't find demoservice.cluster.local: NXDOMAIN\n\n",
        1,
      ),
    );
  });

  it("sends an FQDN as is: the AAAA NODATA is an empty block", () => {
    expect(nslookupBusybox(d, rc, "demoservice.default.svc.cluster.local")).toEqual(
      out(`${BB_SERVER}Name:\tdemoservice.default.svc.cluster.local\nAddress: 10.96.137.24\n\n\n`),
    );
  });

  it("does not search for dotted names: name.namespace is NXDOMAIN", () => {
    expect(nslookupBusybox(d, rc, "demoservice.default")).toEqual(
      out(
        `${BB_SERVER}** server can't find demoservice.default: NXDOMAIN\n\n** server can't find demoservice.default: NXDOMAIN\n\n`,
        1,
      ),
    );
  });

  it("finds nothing for another namespace's short name", () => {
    const r = nslookupBusybox(d, rc, "db");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe(
      BB_SERVER +
        "** server can't find db.default.svc.cluster.local: NXDOMAIN\n\n** server can't find db.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find db.cluster.local: NXDOMAIN\n\n" +
        "** server can't find db.default.svc.cluster.local: NXDOMAIN\n\n** server can't find db.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find db.cluster.local: NXDOMAIN\n\n",
    );
  });

  it("looks up an address as PTR, printing names without the trailing dot", () => {
    expect(nslookupBusybox(d, rc, "10.96.0.10")).toEqual(
      out(`${BB_SERVER}10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local\n\n`),
    );
  });

  it("prints SRV records with -type=srv", () => {
    expect(
      nslookupBusybox(d, rc, "_http._tcp.demoservice.default.svc.cluster.local", undefined, { type: "SRV" }),
    ).toEqual(
      out(
        `${BB_SERVER}_http._tcp.demoservice.default.svc.cluster.local\tservice = 0 100 80 demoservice.default.svc.cluster.local\n\n`,
      ),
    );
  });

  it("on a node, the resolver does not know cluster names", () => {
    expect(nslookupBusybox(null, nodeResolvConf(), "demoservice.default.svc.cluster.local")).toEqual(
      out(
        "Server:\t\t172.18.0.1\nAddress:\t172.18.0.1:53\n\n" +
          "** server can't find demoservice.default.svc.cluster.local: NXDOMAIN\n\n".repeat(2),
        1,
      ),
    );
  });

  it("times out on a server that does not answer", () => {
    expect(nslookupBusybox(d, rc, "demoservice", "10.96.0.99")).toEqual(
      out(";; connection timed out; no servers could be reached\n\n", 1),
    );
  });
});

describe("bind nslookup", () => {
  it("searches like the C library, so short names and name.namespace both resolve", () => {
    const found = out(
      `${BIND_SERVER}Name:\tdemoservice.default.svc.cluster.local\nAddress: 10.96.137.24\n\n`,
    );
    expect(nslookupBind(d, rc, "demoservice")).toEqual(found);
    expect(nslookupBind(d, rc, "demoservice.default")).toEqual(found);
    expect(nslookupBind(d, rc, "demoservice.default.svc.cluster.local")).toEqual(found);
  });

  it("reports NXDOMAIN under the name as typed", () => {
    expect(nslookupBind(d, rc, "nosuch")).toEqual(
      out(`${BIND_SERVER}** server can't find nosuch: NXDOMAIN\n\n`, 1),
    );
    expect(nslookupBind(d, rc, "db")).toEqual(out(`${BIND_SERVER}** server can't find db: NXDOMAIN\n\n`, 1));
  });

  it("prints a PTR answer without the server lines", () => {
    expect(nslookupBind(d, rc, "10.96.137.24")).toEqual(
      out("24.137.96.10.in-addr.arpa\tname = demoservice.default.svc.cluster.local.\n\n"),
    );
  });

  it("lists every address of a headless service", () => {
    expect(nslookupBind(d, rc, "nginx").stdout).toBe(
      `${BIND_SERVER}Name:\tnginx.default.svc.cluster.local\nAddress: 10.244.1.3\nName:\tnginx.default.svc.cluster.local\nAddress: 10.244.2.2\n\n`,
    );
  });
});

describe("dig", () => {
  it("prints the full answer of CoreDNS, authoritative and without recursion", () => {
    expect(
      dig(d, rc, ["demoservice.default.svc.cluster.local"], { id: 4242, cookie: "0123456789abcdef" }),
    ).toEqual(
      out(`
; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> demoservice.default.svc.cluster.local
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242
;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
;; WARNING: recursion requested but not available

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; COOKIE: 0123456789abcdef (echoed)
;; QUESTION SECTION:
;demoservice.default.svc.cluster.local.\tIN A

;; ANSWER SECTION:
demoservice.default.svc.cluster.local. 30 IN A\t10.96.137.24

;; Query time: 0 msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: Thu Jan 01 00:00:00 UTC 1970
;; MSG SIZE  rcvd: 131

`),
    );
  });

  it("prints NXDOMAIN with the zone's SOA", () => {
    const r = dig(d, rc, ["nosuch.default.svc.cluster.local"], {
      id: 1,
      cookie: "0123456789abcdef",
      when: new Date("2025-06-02T10:15:32Z"),
    });
    expect(r.stdout).toContain(";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 1\n");
    expect(r.stdout).toContain(";; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n");
    expect(r.stdout).toContain(
      ";; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1735689600 7200 1800 86400 30\n",
    );
    expect(r.stdout).toContain(";; WHEN: Mon Jun 02 10:15:32 UTC 2025\n;; MSG SIZE  rcvd: 166\n");
  });

  it("prints SRV answers with the targets' addresses in the additional section", () => {
    const r = dig(d, rc, ["SRV", "_http._tcp.demoservice.default.svc.cluster.local"]);
    expect(r.stdout).toContain(
      ";; QUESTION SECTION:\n;_http._tcp.demoservice.default.svc.cluster.local. IN SRV\n\n" +
        ";; ANSWER SECTION:\n_http._tcp.demoservice.default.svc.cluster.local. 30 IN\tSRV 0 100 80 demoservice.default.svc.cluster.local.\n\n" +
        ";; ADDITIONAL SECTION:\ndemoservice.default.svc.cluster.local. 30 IN A\t10.96.137.24\n",
    );
  });

  it("prints only the data with +short", () => {
    expect(dig(d, rc, ["+short", "demoservice.default.svc.cluster.local"])).toEqual(out("10.96.137.24\n"));
    expect(dig(d, rc, ["+short", "SRV", "_http._tcp.nginx.default.svc.cluster.local"])).toEqual(
      out(
        "0 50 80 web-0.nginx.default.svc.cluster.local.\n0 50 80 10-244-2-2.nginx.default.svc.cluster.local.\n",
      ),
    );
    expect(dig(d, rc, ["+short", "-x", "10.96.0.1"])).toEqual(out("kubernetes.default.svc.cluster.local.\n"));
    expect(dig(d, rc, ["+short", "nosuch.default.svc.cluster.local"])).toEqual(out(""));
  });

  it("does not search unless asked: `dig demoservice` goes upstream as `demoservice.`", () => {
    const r = dig(d, rc, ["demoservice"]);
    expect(r.stdout).toContain("status: NXDOMAIN");
    expect(r.stdout).toContain(";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n\n");
    expect(dig(d, rc, ["+short", "+search", "demoservice"])).toEqual(out("10.96.137.24\n"));
  });

  it("reports an unreachable server", () => {
    expect(dig(d, rc, ["@10.96.0.99", "+short", "demoservice"]).exitCode).toBe(9);
    expect(dig(d, rc, ["@10.96.0.99", "demoservice"]).stdout).toBe(
      ";; communications error to 10.96.0.99#53: timed out\n".repeat(3) +
        "\n; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> @10.96.0.99 demoservice\n; (1 server found)\n;; global options: +cmd\n;; no servers could be reached\n",
    );
  });
});

describe("host", () => {
  it("prints one sentence per record", () => {
    expect(host(d, rc, ["demoservice"])).toEqual(
      out("demoservice.default.svc.cluster.local has address 10.96.137.24\n"),
    );
    expect(host(d, rc, ["10.96.0.10"])).toEqual(
      out("10.0.96.10.in-addr.arpa domain name pointer kube-dns.kube-system.svc.cluster.local.\n"),
    );
    expect(host(d, rc, ["-t", "SRV", "_http._tcp.demoservice.default.svc.cluster.local"])).toEqual(
      out(
        "_http._tcp.demoservice.default.svc.cluster.local has SRV record 0 100 80 demoservice.default.svc.cluster.local.\n",
      ),
    );
  });

  it("reports NXDOMAIN with its code", () => {
    expect(host(d, rc, ["nosuch"])).toEqual(out("Host nosuch not found: 3(NXDOMAIN)\n", 1));
  });

  it("names the server when given one", () => {
    expect(host(d, rc, ["db.shop", "10.96.0.10"]).stdout).toBe(
      "Using domain server:\nName: 10.96.0.10\nAddress: 10.96.0.10#53\nAliases: \n\ndb.shop.svc.cluster.local has address 10.96.200.5\n",
    );
  });
});
