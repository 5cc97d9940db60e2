import { describe, expect, it } from "vitest";
import { cloneData } from "./clone.js";

describe("cloneData", () => {
  it("copies API data as structuredClone does", () => {
    const pod = JSON.parse(
      '{"metadata":{"name":"a","labels":{"app":"web"},"__proto__":{"x":1}},"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}],"args":[]}],"n":null,"b":false,"q":1.5}}',
    );
    pod.spec.undef = undefined;
    const a = cloneData(pod);
    const b = structuredClone(pod);
    expect(a).toStrictEqual(b);
    expect(JSON.stringify(a)).toBe(JSON.stringify(pod));
    expect(Object.keys(a.spec)).toEqual(Object.keys(pod.spec));
    expect(Object.getPrototypeOf(a.metadata)).toBe(Object.prototype);
    expect(Object.hasOwn(a.metadata, "__proto__")).toBe(true);
    // a deep copy: nothing shared
    a.spec.containers[0].ports[0].containerPort = 8080;
    a.metadata.labels.app = "db";
    expect(pod.spec.containers[0].ports[0].containerPort).toBe(80);
    expect(pod.metadata.labels.app).toBe("web");
  });

  it("leaves other objects to structuredClone", () => {
    const d = new Date(0);
    const m = new Map([["k", 1]]);
    const big = 10n ** 30n;
    const a = cloneData({ d, m, big, nested: [{ d }] });
    expect(a.d).not.toBe(d);
    expect(a.d.getTime()).toBe(0);
    expect(a.m.get("k")).toBe(1);
    expect(a.big).toBe(big);
    expect(a.nested[0].d.getTime()).toBe(0);
  });

  it("copies objects without a prototype as plain ones", () => {
    const o = Object.create(null);
    o.a = { b: [1, 2] };
    const a = cloneData(o);
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(a).toEqual(structuredClone(o));
  });
});
