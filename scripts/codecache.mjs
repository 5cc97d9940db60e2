// V8 code caches for the two bundles, made at build time: each bundle is compiled and run
// once on a typical command in a throw-away cluster, then V8 serialises the code it compiled
// (dist/kubesim-*.cjs.cache). The launcher hands the cache back to V8, which then skips
// parsing and compiling most of the bundle: about 25 ms of every command on this machine.
// A cache from another Node version is rejected by V8 and the bundle compiles as usual, so
// a stale cache costs time, never correctness. Nothing is written at run time.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const dist = path.resolve(import.meta.dirname, "..", "dist");

// Runs in a child: compiles the bundle as Node's loader would, then runs each command line of
// KUBESIM_WARM in turn, the next when main.ts reports the last done (its __kubesimDone hook),
// and saves the cache when the process exits, so functions compiled lazily by any of them
// are in it. A cache made by one command left the others to compile what it never ran:
// made by five, it took 2-4 ms off get, scale and apply.
const child = `
const fs = require("node:fs"), vm = require("node:vm"), Module = require("node:module"), path = require("node:path");
const file = process.env.KUBESIM_BUNDLE;
const lines = JSON.parse(process.env.KUBESIM_WARM);
const script = new vm.Script(Module.wrap(fs.readFileSync(file, "latin1")), { filename: file });
let next = 0;
let failed = "";
function runNext() {
  const args = lines[next++];
  process.argv = [process.argv[0], file, ...args]; // as if run as \`node FILE ARGS\`
  const m = new Module(file, module);
  m.filename = file;
  script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
}
globalThis.__kubesimDone = (code) => {
  if (code !== 0 && !failed) failed = lines[next - 1].join(" ") + " exited " + code;
  if (!failed && next < lines.length) setImmediate(runNext);
};
process.on("exit", () => {
  if (failed) {
    fs.writeSync(2, "warming failed: " + failed + "\\n");
    process.exitCode = 1;
    return;
  }
  fs.writeFileSync(file + ".cache", script.createCachedData());
});
runNext();
`;

/**
 * Runs `lines` in turn with the bundle in a private cluster that `setup` made (each line its
 * own process, so the cache holds none of it), leaving the cache beside the bundle: FILE.cache,
 * or FILE.KIND.cache for a kind of command the launcher starts with its own cache
 * (src/kubectl/commandline.ts, CACHE_KINDS).
 */
function warm(bundle, kind, setup, lines, input) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-codecache-"));
  try {
    const file = path.join(dist, bundle);
    const env = {
      PATH: process.env.PATH,
      KUBESIM_HOME: home,
      KUBESIM_NOW: "2026-11-27T10:00:00Z",
      KUBESIM_TIME_SCALE: "0",
    };
    // The last setup line's output stands for "{}" in the lines (a Service's address).
    let said = "";
    for (const args of setup) {
      const r = spawnSync(process.execPath, [path.join(dist, "kubesim-full.cjs"), ...args], {
        env,
        encoding: "utf8",
      });
      if (r.status !== 0) throw new Error(`setup ${args.join(" ")}: ${r.stderr}`);
      said = r.stdout.trim();
    }
    lines = lines.map((args) => args.map((a) => a.replace("{}", said)));
    const r = spawnSync(process.execPath, ["-e", child], {
      env: { ...env, KUBESIM_BUNDLE: file, KUBESIM_WARM: JSON.stringify(lines) },
      input,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`${bundle} ${kind ?? ""}: ${r.stderr}`);
    if (kind) fs.renameSync(`${file}.cache`, `${file}.${kind}.cache`);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: warm
spec:
  containers:
  - name: web
    image: httpd
`;
const looping = `apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: c
    image: busybox
    command: ["sh", "-c", "while true; do wget -qO- http://web; sleep 5; done"]
`;
/** A settled cluster with a Deployment behind a Service and a plain pod. */
const settled = [
  ["create", "deployment", "web", "--image=nginx"],
  ["expose", "deployment", "web", "--port=80"],
  ["run", "warm", "--image=httpd"],
  ["get", "svc", "web", "-o", "jsonpath={.spec.clusterIP}"],
];
// The kind caches first: each is made in FILE.cache and renamed, and the bundle's own
// cache, made last, stays.
// Reads of a settled cluster: tables, wide tables and describe.
warm("kubesim-core.cjs", "read", settled, [
  ["get", "pods"],
  ["get", "pods", "-o", "wide"],
  ["get", "svc"],
  ["get", "deployments"],
  ["describe", "pod", "warm"],
  ["describe", "deployment", "web"],
]);
// exec into a container, a program run directly and a shell line that writes a file.
warm("kubesim-full.cjs", "exec", settled, [
  ["exec", "deploy/web", "--", "hostname"],
  ["exec", "warm", "--", "sh", "-c", "cat /etc/hostname > /tmp/name"],
]);
// curl from a node: kube-proxy's rules and the data plane to a Service's pods.
warm("kubesim-full.cjs", "net", settled, [
  ["curl", "-s", "10.96.0.1:443"],
  ["curl", "-s", "-o", "/dev/null", "http://{}"],
]);
// The core bundle's own: a new pod (admission, the controllers, the scheduler, the kubelet)
// and the labs' everyday writes, and the reads of a cluster that is not settled. Only the
// first line reads standard input.
warm(
  "kubesim-core.cjs",
  undefined,
  [],
  [
    ["apply", "-f", "-"],
    ["get", "pods"],
    ["get", "svc"],
    ["describe", "pod", "warm"],
    ["create", "deployment", "web", "--image=nginx"],
    ["expose", "deployment", "web", "--port=80"],
    ["scale", "deployment", "web", "--replicas=2"],
    ["label", "pod", "warm", "tier=web"],
    ["delete", "pod", "warm"],
  ],
  pod,
);
// The full bundle's own: a pod whose process runs (the container runtime and its shell),
// the commands that find a process due, exec, curl (DNS, kube-proxy and the data plane) and logs.
warm(
  "kubesim-full.cjs",
  undefined,
  [],
  [
    ["create", "deployment", "web", "--image=nginx"],
    ["expose", "deployment", "web", "--port=80"],
    ["apply", "-f", "-"],
    ["get", "pods"],
    ["exec", "deploy/web", "--", "hostname"],
    ["curl", "-s", "10.96.0.1:443"],
    ["logs", "client"],
  ],
  looping,
);
