import { describe, expect, it } from "vitest";
import { allocatePodIP } from "../cni/ipam.js";
import { Rng } from "../util/rng.js";
import { fnv32a, podTemplateHash, safeEncode } from "./hash.js";

describe("pod-template-hash", () => {
  it("maps decimal digits 0-9 to 4-9,b,c,d,f", () => {
    expect(safeEncode("0123456789")).toBe("456789bcdf");
  });
  it("is FNV-32a (known vectors) and stable for equal templates regardless of key order", () => {
    expect(fnv32a("")).toBe(0x811c9dc5);
    expect(fnv32a("a")).toBe(0xe40c292c);
    const a = podTemplateHash({
      metadata: { labels: { x: "1" } },
      spec: { containers: [{ name: "c", image: "httpd" }] },
    });
    const b = podTemplateHash({
      spec: { containers: [{ image: "httpd", name: "c" }] },
      metadata: { labels: { x: "1" } },
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^[456789bcdf]{1,10}$/);
  });
  it("is the same for a template with and without its null creationTimestamp (stored before and after it was written out)", () => {
    const spec = { containers: [{ name: "c", image: "httpd" }] };
    expect(podTemplateHash({ metadata: { creationTimestamp: null, labels: { x: "1" } }, spec })).toBe(
      podTemplateHash({ metadata: { labels: { x: "1" } }, spec }),
    );
  });
});

describe("host-local IPAM", () => {
  it("starts at .2 and hands out addresses sequentially, not reusing a freed one until it wraps", () => {
    const ipam = { cidr: "10.244.1.0/24", last: 1 };
    const used = new Set<string>();
    const a = allocatePodIP(ipam, used)!;
    used.add(a);
    const b = allocatePodIP(ipam, used)!;
    expect([a, b]).toEqual(["10.244.1.2", "10.244.1.3"]);
    used.delete(a);
    expect(allocatePodIP(ipam, used)).toBe("10.244.1.4");
  });
});

describe("Rng", () => {
  it("replays the same draws from the same seed", () => {
    const a = new Rng({ rng: 42 });
    const b = new Rng({ rng: 42 });
    expect([a.name(), a.uuid()]).toEqual([b.name(), b.uuid()]);
    expect(a.name()).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});
