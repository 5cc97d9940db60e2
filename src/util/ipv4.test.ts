import { describe, expect, it } from "vitest";
import { inCIDR, intToIp, ipToInt, isIPv4, parseCidr } from "./ipv4.js";

describe("ipv4", () => {
  it("converts both ways, above 2^31 too", () => {
    expect(ipToInt("10.96.0.1")).toBe(0x0a600001);
    expect(ipToInt("255.255.255.255")).toBe(2 ** 32 - 1);
    expect(intToIp(ipToInt("192.168.10.7"))).toBe("192.168.10.7");
  });

  it("parses a CIDR to its network", () => {
    expect(parseCidr("10.244.1.77/24")).toEqual({ base: ipToInt("10.244.1.0"), bits: 24, size: 256 });
    expect(parseCidr("0.0.0.0/0")).toEqual({ base: 0, bits: 0, size: 2 ** 32 });
  });

  it("tests membership, a bare address meaning /32", () => {
    expect(inCIDR("10.244.1.5", "10.244.0.0/16")).toBe(true);
    expect(inCIDR("10.245.1.5", "10.244.0.0/16")).toBe(false);
    expect(inCIDR("1.2.3.4", "0.0.0.0/0")).toBe(true);
    expect(inCIDR("1.2.3.4", "1.2.3.4")).toBe(true);
  });

  it("accepts dotted quads only", () => {
    expect(isIPv4("010.1.1.1")).toBe(true);
    expect(isIPv4("1.2.3.256")).toBe(false);
    expect(isIPv4("1.2.3")).toBe(false);
  });
});
