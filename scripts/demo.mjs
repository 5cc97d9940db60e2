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

function kubectl(line, { capture = false, input, as = "kubectl" } = {}) {
  const args = line.match(/'[^']*'|\S+/g).map((a) => a.replace(/^'|'$/g, ""));
  if (!capture) process.stdout.write(`\n$ ${as} ${line}${input ? `  <<'EOF'\n${input}EOF` : ""}\n`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: "utf8", input });
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
kubectl("logs testpod -c c00 --tail 3");
kubectl("exec testpod -c c00 -- curl localhost:80");
kubectl("exec -i testpod -c c00 -- bash", {
  input:
    'curl localhost\napt update > /dev/null 2>&1 && apt install -y curl > /dev/null 2>&1\ncurl -s localhost:80\ncurl -s localhost:8080 || echo "exit $?: nothing listens on 8080"\n',
});

heading("Lab 2: pod to pod (interpod-pod1.yml, interpod-pod2.yml)");
kubectl("apply -f manifests/interpod-pod1.yml");
kubectl("apply -f manifests/interpod-pod2.yml");
kubectl("wait --for=condition=Ready pod/testpod1 pod/testpod2");
kubectl("get pods -o wide");
const ip1 = JSON.parse(kubectl("get pod testpod1 -o json", { capture: true })).status.podIP;
const ip2 = JSON.parse(kubectl("get pod testpod2 -o json", { capture: true })).status.podIP;
kubectl(`curl ${ip1}`, { as: "kubesim" });
kubectl(`curl ${ip2}`, { as: "kubesim" });
kubectl(`curl --from outside ${ip2} --connect-timeout 5`, { as: "kubesim" });

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
const vip = JSON.parse(kubectl("get svc demoservice -o json", { capture: true })).spec.clusterIP;
kubectl(`curl ${vip}`, { as: "kubesim" });
kubectl("curl demoservice", { as: "kubesim" });
kubectl("exec testpod -c c00 -- curl -s demoservice");
kubectl("iptables-save", { as: "kubesim" });

heading("The pod goes, the Service's IP stays");
const pod = kubectl("get pods -l name=deployment -o name", { capture: true }).replace("pod/", "");
kubectl("get pods -l name=deployment -o wide");
kubectl(`delete pod ${pod}`);
kubectl("get pods -l name=deployment -o wide");
kubectl("wait --for=condition=Ready pods -l name=deployment");
kubectl("get pods -l name=deployment -o wide");
kubectl("get svc demoservice");
kubectl("describe svc demoservice");
kubectl(`curl ${vip}`, { as: "kubesim" });

heading("The node shell (the course's VM)");
kubectl("shell", {
  as: "kubesim",
  input: `hostname\nkubectl get svc demoservice\ncurl -s ${vip}\nping -c 2 ${vip}\nnslookup demoservice\nip route\n`,
});

heading("Why traffic flows or fails: trace, explain, diagram (kubesim's own)");
kubectl(`trace --from pod/testpod -c c01 demoservice`, { as: "kubesim" });
kubectl("apply -f manifests/variants/service-clusterip.alt-sandeepdasari-BUGGY.yml");
kubectl(`curl --trace -sS ${vip}`, { as: "kubesim" });
kubectl("explain service demoservice", { as: "kubesim" });
kubectl("apply -f manifests/service.yml");
kubectl("diagram", { as: "kubesim" });

heading("Lab 4: the same Service as a NodePort (service-nodeport.yml)");
kubectl("apply -f manifests/service-nodeport.yml");
kubectl("get svc demoservice -o wide");
const nodePort = JSON.parse(kubectl("get svc demoservice -o json", { capture: true })).spec.ports[0].nodePort;
kubectl("get nodes -o wide");
kubectl(`curl -s 172.18.0.3:${nodePort}`, { as: "kubesim" });
kubectl(`curl -s --node kubesim-worker2 172.18.0.2:${nodePort}`, { as: "kubesim" });
kubectl(`curl -s --from outside http://172.18.0.4:${nodePort}/`, { as: "kubesim" });
kubectl(`curl --connect-timeout 3 --from outside ${vip}`, { as: "kubesim" });

heading("LoadBalancer (service-loadbalancer.yml)");
kubectl("apply -f manifests/service-loadbalancer.yml");
kubectl("get svc demoservice");
// The load balancer takes a moment to provision: let two seconds of cluster time pass.
env.KUBESIM_NOW = new Date(Date.parse(env.KUBESIM_NOW) + 2000).toISOString().replace(/\.\d+Z$/, "Z");
process.stdout.write("\n$ sleep 2\n");
kubectl("get svc demoservice");
const lb = JSON.parse(kubectl("get svc demoservice -o json", { capture: true })).status.loadBalancer
  .ingress?.[0]?.ip;
kubectl(`curl -s --from outside ${lb}`, { as: "kubesim" });
kubectl("describe svc demoservice");

heading("Clean up");
kubectl("delete -f manifests/service-loadbalancer.yml");
kubectl("delete -f manifests/deployhttpd.yml");
kubectl("delete -f manifests/pods.yml -f manifests/interpod-pod1.yml -f manifests/interpod-pod2.yml");
kubectl("get pods");

heading("NetworkPolicy: default deny, then allow by label");
kubectl("create namespace lab");
kubectl("create deployment nginx --image=nginx -n lab");
kubectl("expose deployment nginx --port=80 -n lab");
kubectl("run client -n lab --image=curlimages/curl -- sleep infinity");
kubectl("run trusted -n lab --labels access=true --image=curlimages/curl -- sleep infinity");
kubectl("wait --for=condition=Ready pods --all -n lab --timeout=60s");
kubectl("exec -n lab client -- curl -sS --max-time 3 -o /dev/null -w '%{http_code}\\n' http://nginx");
kubectl("apply -n lab -f test/fixtures/netpol/default-deny.yml");
kubectl("exec -n lab client -- curl -sS --max-time 3 http://nginx");
kubectl("apply -n lab -f test/fixtures/netpol/allow-access.yml");
kubectl("exec -n lab client -- curl -sS --max-time 3 http://nginx");
kubectl("exec -n lab trusted -- curl -sS --max-time 3 -o /dev/null -w '%{http_code}\\n' http://nginx");
kubectl("get netpol -n lab");
kubectl("describe netpol access-nginx -n lab");
kubectl("apply -n lab -f test/fixtures/netpol/bad-port.yml");
kubectl("delete namespace lab");

fs.rmSync(home, { recursive: true, force: true });
