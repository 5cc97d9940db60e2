import { describe, expect, it } from "vitest";
import { appendConnections, CONNLOG_LIMIT, type ConntrackState } from "./conntrack.js";

const rec = (at: number) => ({ at, proto: "tcp" as const, end: "closed" as const, flows: [] });

describe("the connection log", () => {
  it("numbers connections and keeps only the newest ones within two minutes", () => {
    const st: ConntrackState = {};
    appendConnections(st, [rec(0), rec(60_000)]);
    expect(st.conntrack?.log.map((r) => r.seq)).toEqual([1, 2]);
    appendConnections(st, [rec(150_000)]);
    expect(st.conntrack?.log.map((r) => r.seq)).toEqual([2, 3]);
    expect(st.conntrack?.next).toBe(4);
  });

  it("stays bounded however many connections come at once", () => {
    const st: ConntrackState = {};
    appendConnections(
      st,
      Array.from({ length: CONNLOG_LIMIT + 10 }, () => rec(5)),
    );
    expect(st.conntrack?.log).toHaveLength(CONNLOG_LIMIT);
    expect(st.conntrack?.log[0].seq).toBe(11);
  });
});
