// The shell is an emulation: whatever a learner types, no real program runs, no real file is
// written and no socket opens. These tests spy on Node's process, file and network APIs while
// a script full of commands (known, unknown, scripts, nested shells) runs.

import { readdirSync, readFileSync } from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { testShell } from "./testkit.js";

const require = createRequire(__filename);
const SPIED: Record<string, string[]> = {
  "node:child_process": ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"],
  "node:fs": [
    "writeFile",
    "writeFileSync",
    "appendFile",
    "appendFileSync",
    "mkdirSync",
    "rmSync",
    "unlinkSync",
    "renameSync",
    "openSync",
  ],
  "node:net": ["connect", "createConnection", "createServer"],
  "node:http": ["request", "get", "createServer"],
  "node:https": ["request", "get"],
  "node:dgram": ["createSocket"],
  "node:dns": ["lookup", "resolve"],
};

const SCRIPT = `
echo start; ls -la / /etc; cat /etc/hosts | grep -c local
curl http://demoservice; wget -qO- x; nslookup kubernetes; ping -c1 10.0.0.1; apt-get install -y curl
python3 -c 'print(1)'; /usr/bin/env; /bin/sh -c 'id; uname -a; ps aux'; bash -c 'nope'
echo '#!/bin/sh' > /tmp/s.sh; echo 'hostname -i; date' >> /tmp/s.sh; chmod +x /tmp/s.sh; /tmp/s.sh; sh /tmp/s.sh
mkdir -p /var/www && cp /etc/hosts /var/www/ && mv /var/www/hosts /var/www/h && rm -rf /var/www
echo data > /dev/null; exec 3>/tmp/x; env -i PATH=/bin nope; command -v nc; which curl; type -t ls
for i in 1 2 3; do sleep 1; done; while true; do echo loop; sleep 30; done
`;

describe("sandbox", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    syncBuiltinESMExports();
  });

  it("spawns no process, writes no real file and opens no socket", async () => {
    const spies = Object.entries(SPIED).flatMap(([mod, names]) => {
      const m = require(mod);
      return names.map((n) => [`${mod}.${n}`, vi.spyOn(m, n)] as const);
    });
    const netSocket = require("node:net").Socket.prototype;
    spies.push(["net.Socket#connect", vi.spyOn(netSocket, "connect")]);
    syncBuiltinESMExports();
    const t = testShell({ limits: { maxSleepSeconds: 120 } });
    const r = await t.script(SCRIPT);
    expect(r.out).toContain("start");
    expect(r.err).toContain("bash: line 3: curl: command not found");
    expect(r.err).toContain("kubesim: stopped after 120 s of simulated sleep");
    const called = spies.filter(([, s]) => s.mock.calls.length > 0).map(([name]) => name);
    expect(called).toEqual([]);
  });

  // re2js is pure computation (the regex engine, see regex.ts): it reaches nothing outside.
  const ALLOWED = ["node:readline", "re2js"];

  it("imports nothing from Node but readline (the prompt), and no package but re2js", () => {
    const dir = __dirname;
    const files = [
      ...readdirSync(dir).map((f) => join(dir, f)),
      ...readdirSync(join(dir, "builtins")).map((f) => join(dir, "builtins", f)),
    ];
    const sources = files.filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    expect(sources.length).toBeGreaterThan(15);
    for (const f of sources) {
      const imports = [
        ...readFileSync(f, "utf8").matchAll(/(?:from|import|require)\s*\(?\s*["']([^"']+)["']/g),
      ].map((m) => m[1]);
      const outside = imports.filter((i) => !i.startsWith(".") && !ALLOWED.includes(i));
      expect(outside, f).toEqual([]);
    }
  });
});
