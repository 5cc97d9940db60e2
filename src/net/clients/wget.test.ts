import { describe, expect, it } from "vitest";
import { busyboxProgress, wget } from "./index.js";
import { testNet } from "./testnet.js";

const PAGE = "<html><body><h1>It works!</h1></body></html>\n";
const net = () =>
  testNet(
    { web: "10.96.137.24", nc: "10.96.0.30" },
    {
      "10.96.137.24:80": { image: "httpd" },
      "10.96.0.5:80": { kind: "refused", elapsedMs: 0 },
      "10.96.0.6:80": { kind: "timeout", elapsedMs: 0 },
      "10.244.2.9:80": { kind: "no-route", elapsedMs: 3069 },
      "10.96.0.30:9000": { kind: "silent" },
    },
  );

describe("busybox wget", () => {
  it("saves index.html with busybox's messages", () => {
    expect(wget(["http://10.96.137.24:80"], net(), "busybox")).toMatchObject({
      stdout: "",
      stderr:
        "Connecting to 10.96.137.24:80 (10.96.137.24:80)\nsaving to 'index.html'\n" +
        "index.html           100% |********************************|    45  0:00:00 ETA\n'index.html' saved\n",
      exitCode: 0,
      writes: [{ path: "index.html", content: PAGE }],
    });
    expect(wget(["web"], net(), "busybox").stderr.split("\n")[0]).toBe("Connecting to web (10.96.137.24:80)");
  });

  it("-O - writes to stdout, -q silences", () => {
    const r = wget(["-O", "-", "web"], net(), "busybox");
    expect(r.stdout).toBe(PAGE);
    expect(r.stderr).toBe(
      "Connecting to web (10.96.137.24:80)\nwriting to stdout\n-                    100% |********************************|    45  0:00:00 ETA\nwritten to stdout\n",
    );
    expect(wget(["-qO-", "web"], net(), "busybox")).toMatchObject({ stdout: PAGE, stderr: "", exitCode: 0 });
  });

  it("redraws the progress line on a terminal", () => {
    expect(busyboxProgress("index.html", 45, 45, { tty: true, columns: 79 })).toBe(
      "\rindex.html           100% |*******************************|    45  0:00:00 ETA\n",
    );
  });

  it("--spider checks without saving", () => {
    expect(wget(["--spider", "web"], net(), "busybox")).toMatchObject({
      stderr: "Connecting to web (10.96.137.24:80)\nremote file exists\n",
      exitCode: 0,
    });
    expect(wget(["--spider", "web/x"], net(), "busybox").exitCode).toBe(1);
  });

  it("1.28: --spider succeeds silently, no saving/saved lines, the old progress bar and its blank line", () => {
    const v128 = { busyboxVersion: "1.28.4" };
    expect(wget(["--spider", "web"], net(), "busybox", v128)).toMatchObject({
      stderr: "Connecting to web (10.96.137.24:80)\n",
      exitCode: 0,
    });
    expect(wget(["-q", "--spider", "web"], net(), "busybox", v128)).toMatchObject({
      stderr: "",
      exitCode: 0,
    });
    expect(wget(["-O", "-", "web"], net(), "busybox", v128)).toMatchObject({
      stdout: PAGE,
      stderr:
        "Connecting to web (10.96.137.24:80)\n-                    100% |*******************************|    45   0:00:00 ETA\n\n",
    });
    expect(wget(["web"], net(), "busybox", { ...v128, tty: true }).stderr).toBe(
      "Connecting to web (10.96.137.24:80)\n\rindex.html           100% |*******************************|    45   0:00:00 ETA\n",
    );
  });

  it("1.22 (radial/busyboxplus) starts the progress line with a carriage return even off a terminal", () => {
    expect(wget(["-O", "-", "web"], net(), "busybox", { busyboxVersion: "1.22.1" }).stderr).toBe(
      "Connecting to web (10.96.137.24:80)\n\r-                    100% |*******************************|    45   0:00:00 ETA\n",
    );
  });

  it("errors", () => {
    expect(wget(["web2"], net(), "busybox")).toMatchObject({
      stderr: "wget: bad address 'web2'\n",
      exitCode: 1,
    });
    expect(wget(["10.96.0.5"], net(), "busybox").stderr).toBe(
      "Connecting to 10.96.0.5 (10.96.0.5:80)\nwget: can't connect to remote host (10.96.0.5): Connection refused\n",
    );
    expect(wget(["-q", "web/missing"], net(), "busybox").stderr).toBe(
      "wget: server returned error: HTTP/1.1 404 Not Found\n",
    );
    expect(wget(["-T", "5", "10.96.0.6"], net(), "busybox")).toMatchObject({
      stderr: "Connecting to 10.96.0.6 (10.96.0.6:80)\nwget: download timed out\n",
      elapsedMs: 5000,
    });
    expect(wget(["10.96.0.6"], net(), "busybox").stderr).toContain(
      "wget: can't connect to remote host (10.96.0.6): Connection timed out\n",
    );
    expect(wget(["10.244.2.9"], net(), "busybox", { libc: "musl" }).stderr).toContain(
      ": Host is unreachable\n",
    );
    expect(wget(["-T", "3", "nc:9000"], net(), "busybox").stderr).toContain("wget: download timed out\n");
  });

  it("refuses to overwrite a file it did not name with -O", () => {
    const r = wget(["web"], net(), "busybox", { fileExists: (p) => p === "index.html" });
    expect(r.stderr).toBe(
      "Connecting to web (10.96.137.24:80)\nwget: can't open 'index.html': File exists\n",
    );
    expect(r.exitCode).toBe(1);
  });

  it("rejects unknown options with its usage", () => {
    const r = wget(["--bogus", "web"], net(), "busybox");
    expect(r.stderr.split("\n")[0]).toBe("wget: unrecognized option '--bogus'");
    expect(r.stderr).toContain("Usage: wget [-cqS] [--spider] [-O FILE]");
    expect(r.exitCode).toBe(1);
  });
});

