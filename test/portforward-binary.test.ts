// kubectl port-forward and kubectl proxy as a user runs them: the built bin/kubesim started
// as a child process on a free loopback port, fetched from with Node's own http client
// through the real socket, then killed, after which the port is closed again. npm test
// builds dist/ first.
import { type ChildProcess, spawn } from "node:child_process";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "./harness.js";

const BIN = path.join(ROOT, "bin", "kubesim");

/** A port nothing listens on right now: the kernel's pick, released at once. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address() as net.AddressInfo;
      s.close(() => resolve(a.port));
    });
  });
}

function get(port: number, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: p, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

/** Whether a connection to the port is refused (nothing listens). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port });
    s.on("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.on("error", () => resolve(true));
  });
}

interface Running {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function start(sb: Sandbox, args: string[]): Running {
  const child = spawn(BIN, args, { env: { ...sb.env, PATH: process.env.PATH }, cwd: ROOT });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("port-forward and proxy on real sockets (bin/kubesim)", () => {
  const sb = new Sandbox();
  beforeAll(async () => {
    expect((await sb.run(["run", "web", "--image=nginx", "--port=80"])).code).toBe(0);
    expect((await sb.run(["expose", "pod", "web", "--port=8080", "--target-port=80"])).code).toBe(0);
    // Simulated time passes for the pull and start: the pod is Running.
    sb.env.KUBESIM_NOW = "2026-11-27T10:01:00Z";
    expect((await sb.run(["get", "pod", "web", "-o", "jsonpath={.status.phase}"])).out).toBe("Running");
  });
  afterAll(() => sb.cleanup());

  it("port-forward serves the nginx page through the socket, and closes the port when killed", async () => {
    const port = await freePort();
    const pf = start(sb, ["port-forward", "pod/web", `${port}:80`]);
    await until(() => pf.out().includes(`Forwarding from [::1]:${port} -> 80`), "the listeners");
    expect(pf.out()).toBe(`Forwarding from 127.0.0.1:${port} -> 80\nForwarding from [::1]:${port} -> 80\n`);
    const page = await get(port, "/");
    expect(page.status).toBe(200);
    expect(page.body).toContain("<title>Welcome to nginx!</title>");
    await until(() => pf.out().includes("Handling connection for"), "the connection line");
    expect(pf.out()).toContain(`Handling connection for ${port}\n`);
    // The request reached the pod from 127.0.0.1, as nginx logs it; other commands run meanwhile.
    const logs = await sb.run(["logs", "web"]);
    expect(logs.out).toMatch(/127\.0\.0\.1 - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 200 615/);
    pf.child.kill("SIGINT");
    expect(await pf.exited).toBe(0);
    expect(pf.err()).toBe("");
    expect(await refused(port)).toBe(true);
  }, 30_000);

  it("port-forward svc/NAME maps the Service port to its targetPort", async () => {
    const port = await freePort();
    const pf = start(sb, ["port-forward", "svc/web", `${port}:8080`]);
    await until(() => pf.out().includes(`[::1]:${port} -> 80\n`), "the listeners");
    expect((await get(port, "/")).body).toContain("Welcome to nginx!");
    pf.child.kill("SIGTERM");
    await pf.exited;
    expect(await refused(port)).toBe(true);
  }, 30_000);

  it("a port nothing listens on: the connection fails, kubectl logs why and loses the pod", async () => {
    const port = await freePort();
    const pf = start(sb, ["port-forward", "web", `${port}:81`]);
    await until(() => pf.out().includes(`[::1]:${port} -> 81\n`), "the listeners");
    await expect(get(port, "/")).rejects.toThrow();
    expect(await pf.exited).toBe(1);
    expect(pf.err()).toMatch(
      new RegExp(
        `^E\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ portforward\\.go:413\\] "Unhandled Error" err="an error occurred forwarding ${port} -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\\\"/var/run/netns/cni-[-0-9a-f]+\\\\": failed to connect to localhost:81 inside namespace \\\\"[0-9a-f]{64}\\\\", IPv4: dial tcp4 127\\.0\\.0\\.1:81: connect: connection refused IPv6 dial tcp6 \\[::1\\]:81: connect: connection refused "\\nerror: lost connection to pod\\n$`,
      ),
    );
    expect(await refused(port)).toBe(true);
  }, 30_000);

  it("a port in use: kubectl's listener errors", async () => {
    const port = await freePort();
    const first = start(sb, ["port-forward", "web", `${port}:80`]);
    await until(() => first.out().includes(`[::1]:${port} -> 80\n`), "the listeners");
    const second = start(sb, ["port-forward", "web", `${port}:80`]);
    expect(await second.exited).toBe(1);
    expect(second.err()).toBe(
      `Unable to listen on port ${port}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${port}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:${port}: bind: address already in use]\nerror: unable to listen on any of the requested ports: [{${port} 80}]\n`,
    );
    first.child.kill("SIGINT");
    await first.exited;
  }, 30_000);

  it("proxy serves the API as the admin, and the pod proxy reaches nginx", async () => {
    const port = await freePort();
    const px = start(sb, ["proxy", `--port=${port}`]);
    await until(() => px.out().includes("Starting to serve"), "the proxy");
    expect(px.out()).toBe(`Starting to serve on 127.0.0.1:${port}\n`);
    const pods = await get(port, "/api/v1/namespaces/default/pods");
    expect(pods.status).toBe(200);
    const list = JSON.parse(pods.body);
    expect(list.kind).toBe("PodList");
    expect(list.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(["web"]);
    const page = await get(port, "/api/v1/namespaces/default/pods/web/proxy/");
    expect(page.body).toContain("<title>Welcome to nginx!</title>");
    const viaSvc = await get(port, "/api/v1/namespaces/default/services/web:8080/proxy/");
    expect(viaSvc.body).toContain("<title>Welcome to nginx!</title>");
    expect((await get(port, "/api/v1/namespaces/default/pods/web/exec")).status).toBe(403);
    px.child.kill("SIGINT");
    await px.exited;
    expect(await refused(port)).toBe(true);
  }, 30_000);

  it("the pod goes away: lost connection to pod", async () => {
    expect((await sb.run(["run", "brief", "--image=nginx"])).code).toBe(0);
    sb.env.KUBESIM_NOW = "2026-11-27T10:02:00Z";
    const port = await freePort();
    const pf = start(sb, ["port-forward", "brief", `${port}:80`]);
    await until(() => pf.out().includes(`[::1]:${port} -> 80\n`), "the listeners");
    expect((await sb.run(["delete", "pod", "brief", "--grace-period=0", "--force"])).code).toBe(0);
    expect(await pf.exited).toBe(1);
    expect(pf.err()).toBe("error: lost connection to pod\n");
    expect(await refused(port)).toBe(true);
  }, 30_000);

  it("raw TCP: redis answers PING over the forwarded socket", async () => {
    expect((await sb.run(["run", "cache", "--image=redis"])).code).toBe(0);
    sb.env.KUBESIM_NOW = "2026-11-27T10:03:00Z";
    const port = await freePort();
    const pf = start(sb, ["port-forward", "pod/cache", `${port}:6379`]);
    await until(() => pf.out().includes(`[::1]:${port} -> 6379\n`), "the listeners");
    const reply = await new Promise<string>((resolve, reject) => {
      const s = net.connect({ host: "127.0.0.1", port }, () => s.write("*1\r\n$4\r\nPING\r\nECHO hi\r\n"));
      let got = "";
      s.on("data", (d) => {
        got += d.toString();
        if (got.endsWith("hi\r\n")) {
          s.destroy();
          resolve(got);
        }
      });
      s.on("error", reject);
    });
    expect(reply).toBe("+PONG\r\n$2\r\nhi\r\n");
    pf.child.kill("SIGINT");
    expect(await pf.exited).toBe(0);
  }, 30_000);

  it("each connection sees the state as other commands left it", async () => {
    const port = await freePort();
    const pf = start(sb, ["port-forward", "pod/web", `${port}:80`]);
    await until(() => pf.out().includes(`[::1]:${port} -> 80\n`), "the listeners");
    expect((await get(port, "/")).body).toContain("Welcome to nginx!");
    const write = ["exec", "web", "--", "sh", "-c", "echo changed > /usr/share/nginx/html/index.html"];
    expect((await sb.run(write)).code).toBe(0);
    expect((await get(port, "/")).body).toBe("changed\n");
    pf.child.kill("SIGINT");
    expect(await pf.exited).toBe(0);
  }, 30_000);
});
