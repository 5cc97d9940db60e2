import { describe, expect, it } from "vitest";
import {
  clusterDNSIP,
  clusterSubnets,
  indexedIP,
  kubernetesServiceIP,
  networkOf,
  nodeCIDRCount,
  nodePodCIDR,
  podGateway,
} from "./subnets.js";

describe("cluster subnets", () => {
  it("are kind's defaults without a kind config", () => {
    expect(clusterSubnets(undefined)).toEqual({ podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/16" });
    expect(clusterSubnets({})).toEqual({ podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/16" });
  });

  it("follow the config, as the network address net.ParseCIDR gives, and its IPv4 half of a dual-stack list", () => {
    expect(clusterSubnets({ kind: { podSubnet: "10.200.7.9/16", serviceSubnet: "10.100.0.0/16" } })).toEqual({
      podSubnet: "10.200.0.0/16",
      serviceSubnet: "10.100.0.0/16",
    });
    expect(
      clusterSubnets({
        kind: { podSubnet: "fd00:10:244::/56,10.1.0.0/16", serviceSubnet: "10.2.0.0/20,fd00::/112" },
      }),
    ).toEqual({ podSubnet: "10.1.0.0/16", serviceSubnet: "10.2.0.0/20" });
    expect(networkOf("192.168.77.200/20")).toBe("192.168.64.0/20");
  });

  it("put the kubernetes Service at the range's first address and kube-dns at its tenth (kubeadm)", () => {
    expect(kubernetesServiceIP("10.96.0.0/16")).toBe("10.96.0.1");
    expect(clusterDNSIP("10.96.0.0/16")).toBe("10.96.0.10");
    expect(kubernetesServiceIP("10.100.0.0/16")).toBe("10.100.0.1");
    expect(clusterDNSIP("10.100.0.0/16")).toBe("10.100.0.10");
    expect(clusterDNSIP("172.30.255.0/24")).toBe("172.30.255.10");
    expect(indexedIP("10.0.0.0/8", 256)).toBe("10.0.1.0");
    expect(() => indexedIP("10.0.0.0/30", 10)).toThrow();
  });

  it("slice the pod subnet into /24s in registration order (kube-controller-manager's cidrset)", () => {
    expect(nodePodCIDR("10.244.0.0/16", 0)).toBe("10.244.0.0/24");
    expect(nodePodCIDR("10.244.0.0/16", 2)).toBe("10.244.2.0/24");
    expect(nodePodCIDR("10.200.0.0/16", 1)).toBe("10.200.1.0/24");
    expect(nodePodCIDR("10.0.0.0/8", 256)).toBe("10.1.0.0/24");
    expect(nodePodCIDR("192.168.4.0/22", 3)).toBe("192.168.7.0/24");
    expect(nodeCIDRCount("192.168.4.0/22")).toBe(4);
    expect(nodeCIDRCount("10.0.0.0/8")).toBe(65536);
    expect(nodeCIDRCount("10.0.0.0/25")).toBe(0);
    expect(() => nodePodCIDR("192.168.4.0/22", 4)).toThrow();
  });

  it("give each node CIDR's first address to kindnet's gateway", () => {
    expect(podGateway("10.244.1.0/24")).toBe("10.244.1.1");
    expect(podGateway("10.200.3.0/24")).toBe("10.200.3.1");
  });
});
