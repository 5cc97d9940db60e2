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

// Runs in a child: compiles the bundle as Node's loader would, runs the command, and saves
// the cache when the process exits, so functions compiled lazily during the run are in it.
const child = `
const fs = require("node:fs"), vm = require("node:vm"), Module = require("node:module");
const file = process.env.KUBESIM_BUNDLE;
process.argv.splice(1, 0, file); // as if run as \`node FILE ARGS\`
const script = new vm.Script(Module.wrap(fs.readFileSync(file, "latin1")), { filename: file });
process.on("exit", () => fs.writeFileSync(file + ".cache", script.createCachedData()));
const m = new Module(file, module);
m.filename = file;
script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, require("node:path").dirname(file));
`;

/** Runs `args` with the bundle in a private cluster, leaving its cache beside it. */
function warm(bundle, args, input) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-codecache-"));
  try {
    const env = {
      PATH: process.env.PATH,
      KUBESIM_HOME: home,
      KUBESIM_NOW: "2026-11-27T10:00:00Z",
      KUBESIM_TIME_SCALE: "0",
      KUBESIM_BUNDLE: path.join(dist, bundle),
    };
    const r = spawnSync(process.execPath, ["-e", child, "--", ...args], { env, input, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${bundle} ${args.join(" ")}: ${r.stderr}`);
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
// apply runs the admission path, the controllers, the kubelet and a table printer: the
// code most commands share. curl covers DNS, kube-proxy and the data plane.
warm("kubesim-core.cjs", ["apply", "-f", "-"], pod);
warm("kubesim-full.cjs", ["curl", "-s", "10.96.0.1:443"]);
