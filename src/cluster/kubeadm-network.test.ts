import { describe, expect, it } from "vitest";
import { kubeadmNetworkError, overlaps, unmodelledSubnets } from "./kubeadm-network.js";

describe("kubeadm's ValidateNetworking on kind's subnets", () => {
  it("accepts kind's defaults and ordinary custom ranges", () => {
    expect(kubeadmNetworkError("10.244.0.0/16", "10.96.0.0/16")).toBeUndefined();
    expect(kubeadmNetworkError("10.200.0.0/16", "10.100.0.0/12")).toBeUndefined();
    expect(kubeadmNetworkError("10.0.0.0/8", "10.96.0.0/28")).toBeUndefined();
  });

  it("refuses a service range larger than /12 and one with fewer than 10 addresses", () => {
    expect(kubeadmNetworkError("10.244.0.0/16", "10.0.0.0/8")).toBe(
      'networking.serviceSubnet: Invalid value: "10.0.0.0/8": specified service subnet is too large; for 32-bit addresses, the mask must be >= 12',
    );
    expect(kubeadmNetworkError("10.244.0.0/16", "10.96.0.0/29")).toBe(
      'networking.serviceSubnet: Invalid value: "10.96.0.0/29": subnet with 8 address(es) is too small, the minimum is 10',
    );
  });

  it("refuses a pod subnet smaller than a node's /24 or more than 16 bits wider", () => {
    expect(kubeadmNetworkError("10.244.0.0/25", "10.96.0.0/16")).toBe(
      'networking.podSubnet: Invalid value: "10.244.0.0/25": the size of pod subnet with mask 25 is smaller than the size of node subnet with mask 24',
    );
    expect(kubeadmNetworkError("10.0.0.0/7", "10.96.0.0/16")).toBe(
      'networking.podSubnet: Invalid value: "10.0.0.0/7": pod subnet mask (7) and node-mask (24) difference is greater than 16',
    );
  });

  it("aggregates several errors in brackets, service subnet first", () => {
    expect(kubeadmNetworkError("10.244.0.0/29", "10.0.0.0/8")).toBe(
      '[networking.serviceSubnet: Invalid value: "10.0.0.0/8": specified service subnet is too large; for 32-bit addresses, the mask must be >= 12, ' +
        'networking.podSubnet: Invalid value: "10.244.0.0/29": subnet with 8 address(es) is too small, the minimum is 14, ' +
        'networking.podSubnet: Invalid value: "10.244.0.0/29": the size of pod subnet with mask 29 is smaller than the size of node subnet with mask 24]',
    );
  });
});

describe("subnets kubesim does not model", () => {
  it("tells overlapping CIDRs either way round", () => {
    expect(overlaps("10.0.0.0/8", "10.96.0.0/16")).toBe(true);
    expect(overlaps("10.96.0.0/16", "10.0.0.0/8")).toBe(true);
    expect(overlaps("10.96.0.0/16", "10.97.0.0/16")).toBe(false);
  });

  it("names overlaps with each other or the nodes' network, and a pod subnet too small for the nodes", () => {
    expect(unmodelledSubnets("10.244.0.0/16", "10.96.0.0/16", 3)).toBeUndefined();
    expect(unmodelledSubnets("10.96.0.0/12", "10.96.0.0/16", 1)).toMatch(
      /^podSubnet 10\.96\.0\.0\/12 overlaps serviceSubnet 10\.96\.0\.0\/16: /,
    );
    expect(unmodelledSubnets("172.18.0.0/16", "10.96.0.0/16", 1)).toMatch(
      /^podSubnet 172\.18\.0\.0\/16 overlaps the nodes' network 172\.18\.0\.0\/16/,
    );
    expect(unmodelledSubnets("10.244.0.0/23", "10.96.0.0/16", 3)).toMatch(
      /^podSubnet 10\.244\.0\.0\/23 holds 2 node CIDR\(s\) of \/24 for 3 nodes/,
    );
  });
});
