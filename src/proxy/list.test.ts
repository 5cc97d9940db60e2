import { describe, expect, it } from "vitest";
import { compile } from "./compile.js";
import { demo, demoSlice, input } from "./fixtures.js";
import { listRule, listTable, references, specTable } from "./list.js";
import { parseRule } from "./rule.js";

const seed = () =>
  compile(
    input("kubesim-control-plane", [demo()], [demoSlice([{ ip: "10.244.1.2", node: "kubesim-worker" }])]),
  );

const HEAD = "target     prot opt source               destination         ";

describe("iptables -L", () => {
  it("heads a user chain with its reference count and the column line, trailing blanks included", () => {
    const text = listTable(seed().nat, { numeric: true }, "KUBE-SERVICES");
    expect(text?.split("\n").slice(0, 3)).toEqual([
      "Chain KUBE-SERVICES (2 references)",
      HEAD,
      "KUBE-SVC-ZOQTR5CHGLZHIEYA  tcp  --  0.0.0.0/0            10.96.137.24         /* default/demoservice cluster IP */ tcp dpt:80",
    ]);
    expect(text?.trimEnd().split("\n").at(-1)).toBe(
      "KUBE-NODEPORTS  all  --  0.0.0.0/0            0.0.0.0/0            /* kubernetes service nodeports; NOTE: this must be the last rule in this chain */ ADDRTYPE match dst-type LOCAL",
    );
  });

  it("prints built-in chains with their policy, and a blank line between chains", () => {
    const text = listTable(seed().nat, { numeric: true }) ?? "";
    expect(
      text.startsWith(`Chain PREROUTING (policy ACCEPT)\n${HEAD}\nKUBE-SERVICES  all  --  0.0.0.0/0`),
    ).toBe(true);
    expect(text).toContain("\n\nChain INPUT (policy ACCEPT)\n");
    expect(text).toContain("Chain KUBE-KUBELET-CANARY (0 references)\n");
    expect(text.endsWith("\n\n")).toBe(false);
  });

  it("prints the MARK, MASQUERADE, mark-match and DNAT targets as their extensions do", () => {
    const nat = seed().nat;
    expect(listTable(nat, { numeric: true }, "KUBE-MARK-MASQ")).toContain(
      "MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK or 0x4000\n",
    );
    const post = listTable(nat, { numeric: true }, "KUBE-POSTROUTING") ?? "";
    expect(post.split("\n").slice(2, 5)).toEqual([
      "RETURN     all  --  0.0.0.0/0            0.0.0.0/0            mark match ! 0x4000/0x4000",
      "MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK xor 0x4000",
      "MASQUERADE  all  --  0.0.0.0/0            0.0.0.0/0            /* kubernetes service traffic requiring SNAT */ random-fully",
    ]);
    const sep = listTable(nat, { numeric: true }, "KUBE-SEP-6E7XQMQ4RAYOWTTM") ?? "";
    expect(sep.split("\n").slice(2, 4)).toEqual([
      "KUBE-MARK-MASQ  all  --  10.244.0.3           0.0.0.0/0            /* kube-system/kube-dns:dns */",
      "DNAT       udp  --  0.0.0.0/0            0.0.0.0/0            /* kube-system/kube-dns:dns */ udp to:10.244.0.3:53",
    ]);
  });

  it("prints the statistic and negated-source matches", () => {
    const text = listTable(seed().nat, { numeric: true }, "KUBE-SVC-ERIFXISQEP7F7OF4") ?? "";
    expect(text.split("\n").slice(2, 4)).toEqual([
      "KUBE-MARK-MASQ  tcp  -- !10.244.0.0/16        10.96.0.10           /* kube-system/kube-dns:dns-tcp cluster IP */ tcp dpt:53",
      "KUBE-SEP-IT2ZTR26TO4XFPTO  all  --  0.0.0.0/0            0.0.0.0/0            /* kube-system/kube-dns:dns-tcp -> 10.244.0.2:53 */ statistic mode random probability 0.50000000000",
    ]);
  });

  it("names addresses and ports without -n", () => {
    const text =
      listTable(seed().nat, {
        hostName: (ip) => (ip === "172.18.0.2" ? "kubesim-control-plane.kind" : undefined),
      }) ?? "";
    expect(text).toContain(
      "KUBE-SVC-NPX46M4PTMTKRN6Y  tcp  --  anywhere             10.96.0.1            /* default/kubernetes:https cluster IP */ tcp dpt:https\n",
    );
    expect(text).toContain(
      "KUBE-MARK-MASQ  all  --  kubesim-control-plane.kind  anywhere             /* default/kubernetes:https */\n",
    );
    expect(text).toContain("/* kube-system/kube-dns:dns cluster IP */ udp dpt:domain\n");
    expect(text).toContain("/* kube-system/kube-dns:metrics cluster IP */ tcp dpt:9153\n");
  });

  it("adds counters, interfaces and line numbers with -v and --line-numbers", () => {
    const o = { numeric: true, verbose: true, lineNumbers: true };
    const text = listTable(seed().nat, o, "PREROUTING") ?? "";
    expect(text).toBe(
      "Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)\n" +
        "num   pkts bytes target     prot opt in     out     source               destination         \n" +
        "1        0     0 KUBE-SERVICES  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes service portals */\n",
    );
    const any = listRule(parseRule("-j RETURN"), 1, { verbose: true });
    expect(any).toBe(
      "    0     0 RETURN     all  --  any    any     anywhere             anywhere            \n",
    );
    expect(listRule(parseRule("-j RETURN"), 1, { verbose: true, exact: true, numeric: true })).toBe(
      "       0        0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           \n",
    );
  });

  it("says nothing for a chain the table does not have", () => {
    expect(listTable(seed().nat, {}, "NOPE")).toBeUndefined();
    expect(specTable(seed().nat, {}, "NOPE")).toBeUndefined();
  });

  it("counts references from every chain's jumps", () => {
    const nat = seed().nat;
    expect(references(nat, "KUBE-SERVICES")).toBe(2);
    expect(references(nat, "KUBE-POSTROUTING")).toBe(1);
  });
});

describe("iptables -S", () => {
  it("prints -P and -N lines, then the rules as iptables-save writes them", () => {
    const text = specTable(seed().nat, {}) ?? "";
    const lines = text.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "-P PREROUTING ACCEPT",
      "-P INPUT ACCEPT",
      "-P OUTPUT ACCEPT",
      "-P POSTROUTING ACCEPT",
      "-N KUBE-KUBELET-CANARY",
    ]);
    expect(text).toContain(
      '\n-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n',
    );
  });

  it("prints one chain with its rules, and counters before the target with -v", () => {
    expect(specTable(seed().nat, {}, "KUBE-MARK-MASQ")).toBe(
      "-N KUBE-MARK-MASQ\n-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n",
    );
    expect(specTable(seed().nat, { verbose: true }, "POSTROUTING")).toBe(
      '-P POSTROUTING ACCEPT -c 0 0\n-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -c 0 0 -j KUBE-POSTROUTING\n',
    );
  });
});
