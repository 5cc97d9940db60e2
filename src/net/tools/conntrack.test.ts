import { describe, expect, it } from "vitest";
import type { ConnRecord } from "../../proxy/index.js";
import { conntrackEntries, conntrackLine } from "./conntrack.js";
import { parseTcpdumpArgs, tcpdumpLines } from "./tcpdump.js";

const AT = Date.parse("2026-11-27T10:00:00Z");

/** Outside -> NodePort on w2 -> pod on w1: DNAT and SNAT on w2, the translated flow on w1. */
const nodePort: ConnRecord = {
  seq: 7,
  at: AT,
  proto: "tcp",
  end: "closed",
  flows: [
    {
      node: "w2",
      pre: ["172.18.0.1", "172.18.0.4", 50123, 32467],
      post: ["172.18.0.4", "10.244.1.2", 50123, 80],
      inIf: "eth0",
      outIf: "eth0",
    },
    {
      node: "w1",
      pre: ["172.18.0.4", "10.244.1.2", 50123, 80],
      post: ["172.18.0.4", "10.244.1.2", 50123, 80],
      inIf: "eth0",
      outIf: "veth1a2b3c4d",
    },
  ],
  req: { bytes: 79, line: "GET / HTTP/1.1" },
  res: { bytes: 853, line: "HTTP/1.1 200 OK" },
};

describe("conntrack -L", () => {
  it("prints the original tuple as it arrived and the reply as the endpoint answers the SNATed source", () => {
    const [e] = conntrackEntries([nodePort], "w2", AT + 3000);
    expect(conntrackLine(e)).toBe(
      "tcp      6 117 TIME_WAIT src=172.18.0.1 dst=172.18.0.4 sport=50123 dport=32467 src=10.244.1.2 dst=172.18.0.4 sport=80 dport=50123 [ASSURED] mark=0 use=1",
    );
  });

  it("marks an unanswered SYN UNREPLIED and a refused one CLOSE, each with its own timeout", () => {
    const timeout = { ...nodePort, end: "timeout" as const };
    const [t] = conntrackEntries([timeout], "w2", AT);
    expect(conntrackLine(t)).toBe(
      "tcp      6 120 SYN_SENT src=172.18.0.1 dst=172.18.0.4 sport=50123 dport=32467 [UNREPLIED] src=10.244.1.2 dst=172.18.0.4 sport=80 dport=50123 mark=0 use=1",
    );
    const refused = { ...nodePort, end: "refused" as const };
    expect(conntrackLine(conntrackEntries([refused], "w2", AT + 1000)[0])).toMatch(
      /^tcp {6}6 9 CLOSE .* mark=0 use=1$/,
    );
    expect(conntrackEntries([refused], "w2", AT + 10_000)).toEqual([]);
  });

  it("forgets TIME_WAIT entries after 120 s of simulated time", () => {
    expect(conntrackEntries([nodePort], "w1", AT + 119_999)).toHaveLength(1);
    expect(conntrackEntries([nodePort], "w1", AT + 120_000)).toEqual([]);
  });
});

describe("tcpdump -i any -n", () => {
  const all = (argv: string[]) => {
    const a = parseTcpdumpArgs(argv);
    if ("error" in a) throw new Error(a.error);
    return a.filter;
  };

  it("shows each packet on the interfaces it crossed, before DNAT coming in and after SNAT going out", () => {
    const lines = tcpdumpLines(nodePort, "w2", all(["-i", "any", "-n"]));
    expect(lines[0]).toMatch(
      /^10:00:00\.000000 eth0 {2}In {2}IP 172\.18\.0\.1\.50123 > 172\.18\.0\.4\.32467: Flags \[S\], seq \d+, win 64240, options \[mss 1460,sackOK,TS val \d+ ecr 0,nop,wscale 7\], length 0$/,
    );
    expect(lines[1]).toMatch(/ eth0 {2}Out IP 172\.18\.0\.4\.50123 > 10\.244\.1\.2\.http: Flags \[S\]/);
    // Ten segments, each seen twice on this node.
    expect(lines).toHaveLength(20);
  });

  it("numbers sequences relative once the connection's first ACK was seen, and decodes HTTP on port 80", () => {
    const lines = tcpdumpLines(nodePort, "w1", all(["-n", "port", "80"]));
    expect(lines.find((l) => l.includes("Flags [P.]") && l.includes("GET"))).toMatch(
      /eth0 {2}In {2}IP 172\.18\.0\.4\.50123 > 10\.244\.1\.2\.http: Flags \[P\.\], seq 1:80, ack 1, win 502, options \[nop,nop,TS val \d+ ecr \d+\], length 79: HTTP: GET \/ HTTP\/1\.1$/,
    );
    expect(lines.at(-1)).toMatch(
      /veth1a2b3c4d Out IP 172\.18\.0\.4\.50123 > 10\.244\.1\.2\.http: Flags \[\.\], ack 855, win 502/,
    );
  });

  it("filters by port and rejects what tcpdump rejects", () => {
    expect(tcpdumpLines(nodePort, "w2", all(["port", "443"]))).toEqual([]);
    // -nn leaves port numbers alone; -n still names them from /etc/services.
    expect(tcpdumpLines(nodePort, "w1", all(["-nn", "port", "80"]))[0]).toContain("10.244.1.2.80: ");
    expect(parseTcpdumpArgs(["-c", "0"])).toEqual({ error: "tcpdump: invalid packet count 0" });
  });
});
