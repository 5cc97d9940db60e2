import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/types.js";
import type { Ctx } from "../cli.js";
import { defaultedNotice, pickContainer } from "./containers.js";

// Checked against kubectl v1.32 (podcmd.AllContainerNames, logsforobject.go, attach.go)
// with the oracle serving such a pod.
const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "init-demo", namespace: "default" },
  spec: {
    containers: [{ name: "nginx", image: "nginx" }],
    initContainers: [{ name: "install", image: "busybox" }],
    ephemeralContainers: [{ name: "debugger", image: "busybox" }],
  },
} as unknown as Pod;

function ctx(): { ctx: Ctx; err: string[] } {
  const err: string[] = [];
  return { ctx: { io: { err: (s: string) => err.push(s) } } as unknown as Ctx, err };
}

describe("the container a command means", () => {
  it("lists the app containers, then the ephemeral ones, then the init ones, when it defaults", () => {
    expect(defaultedNotice(pod)).toBe(
      'Defaulted container "nginx" out of: nginx, debugger (ephem), install (init)\n',
    );
    const { ctx: c, err } = ctx();
    expect(pickContainer(c, pod, undefined, "logs")).toBe("nginx");
    expect(err).toEqual([defaultedNotice(pod)]);
  });

  it("takes an init or ephemeral container by name", () => {
    const { ctx: c, err } = ctx();
    expect(pickContainer(c, pod, "install", "logs")).toBe("install");
    expect(pickContainer(c, pod, "debugger", "attach")).toBe("debugger");
    expect(err).toEqual([]);
  });

  it("refuses a name the pod has not, in each command's words", () => {
    const { ctx: c } = ctx();
    expect(() => pickContainer(c, pod, "nope", "logs")).toThrow(
      "error: container nope is not valid for pod init-demo",
    );
    expect(() => pickContainer(c, pod, "nope", "attach")).toThrow(
      "error: cannot attach to the container: container nope not found in pod init-demo",
    );
  });
});