describe("GNU wget", () => {
  it("saves with GNU's timestamps and summary", () => {
    const r = wget(["web"], net(), "gnu");
    expect(r.stderr).toContain(
      "--2026-11-27 10:00:00--  http://web/\nResolving web (web)... 10.96.137.24\nConnecting to web (web)|10.96.137.24|:80... connected.\nHTTP request sent, awaiting response... 200 OK\nLength: 45 [text/html]\nSaving to: 'index.html'\n\n",
    );
    expect(r.stderr).toMatch(/- 'index\.html' saved \[45\/45\]\n\n$/);
    expect(r.writes).toEqual([{ path: "index.html", content: PAGE }]);
    expect(
      wget(["web"], net(), "gnu", { utf8: true, fileExists: (p) => p === "index.html" }).stderr,
    ).toContain("Saving to: ‘index.html.1’");
  });

  it("fails with exit 4 and 8", () => {
    expect(wget(["10.96.0.5"], net(), "gnu")).toMatchObject({
      stderr:
        "--2026-11-27 10:00:00--  http://10.96.0.5/\nConnecting to 10.96.0.5:80... failed: Connection refused.\n",
      exitCode: 4,
    });
    expect(wget(["web2"], net(), "gnu").stderr).toContain("wget: unable to resolve host address 'web2'\n");
    const nf = wget(["web/missing"], net(), "gnu");
    expect(nf.exitCode).toBe(8);
    expect(nf.stderr).toContain(
      "HTTP request sent, awaiting response... 404 Not Found\n2026-11-27 10:00:00 ERROR 404: Not Found.\n",
    );
    const t = wget(["-T", "2", "-t", "2", "10.96.0.6"], net(), "gnu");
    expect(t.stderr).toContain(
      "failed: Connection timed out.\nRetrying.\n\n--2026-11-27 10:00:03--  (try: 2)  http://10.96.0.6/\n",
    );
    expect(t.stderr).toMatch(/Giving up\.\n\n$/);
  });
});

describe("busybox wget over TLS", () => {
  const tls = {
    subject: "CN=kube-apiserver",
    issuer: "CN=kubernetes",
    dnsNames: ["kubernetes"],
    ipAddresses: ["10.96.0.1"],
    caPem: "",
    notBefore: "2026-11-27T09:55:00Z",
    notAfter: "2027-11-27T09:55:00Z",
    alpn: ["h2", "http/1.1"],
  };
  const seen: { tls?: boolean; version?: string }[] = [];
  const tlsNet = () =>
    testNet(
      { kubernetes: "10.96.0.1", web: "10.96.137.24" },
      {
        "10.96.0.1:443": {
          kind: "ok",
          tls,
          serve: (req) => {
            seen.push(req);
            return { status: 200, reason: "OK", headers: [], body: "ok" };
          },
        },
        "10.96.137.24:443": {
          kind: "ok",
          serve: () => ({ status: 200, reason: "OK", headers: [], body: "" }),
        },
      },
    );

  it("never checks the certificate, and says so unless told not to", () => {
    expect(wget(["-qO-", "https://kubernetes/healthz"], tlsNet(), "busybox")).toMatchObject({
      stdout: "ok",
      stderr: "wget: note: TLS certificate validation not implemented\n",
      exitCode: 0,
    });
    expect(seen.at(-1)).toMatchObject({ tls: true, version: "HTTP/1.1" });
    expect(wget(["-qO-", "--no-check-certificate", "https://kubernetes/"], tlsNet(), "busybox").stderr).toBe(
      "",
    );
  });

  it("is reset by a plain server, by Go's suites before 1.30, and on alpine (ssl_client)", () => {
    const reset = "wget: error getting response: Connection reset by peer\n";
    expect(wget(["-q", "https://web:443/"], tlsNet(), "busybox").stderr).toBe(reset);
    expect(
      wget(["-q", "https://kubernetes/"], tlsNet(), "busybox", { busyboxVersion: "1.28.4" }).stderr,
    ).toBe(reset);
    expect(wget(["-q", "https://kubernetes/"], tlsNet(), "busybox", { libc: "musl" }).stderr).toBe(reset);
  });
});
