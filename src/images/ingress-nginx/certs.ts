// The certificate ingress-nginx presents: the one of a `kubernetes.io/tls` Secret named by an
// Ingress's tls section for the SNI host, or its self-signed fake certificate otherwise.
// A Secret's certificate is read with Node's X.509 parser (no I/O): its names, its issuer and
// whether it signs itself, so curl's checks against --cacert come out as OpenSSL's would.

import { X509Certificate } from "node:crypto";
import type { KObject } from "../../api/types.js";
import type { TlsIdentity } from "../types.js";

const ALPN = ["h2", "http/1.1"];

/** The controller's default certificate (generated at start, valid one year, SAN ingress.local). */
export function fakeCertificate(nowMs: number): TlsIdentity {
  return {
    subject: "O=Acme Co, CN=Kubernetes Ingress Controller Fake Certificate",
    issuer: "O=Acme Co, CN=Kubernetes Ingress Controller Fake Certificate",
    dnsNames: ["ingress.local"],
    ipAddresses: [],
    // Generated in the pod at start: no client has it.
    caPem: "",
    notBefore: new Date(nowMs).toISOString(),
    notAfter: new Date(nowMs + 365 * 86_400_000).toISOString(),
    alpn: ALPN,
    selfSigned: true,
  };
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The identity of a TLS Secret's tls.crt, or undefined when it holds no readable certificate. */
export function secretIdentity(secret: KObject | undefined): TlsIdentity | undefined {
  if (secret?.type !== "kubernetes.io/tls") return undefined;
  const crt = secret.data?.["tls.crt"];
  if (typeof crt !== "string") return undefined;
  const pem = Buffer.from(crt, "base64").toString("utf8");
  const blocks = pem.match(PEM_CERT) ?? [];
  const first = blocks[0];
  if (!first) return undefined;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(first);
  } catch {
    return undefined;
  }
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const part of (cert.subjectAltName ?? "").split(", ")) {
    if (part.startsWith("DNS:")) dnsNames.push(part.slice(4));
    else if (part.startsWith("IP Address:")) ipAddresses.push(part.slice(11));
  }
  const selfSigned = cert.subject === cert.issuer;
  // The chain's last certificate is the CA a client must hold; a lone self-signed one is its own.
  const ca = blocks.length > 1 ? (blocks[blocks.length - 1] ?? "") : selfSigned ? first : "";
  return {
    subject: cert.subject.replaceAll("\n", ", "),
    issuer: cert.issuer.replaceAll("\n", ", "),
    dnsNames,
    ipAddresses,
    caPem: ca,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    alpn: ALPN,
    selfSigned,
  };
}
