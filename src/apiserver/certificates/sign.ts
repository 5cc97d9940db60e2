// The cluster signer's certificate for an approved request: a real X.509 v3 certificate
// over the request's subject and public key, issued by "kubernetes" and signed with an
// Ed25519 key whose seed comes from the cluster's seeded random source, so a cluster
// signs the same request the same way every run (RSA keys cannot be made from a seed
// with node:crypto; Ed25519 keys and signatures are deterministic). kind's CA is RSA:
// the certificate is well formed and verifiable with the signer key, not with ca.crt.
import { createHash, createPrivateKey, createPublicKey, sign } from "node:crypto";
import type { ParsedCsr } from "./csr.js";
import { der, integer, oid, SEQUENCE, SET, time } from "./der.js";

/** The Ed25519 algorithm identifier, made on first use (a command that signs nothing skips it). */
let ed25519: Buffer | undefined;
const ED25519 = (): Buffer => (ed25519 ??= der(SEQUENCE, oid("1.3.101.112")));

const KEY_USAGE_BITS: Record<string, number> = {
  "digital signature": 0,
  "content commitment": 1,
  "key encipherment": 2,
  "data encipherment": 3,
  "key agreement": 4,
  "cert sign": 5,
  "crl sign": 6,
  "encipher only": 7,
  "decipher only": 8,
};

const EXT_KEY_USAGES: Record<string, string> = {
  any: "2.5.29.37.0",
  "server auth": "1.3.6.1.5.5.7.3.1",
  "client auth": "1.3.6.1.5.5.7.3.2",
  "code signing": "1.3.6.1.5.5.7.3.3",
  "email protection": "1.3.6.1.5.5.7.3.4",
  "ipsec end system": "1.3.6.1.5.5.7.3.5",
  "ipsec tunnel": "1.3.6.1.5.5.7.3.6",
  "ipsec user": "1.3.6.1.5.5.7.3.7",
  timestamping: "1.3.6.1.5.5.7.3.8",
  "ocsp signing": "1.3.6.1.5.5.7.3.9",
  "microsoft sgc": "1.3.6.1.4.1.311.10.3.3",
  "netscape sgc": "2.16.840.1.113730.4.1",
};

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return der(SEQUENCE, oid(id), ...(critical ? [der(0x01, Buffer.from([0xff]))] : []), der(0x04, value));
}

/** KeyUsage as a DER BIT STRING with Go's trailing-zero trimming. */
function keyUsageBits(usages: readonly string[]): Buffer | undefined {
  const bits = usages.map((u) => KEY_USAGE_BITS[u]).filter((b): b is number => b !== undefined);
  if (bits.length === 0) return undefined;
  const bytes = Buffer.alloc(2);
  for (const b of bits) bytes[b >> 3] |= 0x80 >> (b & 7);
  const used = bytes[1] ? 2 : 1;
  const last = bytes[used - 1];
  let unused = 0;
  while (unused < 7 && !(last & (1 << unused))) unused++;
  return der(0x03, Buffer.from([unused]), bytes.subarray(0, used));
}

export interface SignRequest {
  csr: ParsedCsr;
  usages: readonly string[];
  /** 32 bytes from the cluster's random source: the signer key's seed. */
  seed: Buffer;
  /** 16 random bytes: the serial number. */
  serial: Buffer;
  notBefore: number;
  notAfter: number;
}

/** The PEM of the certificate issued for `r`. */
export function issueCertificate(r: SignRequest): string {
  const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), r.seed]);
  const key = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
  const caPublic = createPublicKey(key).export({ format: "der", type: "spki" });
  const keyId = createHash("sha1").update(caPublic.subarray(12)).digest();
  const issuer = der(SEQUENCE, der(SET, der(SEQUENCE, oid("2.5.4.3"), der(0x0c, Buffer.from("kubernetes")))));
  const exts: Buffer[] = [];
  const ku = keyUsageBits(r.usages);
  if (ku) exts.push(extension("2.5.29.15", true, ku));
  const eku = r.usages.map((u) => EXT_KEY_USAGES[u]).filter((x): x is string => !!x);
  if (eku.length) exts.push(extension("2.5.29.37", false, der(SEQUENCE, ...eku.map(oid))));
  exts.push(extension("2.5.29.19", true, der(SEQUENCE)));
  exts.push(extension("2.5.29.35", false, der(SEQUENCE, der(0x80, keyId))));
  if (r.csr.sanDer) exts.push(extension("2.5.29.17", false, r.csr.sanDer));
  const tbs = der(
    SEQUENCE,
    der(0xa0, integer(Buffer.from([2]))),
    integer(Buffer.from([r.serial[0] & 0x7f, ...r.serial.subarray(1)])),
    ED25519(),
    issuer,
    der(SEQUENCE, time(r.notBefore), time(r.notAfter)),
    r.csr.subjectDer,
    r.csr.publicKeyDer,
    der(0xa3, der(SEQUENCE, ...exts)),
  );
  const signature = sign(null, tbs, key);
  const cert = der(SEQUENCE, tbs, ED25519(), der(0x03, Buffer.from([0]), signature));
  const lines = cert.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}
