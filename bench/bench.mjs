// npm run bench: whole-command wall times of kubesim, as ratios to `node -e ''` measured in
// the same run (interleaved, medians), on the seed cluster and on large clusters, so the
// figures say how cost grows with cluster size; and scaling a Deployment to hundreds and
// thousands of replicas, and a rollout restart of them, to show how that cost grows.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { appsManifest } from "./manifest.mjs";

const root = path.resolve(import.meta.dirname, "..");
const bin = path.join(root, "dist", "kubesim.cjs");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/**
 * The environment every timed process gets, kubesim and the baselines alike: the caller's
 * own (so NODE_EXTRA_CA_CERTS or NODE_OPTIONS, which cost every Node start, weigh on both
 * sides), without the KUBESIM_ settings that would pick another cluster or clock.
 */
const callerEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("KUBESIM_")));

// Every cluster home the bench makes goes when it ends, however it ends.
const homes = [];
process.on("exit", () => {
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

function sandbox() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-bench-"));
  homes.push(home);
  return { ...callerEnv, KUBESIM_HOME: home, KUBESIM_TIME_SCALE: "0" };
}

/** The real kubectl client's start, a second yardstick, where one is on PATH. */
const kubectl = spawnSync("kubectl", ["version", "--client"], { env: callerEnv }).status === 0;

function once(args, env, input, exe = process.execPath) {
  const t = process.hrtime.bigint();
  const r = spawnSync(exe, args, {
    cwd: root,
    env,
    input,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return ms;
}

const podsYml = fs.readFileSync(path.join(root, "manifests", "pods.yml"), "utf8");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Times each case interleaved with the baseline, so machine noise hits both alike. */
function measure(cases) {
  const base = [];
  const times = cases.map(() => []);
  const client = [];
  for (let i = 0; i < RUNS; i++) {
    // The baselines run in the cases' own environment (they share one sandbox env).
    base.push(once(["-e", ""], cases[0].env));
    if (kubectl) client.push(once(["version", "--client"], cases[0].env, undefined, "kubectl"));
    for (const [j, c] of cases.entries()) {
      const args = typeof c.args === "function" ? c.args() : c.args;
      times[j].push(once([bin, ...args], c.env, typeof c.input === "function" ? c.input(i) : c.input));
    }
  }
  const b = median(base);
  const k = kubectl ? median(client) : undefined;
  return cases.map((c, j) => ({
    name: c.name,
    ms: median(times[j]),
    ratio: median(times[j]) / b,
    base: b,
    kubectl: k,
  }));
}

/** Deployments of ceil(pods / services) replicas, one Service each. */
function bigManifest(pods, services) {
  return appsManifest(services, Math.ceil(pods / services));
}

/**
 * A fresh cluster with room for `pods`: a kind node takes 110 pods (two are its kube-proxy
 * and kindnet), so large clusters get a worker per 100 pods and every pod really runs.
 */
function sandboxFor(pods) {
  const env = sandbox();
  const nodes = pods ? Math.ceil(pods / 100) + 1 : 3;
  once([bin, "cluster", "create", "kubesim", "--nodes", String(nodes)], env);
  return env;
}

function cluster(pods, services) {
  const env = sandboxFor(pods);
  if (pods) {
    const t = once([bin, "apply", "-f", "-"], env, bigManifest(pods, services));
    const dir = path.join(env.KUBESIM_HOME, "clusters", "kubesim");
    const running = JSON.parse(
      spawnSync(process.execPath, [bin, "get", "deployments", "-o", "json"], {
        env,
        encoding: "utf8",
        maxBuffer: 1 << 28,
      }).stdout,
    ).items.reduce((sum, d) => sum + (d.status.readyReplicas ?? 0), 0);
    if (running < pods) throw new Error(`only ${running} of ${pods} pods are ready`);
    const size = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    process.stdout.write(
      `  built ${pods} pods / ${services} Services in ${(t / 1000).toFixed(1)} s; state ${(size / 1e6).toFixed(1)} MB\n`,
    );
  }
  return env;
}

function report(title, rows) {
  process.stdout.write(`\n${title}\n`);
  for (const r of rows) {
    process.stdout.write(
      `  ${r.name.padEnd(44)} ${r.ms.toFixed(1).padStart(7)} ms   ${r.ratio.toFixed(2)}x   (node -e '': ${r.base.toFixed(1)} ms)${
        r.kubectl
          ? `   ${(r.ms / r.kubectl).toFixed(2)}x kubectl (kubectl version --client: ${r.kubectl.toFixed(1)} ms)`
          : ""
      }\n`,
    );
  }
}

if (!fs.existsSync(bin)) throw new Error("build first: npm run build");
process.stdout.write(
  `environment: NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? "set" : "unset"}, the same for kubesim and both yardsticks\n`,
);
const sizes = (process.env.BENCH_SIZES ?? "0:0,5000:500,5000:1000")
  .split(",")
  .map((s) => s.split(":").map(Number));
for (const [pods, services] of sizes) {
  process.stdout.write(
    `\ncluster: ${pods ? `${pods} pods, ${services} Services, ${Math.ceil(pods / 100) + 1} nodes` : "seed (kind-like, system pods only)"}\n`,
  );
  const env = cluster(pods, services);
  const cases = [
    { name: "kubesim get pods", args: ["get", "pods"], env },
    { name: "kubesim apply -f manifests/pods.yml", args: ["apply", "-f", "manifests/pods.yml"], env },
    {
      name: "kubesim apply -f - (a new pod each run)",
      args: ["apply", "-f", "-"],
      env,
      input: (i) => podsYml.replace("name: testpod", `name: bench-${i}`),
    },
  ];
  if (services) {
    const out = spawnSync(process.execPath, [bin, "get", "svc", "app0", "-o", "json"], {
      env,
      encoding: "utf8",
    }).stdout;
    const ip = JSON.parse(out).spec.clusterIP;
    cases.push({ name: `kubesim curl ${ip} (a ClusterIP)`, args: ["curl", "-s", ip], env });
    cases.push({ name: `kubesim trace ${ip} (a ClusterIP)`, args: ["trace", ip], env });
  }
  if (!pods) cases.push(...seedCases());
  report(`  (${RUNS} runs each, medians)`, measure(cases));
}

/**
 * The seed cluster's other everyday commands (issue 17's seed targets: reads within 2.5x,
 * writes within 3x), in a second seed cluster holding a Deployment behind a Service, one to
 * scale, and one plain pod per run to delete, so the cases above keep the cluster they always had.
 */
function seedCases() {
  const env = sandboxFor(0);
  once([bin, "create", "deployment", "web", "--image=nginx", "--replicas=1"], env);
  once([bin, "expose", "deployment", "web", "--port=80"], env);
  // Scaled on its own, so scaling down never takes the pod the other cases use.
  once([bin, "create", "deployment", "scaled", "--image=nginx", "--replicas=1"], env);
  const doomed = Array.from(
    { length: RUNS },
    (_, i) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: doomed-${i}\nspec:\n  containers:\n  - name: web\n    image: httpd\n`,
  );
  once([bin, "apply", "-f", "-"], env, doomed.join("---\n"));
  const json = (...args) =>
    JSON.parse(spawnSync(process.execPath, [bin, ...args, "-o", "json"], { env, encoding: "utf8" }).stdout);
  const ip = json("get", "svc", "web").spec.clusterIP;
  const pod = json("get", "pods", "-l", "app=web").items[0].metadata.name;
  let run = 0;
  let scaled = 0;
  return [
    { name: "kubesim get svc", args: ["get", "svc"], env },
    { name: "kubesim describe pod (a Deployment's)", args: ["describe", "pod", pod], env },
    { name: "kubesim delete pod (one each run)", args: () => ["delete", "pod", `doomed-${run++}`], env },
    {
      name: "kubesim scale deployment (1 <-> 2 replicas)",
      args: () => ["scale", "deployment", "scaled", `--replicas=${scaled++ % 2 ? 1 : 2}`],
      env,
    },
    { name: "kubesim exec POD -- hostname", args: ["exec", pod, "--", "hostname"], env },
    { name: `kubesim curl ${ip} (a ClusterIP)`, args: ["curl", "-s", ip], env },
  ];
}

/**
 * Client loops (issue 13): pods whose main process is `while true; do wget ...; sleep 2; done`
 * against a Service, on a frozen clock moved a day ahead. The first command after the day
 * runs the loops' catch-up (only the turns their 128 KiB logs keep, see kubelet/logs.ts);
 * the commands after it, at the same moment, find nothing to catch up.
 */
const loopSizes = (process.env.BENCH_LOOPS ?? "1,100").split(",").map(Number).filter(Boolean);
const LOOP = `while true; do wget -qO- http://websvc | grep title; sleep 2; done`;
for (const loops of loopSizes) {
  process.stdout.write(`\nclient loops: ${loops} pod(s) looping on a Service for 24 simulated hours\n`);
  const env = { ...sandboxFor(loops + 2), KUBESIM_NOW: "2026-01-01T00:00:00Z" };
  const plain = { ...sandboxFor(loops + 2), KUBESIM_NOW: "2026-01-01T00:00:00Z" };
  for (const e of [env, plain]) {
    once([bin, "create", "deployment", "websvc", "--image=nginx", "--replicas=2"], e);
    once([bin, "expose", "deployment", "websvc", "--port=80"], e);
  }
  // The same pods in both clusters; only in `env` do they loop.
  once(
    [bin, "create", "deployment", "client", "--image=busybox", `--replicas=${loops}`, "--", "sh", "-c", LOOP],
    env,
  );
  once([bin, "create", "deployment", "client", "--image=httpd", `--replicas=${loops}`], plain);
  for (const e of [env, plain]) once([bin, "get", "pods"], { ...e, KUBESIM_NOW: "2026-01-01T00:01:00Z" });
  const day = { ...env, KUBESIM_NOW: "2026-01-02T00:01:00Z" };
  const dayPlain = { ...plain, KUBESIM_NOW: "2026-01-02T00:01:00Z" };
  const first = once([bin, "get", "pods"], day);
  once([bin, "get", "pods"], dayPlain);
  const pod = JSON.parse(
    spawnSync(process.execPath, [bin, "get", "pods", "-l", "app=client", "-o", "json"], {
      env: day,
      encoding: "utf8",
      maxBuffer: 1 << 28,
    }).stdout,
  ).items[0].metadata.name;
  process.stdout.write(`  first command after the day (the catch-up): ${(first / 1000).toFixed(2)} s\n`);
  report(
    `  (${RUNS} runs each, medians)`,
    measure([
      {
        name: `kubesim logs ${loops === 1 ? "POD" : "one POD"} (a day of a loop)`,
        args: ["logs", pod],
        env: day,
      },
      { name: `kubesim get pods (${loops} looping)`, args: ["get", "pods"], env: day },
      { name: `kubesim get pods (${loops} not looping)`, args: ["get", "pods"], env: dayPlain },
    ]),
  );
}

/**
 * Scaling one Deployment from 1 to N replicas and a `rollout restart` of the N, each a whole
 * command that also runs the controllers and kubelet to completion (KUBESIM_TIME_SCALE=0),
 * so the figure covers creating, scheduling and starting every pod, or replacing them all.
 */
const replicaSizes = (process.env.BENCH_REPLICAS ?? "200,2000").split(",").map(Number).filter(Boolean);
const scaleRuns = Number(process.env.BENCH_SCALE_RUNS ?? 3);
for (const n of replicaSizes) {
  process.stdout.write(`\ndeployment: scaling to ${n} replicas (${scaleRuns} runs each, medians)\n`);
  const env = sandboxFor(n);
  once([bin, "create", "deployment", "big", "--image=httpd", "--replicas=1"], env);
  const base = [];
  const up = [];
  const restart = [];
  /** The timed command must have done the whole job, or the figure would flatter it. */
  const expectReady = (what) => {
    const out = spawnSync(process.execPath, [bin, "get", "deployment", "big", "-o", "json"], {
      env,
      encoding: "utf8",
    });
    const st = JSON.parse(out.stdout).status;
    if (st.readyReplicas !== n || st.updatedReplicas !== n || st.replicas !== n)
      throw new Error(`after ${what}: ${JSON.stringify(st)}`);
  };
  for (let i = 0; i < scaleRuns; i++) {
    base.push(once(["-e", ""], env));
    up.push(once([bin, "scale", "deployment/big", `--replicas=${n}`], env));
    expectReady("scale");
    restart.push(once([bin, "rollout", "restart", "deployment/big"], env));
    expectReady("rollout restart");
    once([bin, "scale", "deployment/big", "--replicas=1"], env);
  }
  const b = median(base);
  const rows = [
    { name: `kubesim scale deployment/big --replicas=${n}`, ms: median(up) },
    { name: `kubesim rollout restart deployment/big (${n})`, ms: median(restart) },
  ];
  for (const r of rows) {
    process.stdout.write(
      `  ${r.name.padEnd(44)} ${r.ms.toFixed(1).padStart(7)} ms   ${(r.ms / b).toFixed(2)}x   ${((r.ms - b) / n).toFixed(2)} ms/replica   (node -e '': ${b.toFixed(1)} ms)\n`,
    );
  }
}

/**
 * A StatefulSet scaled from 0 to N replicas (OrderedReady: one pod at a time, each Running
 * and Ready before the next), a whole command on an instant cluster.
 */
const stsSize = Number(process.env.BENCH_STS_REPLICAS ?? 50);
if (stsSize > 0) {
  process.stdout.write(
    `\nstatefulset: scaling from 0 to ${stsSize} replicas (${scaleRuns} runs each, medians)\n`,
  );
  const env = sandboxFor(stsSize);
  const manifest = fs
    .readFileSync(path.join(root, "test", "fixtures", "statefulset", "web.yaml"), "utf8")
    .replace("replicas: 2", "replicas: 0");
  once([bin, "apply", "-f", "-"], env, manifest);
  const base = [];
  const up = [];
  for (let i = 0; i < scaleRuns; i++) {
    base.push(once(["-e", ""], env));
    up.push(once([bin, "scale", "statefulset/web", `--replicas=${stsSize}`], env));
    const out = spawnSync(process.execPath, [bin, "get", "statefulset", "web", "-o", "json"], {
      env,
      encoding: "utf8",
    });
    const st = JSON.parse(out.stdout).status;
    if (st.readyReplicas !== stsSize) throw new Error(`after scale: ${JSON.stringify(st)}`);
    once([bin, "scale", "statefulset/web", "--replicas=0"], env);
  }
  const b = median(base);
  const ms = median(up);
  process.stdout.write(
    `  ${`kubesim scale statefulset/web --replicas=${stsSize}`.padEnd(44)} ${ms.toFixed(1).padStart(7)} ms   ${(ms / b).toFixed(2)}x   (node -e '': ${b.toFixed(1)} ms)\n`,
  );
}

/**
 * Configuration objects (issue 14): `get pods` on a seed cluster holding 1,000 ConfigMaps and
 * 1,000 Secrets against the same command on a seed cluster without them. A pod listing must
 * not pay for kinds it does not print.
 */
const configCount = Number(process.env.BENCH_CONFIG ?? 1000);
if (configCount) {
  process.stdout.write(`\nconfiguration: ${configCount} ConfigMaps and ${configCount} Secrets\n`);
  const withConfig = sandboxFor(0);
  const without = sandboxFor(0);
  const docs = [];
  for (let i = 0; i < configCount; i++) {
    docs.push(
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  index.html: "page ${i}"\n  mode: "${i % 2 ? "blue" : "green"}"`,
    );
    docs.push(
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: secret-${i}\nstringData:\n  password: "p${i}"`,
    );
  }
  const t = once([bin, "apply", "-f", "-"], withConfig, docs.join("\n---\n"));
  process.stdout.write(`  applied ${2 * configCount} objects in ${(t / 1000).toFixed(1)} s\n`);
  for (const e of [withConfig, without])
    once([bin, "create", "deployment", "web", "--image=nginx", "--replicas=3"], e);
  report(
    `  (${RUNS} runs each, medians)`,
    measure([
      {
        name: `kubesim get pods (${2 * configCount} config objects)`,
        args: ["get", "pods"],
        env: withConfig,
      },
      { name: "kubesim get pods (no config objects)", args: ["get", "pods"], env: without },
      { name: "kubesim get configmap cm-7", args: ["get", "configmap", "cm-7"], env: withConfig },
    ]),
  );
}

/**
 * port-forward (issue 16): requests per second through `kubesim port-forward` to a simulated
 * nginx, over real loopback sockets: sequential GETs, a new connection each (no keep-alive),
 * for a few seconds. Each request is a locked transaction over the state (nginx's access log
 * line is kept), so this is the cost of one short kubesim command without a process start.
 */
const pfSeconds = Number(process.env.BENCH_PF_SECONDS ?? 3);
if (pfSeconds) {
  const { spawn } = await import("node:child_process");
  const http = await import("node:http");
  process.stdout.write(`\nport-forward: sequential GETs to a simulated nginx, ${pfSeconds} s\n`);
  const env = { ...sandbox(), KUBESIM_NOW: "2026-11-27T10:00:00Z" };
  once([bin, "run", "web", "--image=nginx"], env);
  env.KUBESIM_NOW = "2026-11-27T10:01:00Z";
  const child = spawn(process.execPath, [bin, "port-forward", "pod/web", ":80"], { env });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  const t0 = Date.now();
  while (!/\[::1\]:(\d+) -> 80/.test(out)) {
    if (Date.now() - t0 > 20000) throw new Error(`port-forward did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)[1]);
  const get = () =>
    new Promise((resolve, reject) => {
      const req = http.get({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      });
      req.on("error", reject);
    });
  let n = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(pfSeconds * 1e9);
  while (process.hrtime.bigint() < until) {
    await get();
    n++;
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  child.kill("SIGINT");
  process.stdout.write(
    `  ${"kubesim port-forward pod/web :80".padEnd(44)} ${(n / secs).toFixed(1).padStart(7)} req/s   (${n} GETs, ${(
      (secs * 1000) / n
    ).toFixed(1)} ms each)\n`,
  );
}

/**
 * Ingress at scale (issue 16): kind's Ingress guide (a control plane publishing 80/443,
 * ingress-nginx from the offline copy of kind's manifest, usage.yaml's foo and bar apps),
 * then N more Ingresses with a path each; `curl --from outside localhost/foo/hostname` walks
 * the controller's rules on every request, so its cost says how routing grows with rules.
 */
const ingressSizes = (process.env.BENCH_INGRESSES ?? "0,1000").split(",").map(Number);
const KIND_INGRESS = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
- role: control-plane
  extraPortMappings:
  - containerPort: 80
    hostPort: 80
  - containerPort: 443
    hostPort: 443
`;
function ingresses(n) {
  const docs = [];
  for (let i = 0; i < n; i++)
    docs.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: extra-${i}
spec:
  rules:
  - host: app${i}.example.com
    http:
      paths:
      - pathType: Prefix
        path: /app${i}
        backend:
          service:
            name: foo-service
            port:
              number: 8080`);
  return docs.join("\n---\n");
}
for (const n of ingressSizes) {
  process.stdout.write(`\ningress: kind's guide plus ${n} more Ingresses\n`);
  const env = sandbox();
  once([bin, "cluster", "create", "kind", "--config", "-"], env, KIND_INGRESS);
  once([bin, "apply", "-f", "https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml"], env);
  once(
    [
      bin,
      "wait",
      "-n",
      "ingress-nginx",
      "--for=condition=ready",
      "pod",
      "-l",
      "app.kubernetes.io/component=controller",
      "--timeout=90s",
    ],
    env,
  );
  once([bin, "apply", "-f", "https://kind.sigs.k8s.io/examples/ingress/usage.yaml"], env);
  if (n) once([bin, "apply", "-f", "-"], env, ingresses(n));
  const cases = [
    {
      name: "kubesim curl --from outside localhost/foo/hostname",
      args: ["curl", "-s", "--from", "outside", "localhost/foo/hostname"],
      env,
    },
  ];
  report(`  (${RUNS} runs each, medians)`, measure(cases));
}
