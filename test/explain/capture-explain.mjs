// Captures what the real kubectl v1.32 prints for each case in cases.json, explaining from
// kubesim's own bundle through openapi-server.mjs, into expected/ (stdout as NAME.out, stderr
// and exit code in NAME.json). Run by hand after changing the bundle or the cases:
//   node test/explain/capture-explain.mjs        (KUBECTL=/path/to/kubectl to pick a binary)
// explain.test.ts then holds kubesim's explain to these files, with or without a kubectl.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { serve } from "./openapi-server.mjs";

const here = import.meta.dirname;
const cases = JSON.parse(fs.readFileSync(path.join(here, "cases.json"), "utf8"));
const kubectl = process.env.KUBECTL ?? "kubectl";
const server = await serve();
const crdServers = new Map(); // crd file → server that serves it besides the bundle
const cache = fs.mkdtempSync(path.join(os.tmpdir(), "explain-capture-"));

async function serverFor(c) {
  if (!c.crd) return server;
  if (!crdServers.has(c.crd)) {
    const extra = JSON.parse(fs.readFileSync(path.join(here, c.crd), "utf8"));
    crdServers.set(c.crd, await serve(0, [extra]));
  }
  return crdServers.get(c.crd);
}

function run(args, port) {
  return new Promise((resolve, reject) => {
    const argv = [`--server=http://127.0.0.1:${port}`, "--kubeconfig=/dev/null", `--cache-dir=${cache}`];
    const child = spawn(kubectl, ["explain", ...args, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ out, err, code }));
  });
}

const version = await new Promise((resolve) => {
  const c = spawn(kubectl, ["version", "--client"], { stdio: ["ignore", "pipe", "ignore"] });
  let out = "";
  c.stdout.on("data", (d) => (out += d));
  c.on("close", () => resolve(out.split("\n")[0]));
});
if (!/v1\.32\./.test(version)) console.error(`warning: ${kubectl} is not v1.32 (${version})`);
const dir = path.join(here, "expected");
fs.mkdirSync(dir, { recursive: true });
for (const c of cases) {
  const r = await run(c.args, (await serverFor(c)).port);
  fs.writeFileSync(path.join(dir, `${c.name}.out`), r.out);
  fs.writeFileSync(path.join(dir, `${c.name}.json`), `${JSON.stringify({ kubectl: version, err: r.err, code: r.code }, null, 2)}\n`);
  console.log(`${c.name}: exit ${r.code}, ${r.out.split("\n").length - 1} lines`);
}
server.close();
for (const s of crdServers.values()) s.close();
fs.rmSync(cache, { recursive: true, force: true });
