// Nothing a user types, and nothing typed into the emulated node shell, reaches a host file
// outside KUBESIM_HOME. The BUILT bin/kubesim runs as child processes (`npm run build`
// first) against a lab directory:
//
//   root/home        KUBESIM_HOME, with the default cluster and a pod in it
//   root/victim      a directory with a meta.json, where ../../victim from home/clusters lands
//   root/victim-abs  the same, named by an absolute path
//   root/work        the children's working directory: a pod manifest, a check file, a template
//
// Every path-traversal form is tried as a cluster name through every source (the cluster
// verbs' argument, --cluster, --context, KUBESIM_CLUSTER, config.json's currentCluster) and
// through the node shell's kubectl for every verb it accepts. Each case must be refused
// (exit 1 and the sentence naming the bad name), and the whole lab tree, KUBESIM_HOME
// included, must be byte for byte what it was before.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerVerbs } from "../../src/kubectl/verbs.js";
import { ROOT } from "../harness.js";
import { commandPaths, IGNORES_CLUSTER, snapshot, verbArgv, withFlag } from "./names-lab.js";

const BIN = path.join(ROOT, "bin", "kubesim");

interface Run {
  code: number | null;
  out: string;
  err: string;
}

let root: string;
let home: string;
let work: string;
let before: Map<string, string>;

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: path.join(root, "user"),
    KUBESIM_HOME: home,
    KUBESIM_NOW: "2026-11-27T10:00:00Z",
    KUBESIM_SEED: "1",
    KUBESIM_TIME_SCALE: "0",
    NO_COLOR: "1",
    ...extra,
  };
}

function kubesim(args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env: env(opts.env) });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    // /proc/self once made export loop forever: a case that hangs fails instead of hanging the suite.
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    child.stdin.end(opts.stdin ?? "");
  });
}

/** Runs `fn` over `items`, at most `n` at a time (two cores are shared with other work). */
async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

/** Names that must never become a path; each is safe to pass in argv (no NUL). */
function forms(): { label: string; name: string }[] {
  return [
    { label: "../x", name: "../x" },
    { label: "../../victim", name: "../../victim" },
    { label: "absolute", name: path.join(root, "victim-abs") },
    { label: "a/../../b", name: "a/../../victim" },
    { label: "a/../../../victim", name: "a/../../../victim" },
    { label: ".", name: "." },
    { label: "..", name: ".." },
    { label: "trailing slash", name: "../../victim/" },
    { label: "backslash", name: "..\\..\\victim" },
    { label: "url-encoded", name: "%2e%2e" },
    { label: "url-encoded path", name: "%2e%2e%2f%2e%2e%2fvictim" },
    { label: "very long", name: "a".repeat(300) },
    { label: "newline", name: "kubesim\n../../victim" },
    { label: "home", name: "~/victim" },
  ];
}

/** Files the verbs' command lines name, copied into the working directory (and the node's /root). */
const LAB_FILES = { "manifests/pods.yml": "pod.yaml", "test/fixtures/checks/failing.yml": "checks.yaml" };

const REFUSED = /invalid cluster name|no context exists with the name|context [\s\S]* not found/;

