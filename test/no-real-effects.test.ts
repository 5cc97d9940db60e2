// kubesim never runs a real program, opens a real socket, or writes outside its state:
// the commands a learner types in labs run here with Node's process, network and file
// APIs spied on. The one exception is the editor of `kubectl edit`, which the user asks
// for: it runs once, as the program EDITOR names, on kubectl's temporary file, and nothing else.
// kubectl cp writes the one host path the user names (here inside the sandbox), nothing more.
// kubectl port-forward and kubectl proxy are the only commands that open sockets: listening
// ones, on loopback (127.0.0.1 and ::1 for port-forward, 127.0.0.1 for proxy), nothing else.

import { createRequire, syncBuiltinESMExports } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Sandbox } from "./harness.js";

const require = createRequire(__filename);
const FORBIDDEN: Record<string, string[]> = {
  "node:child_process": ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"],
  "node:net": ["connect", "createConnection", "createServer"],
  "node:http": ["request", "get", "createServer"],
  "node:https": ["request", "get"],
  "node:dgram": ["createSocket"],
  "node:dns": ["lookup", "resolve", "resolve4"],
};
const FILE_WRITES = [
  "writeFileSync",
  "openSync",
  "mkdirSync",
  "renameSync",
  "rmSync",
  "unlinkSync",
  "appendFileSync",
];

const SCRIPT = `curl localhost; apt update; apt install -y curl; curl -s localhost; curl http://demoservice
echo hi > /usr/local/apache2/htdocs/index.html; wget -qO- x; nslookup kubernetes; ping -c 1 10.244.1.2
python3 -c 'print(1)'; /bin/sh -c 'id; uname -a'; nc -l 80; rm -rf /; ls /etc
`;

describe("no real effects", () => {
  const sb = new Sandbox();
  afterAll(() => {
    vi.restoreAllMocks();
    syncBuiltinESMExports();
    sb.cleanup();
  });

  it("runs labs through exec, curl, the node shell and logs without touching the real system", async () => {
    const forbidden = Object.entries(FORBIDDEN).flatMap(([mod, names]) =>
      names.map((n) => [`${mod}.${n}`, vi.spyOn(require(mod), n)] as const),
    );
    forbidden.push(["net.Socket#connect", vi.spyOn(require("node:net").Socket.prototype, "connect")]);
    const listens = vi.spyOn(require("node:net").Server.prototype, "listen");
    const fs = require("node:fs");
    const writes = FILE_WRITES.map((n) => [n, vi.spyOn(fs, n)] as const);
    syncBuiltinESMExports();

    const steps: [string[], string?][] = [
      [
        [
          "apply",
          "-f",
          "manifests/pods.yml",
          "-f",
          "manifests/deployhttpd.yml",
          "-f",
          "manifests/service.yml",
        ],
      ],
      [["exec", "-i", "testpod", "-c", "c00", "--", "bash"], SCRIPT],
      [["exec", "testpod", "-c", "c01", "--", "sh", "-c", "cat /etc/passwd; ls /; curl x"]],
      [["curl", "10.244.1.2"]],
      [["curl", "--from", "outside", "10.96.0.1", "-m", "2"]],
      [
        ["shell"],
        "curl -s demoservice; kubectl get pods; ping -c 1 10.96.0.1; ip a; iptables-save | wc -l; ss -ltnp; crictl ps; crictl images; iptables -t nat -nL | wc -l; nft list ruleset | wc -l; hostname -I\n",
      ],
      [["logs", "testpod", "-c", "c01"]],
      [["cp", "manifests/pods.yml", "testpod:/tmp/pods.yml", "-c", "c00"]],
      [["cp", "testpod:/tmp/pods.yml", path.join(sb.home, "copied.yml"), "-c", "c00"]],
      [["iptables-save"]],
      // Run in-process, these stop as soon as they serve.
      [["port-forward", "deploy/mydeployments", ":80"]],
      [["proxy", "--port=0"]],
    ];
    const outputs: string[] = [];
    for (const [argv, stdin] of steps) outputs.push((await sb.run(argv, stdin ?? "")).out);
    // The commands really ran in the model.
    expect(outputs[1]).toContain("<h1>It works!</h1>");
    expect(outputs[5]).toContain("testpod");
    expect(fs.readFileSync(path.join(sb.home, "copied.yml"), "utf8")).toContain("name: testpod");

    // kubectl edit: the editor the user names is the one program that runs.
    const editor = path.join(sb.home, "editor.sh");
    fs.writeFileSync(editor, "#!/bin/sh\nsed -i 's/^  replicas: 1$/  replicas: 2/' \"$1\"\n", {
      mode: 0o755,
    });
    sb.env = { ...sb.env, EDITOR: editor };
    const edit = await sb.run(["edit", "deployment/mydeployments"]);
    expect(edit.out + edit.err).toBe("deployment.apps/mydeployments edited\n");
    const spawnSync = forbidden.find(([n]) => n === "node:child_process.spawnSync")?.[1];
    expect(spawnSync?.mock.calls.map((c) => c[0])).toEqual([editor]);
    const tempFile = new RegExp(
      `^${os.tmpdir().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/kubectl-edit-\\d+\\.yaml$`,
    );

    expect(outputs[10]).toMatch(
      /^Forwarding from 127\.0\.0\.1:\d+ -> 80\nForwarding from \[::1\]:\d+ -> 80\n$/,
    );
    expect(outputs[11]).toMatch(/^Starting to serve on 127\.0\.0\.1:\d+\n$/);
    // The exceptions: port-forward's two listeners and proxy's one, each on a loopback address.
    // (net.Server#listen looks its host up, a literal address answering itself: no query is sent.)
    const servers: Record<string, number> = {
      "node:net.createServer": 2,
      "node:http.createServer": 1,
      "node:dns.lookup": 3,
    };
    for (const [name, spy] of forbidden) {
      if (name !== "node:child_process.spawnSync")
        expect(spy.mock.calls.length, name).toBe(servers[name] ?? 0);
    }
    const hosts = listens.mock.calls.map((c) => (c[0] as { host?: string }).host);
    expect(hosts).toEqual(["127.0.0.1", "::1", "127.0.0.1"]);
    const lookup = forbidden.find(([n]) => n === "node:dns.lookup")?.[1];
    expect(lookup?.mock.calls.map((c) => c[0])).toEqual(hosts);
    for (const [name, spy] of writes) {
      for (const call of spy.mock.calls) {
        const target = call[0];
        if (typeof target !== "string") continue;
        // Opening for reading (manifests) is fine; only writes must stay in the state.
        if (name === "openSync" && (call[1] === undefined || call[1] === "r" || call[1] === 0)) continue;
        // kubectl edit's temporary file (written, then removed after a successful edit).
        if (["writeFileSync", "openSync", "rmSync", "unlinkSync"].includes(name) && tempFile.test(target))
          continue;
        expect(target.startsWith(sb.home), `${name}(${target})`).toBe(true);
      }
    }
  }, 30000);
});
