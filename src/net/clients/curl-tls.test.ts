// curl against a TLS server: the chain checked against --cacert, the host against the
// certificate's names, -k skipping both, HTTP/2 by ALPN, and a plain server's wrong version.
import { describe, expect, it } from "vitest";
import type { HttpRequest, TlsIdentity } from "../../images/types.js";
import { type CurlVersion, curl } from "./index.js";
import { testNet } from "./testnet.js";

const CA = "-----BEGIN CERTIFICATE-----\nMIIcluster\n-----END CERTIFICATE-----\n";
const OTHER = "-----BEGIN CERTIFICATE-----\nMIIother\n-----END CERTIFICATE-----\n";
const TLS: TlsIdentity = {
  subject: "CN=kube-apiserver",
  issuer: "CN=kubernetes",
  dnsNames: ["kubernetes", "kubernetes.default", "kubernetes.default.svc"],
  ipAddresses: ["10.96.0.1"],
  caPem: CA,
  notBefore: "2026-11-27T09:55:00Z",
  notAfter: "2027-11-27T09:55:00Z",
  alpn: ["h2", "http/1.1"],
};
const FILES: Record<string, string> = { "/ca.crt": CA, "/other.crt": OTHER, "/notes.txt": "hello\n" };

const seen: HttpRequest[] = [];
const net = () =>
  testNet(
    {
      kubernetes: "10.96.0.1",
      "kubernetes.default": "10.96.0.1",
      elsewhere: "10.96.0.1",
      plain: "10.96.0.9",
    },
    {
      "10.96.0.1:443": {
        kind: "ok",
        tls: TLS,
        serve: (req) => {
          seen.push(req);
          return {
            status: 200,
            reason: "",
            headers: [["content-type", "text/plain"]],
            body: "ok",
            version: "HTTP/2",
          };
        },
      },
      "10.96.0.9:443": { kind: "ok", serve: () => ({ status: 200, reason: "OK", headers: [], body: "" }) },
    },
  );
const run = (args: string[], version: CurlVersion = "8.11.1") =>
  curl(["-sS", ...args], net(), { version, tty: true, readFile: (p) => FILES[p] });

const HINT_8_11 =
  "More details here: https://curl.se/docs/sslcerts.html\n\n" +
  "curl failed to verify the legitimacy of the server and therefore could not\n" +
  "establish a secure connection to it. To learn more about this situation and\n" +
  "how to fix it, please visit the webpage mentioned above.\n";

describe("curl over TLS", () => {
  it("fails with 60 and curl's paragraph without the cluster CA", () => {
    const r = run(["https://kubernetes/healthz"]);
    expect(r.exitCode).toBe(60);
    expect(r.stderr).toBe(
      `curl: (60) SSL certificate problem: unable to get local issuer certificate\n${HINT_8_11}`,
    );
    expect(run(["--cacert", "/other.crt", "https://kubernetes/healthz"]).exitCode).toBe(60);
  });

  it("older curls say 'web page'", () => {
    expect(run(["https://kubernetes/"], "7.88.1").stderr).toContain(
      "please visit the web page mentioned above.\n",
    );
  });

  it("trusts the server with its CA and speaks HTTP/2", () => {
    seen.length = 0;
    const r = run(["-i", "--cacert", "/ca.crt", "https://kubernetes.default/healthz"]);
    expect(r).toMatchObject({ exitCode: 0, stderr: "" });
    expect(r.stdout).toBe("HTTP/2 200 \r\ncontent-type: text/plain\r\n\r\nok");
    expect(seen[0]).toMatchObject({ version: "HTTP/2", tls: true });
    run(["--http1.1", "-k", "https://kubernetes/"]);
    expect(seen[1].version).toBe("HTTP/1.1");
  });

  it("checks the host against the certificate's names, worded per version", () => {
    expect(run(["--cacert", "/ca.crt", "https://elsewhere/"]).stderr).toMatch(
      /^curl: \(60\) SSL: no alternative certificate subject name matches target hostname 'elsewhere'\n/,
    );
    expect(run(["--cacert", "/ca.crt", "https://elsewhere/"], "8.5.0").stderr).toMatch(
      /^curl: \(60\) SSL: no alternative certificate subject name matches target host name 'elsewhere'\n/,
    );
    expect(run(["--cacert", "/ca.crt", "https://10.96.0.1/"]).exitCode).toBe(0);
  });

  it("-k skips the chain and the name", () => {
    expect(run(["-k", "https://elsewhere/"])).toMatchObject({ exitCode: 0, stdout: "ok" });
    expect(run(["--insecure", "https://kubernetes/"]).exitCode).toBe(0);
  });

  it("fails with 77 on a CA file that is missing or holds no certificate", () => {
    expect(run(["--cacert", "/nope.crt", "https://kubernetes/"])).toMatchObject({
      exitCode: 77,
      stderr: "curl: (77) error setting certificate file: /nope.crt\n",
    });
    expect(run(["--cacert", "/notes.txt", "https://kubernetes/"]).exitCode).toBe(77);
    // -k turns verification off, and the file is never read.
    expect(run(["-k", "--cacert", "/nope.crt", "https://kubernetes/"]).exitCode).toBe(0);
  });

  it("reads a plain-HTTP server's answer as a wrong TLS version (35)", () => {
    expect(run(["https://plain/"])).toMatchObject({
      exitCode: 35,
      stderr: "curl: (35) OpenSSL/3.3.2: error:0A00010B:SSL routines::wrong version number\n",
    });
  });
});
