import { describe, expect, it } from "vitest";
import type { KObject, Pod } from "../api/types.js";
import { createObject } from "../apiserver/admit.js";
import { PODS } from "../apiserver/resources.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { Cluster } from "../cluster/cluster.js";
import { apiEnv, podOnlyEnv } from "./envfrom.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z", KUBESIM_TIME_SCALE: "0" };

describe("an env entry without a value or a source", () => {
  it('is set, empty, as the kubelet sets it (the API server stored `value: ""` as no value)', () => {
    const b = bootstrap({ name: "t", nodes: 2, seed: 1, timeScale: 0, loadBalancer: false }, ENV);
    const c = new Cluster({ state: b.state, objects: b.objects }, ENV);
    createObject(
      c,
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p" },
        spec: {
          containers: [
            {
              name: "c",
              image: "busybox",
              env: [
                { name: "EMPTY", value: "" },
                { name: "FULL", value: "x" },
                {
                  name: "MISSING",
                  valueFrom: { configMapKeyRef: { name: "nope", key: "k", optional: true } },
                },
              ],
            },
          ],
        },
      } as unknown as KObject,
      "default",
    );
    const pod = c.api.get(PODS, "default", "p") as Pod;
    const ctr = pod.spec.containers[0];
    expect(ctr.env?.[0]).toEqual({ name: "EMPTY" });
    expect(podOnlyEnv(pod, ctr)).toMatchObject({ EMPTY: "", FULL: "x" });
    const env = apiEnv(c, pod, ctr);
    expect(env.EMPTY).toBe("");
    expect(env.FULL).toBe("x");
    expect("MISSING" in env).toBe(false);
  });
});
