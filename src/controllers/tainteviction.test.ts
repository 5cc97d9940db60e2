import { describe, expect, it } from "vitest";
import type { Pod } from "../api/types.js";
import { tolerationLimit } from "./tainteviction.js";

const pod = (tolerations: Pod["spec"]["tolerations"]) =>
  ({ spec: { containers: [], tolerations } }) as unknown as Pod;

describe("taint eviction", () => {
  const taint = { key: "m", value: "now", effect: "NoExecute" as const };

  it("evicts at once when a NoExecute taint is not tolerated", () => {
    expect(tolerationLimit(pod([]), [taint])).toBe(0);
    expect(tolerationLimit(pod([{ key: "m", value: "later", effect: "NoExecute" }]), [taint])).toBe(0);
  });

  it("waits the shortest tolerationSeconds, forever without one", () => {
    expect(tolerationLimit(pod([{ key: "m", operator: "Exists" }]), [taint])).toBeUndefined();
    expect(
      tolerationLimit(
        pod([
          { key: "m", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 },
          { operator: "Exists", tolerationSeconds: 30 },
        ]),
        [taint],
      ),
    ).toBe(30);
    expect(tolerationLimit(pod([{ operator: "Exists", tolerationSeconds: -5 }]), [taint])).toBe(0);
  });
});
