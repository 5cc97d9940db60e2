// Where a network command (curl, trace) runs from: a node's root shell, a pod's container or
// outside the cluster, chosen by kubesim's --node/--from flags among the command's own.
import { notFound } from "../../apiserver/errors.js";
import { NODES, PODS } from "../../apiserver/resources.js";
import type { Cluster } from "../../cluster/cluster.js";
import type { Vantage } from "../../net/connect.js";
import { CliError } from "../io.js";
import type { GlobalOpts } from "./session.js";

export interface VantageSpec {
  node?: string;
  from?: string;
  container?: string;
}

/** Splits kubesim's own options (--node, --from, -c after --from) from curl's. */
export function splitVantageArgs(argv: string[]): { spec: VantageSpec & GlobalOpts; rest: string[] } {
  const spec: VantageSpec & GlobalOpts = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const take = () => {
      const eq = a.indexOf("=");
      if (eq > 0 && a.startsWith("--")) return a.slice(eq + 1);
      i++;
      return argv[i];
    };
    if (a === "--node" || a.startsWith("--node=")) spec.node = take();
    else if (a === "--from" || a.startsWith("--from=")) spec.from = take();
    else if ((a === "-c" || a === "--container") && spec.from?.startsWith("pod/")) spec.container = take();
    else if (a === "--cluster" || a.startsWith("--cluster=")) spec.cluster = take();
    else if (a === "--context" || a.startsWith("--context=")) spec.context = take();
    else if (a === "-n" || a === "--namespace" || a.startsWith("--namespace=")) spec.namespace = take();
    else rest.push(a);
  }
  return { spec, rest };
}

export function resolveVantage(c: Cluster, spec: VantageSpec, ns: string): Vantage {
  if (spec.from === "outside") return { kind: "outside" };
  if (spec.from?.startsWith("pod/")) {
    const name = spec.from.slice(4);
    const pod = c.api.get(PODS, ns, name);
    if (!pod) throw notFound(PODS, name);
    const container = spec.container ?? pod.spec.containers[0].name;
    if (!pod.spec.containers.some((x) => x.name === container)) {
      throw new CliError(`error: container ${container} is not valid for pod ${name}`);
    }
    return { kind: "pod", pod, container };
  }
  if (spec.from?.startsWith("node/")) return nodeVantage(c, spec.from.slice(5));
  if (spec.from) throw new CliError(`error: --from takes pod/NAME, node/NAME or outside, not "${spec.from}"`);
  return nodeVantage(c, spec.node ?? firstNode(c));
}

/** The first node by name: where a network command runs when neither --node nor --from says. */
export function firstNode(c: Cluster): string {
  // The names alone: parsing every node to take the first cost 20 ms at 1,001 nodes.
  const [node] = c.api.keys(NODES);
  if (!node) throw new CliError("error: the cluster has no nodes");
  return node;
}

function nodeVantage(c: Cluster, name: string): Vantage {
  if (!c.api.get(NODES, undefined, name)) throw notFound(NODES, name);
  return { kind: "node", node: name };
}
