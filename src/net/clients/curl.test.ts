import { describe, expect, it } from "vitest";
import { type CurlVersion, curl } from "./index.js";
import { NOW, testNet } from "./testnet.js";

const PAGE = "<html><body><h1>It works!</h1></body></html>\n";
const net = () =>
  testNet(
    { web: "10.96.137.24", py: "10.96.0.20", nc: "10.96.0.30" },
    {
      "10.96.137.24:80": { image: "httpd" },
      "10.96.0.12:80": { kind: "refused", elapsedMs: 0 },
      "10.96.0.13:80": { kind: "timeout", elapsedMs: 0 },
      "10.244.2.9:80": { kind: "no-route", elapsedMs: 3069 },
      "10.96.0.14:80": { kind: "reset" },
      "10.96.0.15:80": { kind: "empty" },
      "10.96.0.20:8000": { image: "python", command: ["python3", "-m", "http.server"] },
      "10.96.0.30:9000": { kind: "silent" },
      "10.96.0.40:80": { image: "nginx" },
    },
  );
const run = (args: string[], version: CurlVersion = "8.5.0", tty = true) =>
  curl(args, net(), { version, tty });

describe("curl success", () => {
  it("prints the page, nothing else, at a terminal", () => {
    expect(run(["10.96.137.24"])).toMatchObject({ stdout: PAGE, stderr: "", exitCode: 0 });
    expect(run(["web:80"]).stdout).toBe(PAGE);
    expect(run(["http://web/"]).stdout).toBe(PAGE);
  });

  it("-i prints the response headers with CRLF before the body", () => {
    expect(run(["-i", "web"]).stdout).toBe(
      'HTTP/1.1 200 OK\r\nDate: Fri, 27 Nov 2026 10:00:00 GMT\r\nServer: Apache/2.4.62 (Unix)\r\nLast-Modified: Mon, 11 Jun 2007 18:53:14 GMT\r\nETag: "2d-432a5e4a73a80"\r\nAccept-Ranges: bytes\r\nContent-Length: 45\r\nContent-Type: text/html\r\n\r\n' +
        PAGE,
    );
  });

  it("-I sends HEAD and prints only headers", () => {
    const r = run(["-I", "http://10.96.0.40"]);
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.27\.3\r\n/);
    expect(r.stdout).toContain("Content-Length: 615\r\n");
    expect(r.stdout.endsWith("\r\n\r\n")).toBe(true);
  });

  it("-v prints curl 8.5.0's trace", () => {
    expect(run(["-v", "web"]).stderr).toBe(
      "* Host web:80 was resolved.\n* IPv6: (none)\n* IPv4: 10.96.137.24\n" +
        "*   Trying 10.96.137.24:80...\n* Connected to web (10.96.137.24) port 80\n" +
        "> GET / HTTP/1.1\r\n> Host: web\r\n> User-Agent: curl/8.5.0\r\n> Accept: */*\r\n> \r\n" +
        "< HTTP/1.1 200 OK\r\n< Date: Fri, 27 Nov 2026 10:00:00 GMT\r\n< Server: Apache/2.4.62 (Unix)\r\n" +
        '< Last-Modified: Mon, 11 Jun 2007 18:53:14 GMT\r\n< ETag: "2d-432a5e4a73a80"\r\n< Accept-Ranges: bytes\r\n' +
        "< Content-Length: 45\r\n< Content-Type: text/html\r\n< \r\n* Connection #0 to host web left intact\n",
    );
  });

  it("-v differs by version", () => {
    const v781 = run(["-v", "10.96.137.24"], "7.81.0").stderr;
    expect(v781).toContain("* Connected to 10.96.137.24 (10.96.137.24) port 80 (#0)\n");
    expect(v781).toContain("> \r\n* Mark bundle as not supporting multiuse\n< HTTP/1.1 200 OK\r\n");
    expect(v781).not.toContain("was resolved");
    const v788 = run(["-v", "web"], "7.88.1").stderr;
    expect(v788).toContain("* Connected to web (10.96.137.24) port 80 (#0)\n");
    expect(v788).not.toContain("Mark bundle");
    const v811 = run(["-v", "web"], "8.11.1").stderr;
    expect(v811).toContain("port 80\n* using HTTP/1.x\n> GET / HTTP/1.1\r\n");
    expect(v811).toContain("> \r\n* Request completely sent off\n< HTTP/1.1 200 OK\r\n");
  });

  it("-v with python's HTTP/1.0 answer closes the connection", () => {
    const r = run(["-v", "py:8000/nope"], "7.81.0");
    expect(r.stderr).toContain("* HTTP 1.0, assume close after body\n< HTTP/1.0 404 File not found\r\n");
    expect(r.stderr).toMatch(/\* Closing connection 0\n$/);
    expect(run(["-v", "py:8000/nope"], "8.5.0").stderr).toMatch(/\* Closing connection\n$/);
  });

  it("draws the progress meter when output is not a terminal", () => {
    const r = run(["-o", "index.html", "web"]);
    expect(r.writes).toEqual([{ path: "index.html", content: PAGE }]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
        "                                 Dload  Upload   Total   Spent    Left  Speed\n" +
        "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0" +
        "\r100    45  100    45    0     0  22500      0 --:--:-- --:--:-- --:--:-- 22500\n",
    );
    expect(run(["web"], "8.5.0", false).stderr).toContain("\r100    45  100    45");
    expect(run(["-s", "-o", "x", "web"]).stderr).toBe("");
  });

  it("-w expands write-out variables", () => {
    const r = run([
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code} %{remote_ip}:%{remote_port} %{size_download}\\n",
      "web",
    ]);
    expect(r.stdout).toBe("200 10.96.137.24:80 45\n");
    expect(run(["-s", "-w", "%{time_total}", "-o", "/dev/null", "web"]).stdout).toMatch(/^0\.00\d{4}$/);
    expect(run(["-s", "-w", "%{http_code}", "10.96.0.12"]).stdout).toBe("000");
  });

  it("-X, -H, -d and -A shape the request", () => {
    const r = run(["-v", "-d", "a=1", "-H", "X-Trace: 1", "-A", "probe/1", "http://10.96.0.40/"]);
    expect(r.stderr).toContain(
      "> POST / HTTP/1.1\r\n> Host: 10.96.0.40\r\n> User-Agent: probe/1\r\n> Accept: */*\r\n> X-Trace: 1\r\n> Content-Length: 3\r\n> Content-Type: application/x-www-form-urlencoded\r\n> \r\n",
    );
    expect(r.stderr).toContain("< HTTP/1.1 405 Not Allowed\r\n");
    expect(run(["-s", "-X", "DELETE", "-o", "/dev/null", "-w", "%{http_code}", "web"]).stdout).toBe("405");
  });

  it("-f fails on HTTP errors with exit 22", () => {
    expect(run(["-f", "web/missing"])).toMatchObject({
      stdout: "",
      stderr: "curl: (22) The requested URL returned error: 404\n",
      exitCode: 22,
    });
    expect(run(["-sf", "web/missing"]).stderr).toBe("");
    expect(run(["web/missing"]).stdout).toContain("<title>404 Not Found</title>");
  });

  it("-L follows redirects", () => {
    const n = testNet(
      {},
      {
        "10.96.0.50:8000": {
          image: "python",
          command: ["python3", "-m", "http.server"],
          files: { "/srv/a.txt": "A\n" },
        },
      },
    );
    expect(curl(["10.96.0.50:8000/srv"], n, { version: "8.5.0" }).stdout).toBe("");
    expect(curl(["-L", "10.96.0.50:8000/srv"], n, { version: "8.5.0" }).stdout).toContain(
      "Directory listing for /srv/",
    );
    const w = curl(
      ["-sL", "-o", "/dev/null", "-w", "%{num_redirects} %{url_effective}", "10.96.0.50:8000/srv"],
      n,
      {
        version: "8.5.0",
      },
    );
    expect(w.stdout).toBe("1 http://10.96.0.50:8000/srv/");
  });
});

