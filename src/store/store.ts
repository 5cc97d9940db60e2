// Persistence between CLI runs. Each cluster is a directory under $KUBESIM_HOME/clusters:
// meta.json (clock, random state, settings, IPAM, the kubelet's plans and the catalog of
// object files) and the object shard files it names. A change writes new shard files
// (fsynced, under new names), then replaces meta.json atomically: that rename is the
// commit, so a crash or kill at any moment leaves the previous state whole. Files a commit
// supersedes are removed a while later, so a command reading without the lock never loses
// a file under its feet. Every change happens under an inter-process lock
// (proper-lockfile). A state that cannot be read is reported with its path, never replaced.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as lockfile from "proper-lockfile";
import writeFileAtomic from "write-file-atomic";
import { clusterPath } from "./names.js";
import { type BucketConfig, ObjectStore } from "./objects.js";
import { type ClusterState, SCHEMA_VERSION } from "./state.js";

export class StoreError extends Error {}

export interface KubesimConfig {
  currentCluster?: string;
}

/** How long a superseded file stays for readers that started before the commit. */
const GARBAGE_DELAY_MS = 30_000;

export function kubesimHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBESIM_HOME || path.join(os.homedir(), ".kubesim");
}

export interface Loaded {
  state: ClusterState;
  objects: ObjectStore;
}

export class Store {
  readonly home: string;

  constructor(
    env: NodeJS.ProcessEnv = process.env,
    private readonly buckets: Record<string, BucketConfig> = {},
  ) {
    this.home = kubesimHome(env);
  }

  private clustersDir(): string {
    return path.join(this.home, "clusters");
  }

  clusterDir(name: string): string {
    // names.ts: refuses any name whose directory would not sit directly in clusters/ (issue 11).
    return clusterPath(this.clustersDir(), name);
  }

  metaFile(name: string): string {
    return path.join(this.clusterDir(name), "meta.json");
  }

  private configFile(): string {
    return path.join(this.home, "config.json");
  }

  private ensureDirs(): void {
    fs.mkdirSync(this.clustersDir(), { recursive: true, mode: 0o700 });
  }

  exists(name: string): boolean {
    return fs.existsSync(this.metaFile(name));
  }

  list(): string[] {
    try {
      return fs
        .readdirSync(this.clustersDir(), { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(this.metaFile(d.name)))
        .map((d) => d.name)
        .sort();
    } catch {
      return [];
    }
  }

  readConfig(): KubesimConfig {
    try {
      return JSON.parse(fs.readFileSync(this.configFile(), "utf8")) as KubesimConfig;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw new StoreError(
        `error: cannot read kubesim config ${this.configFile()}: ${(e as Error).message}\nFix or remove that file to start over.`,
      );
    }
  }

  async writeConfig(cfg: KubesimConfig): Promise<void> {
    this.ensureDirs();
    await this.locked(this.configFile(), () => {
      writeFileAtomic.sync(this.configFile(), `${JSON.stringify(cfg, null, 2)}\n`, { mode: 0o600 });
    });
  }

  private unreadable(name: string, file: string, why: string): StoreError {
    return new StoreError(
      `error: the state of cluster "${name}" in ${file} is unreadable (${why}).\n` +
        `kubesim leaves it as it is. To start over: kubesim cluster delete ${name} && kubesim cluster create ${name}`,
    );
  }

  /** Reads a cluster without the lock: meta.json names a consistent set of files. */
  read(name: string): Loaded {
    const file = this.metaFile(name);
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") {
        throw new StoreError(
          `error: cluster "${name}" does not exist (kubesim cluster list shows the clusters)`,
        );
      }
      throw new StoreError(`error: cannot read cluster state ${file}: ${(e as Error).message}`);
    }
    let state: ClusterState;
    try {
      state = JSON.parse(text) as ClusterState;
    } catch (e) {
      throw this.unreadable(name, file, (e as Error).message);
    }
    if (state?.schemaVersion !== SCHEMA_VERSION) {
      throw new StoreError(
        `error: the state of cluster "${name}" in ${file} has schema version ${state?.schemaVersion}, this kubesim reads ${SCHEMA_VERSION}.\n` +
          `kubesim leaves it as it is. To start over: kubesim cluster delete ${name} && kubesim cluster create ${name}`,
      );
    }
    const dir = this.clusterDir(name);
    const objects = new ObjectStore(this.buckets, state.catalog, {
      read: (f) => {
        const p = path.join(dir, f);
        try {
          return JSON.parse(fs.readFileSync(p, "utf8"));
        } catch (e) {
          throw this.unreadable(name, p, (e as Error).message);
        }
      },
    });
    return { state, objects };
  }

  /** A new, empty object store for a cluster being created. */
  fresh(state: ClusterState): ObjectStore {
    return new ObjectStore(this.buckets, state.catalog, {
      read: () => {
        throw new Error("a new cluster has no files");
      },
    });
  }

  /** Commits what changed; the caller holds the lock. */
  write(name: string, state: ClusterState, objects: ObjectStore): void {
    const dir = this.clusterDir(name);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    state.generation += 1;
    const { files, superseded } = objects.commit(state.generation);
    for (const f of files) {
      writeFileAtomic.sync(path.join(dir, f.name), JSON.stringify(f.data), { mode: 0o600 });
    }
    const now = Date.now();
    const due = state.garbage.filter((g) => now - g.at >= GARBAGE_DELAY_MS);
    state.garbage = [
      ...state.garbage.filter((g) => now - g.at < GARBAGE_DELAY_MS),
      ...superseded.map((file) => ({ file, at: now })),
    ];
    writeFileAtomic.sync(this.metaFile(name), JSON.stringify(state), { mode: 0o600 });
    for (const g of due) fs.rmSync(path.join(dir, g.file), { force: true });
  }

  remove(name: string): void {
    fs.rmSync(this.clusterDir(name), { recursive: true, force: true });
  }

  /** Runs fn while holding the cluster's inter-process lock. */
  async withLock<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    this.ensureDirs();
    return this.locked(this.clusterDir(name), fn);
  }

  private async locked<T>(file: string, fn: () => T | Promise<T>): Promise<T> {
    // realpath:false lets us lock a path that does not exist yet (cluster create).
    const release = await lockfile.lock(file, {
      realpath: false,
      stale: 10000,
      update: 2000,
      retries: { retries: 400, minTimeout: 5, maxTimeout: 50, factor: 1.3 },
    });
    try {
      return await fn();
    } finally {
      await release();
    }
  }
}
