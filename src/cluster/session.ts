// How a command reaches its cluster: which one (--cluster, KUBESIM_CLUSTER, the current
// one, else the default `kubesim`, created on first use), and the two ways to use it.
// view() reads a snapshot without the lock and only falls back to a locked transaction
// when a timed transition is due; transact() holds the lock around load, advance, change
// and an atomic write, so concurrent commands never lose each other's changes.
// Every name is checked (store/names.ts) before the store builds a path from it.
import * as path from "node:path";
import type { UserInfo } from "../apiserver/rbac/authorizer.js";
import { BUCKETS } from "../apiserver/storage.js";
import type { ProcessRunner } from "../kubelet/mainprocess.js";
import type { StoreFs } from "../store/fsio.js";
import { checkClusterName, type NameSource } from "../store/names.js";
import { Store, StoreError } from "../store/store.js";
import { bootstrap } from "./bootstrap.js";
import { Cluster } from "./cluster.js";
import type { ClusterState } from "./state.js";

export const DEFAULT_CLUSTER = "kubesim";

/**
 * What a command printed while its transaction ran, held back until the commit: a success
 * line must not reach the user before the change it reports is saved.
 */
export interface OutputHold {
  /** The commit happened: print what was held, in order. */
  release(): void;
  /** The transaction failed: drop it, so only the error is printed. */
  discard(): void;
}

export interface SessionOptions {
  cluster?: string;
  /** The flag `cluster` came from, for the message that refuses a bad name. */
  flag?: "--cluster" | "--context";
  env: NodeJS.ProcessEnv;
  /** Starts holding the command's output; absent, output goes out as it is written. */
  holdOutput?: () => OutputHold;
  /** The file system the store goes through (a test's failing disk); the real one by default. */
  fs?: StoreFs;
  /** The container runtime that runs scripted main processes (src/runtime), built per cluster. */
  runtime?: (c: Cluster) => ProcessRunner;
  /** Who the command's requests run as (kubectl --as); unset, the cluster-admin learner. */
  user?: UserInfo;
}

export interface TransactOptions {
  /**
   * Let output through as it is written: an interactive shell's line prints while it runs
   * (a prompt that waits for an answer must show before the answer is read).
   */
  stream?: boolean;
}

export class Session {
  readonly store: Store;
  readonly env: NodeJS.ProcessEnv;
  private readonly explicit?: { name: string; source: NameSource };
  private readonly holdOutput?: () => OutputHold;
  private readonly makeRuntime?: (c: Cluster) => ProcessRunner;
  private readonly user?: UserInfo;
  private committed?: { name: string; cluster: Cluster; revision: Buffer };

  constructor(opts: SessionOptions) {
    this.env = opts.env;
    this.holdOutput = opts.holdOutput;
    this.makeRuntime = opts.runtime;
    this.user = opts.user;
    this.store = new Store(opts.env, BUCKETS, { fs: opts.fs });
    if (opts.cluster)
      this.explicit = { name: opts.cluster, source: { kind: "flag", flag: opts.flag ?? "--cluster" } };
    else if (opts.env.KUBESIM_CLUSTER)
      this.explicit = { name: opts.env.KUBESIM_CLUSTER, source: { kind: "env" } };
  }

  /** The runtime for `c`, built the first time a process is due. */
  private runtime(c: Cluster): (() => ProcessRunner) | undefined {
    const make = this.makeRuntime;
    if (!make) return undefined;
    let runner: ProcessRunner | undefined;
    return () => {
      runner ??= make(c);
      return runner;
    };
  }

  clusterName(): string {
    if (this.explicit) return checkClusterName(this.explicit.name, this.explicit.source);
    return savedCluster(this.store);
  }

