// Shell completion: the generated bash script runs in a real bash with COMP_WORDS and
// COMP_CWORD set, and its function's COMPREPLY is checked; object names come through the
// built binary's `__complete`, reading the cluster this test creates. zsh and fish scripts
// are parsed by those shells when they are installed.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "./harness.js";

const sb = new Sandbox();
const binDir = path.join(sb.home, "bin");
let bashScript = "";

beforeAll(async () => {
  // The scripts call `kubesim` from PATH, as after `npm link`; the test points it at this build.
  expect(fs.existsSync(path.join(ROOT, "dist", "kubesim.cjs"))).toBe(true);
  fs.mkdirSync(binDir);
  fs.symlinkSync(path.join(ROOT, "bin", "kubesim"), path.join(binDir, "kubesim"));
  for (const f of ["manifests/pods.yml", "manifests/deployhttpd.yml"])
    expect((await sb.run(["apply", "-f", path.join(ROOT, f)])).code).toBe(0);
  expect((await sb.sh("run web --image=nginx")).code).toBe(0);
  const r = await sb.run(["completion", "bash"]);
  expect(r.code).toBe(0);
  bashScript = path.join(sb.home, "kubesim.bash");
  fs.writeFileSync(bashScript, r.out);
});
afterAll(() => sb.cleanup());

const shellEnv = () => ({ ...sb.env, PATH: `${binDir}:${process.env.PATH}`, HOME: sb.home });

/** COMPREPLY after completing the last word of `words` (the word at the cursor, maybe ""). */
function complete(...words: string[]): string[] {
  const quoted = ["kubesim", ...words].map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(" ");
  const script = `source '${bashScript}'
COMP_WORDS=(${quoted}); COMP_CWORD=${words.length}
COMP_LINE="\${COMP_WORDS[*]}"; COMP_POINT=\${#COMP_LINE}
_kubesim kubesim "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync("bash", ["--norc", "--noprofile", "-c", script], { env: shellEnv(), encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout.split("\n").filter(Boolean);
}

describe("bash completion", () => {
  it("completes verbs", () => {
    expect(complete("")).toContain("get");
    expect(complete("de")).toEqual(["debug", "delete", "describe"]);
    expect(complete("co")).toEqual(["completion", "config", "cordon"]);
    expect(complete("-n", "kube-system", "ge")).toEqual(["get"]);
  });

  it("completes each verb's flags, network verbs included", () => {
    expect(complete("get", "--so")).toEqual(["--sort-by"]);
    expect(complete("get", "--sh")).toEqual(["--show-labels"]);
    expect(complete("logs", "--ta")).toEqual(["--tail"]);
    expect(complete("scale", "--rep")).toEqual(["--replicas"]);
    expect(complete("--names")).toEqual(["--namespace"]);
  });

  it("completes resource types by plural, singular and short name", () => {
    expect(complete("get", "po")).toEqual(["po", "pod", "pods"]);
    expect(complete("describe", "deploy")).toEqual(["deploy", "deployment", "deployments"]);
    expect(complete("get", "sv")).toEqual(["svc"]);
    expect(complete("scale", "")).toEqual([
      "deploy",
      "deployment",
      "deployments",
      "replicaset",
      "replicasets",
      "rs",
    ]);
  });

  it("completes object names from the cluster", () => {
    expect(complete("get", "pods", "")).toEqual(["mydeployments-b4586c898-rdvmk", "testpod", "web"]);
    expect(complete("describe", "pod", "te")).toEqual(["testpod"]);
    expect(complete("delete", "pod/w")).toEqual(["pod/web"]);
    expect(complete("get", "deploy", "")).toEqual(["mydeployments"]);
    expect(complete("rollout", "status", "deployment/")).toEqual(["deployment/mydeployments"]);
    expect(complete("get", "pods", "-n", "kube-system", "etcd")).toEqual(["etcd-kubesim-control-plane"]);
    expect(complete("get", "pods", "-A", "kube-sch")).toEqual(["kube-scheduler-kubesim-control-plane"]);
    expect(complete("get", "nodes", "")).toEqual([
      "kubesim-control-plane",
      "kubesim-worker",
      "kubesim-worker2",
    ]);
  });

  it("completes pods for logs and exec, and their containers", () => {
    expect(complete("logs", "")).toEqual(["mydeployments-b4586c898-rdvmk", "testpod", "web"]);
    expect(complete("exec", "-it", "t")).toEqual(["testpod"]);
    expect(complete("logs", "testpod", "-c", "")).toEqual(["c00", "c01"]);
  });

  it("completes flag values: namespaces, contexts, output formats", () => {
    expect(complete("get", "pods", "-n", "kube-")).toEqual(["kube-node-lease", "kube-public", "kube-system"]);
    expect(complete("get", "pods", "--namespace", "=", "kube-s")).toEqual(["kube-system"]);
    expect(complete("get", "-o", "ya")).toEqual(["yaml"]);
    expect(complete("config", "use-context", "")).toEqual(["kubesim"]);
    expect(complete("get", "pods", "--context", "")).toEqual(["kubesim"]);
  });

  it("offers nothing (and lets bash complete file names) where it knows nothing", () => {
    expect(complete("get", "pods", "--context", "nosuch", "-n", "x", "")).toEqual([]);
    expect(complete("apply", "-f", "")).toEqual([]);
  });
});

describe("zsh and fish scripts", () => {
  const has = (shell: string) => spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;

  it.each(["zsh", "fish"])("%s: the script is produced and parses", async (shell) => {
    const r = await sb.run(["completion", shell]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("__complete --");
    expect(r.out).toContain("get");
    const file = path.join(sb.home, `kubesim.${shell}`);
    fs.writeFileSync(file, r.out);
    if (!has(shell)) {
      // Not installed here: the syntax check cannot run, so only the text is checked.
      console.info(`${shell} is not installed: \`${shell} -n\` on the completion script skipped`);
      return;
    }
    const parsed = spawnSync(shell, ["-n", file], { encoding: "utf8" });
    expect(parsed.stderr).toBe("");
    expect(parsed.status).toBe(0);
  });

  it("rejects other shells as kubectl does", async () => {
    expect(await sb.run(["completion", "tcsh"])).toMatchObject({
      code: 1,
      err: `error: Unsupported shell type "tcsh".\nSee 'kubectl completion -h' for help and examples\n`,
    });
    expect((await sb.run(["completion"])).err).toBe(
      "error: Shell not specified.\nSee 'kubectl completion -h' for help and examples\n",
    );
  });
});
