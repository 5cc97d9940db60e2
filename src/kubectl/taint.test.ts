import type { Taint } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { Node } from "../api/types.js";
import { applyTaints, parseTaints } from "./taint.js";

const worker = (taints: Taint[]) => ({ metadata: { name: "w" }, spec: { taints } }) as Node;

describe("kubectl taint", () => {
  it("parses specs as kubectl does", () => {
    expect(parseTaints(["a=b:NoSchedule", "c:NoExecute-", "d-"])).toEqual({
      add: [{ key: "a", value: "b", effect: "NoSchedule" }],
      remove: [
        { key: "c", value: "", effect: "NoExecute" },
        { key: "d", value: "", effect: "" },
      ],
    });
    expect(() => parseTaints(["a"])).toThrow("invalid taint spec: a");
    expect(() => parseTaints(["a:Never"])).toThrow("invalid taint effect: Never, unsupported taint effect");
  });

  it("puts new taints first and names the operation", () => {
    const cp = [{ key: "cp", effect: "NoSchedule" as const }];
    const { add } = parseTaints(["x=1:NoExecute"]);
    expect(applyTaints(worker(cp), add, [], false)).toEqual({
      taints: [{ key: "x", value: "1", effect: "NoExecute" }, ...cp],
      operation: "tainted",
    });
    expect(applyTaints(worker(cp), [], parseTaints(["cp-"]).remove, false).operation).toBe("untainted");
    expect(() => applyTaints(worker(cp), parseTaints(["cp=2:NoSchedule"]).add, [], false)).toThrow(
      "node w already has cp taint(s) with same effect(s) and --overwrite is false",
    );
    expect(() => applyTaints(worker(cp), [], parseTaints(["nope-"]).remove, false)).toThrow(
      'taint "nope" not found',
    );
  });
});
