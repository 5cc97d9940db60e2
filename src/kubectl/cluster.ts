// kubesim's own verb: create, delete, list and switch simulated clusters
// (`kind create cluster` and `kubectl config use-context` in one place).
import type { Command } from "commander";
import { BUCKETS } from "../apiserver/storage.js";
import { bootstrap } from "../cluster/bootstrap.js";
import type { DefaultedKindConfig, KindConfig } from "../cluster/kindconfig.js";
import { DEFAULT_CLUSTER, defaultCreateOptions } from "../cluster/session.js";
import type { ClusterState } from "../cluster/state.js";
import { tabwrite } from "../printers/tabwriter.js";
import { checkClusterName, checkNewClusterName } from "../store/names.js";
import { Store } from "../store/store.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./cluster.help.js";
import {
  DEFAULT_SUBNET_NODES,
  kindConfigFromText,
  loadKindConfig,
  manyNodesConfig,
} from "./cluster-config.js";
import { registerClusterExport } from "./cluster-export.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { currentCluster, switchCluster } from "./util/current-cluster.js";
import { session } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface CreateFlags {
  nodes?: string;
  config?: string;
  seed?: string;
  timeScale?: string;
  loadBalancer: boolean;
}

/** Kubernetes' largest supported cluster. */
const MAX_NODES = 5000;

/** `cluster create`: a new cluster's name and settings, then its bootstrap; it becomes current. */
class ClusterCreateOptions implements VerbOptions<[string | undefined]> {
  private name = DEFAULT_CLUSTER;
  private nodes = 0;
  private kind?: { raw: KindConfig; config: DefaultedKindConfig };

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: CreateFlags,
  ) {}

  complete(name: string | undefined): void {
    const { config } = this.flags;
    if (config !== undefined) {
      if (this.flags.nodes !== undefined)
        throw new CliError("error: --nodes and --config cannot be used together");
      // As kind: the NAME argument overrides the config's name, which overrides the default.
      this.kind = loadKindConfig(this.ctx, config, name);
      this.name = this.kind.config.name ?? DEFAULT_CLUSTER;
      this.nodes = this.kind.config.nodes.length;
      return;
    }
    this.name = name ?? DEFAULT_CLUSTER;
    this.nodes = Number(this.flags.nodes ?? "3");
    if (Number.isInteger(this.nodes) && this.nodes > DEFAULT_SUBNET_NODES && this.nodes <= MAX_NODES)
      this.kind = kindConfigFromText(manyNodesConfig(this.nodes), this.name);
  }

  validate(): void {
    const { name, nodes } = this;
    checkNewClusterName(name, { kind: "argument" });
    if (this.kind) return; // kind's own checks ran as the config was read
    // Node i takes the docker network's address 172.18.0.2 + i; 5,000 nodes is the largest
    // cluster Kubernetes supports (and holds 550,000 pods at kind's 110 a node).
    if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES)
      throw new CliError(`error: --nodes must be a whole number from 1 to ${MAX_NODES}`);
  }

  async run(): Promise<void> {
    const { ctx, flags: o, name, nodes } = this;
    const s = store(ctx);
    const opts = {
      ...defaultCreateOptions(name, ctx.io.env),
      nodes,
      loadBalancer: o.loadBalancer,
      ...(this.kind ? { kind: this.kind } : {}),
    };
    if (o.seed !== undefined) opts.seed = Number(o.seed);
    if (o.timeScale !== undefined) opts.timeScale = Number(o.timeScale);
    await s.withLock(name, async () => {
      if (s.exists(name)) throw new CliError(`error: cluster "${name}" already exists`);
      const c = bootstrap(opts, ctx.io.env);
      await s.write(name, c.state, c.objects, null);
    });
    await s.writeConfig({ ...s.readConfig(), currentCluster: name });
    ctx.io.out(
      `cluster "${name}" created with ${nodes} node${nodes === 1 ? "" : "s"}; it is now the current cluster\n`,
    );
  }
}