  /** Creates the default cluster the first time anything uses it. */
  private async ensure(name: string): Promise<void> {
    if (this.store.exists(name)) return;
    const source = this.explicit?.source;
    // A context is a cluster here; kubectl's words for one its kubeconfig lacks.
    if (source?.kind === "flag" && source.flag === "--context" && name !== DEFAULT_CLUSTER)
      throw new StoreError(`Error in configuration: context was not found for specified context: ${name}`);
    if (name !== DEFAULT_CLUSTER) return;
    await this.store.withLock(name, async () => {
      if (this.store.exists(name)) return;
      const c = bootstrap(defaultCreateOptions(name, this.env), this.env);
      await this.store.write(name, c.state, c.objects, null);
    });
  }

  async view<T>(fn: (c: Cluster) => T | Promise<T>): Promise<T> {
    const name = this.clusterName();
    await this.ensure(name);
    const c = this.stillCommitted(name) ?? new Cluster(this.store.read(name), this.env);
    if (c.isBehind()) return this.transact(fn);
    return c.api.actingAs(this.user, () => fn(c));
  }

  /**
   * The cluster this session's last transaction committed, while meta.json still holds that
   * commit: a view right after a change (delete's wait for the object to go) reads it from
   * memory rather than parsing and checking the state again (8 ms of a delete at 100,000
   * pods). Only a committed cluster is kept: its memory is exactly what is on disk.
   */
  private stillCommitted(name: string): Cluster | undefined {
    const last = this.committed;
    if (!last || last.name !== name) return undefined;
    const now = this.store.revision(name);
    if (now?.equals(last.revision)) return last.cluster;
    this.committed = undefined;
    return undefined;
  }

  async transact<T>(fn: (c: Cluster) => T | Promise<T>, opts: TransactOptions = {}): Promise<T> {
    const name = this.clusterName();
    await this.ensure(name);
    return this.store.withLock(name, async () => {
      const hold = opts.stream ? undefined : this.holdOutput?.();
      let result: T;
      try {
        const loaded = this.store.read<ClusterState>(name);
        const c = new Cluster(loaded, this.env);
        const before = c.state.clock.offsetMs;
        await c.advance(this.runtime(c));
        // Only the verb's own requests are the user's: the controllers above and below are not.
        result = await c.api.actingAs(this.user, () => fn(c));
        holdLockForTest(this.env);
        if (c.api.dirty || c.state.clock.offsetMs !== before) {
          // Let the controllers react to what the command wrote, then persist it all at once.
          c.t = c.clock.nowMs();
          await c.advance(this.runtime(c));
          // Events whose lease ran out go with the write, as etcd expires them in the background.
          c.api.compactEvents();
          const revision = await this.store.write(name, c.state, c.objects, loaded.revision);
          this.committed = { name, cluster: c, revision };
        }
      } catch (e) {
        hold?.discard();
        throw e;
      }
      hold?.release();
      return result;
    });
  }
}

/** The cluster config.json names (checked: anyone may edit that file), else the default. */
export function savedCluster(store: Store): string {
  // A config.json holding `null` or a list parses too; it names no cluster.
  const current: unknown = (store.readConfig() as { currentCluster?: unknown } | null)?.currentCluster;
  if (current === undefined || current === null) return DEFAULT_CLUSTER;
  return checkClusterName(current, { kind: "config", file: path.join(store.home, "config.json") });
}

export function defaultCreateOptions(name: string, env: NodeJS.ProcessEnv) {
  return {
    name,
    nodes: 3,
    seed: env.KUBESIM_SEED ? Number(env.KUBESIM_SEED) : 1,
    timeScale: env.KUBESIM_TIME_SCALE !== undefined ? Number(env.KUBESIM_TIME_SCALE) : 1,
    loadBalancer: true,
  };
}

/**
 * KUBESIM_TEST_HOLD_LOCK_MS: the reliability tests' stand-in for a huge command. It blocks
 * the process (no event loop, as a long synchronous reconcile does) while holding the lock,
 * so they can show that waiters never take a live holder's lock and that Ctrl-C still
 * stops a busy kubesim at once. Not for users; read nowhere else.
 */
function holdLockForTest(env: NodeJS.ProcessEnv): void {
  const ms = Number(env.KUBESIM_TEST_HOLD_LOCK_MS);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
