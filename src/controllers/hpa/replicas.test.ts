import { describe, expect, it } from "vitest";
import {
  DOWNSCALE_WINDOW_MS,
  normalizeLegacy,
  normalizeWithBehavior,
  type Recommendation,
} from "./normalize.js";
import { averageValueReplicas, type PodSample, resourceReplicas } from "./replicas.js";

const pod = (
  name: string,
  usage: number | undefined,
  request = 200,
  extra: Partial<PodSample> = {},
): PodSample => ({
  name,
  usage,
  request,
  ...extra,
});

describe("resourceReplicas (GetResourceReplicas)", () => {
  it("scales by the usage ratio, rounding up", () => {
    // 500m of 200m requested is 250%: against 50%, five times the pods.
    expect(resourceReplicas("cpu", 1, 50, [pod("a", 500)])).toEqual({
      ok: true,
      replicas: 5,
      utilization: 250,
      rawAverage: 500,
    });
    // 173m average over 4 pods is 86%: ceil(4 * 1.72) = 7.
    const four = ["a", "b", "c", "d"].map((n) => pod(n, 173));
    expect(resourceReplicas("cpu", 4, 50, four)).toMatchObject({ replicas: 7, utilization: 86 });
  });

  it("keeps the size within the 10% tolerance", () => {
    const seven = Array.from({ length: 7 }, (_, i) => pod(`p${i}`, 108));
    // 54% of a 50% target is a ratio of 1.08.
    expect(resourceReplicas("cpu", 7, 50, seven)).toMatchObject({ replicas: 7, utilization: 54 });
  });

  it("refuses pods whose containers lack a request", () => {
    const r = resourceReplicas("cpu", 1, 50, [
      { name: "web-1", usage: 10, missingRequestContainer: "php-apache" },
    ]);
    expect(r).toEqual({ ok: false, error: "missing request for cpu in container php-apache of Pod web-1" });
  });

  it("needs at least one measured pod", () => {
    expect(resourceReplicas("cpu", 1, 50, [])).toMatchObject({ ok: false });
    expect(
      resourceReplicas("cpu", 2, 50, [pod("a", undefined), pod("b", 10, 200, { ignored: true })]),
    ).toEqual({
      ok: false,
      error: "did not receive metrics for targeted pods (pods might be unready)",
    });
  });

  it("counts pods without metrics as at their request when scaling down, at zero when scaling up", () => {
    // Down: 10% measured on one pod; the missing one counts as 100%: (20+200)/400 = 55%, which
    // is within tolerance of 50%: no change.
    expect(resourceReplicas("cpu", 2, 50, [pod("a", 20), pod("b", undefined)])).toMatchObject({
      replicas: 2,
    });
    // Up: 200% on one pod, 0 on the missing one: 100% over 2 pods -> 4.
    expect(resourceReplicas("cpu", 2, 50, [pod("a", 400), pod("b", undefined)])).toMatchObject({
      replicas: 4,
      utilization: 200,
    });
  });

  it("counts unready pods as idle when scaling up", () => {
    // 300% on the ready pod; two unready pods at 0: 100% over 3 pods -> 6.
    const pods = [
      pod("a", 600),
      pod("b", 600, 200, { unready: true }),
      pod("c", 600, 200, { unready: true }),
    ];
    expect(resourceReplicas("cpu", 3, 50, pods)).toMatchObject({ replicas: 6, utilization: 300 });
  });

  it("keeps the size when the second pass turns the direction around", () => {
    // Measured 60% (up) on one pod, but two missing pods at 0 bring it to 20% (down).
    expect(
      resourceReplicas("cpu", 3, 50, [pod("a", 120), pod("b", undefined), pod("c", undefined)]),
    ).toMatchObject({
      replicas: 3,
    });
  });

  it("scales an average value target by the plain average", () => {
    expect(averageValueReplicas(2, 100, [pod("a", 300), pod("b", 300)])).toMatchObject({
      replicas: 6,
      rawAverage: 300,
    });
  });
});

describe("normalizeLegacy (no spec.behavior)", () => {
  it("limits scale-up to max(2x, 4) and says so", () => {
    const r = normalizeLegacy([], 0, 1, 5, 1, 10);
    expect(r.replicas).toBe(4);
    expect(r.limited).toEqual([
      true,
      "ScaleUpLimit",
      "the desired replica count is increasing faster than the maximum scale rate",
    ]);
  });

  it("holds the highest recommendation of the last five minutes", () => {
    const history: Recommendation[] = [];
    expect(normalizeLegacy(history, 0, 7, 7, 1, 10).replicas).toBe(7);
    const held = normalizeLegacy(history, 60_000, 7, 1, 1, 10);
    expect(held.replicas).toBe(7);
    expect(held.able[0]).toBe("ScaleDownStabilized");
    // Past the window the old sample no longer counts (and its slot is reused).
    const later = normalizeLegacy(history, 60_000 + DOWNSCALE_WINDOW_MS + 1, 7, 1, 1, 10);
    expect(later.replicas).toBe(1);
    expect(history.length).toBe(2);
  });

  it("clamps to minReplicas and maxReplicas", () => {
    expect(normalizeLegacy([], 0, 1, 0, 1, 10).limited.slice(0, 2)).toEqual([true, "TooFewReplicas"]);
    expect(normalizeLegacy([], 0, 8, 20, 1, 10)).toMatchObject({
      replicas: 10,
      limited: [true, "TooManyReplicas", expect.any(String)],
    });
  });
});

describe("normalizeWithBehavior", () => {
  const defaults = {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: "Max",
      policies: [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: { selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
  };

  it("allows the larger of +4 pods and +100% per 15 s", () => {
    const events = { up: [], down: [] };
    expect(normalizeWithBehavior([], events, 0, 1, 10, 1, 20, defaults).replicas).toBe(5);
    expect(normalizeWithBehavior([], events, 0, 6, 20, 1, 20, defaults).replicas).toBe(12);
  });

  it("counts the period's earlier scale-ups against the limit", () => {
    const events = { up: [{ change: 4, at: 0 }], down: [] };
    // 5 now, 1 at the period's start: at most 5 within the same 15 s.
    const r = normalizeWithBehavior([], events, 10_000, 5, 10, 1, 20, defaults);
    expect(r.replicas).toBe(5);
    expect(r.limited[1]).toBe("ScaleUpLimit");
  });

  it("uses the controller's 300 s scale-down window when none is set", () => {
    const history: Recommendation[] = [{ replicas: 7, at: 0 }];
    const events = { up: [], down: [] };
    expect(normalizeWithBehavior(history, events, 200_000, 7, 1, 1, 10, defaults).replicas).toBe(7);
    const shortWindow = { ...defaults, scaleDown: { ...defaults.scaleDown, stabilizationWindowSeconds: 60 } };
    expect(
      normalizeWithBehavior([{ replicas: 7, at: 0 }], events, 200_000, 7, 1, 1, 10, shortWindow).replicas,
    ).toBe(1);
  });
});