/** `cluster delete [NAME]`: the named cluster, or the one every other command would use now. */
class ClusterDeleteOptions implements VerbOptions<[string | undefined]> {
  private target = "";

  constructor(private readonly ctx: Ctx) {}

  complete(name: string | undefined): void {
    // Without a name, the cluster every other command would use now (KUBESIM_CLUSTER first).
    this.target =
      name === undefined ? session(this.ctx, {}).clusterName() : checkClusterName(name, { kind: "argument" });
  }

  validate(): void {}

  async run(): Promise<void> {
    const { target } = this;
    const s = store(this.ctx);
    if (!s.exists(target)) throw new CliError(`error: cluster "${target}" does not exist`);
    await s.withLock(target, () => s.remove(target));
    const cfg = s.readConfig();
    if (cfg?.currentCluster === target) await s.writeConfig({ ...cfg, currentCluster: undefined });
    this.ctx.io.out(`cluster "${target}" deleted\n`);
  }
}

/** `cluster list`: every saved cluster, the current one starred, with its size and seed. */
class ClusterListOptions implements VerbOptions<[]> {
  constructor(private readonly ctx: Ctx) {}

  complete(): void {}

  validate(): void {}

  run(): void {
    const { ctx } = this;
    const s = store(ctx);
    const current = currentCluster(s);
    const names = s.list();
    if (!names.length) {
      ctx.io.err('No clusters found (the first kubesim command creates "kubesim").\n');
      return;
    }
    const rows = names.map((n) => {
      try {
        const st = s.read<ClusterState>(n).state;
        return [n === current ? "*" : "", n, String(st.settings.nodes), String(st.seed)];
      } catch {
        return [n === current ? "*" : "", n, "?", "unreadable"];
      }
    });
    ctx.io.out(tabwrite([["CURRENT", "NAME", "NODES", "SEED"], ...rows]));
  }
}

/** `cluster use NAME`: an existing cluster becomes the current one. */
class ClusterUseOptions implements VerbOptions<[string]> {
  private name = "";

  constructor(private readonly ctx: Ctx) {}

  complete(name: string): void {
    this.name = name;
  }

  validate(): void {
    checkClusterName(this.name, { kind: "argument" });
  }

  async run(): Promise<void> {
    const { name } = this;
    if (!(await switchCluster(store(this.ctx), name)))
      throw new CliError(`error: cluster "${name}" does not exist`);
    this.ctx.io.out(`Switched to cluster "${name}".\n`);
  }
}

function store(ctx: Ctx): Store {
  return new Store(ctx.io.env, BUCKETS, { fs: ctx.io.fs });
}

export function registerCluster(program: Command, ctx: Ctx): void {
  const cluster = attachHelp(program.command("cluster"), HELP).description(
    "Create, delete, list and switch kubesim clusters",
  );

  cluster
    .command("create")
    .argument("[name]", `cluster name (default: the config's name, else "${DEFAULT_CLUSTER}")`)
    .option("--nodes <n>", "number of nodes (1 = a single untainted node, like minikube) (default: 3)")
    .option("--config <file>", "a kind Cluster config (kind.x-k8s.io/v1alpha4), or - for stdin")
    .option("--seed <n>", "seed for names and IPs")
    .option("--time-scale <x>", "multiplies simulated delays; 0 makes the cluster instant")
    .option("--no-load-balancer", "no LoadBalancer implementation: EXTERNAL-IP stays <pending>")
    .action((name: string | undefined, flags: CreateFlags) =>
      runVerb(new ClusterCreateOptions(ctx, flags), name),
    );

  cluster
    .command("delete")
    .argument("[name]", "cluster name")
    .action((name: string | undefined) => runVerb(new ClusterDeleteOptions(ctx), name));

  cluster.command("list").action(() => runVerb(new ClusterListOptions(ctx)));

  cluster
    .command("use")
    .argument("<name>", "cluster name")
    .action((name: string) => runVerb(new ClusterUseOptions(ctx), name));

  registerClusterExport(cluster, ctx);
}
