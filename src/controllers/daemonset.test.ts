import { describe, expect, it } from "vitest";
import type { DaemonSet, Node } from "../api/types.js";
import { daemonTolerations, shouldRun } from "./daemonset.js";

const controlPlane = {
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: "cp", uid: "cp", labels: { "kubernetes.io/os": "linux" } },
  spec: { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" as const }] },
} as Node;

function ds(spec: Record<string, unknown>): DaemonSet {
  return {
    metadata: { name: "d" },
    spec: { template: { spec: { containers: [], ...spec } } },
  } as unknown as DaemonSet;
}

describe("DaemonSet predicate", () => {
  it("adds the daemon default tolerations, network-unavailable only with hostNetwork", () => {
    expect(daemonTolerations({ containers: [] }).map((t) => t.key)).toEqual([
      "node.kubernetes.io/not-ready",
      "node.kubernetes.io/unreachable",
      "node.kubernetes.io/disk-pressure",
      "node.kubernetes.io/memory-pressure",
      "node.kubernetes.io/pid-pressure",
      "node.kubernetes.io/unschedulable",
    ]);
    expect(daemonTolerations({ containers: [], hostNetwork: true }).at(-1)?.key).toBe(
      "node.kubernetes.io/network-unavailable",
    );
  });

  it("keeps a daemon off an untolerated NoSchedule node but lets a running pod stay", () => {
    expect(shouldRun(ds({}), controlPlane)).toEqual({ run: false, stay: true });
    const tolerant = ds({
      tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }],
    });
    expect(shouldRun(tolerant, controlPlane)).toEqual({ run: true, stay: true });
    expect(shouldRun(ds({ nodeSelector: { "kubernetes.io/os": "windows" } }), controlPlane)).toEqual({
      run: false,
      stay: false,
    });
    const noExec = {
      ...controlPlane,
      spec: { taints: [{ key: "x", effect: "NoExecute" as const }] },
    } as Node;
    expect(shouldRun(ds({}), noExec)).toEqual({ run: false, stay: false });
  });
});
