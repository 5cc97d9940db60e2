// Shared by the reliability tests: the built binary as a child process, the state read back
// and checked file by file, and the time a next writer waits for the lock.
//
// They run at two sizes. `npm test` runs a quick subset; `npm run test:reliability` sets
// KUBESIM_RELIABILITY=full and runs the figures the README quotes (20 writers x 50 changes
// with a 30 s lock holder, 60 kills, every state file corrupted through the binary).
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BUCKETS } from "../../src/apiserver/storage.js";
import { catalogFiles } from "../../src/store/catalog-codec.js";
import { garbageFiles } from "../../src/store/garbage.js";
import { Store } from "../../src/store/store.js";
import { ROOT } from "../harness.js";

export const FULL = process.env.KUBESIM_RELIABILITY === "full";
export const BIN = path.join(ROOT, "bin", "kubesim");

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  ms: number;
}

export interface Running {
  child: ChildProcess;
  done: Promise<BinResult>;
}

/** Starts bin/kubesim; `done` settles when it has exited and its streams are drained. */
export function start(env: NodeJS.ProcessEnv, args: string[], input?: string): Running {
  const t0 = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...env, PATH: process.env.PATH },
    cwd: ROOT,
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    err += d;
  });
  const done = new Promise<BinResult>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, out, err, ms: Date.now() - t0 }));
  });
  child.stdin!.end(input ?? "");
  return { child, done };
}

export function runBin(env: NodeJS.ProcessEnv, args: string[], input?: string): Promise<BinResult> {
  return start(env, args, input).done;
}

export function clusterDir(home: string, name = "kubesim"): string {
  return path.join(home, "clusters", name);
}

export function lockFile(home: string, name = "kubesim"): string {
  return path.join(home, "clusters", `${name}.lock`);
}

/** Resolves once the lock of the cluster names pid (the process holds it). */
export async function lockHeldBy(home: string, pid: number, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if (JSON.parse(fs.readFileSync(lockFile(home), "utf8")).pid === pid) return;
    } catch {
      // Not there yet, or being replaced.
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`pid ${pid} did not take the lock within ${timeoutMs} ms`);
}

/** How long the next writer waits to get the cluster's lock (the same code the binary runs). */
export async function lockWaitMs(home: string, name = "kubesim"): Promise<number> {
  const t0 = Date.now();
  await new Store({ KUBESIM_HOME: home }, BUCKETS).withLock(name, () => {});
  return Date.now() - t0;
}

/**
 * Reads the cluster as a command would, every shard and summary file included (throws on
 * anything unreadable), and returns its objects by resource type and key.
 */
export function readAll(home: string, name = "kubesim") {
  const { state, objects } = new Store({ KUBESIM_HOME: home }, BUCKETS).read(name);
  const byType: Record<string, Map<string, any>> = {};
  for (const plural of Object.keys(state.catalog)) {
    const b = objects.bucket(plural);
    b.summaryList();
    // kubesim's own records (file trees, logs) have no metadata: they are compared in store order.
    byType[plural] = new Map(
      b.all().map((o, i) => [o.metadata ? `${o.metadata.namespace ?? ""}/${o.metadata.name}` : String(i), o]),
    );
  }
  return { state, byType };
}

/** Files in the cluster directory that no committed state accounts for. */
export function orphans(home: string, name = "kubesim"): string[] {
  const dir = clusterDir(home, name);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
  const known = new Set<string>(["meta.json", ...garbageFiles(meta.garbage)]);
  for (const f of catalogFiles(meta)) known.add(f);
  return fs.readdirSync(dir).filter((f) => !known.has(f));
}

/** Leftovers beside the cluster directories: lock files, lock temps, takeover markers. */
export function besideClusters(home: string): string[] {
  return fs.readdirSync(path.join(home, "clusters")).filter((f) => f.includes(".lock"));
}

export function podsYaml(names: string[], labels: Record<string, string> = {}): string {
  const lab = Object.entries(labels)
    .map(([k, v]) => `\n    ${k}: "${v}"`)
    .join("");
  return names
    .map(
      (n) =>
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\n  labels:\n    app: rel${lab}\nspec:\n  containers:\n  - name: c\n    image: nginx\n`,
    )
    .join("---\n");
}

/** Prints a figure the README quotes, so a run shows it. */
export function report(line: string): void {
  process.stdout.write(`[reliability] ${line}\n`);
}
