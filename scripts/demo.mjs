// npm run demo: the seed labs end to end on a fresh default cluster, each command printed
// as a learner types it, followed by what kubesim prints. It uses its own KUBESIM_HOME and
// a fixed cluster clock, so waits pass in simulated time and the demo takes seconds.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = path.join(root, "dist", "kubesim.cjs");
const home = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-demo-"));
const env = {
  ...process.env,
  KUBESIM_HOME: home,
  KUBESIM_NOW: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
};

function kubectl(line, { capture = false } = {}) {
  const args = line.match(/'[^']*'|\S+/g).map((a) => a.replace(/^'|'$/g, ""));
  if (!capture) process.stdout.write(`\n$ kubectl ${line}\n`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: "utf8" });
  if (capture) return r.stdout.trim();
  process.stdout.write(r.stdout);
  process.stdout.write(r.stderr);
  if (r.status !== 0) process.stdout.write(`(exit ${r.status})\n`);
  return r.stdout;
}

function heading(s) {
  process.stdout.write(`\n### ${s}\n`);
}

if (!fs.existsSync(bin)) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
process.stdout.write(`(alias kubectl=kubesim; state in ${home})\n`);

heading("The cluster");
kubectl("get nodes -o wide");
kubectl("get pods -A");

heading("Lab 1: two containers in one pod (pods.yml)");
kubectl("apply -f manifests/pods.yml");
kubectl("get pods");
kubectl("wait --for=condition=Ready pod/testpod --timeout=60s");
kubectl("get pods -o wide");
kubectl("describe pod testpod");

heading("Lab 2: pod to pod (interpod-pod1.yml, interpod-pod2.yml)");
kubectl("apply -f manifests/interpod-pod1.yml");
kubectl("apply -f manifests/interpod-pod2.yml");
kubectl("wait --for=condition=Ready pod/testpod1 pod/testpod2");
kubectl("get pods -o wide");

heading("A learner's typo: Ports: (interpod-pod1.alt-vishvanath-BADFIELD.yml)");
kubectl("apply -f manifests/variants/interpod-pod1.alt-vishvanath-BADFIELD.yml");

heading("Lab 3: a Deployment and a ClusterIP Service (deployhttpd.yml, service.yml)");
kubectl("apply -f manifests/deployhttpd.yml");
kubectl("get pods -l name=deployment");
kubectl("wait --for=condition=Available deployment/mydeployments");
kubectl("get pods -l name=deployment -o wide");
kubectl("apply -f manifests/service.yml");
kubectl("get svc");
kubectl("describe svc demoservice");
kubectl("get endpoints demoservice");

heading("The pod goes, the Service's IP stays");
const pod = kubectl("get pods -l name=deployment -o name", { capture: true }).replace("pod/", "");
kubectl("get pods -l name=deployment -o wide");
kubectl(`delete pod ${pod}`);
kubectl("get pods -l name=deployment -o wide");
kubectl("wait --for=condition=Ready pods -l name=deployment");
kubectl("get pods -l name=deployment -o wide");
kubectl("get svc demoservice");
kubectl("describe svc demoservice");

heading("Lab 4: the same Service as a NodePort (service-nodeport.yml)");
kubectl("apply -f manifests/service-nodeport.yml");
kubectl("get svc demoservice -o wide");

heading("Clean up");
kubectl("delete -f manifests/service-nodeport.yml");
kubectl("delete -f manifests/deployhttpd.yml");
kubectl("delete -f manifests/pods.yml -f manifests/interpod-pod1.yml -f manifests/interpod-pod2.yml");
kubectl("get pods");

fs.rmSync(home, { recursive: true, force: true });
