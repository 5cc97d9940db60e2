// curl's TLS handshake against a server's identity (OpenSSL backend): the chain is checked
// against --cacert (or the image's system bundle, which never holds a cluster's own CA),
// then the URL's host against the certificate's names; -k/--insecure skips both. The texts
// are openssl.c's and tool_operate.c's for each curl version kubesim models.
import type { TlsIdentity } from "../../images/types.js";
import type { CurlVariant } from "./curl-run.js";
import type { ParsedUrl } from "./url.js";

export type Handshake =
  | { ok: true; alpn: "h2" | "http/1.1" }
  /** `hint`: the paragraph curl prints after a verification failure (CURL_CA_CERT_ERRORMSG). */
  | { ok: false; code: number; msg: string; hint: boolean };

/** CURL_CA_CERT_ERRORMSG; 8.10 reworded "web page" as "webpage". */
export function caCertHint(version: CurlVariant["version"]): string {
  const page = version === "8.11.1" ? "webpage" : "web page";
  return (
    "More details here: https://curl.se/docs/sslcerts.html\n\n" +
    "curl failed to verify the legitimacy of the server and therefore could not\n" +
    "establish a secure connection to it. To learn more about this situation and\n" +
    `how to fix it, please visit the ${page} mentioned above.\n`
  );
}

const isIPv4 = (h: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(h);

/** A certificate DNS name matches the host exactly or as a left-most `*.` wildcard. */
function nameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (!p.startsWith("*.")) return false;
  const dot = h.indexOf(".");
  return dot > 0 && h.slice(dot) === p.slice(1);
}

export interface TlsOptions {
  insecure: boolean;
  cacert?: string;
  /** --http1.1 or --http1.0: ALPN offers http/1.1 only. */
  http1: boolean;
}

export function handshake(o: TlsOptions, v: CurlVariant, tls: TlsIdentity, url: ParsedUrl): Handshake {
  const alpn = !o.http1 && tls.alpn.includes("h2") ? "h2" : "http/1.1";
  // Without peer verification curl never loads the CA file (populate_x509_store).
  if (o.insecure) return { ok: true, alpn };
  if (o.cacert !== undefined) {
    const pem = v.readFile?.(o.cacert);
    // OpenSSL 3's X509_STORE_load_file fails on a missing file or one without a certificate.
    if (pem === undefined || !pem.includes("-----BEGIN CERTIFICATE-----"))
      return { ok: false, code: 77, msg: `error setting certificate file: ${o.cacert}`, hint: false };
  }
  const pem = o.cacert !== undefined ? (v.readFile?.(o.cacert) ?? "") : "";
  const trusted = tls.caPem.trim() !== "" && pem.includes(tls.caPem.trim());
  // The server sends its own certificate only; without its CA, OpenSSL cannot find the issuer.
  if (!trusted)
    return {
      ok: false,
      code: 60,
      msg: tls.selfSigned
        ? "SSL certificate problem: self-signed certificate"
        : "SSL certificate problem: unable to get local issuer certificate",
      hint: true,
    };
  const host = url.host.replace(/^\[|\]$/g, "");
  const ip = isIPv4(host);
  const matched = ip ? tls.ipAddresses.includes(host) : tls.dnsNames.some((n) => nameMatches(n, host));
  if (!matched) {
    // 8.11 names what it compared: a hostname or an address.
    const target = v.version === "8.11.1" ? (ip ? "ipv4 address" : "hostname") : "host name";
    return {
      ok: false,
      code: 60,
      msg: `SSL: no alternative certificate subject name matches target ${target} '${host}'`,
      hint: true,
    };
  }
  return { ok: true, alpn };
}
