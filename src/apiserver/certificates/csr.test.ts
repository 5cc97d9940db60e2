import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSignature, parseCsr, pemDecode } from "./csr.js";
import { issueCertificate } from "./sign.js";

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "../../../test/fixtures/csr", name));

describe("parseCsr", () => {
  it("reads the subject and alternative names openssl wrote, and checks the self-signature", () => {
    const server = parseCsr(fixture("server.csr"));
    expect(server.subject.commonName).toBe("my-pod.my-namespace.pod.cluster.local");
    expect(server.dnsNames).toEqual([
      "my-svc.my-namespace.svc.cluster.local",
      "my-pod.my-namespace.pod.cluster.local",
    ]);
    expect(server.ipAddresses).toEqual(["192.0.2.24", "10.0.34.2"]);
    expect(() => checkSignature(server)).not.toThrow();
    const user = parseCsr(fixture("myuser.csr"));
    expect(user.subject.commonName).toBe("myuser");
    expect(() => checkSignature(user)).not.toThrow();
  });

  it("refuses what is not a PEM CERTIFICATE REQUEST, and a request signed by another key", () => {
    expect(() => parseCsr(Buffer.from("hello\n"))).toThrow("PEM block type must be CERTIFICATE REQUEST");
    expect(() =>
      parseCsr(Buffer.from("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")),
    ).toThrow("PEM block type must be CERTIFICATE REQUEST");
    const user = parseCsr(fixture("myuser.csr"));
    const forged = { ...user, signature: Buffer.from(user.signature).fill(1, 0, 8) };
    expect(() => checkSignature(forged)).toThrow("crypto/rsa: verification error");
  });

  it("finds the first well-formed block, as pem.Decode does", () => {
    const text = `junk\n${fixture("myuser.csr").toString()}`;
    expect(pemDecode(text)?.type).toBe("CERTIFICATE REQUEST");
    expect(pemDecode("-----BEGIN X-----\n!!!!\n-----END X-----\n")).toBeUndefined();
  });
});

describe("issueCertificate", () => {
  const seed = Buffer.alloc(32, 7);
  const request = {
    csr: parseCsr(fixture("myuser.csr")),
    usages: ["digital signature", "key encipherment", "client auth"],
    seed,
    serial: Buffer.alloc(16, 0x5a),
    notBefore: Date.parse("2026-11-27T09:55:00Z"),
    notAfter: Date.parse("2026-11-28T10:00:00Z"),
  };

  it("is a real X.509 certificate for the request's subject, signed by the seeded signer key", () => {
    const cert = new X509Certificate(issueCertificate(request));
    expect(cert.subject).toBe("CN=myuser");
    expect(cert.issuer).toBe("CN=kubernetes");
    expect(cert.validTo).toBe("Nov 28 10:00:00 2026 GMT");
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
    const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
    const signer = createPublicKey(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }));
    expect(cert.verify(signer)).toBe(true);
  });

  it("is the same certificate every time for the same inputs", () => {
    expect(issueCertificate(request)).toBe(issueCertificate(request));
  });
});
