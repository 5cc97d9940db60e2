// Persistence between CLI runs. Each cluster is a directory under $KUBESIM_HOME/clusters:
// meta.json (clock, random state, settings, IPAM, the kubelet's plans and the catalog of
// object files: what does not grow with the pods) and the shard files it names, of API
// objects and of the components' own records (apiserver/storage.ts). A change writes new shard files
// under new names (verified on disk, durable.ts), then replaces meta.json: that rename is
// the commit, so a crash or kill at any moment leaves the previous state whole. The rename
// happens only if meta.json is still the one the command read, so even a lock that failed
// could not make one command overwrite another's change. Files a commit supersedes are
// removed a while later, so a command reading without the lock never loses a file under
// its feet; files a killed command wrote but never committed are collected at the next
// commit. Every change happens under an inter-process lock (lock.ts). A state that cannot
// be read, or is not shaped like one, is reported with its path, never replaced.
import * as path from "node:path";
import type { KObject } from "../api/types.js";
import { catalogFiles } from "./catalog-codec.js";
import { fsyncDir, removeAllQuietly, removeQuietly, replaceVerified, writeAllVerified } from "./durable.js";
import { errnoOf, fsReason, StoreError } from "./errors.js";
import { commitTag, isAbandoned, isAbandonedConfigTemp, META, tempFor } from "./files.js";
import { nodeFs, type StoreFs } from "./fsio.js";
import { garbageEntry, garbageFiles, garbageList } from "./garbage.js";
import { lazyCatalog, packCatalog } from "./lazy-catalog.js";
import { acquire } from "./lock.js";
import { clusterPath } from "./names.js";
import { type BucketConfig, ObjectStore } from "./objects.js";
import { kubesimHome, pathProblem } from "./paths.js";
import { documentProblem, entryProblem, shardProblem, stateProblem } from "./shape.js";
import { Shard } from "./shard.js";
import { OLDEST_SCHEMA_VERSION, SCHEMA_VERSION, type StoreState } from "./state.js";

export { StoreError } from "./errors.js";
export { kubesimHome } from "./paths.js";

export interface KubesimConfig {
  currentCluster?: string;
  /** Each context's default namespace, as `kubectl config set-context --namespace` set it. */
  contextNamespaces?: Record<string, string>;
}

export interface StoreOptions {
  /** The file system to go through; tests put a failing disk here. */
  fs?: StoreFs;
  /** How long to wait for a lock whose command is still running before giving up. */
  lockTimeoutMs?: number;
}

/** How long a superseded file stays for readers that started before the commit. */
const GARBAGE_DELAY_MS = 30_000;
const LOCK_TIMEOUT_MS = 120_000;
const LOCK_POLL_MS = 15;

/** meta.json's bytes as a command read them (null: the cluster did not exist); its commit must start from them. */
export type Revision = Buffer | null;

export interface Loaded<S extends StoreState = StoreState> {
  state: S;
  objects: ObjectStore;
  revision: Revision;
}

/** Commits between sweeps for leftovers when no lock was taken from a dead holder. */
const SWEEP_EVERY = 64;

