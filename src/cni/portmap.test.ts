import { createHash } from "node:crypto";
import type { ContainerPort } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { Pod } from "../api/types.js";
import { dnatChainName, hostPortMappings, hostPortMasquerades, matchHostPort, sandboxID } from "./portmap.js";

function pod(name: string, ports: ContainerPort[]): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: `uid-${name}`, creationTimestamp: "2026-11-27T10:00:00Z" },
    spec: { nodeName: "kubesim-worker", containers: [{ name: "c", image: "httpd", ports }] },
    status: { phase: "Running", podIP: "10.244.1.4" },
  };
}

describe("portmap", () => {
  it("names the sandbox's chain CNI-DN- and SHA-512 of network name and sandbox ID, 28 characters", () => {
    const id = sandboxID("uid-a");
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const hex = createHash("sha512").update(`kindnet${id}`).digest("hex");
    expect(dnatChainName(id)).toBe(`CNI-DN-${hex.slice(0, 21)}`);
    expect(dnatChainName(id)).toHaveLength(28);
  });

  it("maps only hostPorts of pods that hold a pod IP, not hostNetwork or finished ones", () => {
    const p = pod("a", [{ containerPort: 80, hostPort: 8080 }, { containerPort: 443 }]);
    expect(hostPortMappings(p)).toEqual([
      {
        namespace: "default",
        pod: "a",
        container: "c",
        hostIP: "",
        hostPort: 8080,
        protocol: "TCP",
        podIP: "10.244.1.4",
        containerPort: 80,
        chain: dnatChainName(sandboxID("uid-a")),
      },
    ]);
    expect(hostPortMappings({ ...p, status: { phase: "Pending" } })).toEqual([]);
    expect(hostPortMappings({ ...p, status: { phase: "Succeeded", podIP: "10.244.1.4" } })).toEqual([]);
    expect(hostPortMappings({ ...p, spec: { ...p.spec, hostNetwork: true } })).toEqual([]);
  });

  it("matches protocol, port and a hostIP when one is set; the newest sandbox wins", () => {
    const any = pod("any", [{ containerPort: 80, hostPort: 8080 }]);
    const one = pod("one", [{ containerPort: 81, hostPort: 9090, hostIP: "172.18.0.3" }]);
    expect(matchHostPort([any, one], "172.18.0.3", 8080, "TCP")?.pod).toBe("any");
    expect(matchHostPort([any, one], "127.0.0.1", 8080, "TCP")?.pod).toBe("any");
    expect(matchHostPort([any, one], "172.18.0.3", 8080, "UDP")).toBeUndefined();
    expect(matchHostPort([any, one], "172.18.0.3", 9090, "TCP")?.containerPort).toBe(81);
    expect(matchHostPort([any, one], "127.0.0.1", 9090, "TCP")).toBeUndefined();
    const newer = pod("newer", [{ containerPort: 80, hostPort: 8080 }]);
    newer.metadata.creationTimestamp = "2026-11-27T10:05:00Z";
    expect(matchHostPort([any, newer], "172.18.0.3", 8080, "TCP")?.pod).toBe("newer");
  });

  it("masquerades hairpin and localhost connections only", () => {
    const [m] = hostPortMappings(pod("a", [{ containerPort: 80, hostPort: 8080 }]));
    expect(hostPortMasquerades(m, "10.244.1.4")).toBe(true);
    expect(hostPortMasquerades(m, "127.0.0.1")).toBe(true);
    expect(hostPortMasquerades(m, "10.244.2.3")).toBe(false);
    expect(hostPortMasquerades(m, "172.18.0.1")).toBe(false);
  });
});
