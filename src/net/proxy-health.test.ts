import { describe, expect, it } from "vitest";
import type { EndpointSlice, Service } from "../api/types.js";
import { goFloat, healthyNodes, localReadyEndpoints, serviceHealthBody } from "./proxy-health.js";

const svc = {
  metadata: { namespace: "default", name: "x" },
  spec: { type: "LoadBalancer", externalTrafficPolicy: "Local", healthCheckNodePort: 31000 },
} as unknown as Service;
const slice = {
  metadata: { namespace: "default", name: "x-abc", labels: { "kubernetes.io/service-name": "x" } },
  addressType: "IPv4",
  endpoints: [
    { addresses: ["10.244.1.2"], nodeName: "w1", conditions: { ready: true } },
    { addresses: ["10.244.2.2"], nodeName: "w2", conditions: { ready: false } },
  ],
} as unknown as EndpointSlice;

describe("kube-proxy's service health check", () => {
  it("counts only ready endpoints on the node", () => {
    expect(localReadyEndpoints(svc, [slice], "w1")).toBe(1);
    expect(localReadyEndpoints(svc, [slice], "w2")).toBe(0);
  });

  it("lets the load balancer send only to nodes with a ready local endpoint", () => {
    const nodes = [{ name: "cp" }, { name: "w1" }, { name: "w2" }];
    expect(healthyNodes(svc, [slice], nodes)).toEqual([{ name: "w1" }]);
    const cluster = { ...svc, spec: { ...svc.spec, externalTrafficPolicy: "Cluster" } } as Service;
    expect(healthyNodes(cluster, [slice], nodes)).toEqual(nodes);
  });

  it("answers with the dedented JSON kube-proxy prints", () => {
    expect(serviceHealthBody(svc, 1)).toBe(
      '{\n\t"service": {\n\t\t"namespace": "default",\n\t\t"name": "x"\n\t},\n\t"localEndpoints": 1,\n\t"serviceProxyHealthy": true\n}',
    );
  });

  it("writes samples as Go's FormatFloat 'g' does", () => {
    expect(goFloat(1795773600)).toBe("1.7957736e+09");
    expect(goFloat(7)).toBe("7");
    expect(goFloat(0.25)).toBe("0.25");
  });
});
