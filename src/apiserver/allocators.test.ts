import { describe, expect, it } from "vitest";
import { ipToInt } from "../util/ipv4.js";
import { Rng } from "../util/rng.js";
import { ClusterIPAllocator, NodePortAllocator } from "./allocators.js";

describe("ClusterIPAllocator", () => {
  it("allocates from the upper band of 10.96.0.0/16, never twice", () => {
    const used = new Set(["10.96.0.1", "10.96.0.10"]);
    const a = new ClusterIPAllocator("10.96.0.0/16", used);
    const rng = new Rng({ rng: 7 });
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const ip = a.allocate(rng);
      expect(seen.has(ip)).toBe(false);
      seen.add(ip);
      // The static band is 10.96.0.1-10.96.1.0 (256 addresses).
      expect(ipToInt(ip)).toBeGreaterThan(ipToInt("10.96.1.0"));
      expect(ipToInt(ip)).toBeLessThan(ipToInt("10.96.255.255"));
    }
  });

  it("refuses taken and out-of-range addresses with the apiserver's words", () => {
    const a = new ClusterIPAllocator("10.96.0.0/16", new Set(["10.96.0.10"]));
    expect(a.claim("10.96.0.10")).toBe("provided IP is already allocated");
    expect(a.claim("10.11.253.81")).toBe(
      "the provided IP (10.11.253.81) is not in the valid range. The range of valid IPs is 10.96.0.0/16",
    );
    expect(a.claim("10.96.0.0")).toContain("not in the valid range");
    expect(a.claim("10.96.5.5")).toBeUndefined();
    expect(a.claim("10.96.5.5")).toBe("provided IP is already allocated");
  });

  it("falls back to the static band when the upper band is full", () => {
    const used = new Set<string>();
    const a = new ClusterIPAllocator("10.96.0.0/24", used);
    const rng = new Rng({ rng: 1 });
    // /24: 254 usable, static band 16 (offsets 1-16).
    const got = Array.from({ length: 254 }, () => ipToInt(a.allocate(rng)) - ipToInt("10.96.0.0"));
    expect(got.slice(0, 238).every((o) => o > 16)).toBe(true);
    expect(got.slice(238).every((o) => o >= 1 && o <= 16)).toBe(true);
    expect(() => a.allocate(rng)).toThrow("range is full");
  });
});

describe("NodePortAllocator", () => {
  it("allocates 30086-32767 first and honours or refuses requested ports", () => {
    const a = new NodePortAllocator(new Set([30080]));
    const rng = new Rng({ rng: 3 });
    for (let i = 0; i < 100; i++) {
      const p = a.allocate(rng);
      expect(p).toBeGreaterThanOrEqual(30086);
      expect(p).toBeLessThanOrEqual(32767);
    }
    expect(a.claim(80)).toBe(
      "provided port is not in the valid range. The range of valid ports is 30000-32767",
    );
    expect(a.claim(30080)).toBe("provided port is already allocated");
    expect(a.claim(30001)).toBeUndefined();
  });
});