function expectRefused(r: Run, what: string): void {
  expect(r.code, `${what}\n${r.err}`).toBe(1);
  expect(r.err, what).toMatch(REFUSED);
  expect(r.err, what).not.toMatch(/TypeError|Cannot read|ERR_|at \S+ \(/);
}

beforeAll(async () => {
  expect(fs.existsSync(path.join(ROOT, "dist", "kubesim.cjs")), "run `npm run build` first").toBe(true);
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-names-")));
  home = path.join(root, "home");
  work = path.join(root, "work");
  for (const d of ["user", "work", "victim", "victim-abs"]) fs.mkdirSync(path.join(root, d));
  for (const v of ["victim", "victim-abs"]) {
    fs.writeFileSync(path.join(root, v, "meta.json"), '{"schemaVersion":1,"precious":true}\n');
    fs.writeFileSync(path.join(root, v, "notes.txt"), "the user's own file\n");
  }
  for (const [from, to] of Object.entries(LAB_FILES))
    fs.copyFileSync(path.join(ROOT, from), path.join(work, to));
  fs.writeFileSync(path.join(work, "tpl.txt"), "{.items[*].metadata.name}");
  const setup = await kubesim(["apply", "-f", "pod.yaml"]);
  expect(setup.code, setup.err).toBe(0);
  expect((await kubesim(["create", "deployment", "web", "--image=nginx"])).code).toBe(0);
  before = snapshot(root);
}, 120_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/**
 * The lab tree is what it was: nothing created, changed or deleted, in KUBESIM_HOME or next
 * to it. `config use-context kubesim --cluster BAD` rightly ignores the flag and saves its
 * choice in config.json; that file alone is put back first.
 */
function expectUntouched(): void {
  if (!before.has("home/config.json")) fs.rmSync(path.join(home, "config.json"), { force: true });
  const after = snapshot(root);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [p, v] of before) expect(after.get(p), p).toBe(v);
}

describe("cluster names from the command line, the environment and config.json", () => {
  it("refuses every traversal form as the argument of the cluster verbs", async () => {
    // Every form against the verbs that delete and switch; the others take turns (the node
    // shell below tries every form on each of them).
    const others = [
      ["cluster", "create"],
      ["config", "use-context"],
      ["config", "get-contexts"],
    ];
    const cases = forms().flatMap((f, i) =>
      [["cluster", "delete"], ["cluster", "use"], others[i % others.length]].map((verb) => ({
        argv: [...verb, f.name],
        what: `${verb.join(" ")} ${f.label}`,
      })),
    );
    for (const [i, r] of (await pool(cases, 4, (c) => kubesim(c.argv))).entries())
      expectRefused(r, cases[i].what);
    expectUntouched();
  }, 300_000);

  it("refuses every traversal form from --cluster, --context, KUBESIM_CLUSTER and config.json", async () => {
    const verbs = [
      ["get", "pods"],
      ["run", "x", "--image=nginx"],
      ["apply", "-f", "pod.yaml"],
      ["cluster", "delete"],
    ];
    const cases = forms().flatMap((f, i) => [
      { argv: ["get", "pods", "--cluster", f.name], what: `--cluster ${f.label}` },
      { argv: ["run", "x", "--image=nginx", "--context", f.name], what: `--context ${f.label}` },
      { argv: verbs[i % verbs.length], env: { KUBESIM_CLUSTER: f.name }, what: `KUBESIM_CLUSTER ${f.label}` },
      { argv: verbs[(i + 1) % verbs.length], config: f.name, what: `config.json ${f.label}` },
    ]);
    // config.json is one file, so those cases run one at a time after the others.
    const direct = cases.filter((c) => !("config" in c));
    for (const [i, r] of (await pool(direct, 4, (c) => kubesim(c.argv, { env: c.env }))).entries())
      expectRefused(r, direct[i].what);
    const config = path.join(home, "config.json");
    const saved = fs.existsSync(config) ? fs.readFileSync(config) : undefined;
    const configured = [
      ...cases.filter((c) => "config" in c),
      // JSON holds what argv cannot: a NUL byte, and values that are not strings at all.
      { argv: ["get", "pods"], config: "kubesim\u0000/../../victim", what: "config.json NUL" },
      { argv: ["get", "pods"], config: 7 as unknown as string, what: "config.json number" },
    ];
    try {
      for (const c of configured) {
        fs.writeFileSync(config, JSON.stringify({ currentCluster: c.config }));
        expectRefused(await kubesim(c.argv), c.what);
      }
    } finally {
      if (saved) fs.writeFileSync(config, saved);
      else fs.rmSync(config, { force: true });
    }
    expectUntouched();
  }, 300_000);

  it("refuses a traversal name on every verb that takes --cluster or --context", async () => {
    const program = new Command("kubectl");
    const io = { out() {}, err() {}, readStdin: () => "", env: {}, stdoutIsTTY: false };
    await registerVerbs(program, { io, argv: [] }, undefined);
    const all = forms();
    const cases = commandPaths(program)
      .filter((c) => c.flags.length)
      .map((c, i) => {
        const f = all[i % all.length];
        const flag = c.flags[i % c.flags.length];
        return {
          argv: withFlag(c.path, verbArgv(c.path), flag, f.name),
          what: `${c.path} ${flag} ${f.label}`,
          ignored: IGNORES_CLUSTER.has(c.path),
        };
      });
    expect(cases.length).toBeGreaterThan(40);
    for (const [i, r] of (await pool(cases, 4, (c) => kubesim(c.argv))).entries()) {
      if (cases[i].ignored) expect(r.code, `${cases[i].what}\n${r.err}`).toBe(0);
      else expectRefused(r, cases[i].what);
    }
    expectUntouched();
  }, 300_000);
});

describe("the node shell", () => {
  it("refuses every form through every verb its kubectl accepts, and keeps to the node's files", async () => {
    const program = new Command("kubectl");
    const io = { out() {}, err() {}, readStdin: () => "", env: {}, stdoutIsTTY: false };
    await registerVerbs(program, { io, argv: [] }, undefined);
    const quote = (a: string) =>
      a.includes("\0") ? `"$(printf 'kubesim\\0/../../victim')"` : `'${a.replaceAll("'", "'\\''")}'`;
    const names = [...forms().map((f) => f.name), "kubesim\0/../../victim"];
    type Expect = "refused" | "ignored" | "host path";
    const lines: { line: string; what: string; expect: Expect }[] = [];
    const add = (argv: string[], what: string, expect: Expect = "refused") =>
      lines.push({ line: `kubectl ${argv.map(quote).join(" ")}`, what, expect });
    for (const c of commandPaths(program)) {
      const expect = IGNORES_CLUSTER.has(c.path) ? "ignored" : "refused";
      for (const flag of c.flags)
        for (const n of names)
          add(withFlag(c.path, verbArgv(c.path), flag, n), `${c.path} ${flag} ${JSON.stringify(n)}`, expect);
    }
    for (const verb of [
      "cluster delete",
      "cluster use",
      "cluster create",
      "config use-context",
      "config get-contexts",
    ])
      for (const n of names) add([...verb.split(" "), n], `${verb} ${JSON.stringify(n)}`);
    // Host paths typed in the node shell name the node's files, which do not have them.
    const host = (p: string) => path.join(work, p);
    add(["apply", "-f", host("pod.yaml")], "apply -f host file", "host path");
    add(["create", "-f", host("pod.yaml")], "create -f host file", "host path");
    add(["delete", "-f", host("pod.yaml")], "delete -f host file", "host path");
    add(["apply", "-f", "/etc/passwd"], "apply -f /etc/passwd", "host path");
    add(["get", "pods", `-o=jsonpath-file=${host("tpl.txt")}`], "jsonpath-file host file", "host path");
    add(["check", host("checks.yaml")], "check host file", "host path");
    add(["cluster", "export", "--output", "/proc/self"], "export to /proc/self", "host path");
    // The files the verbs' command lines name, in the node's own /root.
    const files = Object.values(LAB_FILES)
      .concat("tpl.txt")
      .map(
        (f) =>
          `cat > ${f} <<'KUBESIM_EOF'\n${fs.readFileSync(path.join(work, f), "utf8").replace(/\n?$/, "\n")}KUBESIM_EOF\n`,
      )
      .join("");
    const script =
      files +
      lines.map((l) => `${l.line} 2>&1; echo "@@ $?"`).join("\n") +
      // An export from the node shell lands in the node's own files.
      `\nkubectl cluster export --output ${quote(path.join(root, "from-node"))} >/dev/null; ls -A ${quote(path.join(root, "from-node"))}\n`;
    const r = await kubesim(["shell"], { stdin: script });
    const segments = r.out.split(/^@@ (\d+)\n/m);
    const tail = segments.pop() ?? "";
    expect(segments.length, r.err).toBe(lines.length * 2);
    for (const [i, l] of lines.entries()) {
      const text = segments[2 * i];
      const code = Number(segments[2 * i + 1]);
      expect(code, `${l.what}\n${text}`).toBe(l.expect === "ignored" ? 0 : 1);
      if (l.expect === "refused") expect(text, l.what).toMatch(REFUSED);
      if (l.expect === "host path")
        expect(text, l.what).toMatch(/does not exist|error reading|cannot read check file|cannot export to/);
      expect(text, l.what).not.toMatch(/TypeError|Cannot read prop|ERR_/);
    }
    expect(tail).toBe(".kubesim-export\nkind-config.yaml\nmanifests\n");
    expect(fs.existsSync(path.join(root, "from-node"))).toBe(false);
    expectUntouched();
  }, 300_000);
});

describe("host paths of cluster export", () => {
  it("refuses kernel filesystems, files and directories it did not write", async () => {
    const cases = [
      { argv: ["cluster", "export", "--output", "/proc/self"], why: /inside \/proc/ },
      { argv: ["cluster", "export", "--output", "/proc/self/x/y"], why: /inside \/proc/ },
      { argv: ["cluster", "export", "--output", "/sys/kernel"], why: /inside \/sys/ },
      { argv: ["cluster", "export", "--output", path.join(root, "victim")], why: /not empty/ },
      {
        argv: ["cluster", "export", "--output", path.join(root, "victim", "meta.json")],
        why: /not a directory/,
      },
    ];
    for (const c of cases) {
      const r = await kubesim(c.argv);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toMatch(c.why);
    }
    expectUntouched();
  }, 120_000);
});
