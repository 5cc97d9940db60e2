import { describe, expect, it } from "vitest";
import { containerResourceValue, resourceFieldParts } from "./resource.js";

const ctr = { resources: { requests: { cpu: "125m", memory: "32Mi" }, limits: { cpu: "2500m" } } };

describe("containerResourceValue (ExtractContainerResourceValue)", () => {
  it("rounds cpu up to whole cores by default and by a millicore divisor", () => {
    expect(containerResourceValue({ resource: "requests.cpu" }, ctr)).toBe("1");
    expect(containerResourceValue({ resource: "limits.cpu" }, ctr)).toBe("3");
    expect(containerResourceValue({ resource: "requests.cpu", divisor: "1m" }, ctr)).toBe("125");
  });
  it("gives memory in bytes, or in units of the divisor rounded up", () => {
    expect(containerResourceValue({ resource: "requests.memory" }, ctr)).toBe("33554432");
    expect(containerResourceValue({ resource: "requests.memory", divisor: "1Mi" }, ctr)).toBe("32");
    expect(containerResourceValue({ resource: "requests.memory", divisor: "1G" }, ctr)).toBe("1");
  });
  it("treats a zero divisor as 1 and an unset value as 0", () => {
    expect(containerResourceValue({ resource: "requests.memory", divisor: "0" }, ctr)).toBe("33554432");
    expect(containerResourceValue({ resource: "limits.memory" }, ctr)).toBe("0");
  });
  it("serves cpu, memory, ephemeral-storage and hugepages only", () => {
    expect(resourceFieldParts("limits.hugepages-2Mi")).toEqual(["limits", "hugepages-2Mi"]);
    expect(resourceFieldParts("requests.nvidia.com/gpu")).toBeUndefined();
    expect(containerResourceValue({ resource: "requests.pods" }, ctr)).toBe("");
  });
});
