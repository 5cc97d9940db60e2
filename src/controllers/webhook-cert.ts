// The certificates kube-webhook-certgen's `create` writes for ingress-nginx's admission
// webhook: a self-signed CA and a serving certificate it signs for the webhook Service's
// names. Keys are Ed25519 from a seed (certgen makes ECDSA P-256 keys), so the Secret is the
// same on every run of a seeded cluster.

import { createPrivateKey, createPublicKey, sign } from "node:crypto";
import { der, integer, oid, SEQUENCE, SET, time } from "../apiserver/certificates/der.js";

const ED25519 = der(SEQUENCE, oid("1.3.101.112"));

function keyFromSeed(seed: Buffer) {
  const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  const key = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
  return { key, pkcs8, spki: createPublicKey(key).export({ format: "der", type: "spki" }) };
}

const name = (o: string) =>
  der(SEQUENCE, der(SET, der(SEQUENCE, oid("2.5.4.10"), der(0x0c, Buffer.from(o)))));

function ext(id: string, critical: boolean, value: Buffer): Buffer {
  return der(SEQUENCE, oid(id), ...(critical ? [der(0x01, Buffer.from([0xff]))] : []), der(0x04, value));
}

function pem(type: string, body: Buffer): string {
  const lines = body.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join("\n")}\n-----END ${type}-----\n`;
}

function certificate(
  serial: number,
  issuer: Buffer,
  subject: Buffer,
  spki: Buffer,
  signer: ReturnType<typeof keyFromSeed>["key"],
  fromMs: number,
  exts: Buffer[],
): string {
  const tbs = der(
    SEQUENCE,
    der(0xa0, integer(Buffer.from([2]))),
    integer(Buffer.from([serial])),
    ED25519,
    issuer,
    der(SEQUENCE, time(fromMs), time(fromMs + 100 * 365 * 86_400_000)),
    subject,
    spki,
    der(0xa3, der(SEQUENCE, ...exts)),
  );
  const sig = sign(null, tbs, signer);
  return pem("CERTIFICATE", der(SEQUENCE, tbs, ED25519, der(0x03, Buffer.from([0]), sig)));
}

/** `ca`, `cert` and `key` as certgen stores them (PEM). `seeds`: 64 bytes from the cluster's RNG. */
export function webhookCertificates(
  seeds: Buffer,
  hosts: string[],
  nowMs: number,
): { ca: string; cert: string; key: string } {
  const ca = keyFromSeed(seeds.subarray(0, 32));
  const leaf = keyFromSeed(seeds.subarray(32, 64));
  const caName = name("nil1");
  const caCert = certificate(1, caName, caName, ca.spki, ca.key, nowMs, [
    ext("2.5.29.15", true, der(0x03, Buffer.from([0x02, 0x84]))),
    ext("2.5.29.19", true, der(SEQUENCE, der(0x01, Buffer.from([0xff])))),
  ]);
  const san = der(SEQUENCE, ...hosts.map((h) => der(0x82, Buffer.from(h))));
  const leafCert = certificate(2, caName, name("nil2"), leaf.spki, ca.key, nowMs, [
    ext("2.5.29.15", true, der(0x03, Buffer.from([0x05, 0xa0]))),
    ext("2.5.29.37", false, der(SEQUENCE, oid("1.3.6.1.5.5.7.3.1"))),
    ext("2.5.29.17", false, san),
  ]);
  return { ca: caCert, cert: leafCert, key: pem("PRIVATE KEY", leaf.pkcs8) };
}
