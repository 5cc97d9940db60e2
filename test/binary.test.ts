// The built bin/kubesim as users run it: a child process through the launcher, which picks
// a bundle by the verb. Each command line is also run in-process (the path most tests take)
// and the two must print the same, so a launcher that reads a line differently shows here.
// npm test builds dist/ first.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import Module from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { CACHE_BUNDLE, CACHE_KINDS, VERBS } from "../src/kubectl/commandline.js";
import { registerVerbs } from "../src/kubectl/verbs.js";
import { type Result, ROOT, Sandbox, splitArgs } from "./harness.js";

const BIN = path.join(ROOT, "bin", "kubesim");

function bin(sb: Sandbox, args: string[], input = ""): Result {
  const r = spawnSync(BIN, args, {
    env: { ...sb.env, PATH: process.env.PATH },
    cwd: ROOT,
    input,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe("bin/kubesim handing a command to the full bundle mid-way", () => {
  // The core bundle runs `delete`, prints "deleted", and waits out the grace period; a loop
  // started meanwhile falls due, and the command runs again in the full bundle. What the
  // core bundle printed is printed once.
  it("prints what it printed before the handover once", () => {
    const sb = new Sandbox({ KUBESIM_TIME_SCALE: "1" });
    try {
      expect(bin(sb, ["run", "sleeper", "--image=busybox", "--", "sleep", "3600"]).code).toBe(0);
      sb.env.KUBESIM_NOW = "2026-11-27T10:00:10Z";
      const loop = [
        "run",
        "later",
        "--image=busybox",
        "--",
        "sh",
        "-c",
        "while true; do echo tick; sleep 5; done",
      ];
      expect(bin(sb, loop).code).toBe(0);
      expect(bin(sb, ["delete", "pod", "sleeper"])).toEqual({
        code: 0,
        out: 'pod "sleeper" deleted\n',
        err: "",
      });
      expect(bin(sb, ["logs", "later"]).out).toMatch(/^(tick\n){6,}$/);
    } finally {
      sb.cleanup();
    }
  });
});

describe("bin/kubesim", () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());

  it("runs the seed labs' commands", () => {
    for (const line of [
      "apply -f manifests/pods.yml",
      "apply -f manifests/deployhttpd.yml",
      "apply -f manifests/service-nodeport.yml",
      "rollout status deployment/mydeployments",
    ])
      expect(bin(sb, splitArgs(line))).toMatchObject({ code: 0, err: "" });
    const pods = bin(sb, ["get", "pods", "-o", "wide"]);
    expect(pods.out).toMatch(/^testpod +2\/2 +Running +0 +\S+ +10\.244\.\d+\.\d+ +kubesim-worker/m);
    const ip = bin(sb, ["get", "svc", "demoservice", "-o", "jsonpath={.spec.clusterIP}"]).out;
    expect(bin(sb, ["curl", "-s", `http://${ip}/`]).out).toBe(
      "<html><body><h1>It works!</h1></body></html>\n",
    );
    expect(bin(sb, ["exec", "testpod", "-c", "c00", "--", "cat", "/etc/hostname"]).out).toBe("testpod\n");
  });

  // Global flags before the verb, after it, and the lines kubectl refuses, as `kubectl`
  // v1.32 prints them (checked against the real client).
  it.each([
    "-n kube-system get pods",
    "--namespace=kube-system get pods -o name",
    "get pods -n kube-system",
    "--context kubesim get ns",
    "--context=kubesim get ns",
    "--cluster kubesim get nodes",
    "-A get svc",
    "-A --server=https://127.0.0.1:6443 get svc",
    "-v=6 get nodes",
    "-v 6 get nodes",
    "get nodes -v=6 --insecure-skip-tls-verify",
    "--kubeconfig /dev/null get nodes",
    "-n default exec testpod -c c00 -- cat /etc/hostname",
    "-n default curl -s -o /dev/null -w %{http_code} http://10.96.0.1:443/",
    "-n x",
    "-n",
    "--namespace",
    "-h get",
    "--namespace kube-system -- get pods",
    "--version",
    "bogus",
    "-n x bogus",
    "--bogus get pods",
    "get pods --bogus",
    "port-forward pod/x 8080:80",
  ])("%s prints what it prints in-process", async (line) => {
    const args = splitArgs(line);
    const child = bin(sb, args);
    const inproc = await sb.run(args);
    expect(child).toEqual(inproc);
  });

  it("answers the lines kubectl answers, with kubectl's words", async () => {
    expect(bin(sb, ["-A", "get", "svc"])).toEqual({
      code: 1,
      out: "",
      err: "Error: flags cannot be placed before plugin name: -A\n",
    });
    expect(bin(sb, ["--version"]).err).toBe(
      "Error: unknown flag: --version\nSee 'kubectl --help' for usage.\n",
    );
    const sys = bin(sb, ["-n", "kube-system", "get", "pods", "-o", "name"]);
    expect(sys.out).toContain("pod/etcd-kubesim-control-plane\n");
    expect(bin(sb, ["-A", "--server=https://127.0.0.1:6443", "get", "svc"]).out).toMatch(
      /^kube-system +kube-dns /m,
    );
    expect(bin(sb, ["-n", "x"]).out).toMatch(/^kubectl controls the Kubernetes cluster manager\./);
  });

  it("prints every verb's --help", async () => {
    const program = new Command("kubectl");
    await registerVerbs(
      program,
      { io: { out() {}, err() {}, readStdin: () => "", env: {}, stdoutIsTTY: false } },
      undefined,
    );
    const verbs = Object.keys(VERBS).filter((v) => !v.startsWith("_") && v !== "help");
    for (const verb of verbs) {
      const r = bin(sb, [verb, "--help"]);
      expect({ verb, code: r.code, err: r.err }).toEqual({ verb, code: 0, err: "" });
      expect(r.out, verb).toMatch(/\nUsage:\n {2}kubectl /);
      const sub = program.commands.find((c) => c.name() === verb)?.commands ?? [];
      for (const s of sub.filter((c) => !(c as unknown as { _hidden: boolean })._hidden)) {
        const rs = bin(sb, ["-n", "default", verb, s.name(), "-h"]);
        expect({ verb: `${verb} ${s.name()}`, code: rs.code }).toEqual({
          verb: `${verb} ${s.name()}`,
          code: 0,
        });
        expect(rs.out).toContain(`kubectl ${verb} ${s.name()}`);
      }
    }
    // One binary start per verb and subcommand (about 90 of them): 25 s on a loaded machine.
  }, 120_000);
});

describe("bin/kubesim's output, written to its descriptors (src/util/stdio.ts)", () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());
  const sh = (script: string) =>
    // stdin not a socket (spawnSync's pipe): bash would take itself for rshd's and read ~/.bashrc.
    spawnSync("bash", ["-c", script], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...sb.env, PATH: `${path.join(ROOT, "bin")}:${process.env.PATH}` },
      encoding: "utf8",
      timeout: 30_000,
    });

  it("dies of SIGPIPE's 141, without a word, when the reader has gone", () => {
    // `true` exits without reading: kubesim's first write meets a closed pipe.
    const r = sh("set -o pipefail; kubesim get pods -A | true; echo rc=$?");
    expect(r.stdout).toBe("rc=141\n");
    expect(r.stderr).toBe("");
  });

  it("takes a manifest on standard input that the launcher read for its guess (kubectl/process-hint.ts)", () => {
    const pod = (name: string) =>
      `kind: Pod\napiVersion: v1\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: ["sh", "-c", "echo hi; sleep 3600"]\n`;
    const r = sh(
      `printf '${pod("hinted")}' | kubesim apply -f -; kubesim logs hinted; printf '${pod("hinted")}' | kubesim apply -f -
       head -c 17000000 /dev/zero | kubesim apply -f - || echo "rc=$?"`,
    );
    expect(r.stdout).toBe("pod/hinted created\nhi\npod/hinted unchanged\nrc=1\n");
    expect(r.stderr).toBe(
      "error: standard input: larger than 16 MiB; kubesim reads at most 16 MiB from one file or from standard input\n",
    );
  });

  it("writes whole to a file, to /dev/null and through a pipe read slowly", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-out-"));
    try {
      const file = path.join(dir, "pods.yaml");
      const direct = bin(sb, ["get", "pods", "-A", "-o", "yaml"]);
      // More than a pipe holds (64 KiB), so writes wait for the reader.
      expect(direct.out.length).toBeGreaterThan(65_536);
      const r = sh(
        `set -euo pipefail; kubesim get pods -A -o yaml > ${file}; kubesim get pods -A -o yaml > /dev/null
         kubesim get pods -A -o yaml | (sleep 0.3; cat) | wc -c; kubesim get nope 2>&1 >/dev/null | cat || true`,
      );
      expect(r.stderr).toBe("");
      expect(fs.readFileSync(file, "utf8")).toBe(direct.out);
      expect(r.stdout).toBe(
        `${Buffer.byteLength(direct.out)}\nerror: the server doesn't have a resource type "nope"\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the npm package", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-pack-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("installs from its tarball and runs from anywhere, with kubectl from shellenv", () => {
    // dist/ is already built by npm test; --ignore-scripts skips prepack's second build.
    const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(pack.status, pack.stderr).toBe(0);
    const tgz = path.join(dir, pack.stdout.trim().split("\n").pop() ?? "");
    const prefix = path.join(dir, "p");
    const inst = spawnSync(
      "npm",
      ["install", "-g", "--offline", "--no-audit", "--no-fund", "--prefix", prefix, tgz],
      {
        encoding: "utf8",
      },
    );
    expect(inst.status, inst.stderr).toBe(0);
    const env = { PATH: process.env.PATH, KUBESIM_HOME: path.join(dir, "home"), KUBESIM_TIME_SCALE: "0" };
    const run = spawnSync(path.join(prefix, "bin", "kubesim"), ["get", "nodes", "-o", "name"], {
      cwd: "/",
      env,
      encoding: "utf8",
    });
    expect(run.stdout).toBe("node/kubesim-control-plane\nnode/kubesim-worker\nnode/kubesim-worker2\n");
    // explain reads assets/openapi-v1.32.json.gz, which the package must carry.
    const explain = spawnSync(path.join(prefix, "bin", "kubesim"), ["explain", "pods.spec.nodeName"], {
      cwd: "/",
      env,
      encoding: "utf8",
    });
    expect(explain.stdout.split("\n").slice(0, 4)).toEqual([
      "KIND:       Pod",
      "VERSION:    v1",
      "",
      "FIELD: nodeName <string>",
    ]);
    const script = `eval "$("${prefix}/bin/kubesim" shellenv)"; command -v kubectl; kubectl -n kube-system get deploy -o name`;
    const sh = spawnSync("bash", ["-c", script], { cwd: "/", env, encoding: "utf8" });
    expect(sh.stdout).toBe(`${prefix}/lib/node_modules/kubesim/shims/kubectl\ndeployment.apps/coredns\n`);
  }, 120_000);
});

describe("the code caches the launcher starts with", () => {
  // A missing or rejected cache costs every command of its kind its compile time without a
  // word (src/launcher.ts falls back to compiling), so the build's caches are checked here:
  // each exists for its bundle and this Node accepts it.
  const dist = path.join(ROOT, "dist");
  const caches: [string, string][] = [
    ["kubesim-core.cjs", "kubesim-core.cjs.cache"],
    ["kubesim-full.cjs", "kubesim-full.cjs.cache"],
    ...Object.entries(CACHE_BUNDLE).map(([kind, bundle]): [string, string] => {
      const file = bundle === "core" ? "kubesim-core.cjs" : "kubesim-full.cjs";
      return [file, `${file}.${kind}.cache`];
    }),
  ];
  it.each(caches)("%s takes %s", (bundle, cache) => {
    const file = path.join(dist, bundle);
    const script = new vm.Script(
      (Module as unknown as { wrap(code: string): string }).wrap(fs.readFileSync(file, "latin1")),
      {
        filename: file,
        cachedData: fs.readFileSync(path.join(dist, cache)),
      },
    );
    expect(script.cachedDataRejected).toBe(false);
  });

  it("has a kind for every verb named in CACHE_KINDS", () => {
    for (const [verb, kind] of Object.entries(CACHE_KINDS)) {
      expect(VERBS[verb], verb).toBeDefined();
      // A kind's cache is made for one bundle; a verb of the other would never use it.
      expect(VERBS[verb] === "net" ? "net" : "core").toBe(CACHE_BUNDLE[kind]);
    }
  });
});
