// A PKCS#10 certificate signing request as the apiserver and kubectl read spec.request:
// the PEM framing (certificates.ParseCSR), the DER fields describe prints and the signer
// copies (subject, public key, subject alternative names), and the self-signature check
// validation runs (x509.CertificateRequest.CheckSignature), through node:crypto.
import { createPublicKey, verify } from "node:crypto";
import { children, DerError, oidText, readTlv, type Tlv } from "./der.js";

export interface Subject {
  commonName: string;
  serialNumber: string;
  organization: string[];
  organizationalUnit: string[];
  country: string[];
  province: string[];
  locality: string[];
  streetAddress: string[];
  postalCode: string[];
}

export interface ParsedCsr {
  subject: Subject;
  /** The subject Name as encoded, which the issued certificate repeats. */
  subjectDer: Buffer;
  /** SubjectPublicKeyInfo as encoded. */
  publicKeyDer: Buffer;
  dnsNames: string[];
  emailAddresses: string[];
  ipAddresses: string[];
  uris: string[];
  /** The subjectAltName extension's value, copied into the certificate. */
  sanDer?: Buffer;
  tbs: Buffer;
  signatureAlgorithm: string;
  signature: Buffer;
}

const NAME_FIELDS: Record<string, keyof Subject> = {
  "2.5.4.3": "commonName",
  "2.5.4.5": "serialNumber",
  "2.5.4.10": "organization",
  "2.5.4.11": "organizationalUnit",
  "2.5.4.6": "country",
  "2.5.4.8": "province",
  "2.5.4.7": "locality",
  "2.5.4.9": "streetAddress",
  "2.5.4.17": "postalCode",
};

/** Go's pem.Decode of the first block: its type and bytes, or undefined where Go finds none. */
export function pemDecode(text: string): { type: string; bytes: Buffer } | undefined {
  const re = /(?:^|\n)-----BEGIN ([^\n]*?)-----\r?\n([\s\S]*?)\n?-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2].replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) continue;
    return { type: m[1], bytes: Buffer.from(body, "base64") };
  }
  return undefined;
}

function parseName(name: Tlv): Subject {
  const s: Subject = {
    commonName: "",
    serialNumber: "",
    organization: [],
    organizationalUnit: [],
    country: [],
    province: [],
    locality: [],
    streetAddress: [],
    postalCode: [],
  };
  for (const rdn of children(name))
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      const field = NAME_FIELDS[oidText(type.content)];
      if (!field || !value) continue;
      const v = value.content.toString(value.tag === 0x1e ? "utf16le" : "utf8");
      const cur = s[field];
      if (Array.isArray(cur)) cur.push(v);
      else (s as unknown as Record<string, string>)[field] = v;
    }
  return s;
}

function ipText(b: Buffer): string {
  if (b.length === 4) return [...b].join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  // Go compresses the longest run of zero groups (two or more) to "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

/** x509.ParseCertificateRequest over the DER bytes. */
export function parseCsrDer(bytes: Buffer): ParsedCsr {
  const { tlv: top } = readTlv(bytes);
  const [info, alg, sig] = children(top);
  if (top.tag !== 0x30 || !info || !alg || !sig || info.tag !== 0x30 || sig.tag !== 0x03)
    throw new DerError("asn1: structure error: tags don't match");
  const [, name, spki, attrs] = children(info);
  if (!name || !spki) throw new DerError("asn1: structure error: tags don't match");
  const out: ParsedCsr = {
    subject: parseName(name),
    subjectDer: name.raw,
    publicKeyDer: spki.raw,
    dnsNames: [],
    emailAddresses: [],
    ipAddresses: [],
    uris: [],
    tbs: info.raw,
    signatureAlgorithm: oidText(children(alg)[0].content),
    signature: sig.content.subarray(1),
  };
  for (const attr of attrs ? children(attrs) : []) {
    const [type, values] = children(attr);
    if (oidText(type.content) !== "1.2.840.113549.1.9.14") continue;
    for (const exts of children(values))
      for (const ext of children(exts)) {
        const parts = children(ext);
        if (oidText(parts[0].content) !== "2.5.29.17") continue;
        const value = parts[parts.length - 1].content;
        out.sanDer = value;
        for (const gn of children(readTlv(value).tlv)) {
          const tag = gn.tag & 0x1f;
          if (tag === 2) out.dnsNames.push(gn.content.toString());
          else if (tag === 1) out.emailAddresses.push(gn.content.toString());
          else if (tag === 7) out.ipAddresses.push(ipText(gn.content));
          else if (tag === 6) out.uris.push(gn.content.toString());
        }
      }
  }
  return out;
}

/** certificates.ParseCSR: the first PEM block must be a CERTIFICATE REQUEST. */
export function parseCsr(pem: Buffer): ParsedCsr {
  const block = pemDecode(pem.toString("latin1"));
  if (block?.type !== "CERTIFICATE REQUEST") throw new DerError("PEM block type must be CERTIFICATE REQUEST");
  return parseCsrDer(block.bytes);
}

const HASHES: Record<string, string | null> = {
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.10045.4.3.2": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
  "1.3.101.112": null,
};

/** CheckSignature: the request is signed by the key it carries, with Go's failure texts. */
export function checkSignature(csr: ParsedCsr): void {
  const alg = csr.signatureAlgorithm;
  if (!(alg in HASHES)) throw new DerError("x509: cannot verify signature: algorithm unimplemented");
  let ok = false;
  try {
    const key = createPublicKey({ key: csr.publicKeyDer, format: "der", type: "spki" });
    ok = verify(HASHES[alg], csr.tbs, key, csr.signature);
  } catch {
    ok = false;
  }
  if (ok) return;
  if (alg.startsWith("1.2.840.113549")) throw new DerError("crypto/rsa: verification error");
  if (alg === "1.3.101.112") throw new DerError("x509: Ed25519 verification failure");
  throw new DerError("x509: ECDSA verification failure");
}
