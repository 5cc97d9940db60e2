import { describe, expect, it } from "vitest";
import { nextStepAt, type PodSim, schedule } from "./timeline.js";

const sim = (): PodSim => ({ ns: "default", name: "p", node: "n", steps: [], next: 0 });

describe("a pod's plan", () => {
  it("keeps steps in time order, ties in the order they came", () => {
    const s = sim();
    schedule(s, { at: 30, kind: "started" }, { at: 10, kind: "sandbox" });
    schedule(s, { at: 10, kind: "pulling" }, { at: 20, kind: "pulled" });
    expect(s.steps.map((x) => x.kind)).toEqual(["sandbox", "pulling", "pulled", "started"]);
    expect(nextStepAt(s)).toBe(10);
  });

  it("drops the steps already applied, so a long-lived pod's saved plan stays small", () => {
    const s = sim();
    schedule(s, { at: 1, kind: "sandbox" }, { at: 2, kind: "pulling" }, { at: 3, kind: "started" });
    s.next = 2;
    schedule(s, { at: 5, kind: "probe" });
    expect(s.next).toBe(0);
    expect(s.steps.map((x) => x.kind)).toEqual(["started", "probe"]);
    expect(nextStepAt(s)).toBe(3);
  });
});
