// The pieces of names.test.ts that are not the cases: the verbs the CLI registers, a valid
// command line for each (so that a refusal comes from the cluster name and not from a
// missing argument), and a content snapshot of a directory tree.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";

/**
 * curl and trace read their own options, --cluster and --context among them; set-context's
 * --cluster names the context's cluster field, not the cluster the command runs against.
 */
const OWN_PARSERS: Record<string, string[]> = {
  curl: ["--cluster", "--context"],
  trace: ["--cluster", "--context"],
  "config set-context": [],
};

/** Verbs with --cluster that never open a cluster: they ignore the flag, and must still touch nothing. */
export const IGNORES_CLUSTER = new Set([
  "version",
  "api-resources",
  "api-versions",
  "config get-contexts",
  "config current-context",
  "config use-context",
  "plugin",
  "plugin list",
  "certificate",
  "top",
  "top node",
  "top pod",
  "config get-clusters",
  "config get-users",
  "explain",
  "kustomize",
]);

export interface CommandPath {
  path: string;
  /** The cluster-naming flags it takes. */
  flags: string[];
}

/** Every runnable command of the program ("rollout status", "create service nodeport", ...). */
export function commandPaths(program: Command): CommandPath[] {
  const out: CommandPath[] = [];
  const walk = (c: Command, prefix: string[]) => {
    for (const sub of c.commands) {
      const p = [...prefix, sub.name()];
      const name = p.join(" ");
      const flags =
        OWN_PARSERS[name] ??
        sub.options.map((o) => o.long ?? "").filter((l) => /^--(cluster|context)$/.test(l));
      // commander keeps the action on a private field; a command without one only groups others.
      if ((sub as unknown as { _actionHandler?: unknown })._actionHandler) out.push({ path: name, flags });
      walk(sub, p);
    }
  };
  walk(program, []);
  return out;
}

/** A command line that would succeed on the lab's cluster; a new verb must be added here. */
const ARGV: Record<string, string[]> = {
  get: ["pods"],
  apply: ["-f", "pod.yaml"],
  replace: ["-f", "pod.yaml"],
  create: ["-f", "pod.yaml"],
  "create deployment": ["web2", "--image=nginx"],
  "create service clusterip": ["s1", "--tcp=80:80"],
  "create service nodeport": ["s2", "--tcp=80:80"],
  "create service loadbalancer": ["s3", "--tcp=80:80"],
  "create service externalname": ["s4", "--external-name=example.com"],
  "create namespace": ["lab"],
  "create job": ["j1", "--image=busybox", "--", "echo", "hi"],
  "create configmap": ["cm1", "--from-literal=a=b"],
  "create secret generic": ["s1", "--from-literal=a=b"],
  "create secret tls": ["s2", "--cert=tls.crt", "--key=tls.key"],
  "create secret docker-registry": ["s3", "--docker-username=u", "--docker-password=p"],
  "create serviceaccount": ["sa1"],
  "create cronjob": ["cj1", "--image=busybox", "--schedule=*/1 * * * *"],
  "create quota": ["q1", "--hard=pods=10"],
  "create role": ["r", "--verb=get", "--resource=pods"],
  "create clusterrole": ["cr", "--verb=get", "--resource=pods"],
  "create rolebinding": ["rb", "--clusterrole=view", "--user=u"],
  "create clusterrolebinding": ["crb", "--clusterrole=view", "--user=u"],
  "create token": ["default"],
  "create ingress": ["ing1", "--rule=/=web:80"],
  "set env": ["deployment/web", "A=b"],
  "set resources": ["deployment/web", "--limits=cpu=200m"],
  "set serviceaccount": ["deployment/web", "default"],
  taint: ["nodes", "kubesim-worker", "k=v:NoSchedule"],
  delete: ["pod", "testpod"],
  describe: ["pod", "testpod"],
  label: ["pod", "testpod", "a=b"],
  annotate: ["pod", "testpod", "a=b"],
  scale: ["deployment", "web", "--replicas=2"],
  "auth can-i": ["list", "pods"],
  "auth whoami": [],
  "rollout status": ["deployment/web"],
  "rollout history": ["deployment/web"],
  "rollout undo": ["deployment/web"],
  "rollout restart": ["deployment/web"],
  "rollout pause": ["deployment/web"],
  "rollout resume": ["deployment/web"],
  "set image": ["deployment/web", "nginx=nginx:1.27"],
  wait: ["--for=condition=Ready", "pod/testpod", "--timeout=1s"],
  events: [],
  expose: ["deployment", "web", "--port=80"],
  autoscale: ["deployment", "web", "--max=3"],
  diff: ["-f", "pod.yaml"],
  edit: ["pod", "testpod"],
  // kustomize reads no cluster (--cluster is ignored, as in kubectl) and the lab has no
  // kustomization: its help is the line that succeeds.
  kustomize: ["--help"],
  patch: ["pod", "testpod", "-p", '{"metadata":{"labels":{"a":"b"}}}'],
  cordon: ["kubesim-worker"],
  uncordon: ["kubesim-worker"],
  drain: ["kubesim-worker", "--ignore-daemonsets"],
  version: [],
  plugin: ["--help"],
  "plugin list": ["--help"],
  certificate: ["--help"],
  "certificate approve": ["csr-x"],
  "certificate deny": ["csr-x"],
  top: ["--help"],
  "top node": ["--help"],
  "top pod": ["--help"],
  "cluster-info": [],
  "api-resources": [],
  "api-versions": [],
  "cluster create": ["lab2"],
  "cluster delete": ["kubesim"],
  "cluster list": [],
  "cluster use": ["kubesim"],
  "cluster export": ["--output", "exported"],
  config: ["view"],
  "config get-contexts": [],
  "config current-context": [],
  "config use-context": ["kubesim"],
  "config view": ["--minify"],
  "config get-clusters": [],
  "config get-users": [],
  "config set-context": ["--current", "--namespace=x"],
  completion: ["bash"],
  __complete: ["get", "pods", ""],
  diagram: [],
  curl: ["10.96.0.1"],
  logs: ["testpod", "-c", "c00"],
  attach: ["testpod", "-c", "c00"],
  exec: ["testpod", "-c", "c00", "--", "ls"],
  shell: [],
  "iptables-save": [],
  run: ["x", "--image=nginx"],
  trace: ["10.96.0.1"],
  check: ["checks.yaml"],
  diagnose: ["service", "kubernetes"],
  explain: ["pods"],
  cp: ["testpod:/etc/hostname", "copied-hostname"],
  debug: ["testpod", "--image=busybox:1.36", "--target=c00"],
  // In-process, they stop as soon as they serve: a random local port, nothing left open.
  "port-forward": ["deploy/mydeployments", ":80"],
  proxy: ["--port=0"],
};

export function verbArgv(commandPath: string): string[] {
  const rest = ARGV[commandPath];
  if (!rest) throw new Error(`no command line for "${commandPath}": add one to ARGV in names-lab.ts`);
  return [...commandPath.split(" "), ...rest];
}

/** The command line with `flag NAME` right after the command's own words (before a `--`). */
export function withFlag(commandPath: string, argv: string[], flag: string, name: string): string[] {
  const words = commandPath.split(" ").length;
  return [...argv.slice(0, words), flag, name, ...argv.slice(words)];
}

/** Every entry under `root` (relative path → type and content hash): what "untouched" compares. */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const rel = path.relative(root, p);
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) out.set(rel, `link ${fs.readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.set(rel, "dir");
        walk(p);
      } else out.set(rel, `file ${createHash("sha256").update(fs.readFileSync(p)).digest("hex")}`);
    }
  };
  walk(root);
  return out;
}
