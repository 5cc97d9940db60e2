// npm run bench (second part), issue 17: what one command costs as the cluster grows. For
// each size (BENCH_GROWTH, pods; default 1,000 and 10,000; 100,000 takes minutes to build)
// a cluster of Deployments of 10 pods, one Service each and a node per 100 pods is built
// from one `apply -f -`, then the single-object commands and the lists are timed,
// interleaved with `node -e ''` in the same environment, and each ratio is printed with its
// growth from the smallest size: flat for single-object commands, linear in rows for lists.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { appsManifest } from "./manifest.mjs";

const root = path.resolve(import.meta.dirname, "..");
const bin = path.join(root, "dist", "kubesim.cjs");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const sizes = (process.env.BENCH_GROWTH ?? "1000,10000").split(",").map(Number).filter(Boolean);
const callerEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("KUBESIM_")));

function run(args, env, input, exe = process.execPath) {
  const t = process.hrtime.bigint();
  const r = spawnSync(exe, args, { cwd: root, env, input, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return { ms, out: r.stdout };
}

// A 100,000-pod cluster's home holds 1.3 GB: every one the run made goes when it ends.
const homes = [];
process.on("exit", () => {
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

function build(pods) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-growth-"));
  homes.push(home);
  const env = { ...callerEnv, KUBESIM_HOME: home, KUBESIM_TIME_SCALE: "0" };
  const nodes = Math.ceil(pods / 100) + 1;
  // Past 256 nodes, --nodes makes the kind config with a /9 pod subnet itself.
  run([bin, "cluster", "create", "kubesim", "--nodes", String(nodes)], env);
  const t = run([bin, "apply", "-f", "-"], env, appsManifest(pods / 10, 10)).ms;
  const dir = path.join(home, "clusters", "kubesim");
  const size = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  process.stdout.write(
    `\n${pods} pods, ${pods / 10} Services, ${nodes} nodes: built in ${(t / 1000).toFixed(1)} s, state ${(size / 1e6).toFixed(1)} MB\n`,
  );
  return env;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cases(env) {
  const pods = run([bin, "get", "pods", "-l", "app=app1", "-o", "name"], env).out.trim().split("\n");
  const svc = JSON.parse(run([bin, "get", "svc", "app1", "-o", "json"], env).out);
  const node = JSON.parse(run([bin, "get", pods[0], "-o", "json"], env).out).spec.nodeName;
  const one = pods[0].replace("pod/", "");
  const victims = run([bin, "get", "pods", "-l", "app=app2", "-o", "name"], env).out.trim().split("\n");
  return [
    { name: "get pod one", args: () => ["get", "pod", one] },
    { name: "describe pod one", args: () => ["describe", "pod", one] },
    { name: "label pod one", args: (i) => ["label", "pod", one, `run=${i}`, "--overwrite"] },
    { name: "delete pod one", args: (i) => ["delete", victims[i % victims.length]] },
    {
      name: "scale deployment one (10 <-> 15)",
      args: (i) => ["scale", "deployment", "app3", `--replicas=${i % 2 ? 10 : 15}`],
    },
    {
      name: "apply -f one new pod",
      args: () => ["apply", "-f", "-"],
      input: (i) =>
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo-${i}\nspec:\n  containers:\n  - name: c\n    image: nginx\n`,
    },
    { name: "curl <ClusterIP>", args: () => ["curl", "-s", svc.spec.clusterIP] },
    { name: "exec one -- hostname", args: () => ["exec", one, "--", "hostname"] },
    { name: "get pods -l app=x (10 rows)", args: () => ["get", "pods", "-l", "app=app4"] },
    {
      name: "get pods --field-selector spec.nodeName=n",
      args: () => ["get", "pods", "-A", "--field-selector", `spec.nodeName=${node}`],
    },
    { name: "get pods (every row)", args: () => ["get", "pods"] },
  ];
}

const results = new Map();
for (const pods of sizes) {
  const env = build(pods);
  const list = cases(env);
  const base = [];
  const times = list.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    base.push(run(["-e", ""], env).ms);
    for (const [j, c] of list.entries()) times[j].push(run([bin, ...c.args(i)], env, c.input?.(i)).ms);
  }
  const b = median(base);
  for (const [j, c] of list.entries()) {
    const ratio = median(times[j]) / b;
    const first = results.get(c.name)?.[0]?.ratio;
    results.set(c.name, [...(results.get(c.name) ?? []), { pods, ratio }]);
    process.stdout.write(
      `  ${c.name.padEnd(44)} ${median(times[j]).toFixed(1).padStart(8)} ms   ${ratio.toFixed(2)}x${
        first ? `   (${(ratio / first).toFixed(2)}x the ${sizes[0]}-pod ratio)` : ""
      }   (node -e '': ${b.toFixed(1)} ms)\n`,
    );
  }
}