describe("curl errors", () => {
  it("connection refused, per version", () => {
    expect(run(["10.96.0.12"], "8.5.0").stderr).toBe(
      "curl: (7) Failed to connect to 10.96.0.12 port 80 after 0 ms: Couldn't connect to server\n",
    );
    expect(run(["10.96.0.12"], "7.88.1").stderr).toBe(
      "curl: (7) Failed to connect to 10.96.0.12 port 80 after 0 ms: Couldn't connect to server\n",
    );
    expect(run(["10.96.0.12"], "7.81.0")).toMatchObject({
      stderr: "curl: (7) Failed to connect to 10.96.0.12 port 80 after 0 ms: Connection refused\n",
      exitCode: 7,
    });
    // The host is named as typed.
    const n = testNet({ localhost: "127.0.0.1" }, {});
    expect(curl(["localhost:8080"], n, { version: "8.5.0" }).stderr).toBe(
      "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n",
    );
  });

  it("a refused connection leaves the meter line open", () => {
    expect(run(["10.96.0.12"], "7.81.0", false).stderr).toBe(
      "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
        "                                 Dload  Upload   Total   Spent    Left  Speed\n" +
        "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0" +
        "curl: (7) Failed to connect to 10.96.0.12 port 80 after 0 ms: Connection refused\n",
    );
  });

  it("timeouts, in simulated time", () => {
    expect(run(["-m", "5", "10.96.0.13"], "8.5.0")).toMatchObject({
      stderr: "curl: (28) Failed to connect to 10.96.0.13 port 80 after 5002 ms: Timeout was reached\n",
      exitCode: 28,
      elapsedMs: 5002,
    });
    expect(run(["--connect-timeout", "5", "10.96.0.13"], "7.81.0").stderr).toBe(
      "curl: (28) Connection timed out after 5001 milliseconds\n",
    );
    expect(run(["10.96.0.13"], "7.81.0").stderr).toBe(
      "curl: (28) Failed to connect to 10.96.0.13 port 80 after 129842 ms: Connection timed out\n",
    );
    expect(run(["10.96.0.13"], "8.5.0")).toMatchObject({
      stderr:
        "curl: (28) Failed to connect to 10.96.0.13 port 80 after 129842 ms: Couldn't connect to server\n",
      exitCode: 28,
    });
    const meter = run(["-m", "3", "10.96.0.13"], "8.5.0", false).stderr;
    expect(meter).toContain(
      "\r  0     0    0     0    0     0      0      0 --:--:--  0:00:03 --:--:--     0curl: (28)",
    );
  });

  it("unknown host, no route, reset, empty reply", () => {
    expect(run(["demoservice"])).toMatchObject({
      stderr: "curl: (6) Could not resolve host: demoservice\n",
      exitCode: 6,
    });
    expect(run(["10.244.2.9"], "7.81.0").stderr).toBe(
      "curl: (7) Failed to connect to 10.244.2.9 port 80 after 3069 ms: No route to host\n",
    );
    expect(run(["10.244.2.9"], "8.11.1").stderr).toBe(
      "curl: (7) Failed to connect to 10.244.2.9 port 80 after 3069 ms: Couldn't connect to server\n",
    );
    expect(run(["10.96.0.14"])).toMatchObject({
      stderr: "curl: (56) Recv failure: Connection reset by peer\n",
      exitCode: 56,
    });
    expect(run(["10.96.0.15"])).toMatchObject({
      stderr: "curl: (52) Empty reply from server\n",
      exitCode: 52,
    });
  });

  it("a silent server: blocks without -m, times out with it", () => {
    expect(run(["nc:9000"])).toMatchObject({ blocked: true, exitCode: 130 });
    expect(run(["-m", "2", "nc:9000"])).toMatchObject({
      stderr: "curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received\n",
      exitCode: 28,
    });
  });

  it("-v on failures", () => {
    expect(run(["-v", "10.96.0.12"], "8.5.0").stderr).toMatch(
      new RegExp(
        "^\\*   Trying 10\\.96\\.0\\.12:80\\.\\.\\.\\n" +
          "\\* connect to 10\\.96\\.0\\.12 port 80 from 10\\.244\\.1\\.7 port \\d{5} failed: Connection refused\\n" +
          "\\* Failed to connect to 10\\.96\\.0\\.12 port 80 after 0 ms: Couldn't connect to server\\n" +
          "\\* Closing connection\\n" +
          "curl: \\(7\\) Failed to connect to 10\\.96\\.0\\.12 port 80 after 0 ms: Couldn't connect to server\\n$",
      ),
    );
    expect(run(["-v", "nope"], "7.81.0").stderr).toBe(
      "* Could not resolve host: nope\n* Closing connection 0\ncurl: (6) Could not resolve host: nope\n",
    );
  });

  it("-s hides errors, -S shows them again", () => {
    expect(run(["-s", "10.96.0.12"]).stderr).toBe("");
    expect(run(["-sS", "10.96.0.12"]).stderr).toContain("curl: (7)");
  });

  it("command-line errors exit 2", () => {
    expect(run([])).toMatchObject({
      stderr: "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
    });
    expect(run(["--bogus", "web"]).stderr).toBe(
      "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
    );
    expect(run(["-m", "soon", "web"]).stderr).toContain(
      "curl: option -m: expected a proper numerical parameter\n",
    );
    expect(run(["ftp2://web"]).stderr).toBe('curl: (1) Protocol "ftp2" not supported\n');
    expect(run(["ftp2://web"], "7.81.0").stderr).toBe(
      'curl: (1) Protocol "ftp2" not supported or disabled in libcurl\n',
    );
  });

  it("records the time it took", () => {
    expect(run(["web"]).elapsedMs).toBeGreaterThan(0);
    expect(NOW).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });
});
