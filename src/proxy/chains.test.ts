import { describe, expect, it } from "vitest";
import { base32, endpointChain, printedProbability, serviceChains, servicePortName } from "./chains.js";

describe("chain names", () => {
  it("hashes service ports as kube-proxy does (values seen on real nodes)", () => {
    expect(serviceChains("default/kubernetes:https", "TCP").svc).toBe("KUBE-SVC-NPX46M4PTMTKRN6Y");
    expect(serviceChains("kube-system/kube-dns:dns", "udp").svc).toBe("KUBE-SVC-TCOU7JCQXEZGVUNU");
    expect(serviceChains("kube-system/kube-dns:dns-tcp", "tcp").svc).toBe("KUBE-SVC-ERIFXISQEP7F7OF4");
    expect(serviceChains("kube-system/kube-dns:metrics", "tcp").svc).toBe("KUBE-SVC-JD5MR3NA4I4DYORP");
    // From a kind dump in kubernetes/kubernetes#114470.
    expect(serviceChains("default/nodeport-service", "tcp").ext).toBe("KUBE-EXT-QATUYZLPU4I4HE4S");
  });

  it("gives SVC, SVL, EXT and FW one hash", () => {
    expect(serviceChains("default/web:http", "tcp")).toEqual({
      svc: "KUBE-SVC-CDGGSHYLG3RE2FKL",
      svl: "KUBE-SVL-CDGGSHYLG3RE2FKL",
      ext: "KUBE-EXT-CDGGSHYLG3RE2FKL",
      fw: "KUBE-FW-CDGGSHYLG3RE2FKL",
    });
  });

  it("hashes endpoints with the lower-case protocol and ip:port", () => {
    expect(endpointChain("default/web:http", "TCP", "10.244.1.2:8080")).toBe("KUBE-SEP-UIQK3OSOSTRHRPBX");
    expect(endpointChain("default/web:http", "tcp", "10.244.2.2:8080")).toBe("KUBE-SEP-4EX2N4PG4ASNZOBF");
    expect(endpointChain("kube-system/kube-dns:dns", "udp", "10.244.0.3:53")).toBe(
      "KUBE-SEP-6E7XQMQ4RAYOWTTM",
    );
  });

  it("names ports as ServicePortName.String() does", () => {
    expect(servicePortName("default", "demoservice", "")).toBe("default/demoservice");
    expect(servicePortName("default", "web", undefined)).toBe("default/web");
    expect(servicePortName("kube-system", "kube-dns", "dns")).toBe("kube-system/kube-dns:dns");
  });

  it("encodes base32 with the RFC 4648 alphabet", () => {
    expect(base32(Buffer.from("foobar"))).toBe("MZXW6YTBOI");
    expect(base32(Buffer.from("f"))).toBe("MY");
  });
});

describe("probabilities", () => {
  it("prints what iptables-save prints for 1/n", () => {
    const printed = [2, 3, 4, 5, 6, 7, 8, 9, 10].map(printedProbability);
    expect(printed).toEqual([
      "0.50000000000",
      "0.33333333349",
      "0.25000000000",
      "0.20000000019",
      "0.16666666651",
      "0.14285714272",
      "0.12500000000",
      "0.11111111101",
      "0.10000000009",
    ]);
  });
});
