import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { strictDecode } from "./decode.js";
import { admit } from "./testutil.js";
import { formatFieldError } from "./validation/errors.js";
import { validate } from "./validation/index.js";

const np = (spec: object): KObject =>
  ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "p" }, spec }) as KObject;
const messages = (spec: object) => validate(admit(np(spec))).map(formatFieldError);

describe("NetworkPolicy admission", () => {
  it("defaults policyTypes and port protocols as the apiserver does", () => {
    expect(admit(np({ podSelector: {} })).spec.policyTypes).toEqual(["Ingress"]);
    const both = admit(np({ egress: [{ ports: [{ port: 53 }] }] }));
    expect(both.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(both.spec.podSelector).toEqual({});
    expect(both.spec.egress[0].ports[0].protocol).toBe("TCP");
    expect(admit(np({ policyTypes: ["Egress"], egress: [{}] })).spec.policyTypes).toEqual(["Egress"]);
    expect(admit(np({})).metadata.generation).toBe(1);
  });

  it("decodes strictly, quoting the Go types", () => {
    expect(strictDecode(np({ ingress: [{ ports: [{ prot: "TCP" }] }] }) as any).unknownFields).toEqual([
      "spec.ingress[0].ports[0].prot",
    ]);
    expect(strictDecode(np({ ingress: [{ ports: [{ endPort: "x" }] }] }) as any).typeError).toBe(
      "json: cannot unmarshal string into Go struct field NetworkPolicyPort.spec.ingress.ports.endPort of type int32",
    );
  });

  it("ports", () => {
    expect(
      messages({
        ingress: [
          {
            ports: [
              { port: 0 },
              { port: 8080, endPort: 80 },
              { port: "http", endPort: 90 },
              { endPort: 90 },
              { port: "Bad_Name" },
              { protocol: "ICMP", port: 1 },
            ],
          },
        ],
      }),
    ).toEqual([
      "spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
      "spec.ingress[0].ports[1].endPort: Invalid value: 8080: must be greater than or equal to `port`",
      "spec.ingress[0].ports[2].endPort: Invalid value: 90: may not be specified when `port` is non-numeric",
      "spec.ingress[0].ports[3].endPort: Invalid value: 90: may not be specified when `port` is not specified",
      'spec.ingress[0].ports[4].port: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ingress[0].ports[5].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
    ]);
  });

  it("peers, ipBlocks and selectors", () => {
    expect(
      messages({
        podSelector: { matchLabels: { "bad key!": "x" } },
        egress: [
          {
            to: [
              {},
              { ipBlock: { cidr: "10.0.0.0/8" }, podSelector: {} },
              { ipBlock: { cidr: "" } },
              { ipBlock: { cidr: "10.0.0.1" } },
              {
                ipBlock: {
                  cidr: "10.0.0.0/8",
                  except: ["10.1.0.0/16", "10.0.0.0/8", "11.0.0.0/16", "x", "12.0.0.0/8"],
                },
              },
            ],
          },
        ],
      }),
    ).toEqual([
      "spec.podSelector.matchLabels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "spec.egress[0].to[0]: Required value: must specify a peer",
      "spec.egress[0].to[1]: Forbidden: may not specify both ipBlock and another peer",
      "spec.egress[0].to[2].ipBlock.cidr: Required value",
      'spec.egress[0].to[3].ipBlock.cidr: Invalid value: "10.0.0.1": not a valid CIDR',
      'spec.egress[0].to[4].ipBlock.except[1]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`',
      'spec.egress[0].to[4].ipBlock.except[2]: Invalid value: "11.0.0.0/16": must be a strict subset of `cidr`',
      'spec.egress[0].to[4].ipBlock.except[3]: Invalid value: "x": not a valid CIDR',
    ]);
  });

  it("policyTypes", () => {
    expect(messages({ policyTypes: ["Ingress", "Sideways"] })).toEqual([
      'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
    ]);
    expect(messages({ policyTypes: ["Ingress", "Egress", "Ingress"] })).toEqual([
      'spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes',
    ]);
  });
});
