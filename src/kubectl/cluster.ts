// kubesim's own verb: create, delete, list and switch simulated clusters
// (`kind create cluster` and `kubectl config use-context` in one place).
import type { Command } from "commander";
import { BUCKETS } from "../apiserver/storage.js";
import { bootstrap } from "../cluster/bootstrap.js";
import { DEFAULT_CLUSTER, defaultCreateOptions } from "../cluster/session.js";
import type { ClusterState } from "../cluster/state.js";
import { tabwrite } from "../printers/tabwriter.js";
import { checkClusterName, checkNewClusterName } from "../store/names.js";
import { Store } from "../store/store.js";
import type { Ctx } from "./cli.js";
import { registerClusterExport } from "./cluster-export.js";
import { CliError } from "./io.js";
import { currentCluster, switchCluster } from "./util/current-cluster.js";
import { session } from "./util/session.js";

export function registerCluster(program: Command, ctx: Ctx): void {
  const cluster = program.command("cluster").description("Create, delete, list and switch kubesim clusters");
  const store = () => new Store(ctx.io.env, BUCKETS, { fs: ctx.io.fs });

  cluster
    .command("create")
    .argument("[name]", "cluster name", DEFAULT_CLUSTER)
    .option("--nodes <n>", "number of nodes (1 = a single untainted node, like minikube)", "3")
    .option("--seed <n>", "seed for names and IPs")
    .option("--time-scale <x>", "multiplies simulated delays; 0 makes the cluster instant")
    .option("--no-load-balancer", "no LoadBalancer implementation: EXTERNAL-IP stays <pending>")
    .action(
      async (
        name: string,
        o: { nodes: string; seed?: string; timeScale?: string; loadBalancer: boolean },
      ) => {
        checkNewClusterName(name, { kind: "argument" });
        const nodes = Number(o.nodes);
        // Node i takes 172.18.0.(i+2) and 10.244.i.0/24, so a few hundred fit; 200 nodes
        // hold 20,000 pods at kind's 110 a node, more than any lab or benchmark needs.
        if (!Number.isInteger(nodes) || nodes < 1 || nodes > 200)
          throw new CliError("error: --nodes must be a whole number from 1 to 200");
        const s = store();
        const opts = { ...defaultCreateOptions(name, ctx.io.env), nodes, loadBalancer: o.loadBalancer };
        if (o.seed !== undefined) opts.seed = Number(o.seed);
        if (o.timeScale !== undefined) opts.timeScale = Number(o.timeScale);
        await s.withLock(name, () => {
          if (s.exists(name)) throw new CliError(`error: cluster "${name}" already exists`);
          const c = bootstrap(opts, ctx.io.env);
          s.write(name, c.state, c.objects, null);
        });
        await s.writeConfig({ ...s.readConfig(), currentCluster: name });
        ctx.io.out(
          `cluster "${name}" created with ${nodes} node${nodes === 1 ? "" : "s"}; it is now the current cluster\n`,
        );
      },
    );

  cluster
    .command("delete")
    .argument("[name]", "cluster name")
    .action(async (name: string | undefined) => {
      const s = store();
      // Without a name, the cluster every other command would use now (KUBESIM_CLUSTER first).
      const target =
        name === undefined ? session(ctx, {}).clusterName() : checkClusterName(name, { kind: "argument" });
      if (!s.exists(target)) throw new CliError(`error: cluster "${target}" does not exist`);
      await s.withLock(target, () => s.remove(target));
      const cfg = s.readConfig();
      if (cfg?.currentCluster === target) await s.writeConfig({ ...cfg, currentCluster: undefined });
      ctx.io.out(`cluster "${target}" deleted\n`);
    });

  cluster.command("list").action(async () => {
    const s = store();
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
  });

  cluster
    .command("use")
    .argument("<name>", "cluster name")
    .action(async (name: string) => {
      checkClusterName(name, { kind: "argument" });
      if (!(await switchCluster(store(), name)))
        throw new CliError(`error: cluster "${name}" does not exist`);
      ctx.io.out(`Switched to cluster "${name}".\n`);
    });

  registerClusterExport(cluster, ctx);
}
