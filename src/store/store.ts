// Persistence between CLI runs. One JSON file per cluster under $KUBESIM_HOME/clusters.
// Every change happens under an inter-process lock (proper-lockfile) and is written
// atomically (write-file-atomic: temp file, fsync, rename), so parallel lab scripts lose
// nothing and a kill mid-write leaves the previous state whole. A state that cannot be
// read is reported with its path, never replaced.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as lockfile from "proper-lockfile";
import writeFileAtomic from "write-file-atomic";
import { type ClusterState, SCHEMA_VERSION } from "./state.js";

export class StoreError extends Error {}

export interface KubesimConfig {
  currentCluster?: string;
}

export function kubesimHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBESIM_HOME || path.join(os.homedir(), ".kubesim");
}

export class Store {
  readonly home: string;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.home = kubesimHome(env);
  }

  private clustersDir(): string {
    return path.join(this.home, "clusters");
  }

  clusterFile(name: string): string {
    return path.join(this.clustersDir(), `${name}.json`);
  }

  private configFile(): string {
    return path.join(this.home, "config.json");
  }

  private ensureDirs(): void {
    fs.mkdirSync(this.clustersDir(), { recursive: true, mode: 0o700 });
  }

  exists(name: string): boolean {
    return fs.existsSync(this.clusterFile(name));
  }

  list(): string[] {
    try {
      return fs
        .readdirSync(this.clustersDir())
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -5))
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

  /** Reads a cluster's state without the lock: the rename in every write makes each read a whole snapshot. */
  read(name: string): ClusterState {
    const file = this.clusterFile(name);
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
      throw new StoreError(
        `error: the state of cluster "${name}" in ${file} is unreadable (${(e as Error).message}).\n` +
          `kubesim leaves it as it is. To start over: kubesim cluster delete ${name} && kubesim cluster create ${name}`,
      );
    }
    if (state?.schemaVersion !== SCHEMA_VERSION) {
      throw new StoreError(
        `error: the state of cluster "${name}" in ${file} has schema version ${state?.schemaVersion}, this kubesim reads ${SCHEMA_VERSION}.\n` +
          `kubesim leaves it as it is. To start over: kubesim cluster delete ${name} && kubesim cluster create ${name}`,
      );
    }
    return state;
  }

  /** Writes a whole state atomically; the caller holds the lock. */
  write(state: ClusterState): void {
    this.ensureDirs();
    writeFileAtomic.sync(this.clusterFile(state.name), JSON.stringify(state), { mode: 0o600 });
  }

  remove(name: string): void {
    fs.rmSync(this.clusterFile(name), { force: true });
  }

  /** Runs fn while holding the cluster's inter-process lock. */
  async withLock<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    this.ensureDirs();
    return this.locked(this.clusterFile(name), fn);
  }

  private async locked<T>(file: string, fn: () => T | Promise<T>): Promise<T> {
    // realpath:false lets us lock a file that does not exist yet (cluster create).
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
