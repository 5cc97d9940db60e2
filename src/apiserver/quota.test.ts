import { describe, expect, it } from "vitest";
import type { KObject, ResourceQuota } from "../api/types.js";
import { formatUsage, quotaMatches, usageOf } from "./quota.js";
import { CONFIGMAPS, DEPLOYMENTS, PODS, SERVICES } from "./resources.js";

const pod = (resources: object, extra: object = {}): KObject =>
  ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "default" },
    spec: {
      containers: [
        { name: "a", image: "nginx", resources },
        { name: "b", image: "nginx", resources },
      ],
      ...extra,
    },
    status: { phase: "Running" },
  }) as KObject;

const quota = (hard: Record<string, string>, scopes?: string[]): ResourceQuota =>
  ({
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: "q", namespace: "default", uid: "u" },
    spec: { hard, ...(scopes ? { scopes } : {}) },
  }) as ResourceQuota;

describe("quota usage", () => {
  it("sums a pod's containers and counts it", () => {
    const u = usageOf(PODS, pod({ requests: { cpu: "200m", memory: "64Mi" }, limits: { cpu: "500m" } }), 0);
    expect(formatUsage(u)).toEqual({
      "count/pods": "1",
      cpu: "400m",
      "limits.cpu": "1",
      memory: "128Mi",
      pods: "1",
      "requests.cpu": "400m",
      "requests.memory": "128Mi",
    });
  });

  it("charges a finished pod only its object count", () => {
    const done = { ...pod({}), status: { phase: "Succeeded" } } as KObject;
    expect(formatUsage(usageOf(PODS, done, 0))).toEqual({ "count/pods": "1" });
  });

  it("counts services, their node ports and other kinds by name", () => {
    const svc = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s" },
      spec: { type: "NodePort", ports: [{}, {}] },
    };
    expect(formatUsage(usageOf(SERVICES, svc as KObject, 0))).toEqual({
      "count/services": "1",
      services: "1",
      "services.nodeports": "2",
    });
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } } as KObject;
    expect(formatUsage(usageOf(CONFIGMAPS, cm, 0))).toEqual({ configmaps: "1", "count/configmaps": "1" });
    const d = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" } } as KObject;
    expect(formatUsage(usageOf(DEPLOYMENTS, d, 0))).toEqual({ "count/deployments.apps": "1" });
  });

  it("matches scopes on a pod's QoS and deadline", () => {
    expect(quotaMatches(quota({ pods: "1" }, ["BestEffort"]), PODS, pod({}))).toBe(true);
    expect(quotaMatches(quota({ pods: "1" }, ["BestEffort"]), PODS, pod({ requests: { cpu: "1" } }))).toBe(
      false,
    );
    expect(
      quotaMatches(quota({ pods: "1" }, ["Terminating"]), PODS, pod({}, { activeDeadlineSeconds: 5 })),
    ).toBe(true);
    expect(quotaMatches(quota({ services: "1" }), PODS, pod({}))).toBe(false);
  });
});
