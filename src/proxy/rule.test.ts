import { describe, expect, it } from "vitest";
import { compile } from "./compile.js";
import { demo, demoSlice, input } from "./fixtures.js";
import { formatRule, parseRule, saveString, tokenize } from "./rule.js";

describe("rule text", () => {
  it("quotes as xtables_save_string does", () => {
    expect(saveString("KUBE-SVC_1")).toBe("KUBE-SVC_1");
    expect(saveString("default/web:http")).toBe('"default/web:http"');
    expect(saveString('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
  });

  it("splits words, keeping quoted comments whole", () => {
    expect(tokenize('-m comment --comment "a \\"b\\" c" -j X')).toEqual([
      "-m",
      "comment",
      "--comment",
      'a "b" c',
      "-j",
      "X",
    ]);
  });

  it("reads back every rule it writes", () => {
    const lb = demo(
      {
        type: "LoadBalancer",
        externalTrafficPolicy: "Local",
        healthCheckNodePort: 32001,
        externalIPs: ["192.168.10.10"],
        loadBalancerSourceRanges: ["172.18.0.0/16"],
        sessionAffinity: "ClientIP",
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        ports: [{ port: 80, nodePort: 31234, protocol: "TCP" }],
      },
      { loadBalancer: { ingress: [{ ip: "172.18.255.200" }] } },
    );
    const eps = [
      { ip: "10.244.1.2", node: "kubesim-worker" },
      { ip: "10.244.2.2", node: "kubesim-worker2" },
    ];
    for (const node of ["kubesim-worker", "kubesim-control-plane"]) {
      const c = compile(input(node, [lb], [demoSlice(eps)]));
      for (const r of [...c.nat.rules, ...c.filter.rules]) expect(formatRule(parseRule(r.spec))).toBe(r.spec);
    }
  });

  it("parses a rule from a real dump", () => {
    const spec =
      '! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ';
    expect(parseRule(spec)).toEqual({
      src: { cidr: "10.244.0.0/16", not: true },
      dst: { cidr: "10.96.0.1/32" },
      proto: "tcp",
      matches: [
        { m: "comment", text: "default/kubernetes:https cluster IP" },
        { m: "tcp", dport: 443 },
      ],
      target: { j: "jump", chain: "KUBE-MARK-MASQ" },
    });
  });
});
