import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "./compile.js";
import { demo, demoSlice, input, service, slice } from "./fixtures.js";
import { ctime, renderIptablesSave } from "./render.js";

const TESTDATA = join(__dirname, "testdata");
const date = new Date("2026-11-27T10:00:00Z");
const golden = (name: string) => readFileSync(join(TESTDATA, name), "utf8");

describe("iptables-save", () => {
  it("prints the seed cluster's nat table (kube-dns, kubernetes, demoservice)", () => {
    const c = compile(
      input("kubesim-control-plane", [demo()], [demoSlice([{ ip: "10.244.1.2", node: "kubesim-worker" }])]),
    );
    expect(renderIptablesSave(c.nat, { date })).toBe(golden("seed.nat.txt"));
  });

  it("spreads three endpoints, sorted as strings (10.244.1.10 before 10.244.1.2)", () => {
    const eps = [
      { ip: "10.244.1.2", node: "kubesim-worker" },
      { ip: "10.244.2.2", node: "kubesim-worker2" },
      { ip: "10.244.1.10", node: "kubesim-worker" },
    ];
    const c = compile(input("kubesim-worker", [demo()], [demoSlice(eps)]));
    expect(renderIptablesSave(c.nat, { date })).toBe(golden("three-endpoints.nat.txt"));
  });

  it("prints a NodePort and a Service without endpoints (filter REJECT) in both tables", () => {
    const nodePortDemo = demo({
      type: "NodePort",
      externalTrafficPolicy: "Cluster",
      ports: [{ port: 80, nodePort: 31234, protocol: "TCP", targetPort: 80 }],
    });
    const web = service("default", "web", {
      type: "NodePort",
      clusterIP: "10.96.45.6",
      externalTrafficPolicy: "Cluster",
      ports: [{ name: "http", port: 80, nodePort: 30007, protocol: "TCP", targetPort: 8080 }],
    });
    const eps = [
      { ip: "10.244.1.2", node: "kubesim-worker" },
      { ip: "10.244.2.2", node: "kubesim-worker2" },
    ];
    const c = compile(
      input("kubesim-worker", [nodePortDemo, web], [demoSlice(eps), slice("default", "web", [], [])]),
    );
    expect(renderIptablesSave(c.nat, { date, filter: c.filter })).toBe(
      golden("nodeport-and-no-endpoints.txt"),
    );
  });

  it("dates like ctime(3), the day padded with a space", () => {
    expect(ctime(new Date("2026-11-27T10:00:00Z"))).toBe("Fri Nov 27 10:00:00 2026");
    expect(ctime(new Date("2022-10-06T02:28:01Z"))).toBe("Thu Oct  6 02:28:01 2022");
  });

  it("lists built-in chains in hook order, user chains by name, rules grouped by chain", () => {
    const text = renderIptablesSave(
      {
        chains: [{ name: "KUBE-B" }, { name: "POSTROUTING", policy: "ACCEPT" }, { name: "KUBE-A" }],
        rules: [
          { chain: "KUBE-B", spec: "-j RETURN" },
          { chain: "POSTROUTING", spec: "-j KUBE-B" },
          { chain: "KUBE-A", spec: "-j KUBE-B" },
          { chain: "KUBE-B", spec: "-j ACCEPT" },
        ],
      },
      { date },
    );
    expect(text.split("\n").slice(2, -3)).toEqual([
      ":POSTROUTING ACCEPT [0:0]",
      ":KUBE-A - [0:0]",
      ":KUBE-B - [0:0]",
      "-A POSTROUTING -j KUBE-B",
      "-A KUBE-A -j KUBE-B",
      "-A KUBE-B -j RETURN",
      "-A KUBE-B -j ACCEPT",
    ]);
  });
});