export class Store {
  readonly home: string;
  /** Locks this process took from a holder that had died (lock.ts). */
  private readonly afterDeadHolder = new Set<string>();
  private readonly fs: StoreFs;
  private readonly lockTimeoutMs: number;

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly buckets: Record<string, BucketConfig> = {},
    opts: StoreOptions = {},
  ) {
    this.home = kubesimHome(env);
    this.fs = opts.fs ?? nodeFs;
    this.lockTimeoutMs = opts.lockTimeoutMs ?? LOCK_TIMEOUT_MS;
  }

  private clustersDir(): string {
    return path.join(this.home, "clusters");
  }

  clusterDir(name: string): string {
    // names.ts: refuses any name whose directory would not sit directly in clusters/ (issue 11).
    return clusterPath(this.clustersDir(), name);
  }

  metaFile(name: string): string {
    return path.join(this.clusterDir(name), META);
  }

  lockFile(name: string): string {
    // Beside the cluster directory, checked as it is (names.ts), so a delete can remove the directory whole.
    return `${this.clusterDir(name)}.lock`;
  }

  private configFile(): string {
    return path.join(this.home, "config.json");
  }

  private mkdir(dir: string): void {
    try {
      this.fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new StoreError(pathProblem(this.home, dir, e, this.env));
    }
  }

  exists(name: string): boolean {
    return this.fs.existsSync(this.metaFile(name));
  }

  list(): string[] {
    try {
      return this.fs
        .readdirSync(this.clustersDir(), { withFileTypes: true })
        .filter((d) => d.isDirectory() && this.exists(d.name))
        .map((d) => d.name)
        .sort();
    } catch {
      return [];
    }
  }

  readConfig(): KubesimConfig {
    const file = this.configFile();
    let text: string;
    try {
      text = String(this.fs.readFileSync(file, "utf8"));
    } catch (e) {
      if (errnoOf(e) === "ENOENT") return {};
      if (errnoOf(e) === "ENOTDIR") throw new StoreError(pathProblem(this.home, file, e, this.env));
      throw new StoreError(`error: cannot read kubesim config: ${fsReason(e)} (${file})`);
    }
    let cfg: unknown;
    try {
      cfg = JSON.parse(text);
    } catch {
      throw new StoreError(
        `error: the kubesim config ${file} is unreadable (${text.trim() ? "it is not valid JSON" : "it is empty"}).\n` +
          "kubesim leaves it as it is. Fix or remove that file to start over.",
      );
    }
    // `null` or a list names no cluster; a currentCluster that is not a name is refused
    // where it is used (names.ts), with the way out.
    return typeof cfg === "object" && cfg !== null && !Array.isArray(cfg) ? (cfg as KubesimConfig) : {};
  }

  async writeConfig(cfg: KubesimConfig): Promise<void> {
    this.mkdir(this.clustersDir());
    const file = this.configFile();
    await this.locked(`${file}.lock`, "the kubesim config", () => {
      try {
        replaceVerified(this.fs, file, tempFor(file), Buffer.from(`${JSON.stringify(cfg, null, 2)}\n`));
      } catch (e) {
        throw new StoreError(
          `error: cannot write kubesim config: ${fsReason(e)} (${file})\nThe previous config is unchanged.`,
        );
      }
      for (const n of this.readdirQuietly(this.home)) {
        if (isAbandonedConfigTemp(n, "config.json")) removeQuietly(this.fs, path.join(this.home, n));
      }
    });
  }

  private unreadable(name: string, file: string, why: string): StoreError {
    return new StoreError(
      `error: the state of cluster "${name}" in ${file} is unreadable (${why}).\n` +
        `kubesim leaves it as it is. To start over: ${startOver(name)}`,
    );
  }

  private readBytes(name: string, file: string): Buffer {
    try {
      // Bytes, not text: shard entries stay outside the JavaScript heap until asked for (shard.ts).
      return this.fs.readFileSync(file);
    } catch (e) {
      if (errnoOf(e) === "ENOTDIR") throw new StoreError(pathProblem(this.home, file, e, this.env));
      if (errnoOf(e) === "EISDIR") throw this.unreadable(name, file, "it is a directory");
      throw new StoreError(`error: cannot read the state of cluster "${name}": ${fsReason(e)} (${file})`);
    }
  }

  /** Reads a cluster without the lock: meta.json names a consistent set of files. */
  read<S extends StoreState>(name: string): Loaded<S> {
    const file = this.metaFile(name);
    if (!this.fs.existsSync(file)) {
      // A home that is not a directory makes every cluster look missing; say what is wrong instead.
      this.readConfig();
      throw new StoreError(
        `error: cluster "${name}" does not exist (kubesim cluster list shows the clusters)`,
      );
    }
    const bytes = this.readBytes(name, file);
    const doc = parseJson(bytes);
    if (typeof doc === "string") throw this.unreadable(name, file, doc);
    const problem = documentProblem(doc.value);
    if (problem) throw this.unreadable(name, file, problem);
    const state = doc.value as S;
    if (state.schemaVersion < OLDEST_SCHEMA_VERSION || state.schemaVersion > SCHEMA_VERSION)
      throw this.otherVersion(name, file, state.schemaVersion);
    const shape = stateProblem(doc.value as Record<string, unknown>);
    if (shape) throw this.unreadable(name, file, shape);
    // A list from before schema 3 is grouped as this one writes it.
    state.garbage = garbageList(state.garbage);
    state.catalog = lazyCatalog(state.catalog, (why) => {
      throw this.unreadable(name, file, why);
    });
    const objects = new ObjectStore(this.buckets, state.catalog, {
      read: (f, count) => this.readShard(name, f, count),
    });
    return { state, objects, revision: bytes };
  }

  private otherVersion(name: string, file: string, version: number): StoreError {
    const reads =
      OLDEST_SCHEMA_VERSION === SCHEMA_VERSION
        ? `${SCHEMA_VERSION}`
        : `versions ${OLDEST_SCHEMA_VERSION} to ${SCHEMA_VERSION}`;
    const what = `error: the state of cluster "${name}" in ${file} has schema version ${version}, this kubesim reads ${reads}.`;
    const fix =
      version > SCHEMA_VERSION
        ? `A newer kubesim wrote it: to use this cluster, upgrade kubesim to a version that reads schema version ${version}.\nkubesim leaves it as it is. Or, to start over with this version: ${startOver(name)}`
        : `An older kubesim wrote it, and this one cannot convert it.\nkubesim leaves it as it is. To start over: ${startOver(name)}`;
    return new StoreError(`${what}\n${fix}`);
  }

  private readShard(name: string, f: string, count?: number): Shard {
    const file = path.join(this.clusterDir(name), f);
    if (!this.fs.existsSync(file) && !this.exists(name)) {
      throw new StoreError(`error: cluster "${name}" was deleted while this command was reading it`);
    }
    const bytes = this.readBytes(name, file);
    const records = this.buckets[f.slice(0, f.indexOf("."))]?.records;
    const check = (key: string, o: unknown) => entryProblem(key, o, records);
    const fail = (why: string): never => {
      throw this.unreadable(name, file, why);
    };
    const whole = (): Shard => {
      const doc = parseJson(bytes);
      if (typeof doc === "string") throw this.unreadable(name, file, doc);
      const problem = shardProblem(doc.value, records);
      if (problem) throw this.unreadable(name, file, problem);
      return Shard.of(doc.value as Record<string, KObject>, check, fail);
    };
    // Entries one a line are found and parsed as they are asked for (shard.ts); anything
    // else is parsed whole.
    return Shard.open(bytes, check, fail, count, whole) ?? whole();
  }

  /**
   * meta.json's bytes as they are now (null: there is none), for a caller that holds what a
   * revision named to tell whether it is still current.
   */
  revision(name: string): Revision {
    const file = this.metaFile(name);
    try {
      return this.fs.readFileSync(file);
    } catch (e) {
      if (errnoOf(e) === "ENOENT") return null;
      return this.readBytes(name, file);
    }
  }

  /**
   * Commits what changed, if meta.json is still `base`; the caller holds the lock. Returns
   * the revision committed.
   */
  async write(name: string, state: StoreState, objects: ObjectStore, base: Revision): Promise<Buffer> {
    const dir = this.clusterDir(name);
    this.mkdir(dir);
    state.generation += 1;
    const { files, superseded } = objects.commit(commitTag(state.generation));
    const written = files.map((f) => ({ file: path.join(dir, f.name), data: f.data }));
    let target = dir;
    // Only files this commit created are its to remove (writeAllVerified removes its own on failure).
    let created = false;
    let committed = Buffer.alloc(0);
    try {
      // Every new file, and the directory entries naming them, on disk before a meta.json that names them.
      if (files.length)
        await writeAllVerified(this.fs, dir, written, (file) => {
          target = file;
          return this.createShard(name, file, base);
        });
      created = true;
      const now = Date.now();
      const due = garbageFiles(state.garbage.filter((g) => now - g.at >= GARBAGE_DELAY_MS));
      const added = garbageEntry(now, superseded);
      state.garbage = [
        ...state.garbage.filter((g) => now - g.at < GARBAGE_DELAY_MS),
        ...(added ? [added] : []),
      ];
      target = this.metaFile(name);
      state.schemaVersion = SCHEMA_VERSION;
      committed = Buffer.from(JSON.stringify({ ...state, catalog: packCatalog(state.catalog) }));
      replaceVerified(this.fs, target, tempFor(target), committed, () => this.checkBase(name, base));
      await removeAllQuietly(
        this.fs,
        due.map((file) => path.join(dir, file)),
      );
    } catch (e) {
      if (created) for (const f of written) removeQuietly(this.fs, f.file);
      if (e instanceof StoreError) throw e;
      throw new StoreError(
        `error: cannot write the state of cluster "${name}": ${fsReason(e)} (${target})\n` +
          "kubesim kept the previous state; the change was not saved.",
      );
    }
    // Listing a 100,000-pod cluster's directory (10,000 files) on every commit cost more
    // than the commit's own writes. A killed command's files are collected when its lock
    // is taken from it (withLock); a file a failed commit could not remove is caught by the
    // sweep every SWEEP_EVERY commits.
    if (state.generation % SWEEP_EVERY === 0) this.collectOrphans(dir, state);
    return committed;
  }

  /**
   * Creates a new shard file, never touching one already there. The name (generation and
   * pid) can only be taken by a file of a killed command whose pid this process now has,
   * which no state names, or, if the lock ever failed, by another command's commit: then
   * meta.json has changed and checkBase reports the conflict.
   */
  private createShard(name: string, file: string, base: Revision): number {
    const open = () => this.fs.openSync(file, "wx+", 0o600);
    try {
      return open();
    } catch (e) {
      if (errnoOf(e) !== "EEXIST") throw e;
      this.checkBase(name, base);
      removeQuietly(this.fs, file);
      return open();
    }
  }

  /** The compare half of compare-and-swap: meta.json must still hold what the command read. */
  private checkBase(name: string, base: Revision): void {
    const file = this.metaFile(name);
    let now: Buffer | null = null;
    try {
      now = this.fs.readFileSync(file);
    } catch (e) {
      if (errnoOf(e) !== "ENOENT") throw e;
    }
    if (base === null ? now === null : now?.equals(base)) return;
    const gen = (b: Buffer) => {
      const g = parseJson(b);
      return typeof g === "string" ? "?" : String((g.value as { generation?: unknown })?.generation ?? "?");
    };
    const what =
      base === null
        ? "another command created it meanwhile"
        : now === null
          ? "another command deleted it meanwhile"
          : `this command read generation ${gen(base)}, another command has since committed generation ${gen(now)}`;
    throw new StoreError(
      `error: CONFLICT: the change to cluster "${name}" was NOT saved: its state changed on disk while this command ran (${what}).\n` +
        `Nothing was overwritten. Run the command again. The cluster's lock (${this.lockFile(name)}) should have prevented this; please report it.`,
    );
  }

  /**
   * Removes kubesim's own files that no committed state names: shard and temp files of
   * commits that were killed or failed. Superseded files stay in the garbage list until
   * readers without the lock are done; files of a command still running are left alone.
   */
  private collectOrphans(dir: string, state: StoreState): void {
    // The catalog as stored, every bucket's names unchecked: they only say what to keep, and
    // a bucket no command has opened (one that would fail its check) is kept all the same.
    const keep = new Set<string>([
      ...garbageFiles(state.garbage),
      ...catalogFiles({ catalog: packCatalog(state.catalog) }),
    ]);
    for (const n of this.readdirQuietly(dir)) {
      if (!keep.has(n) && isAbandoned(n)) removeQuietly(this.fs, path.join(dir, n));
    }
  }

  private readdirQuietly(dir: string): string[] {
    try {
      return this.fs.readdirSync(dir) as string[];
    } catch {
      return [];
    }
  }

  /** Deletes a cluster; the caller holds its lock. Removing meta.json first is the commit. */
  remove(name: string): void {
    const dir = this.clusterDir(name);
    try {
      this.fs.rmSync(this.metaFile(name), { force: true });
      if (this.fs.existsSync(dir)) fsyncDir(this.fs, dir);
      this.fs.rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      throw new StoreError(`error: cannot delete cluster "${name}": ${fsReason(e)} (${dir})`);
    }
  }

  /** Runs fn while holding the cluster's inter-process lock. */
  async withLock<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    this.mkdir(this.clustersDir());
    const file = this.lockFile(name);
    return this.locked(file, `cluster "${name}"`, () => {
      if (this.afterDeadHolder.delete(file)) this.collectAfterDeadHolder(name);
      return fn();
    });
  }

  /**
   * The lock was taken from a command that died holding it: the files it wrote and never
   * committed are collected now, before anything else can take the lock again, whether or
   * not this command commits. A state that cannot be read is left for the command to report.
   */
  private collectAfterDeadHolder(name: string): void {
    if (!this.exists(name)) return;
    let state: StoreState;
    try {
      state = this.read(name).state;
    } catch {
      return;
    }
    this.collectOrphans(this.clusterDir(name), state);
  }

  private async locked<T>(file: string, what: string, fn: () => T | Promise<T>): Promise<T> {
    const held = await acquire(file, {
      fs: this.fs,
      what,
      timeoutMs: this.lockTimeoutMs,
      pollMs: LOCK_POLL_MS,
    });
    if (held.fromDeadHolder) this.afterDeadHolder.add(file);
    try {
      return await fn();
    } finally {
      held.release();
    }
  }
}

function startOver(name: string): string {
  return `kubesim cluster delete ${name} && kubesim cluster create ${name}`;
}

/** The parsed value, or why the bytes are not JSON (in words, not the parser's). */
function parseJson(bytes: Buffer | string): { value: unknown } | string {
  const text = typeof bytes === "string" ? bytes : bytes.toString("utf8");
  if (!text.trim()) return "it is empty";
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const msg = (e as Error).message;
    if (/end of JSON input|Unterminated/i.test(msg))
      return "it is not valid JSON: it ends in the middle, as a cut-short write leaves a file";
    const at = /position (\d+)/.exec(msg)?.[1];
    return `it is not valid JSON${at ? ` (at character ${at})` : ""}`;
  }
}
