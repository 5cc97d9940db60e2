// How a command reaches its cluster: which one (--cluster, KUBESIM_CLUSTER, the current
// one, else the default `kubesim`, created on first use), and the two ways to use it.
// view() reads a snapshot without the lock and only falls back to a locked transaction
// when a timed transition is due; transact() holds the lock around load, advance, change
// and an atomic write, so concurrent commands never lose each other's changes.
// Every name is checked (store/names.ts) before the store builds a path from it.
import * as path from "node:path";
import { BUCKETS } from "../apiserver/storage.js";
import { checkClusterName, type NameSource } from "../store/names.js";
import { checkStateShape } from "../store/shape.js";
import { type Loaded, Store, StoreError } from "../store/store.js";
import { bootstrap } from "./bootstrap.js";
import { Cluster } from "./cluster.js";

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

  constructor(opts: SessionOptions) {
    this.env = opts.env;
    this.holdOutput = opts.holdOutput;
    this.store = new Store(opts.env, BUCKETS);
    if (opts.cluster)
      this.explicit = { name: opts.cluster, source: { kind: "flag", flag: opts.flag ?? "--cluster" } };
    else if (opts.env.KUBESIM_CLUSTER)
      this.explicit = { name: opts.env.KUBESIM_CLUSTER, source: { kind: "env" } };
  }

  clusterName(): string {
    if (this.explicit) return checkClusterName(this.explicit.name, this.explicit.source);
    return savedCluster(this.store);
  }

  /** Reads a cluster and makes sure it has what the simulation reads. */
  private load(name: string): Loaded {
    const loaded = this.store.read(name);
    checkStateShape(name, this.store.metaFile(name), loaded.state);
    return loaded;
  }

  /** Creates the default cluster the first time anything uses it. */
  private async ensure(name: string): Promise<void> {
    if (this.store.exists(name)) return;
    const source = this.explicit?.source;
    // A context is a cluster here; kubectl's words for one its kubeconfig lacks.
    if (source?.kind === "flag" && source.flag === "--context" && name !== DEFAULT_CLUSTER)
      throw new StoreError(`Error in configuration: context was not found for specified context: ${name}`);
    if (name !== DEFAULT_CLUSTER) return;
    await this.store.withLock(name, () => {
      if (this.store.exists(name)) return;
      const c = bootstrap(defaultCreateOptions(name, this.env), this.env);
      this.store.write(name, c.state, c.objects);
    });
  }

  async view<T>(fn: (c: Cluster) => T | Promise<T>): Promise<T> {
    const name = this.clusterName();
    await this.ensure(name);
    const c = new Cluster(this.load(name), this.env);
    if (c.isBehind()) return this.transact(fn);
    return fn(c);
  }

  async transact<T>(fn: (c: Cluster) => T | Promise<T>, opts: TransactOptions = {}): Promise<T> {
    const name = this.clusterName();
    await this.ensure(name);
    return this.store.withLock(name, async () => {
      const hold = opts.stream ? undefined : this.holdOutput?.();
      let result: T;
      try {
        const c = new Cluster(this.load(name), this.env);
        const before = c.state.clock.offsetMs;
        c.advance();
        result = await fn(c);
        if (c.api.dirty || c.state.clock.offsetMs !== before) {
          // Let the controllers react to what the command wrote, then persist it all at once.
          c.t = c.clock.nowMs();
          c.advance();
          this.store.write(name, c.state, c.objects);
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
