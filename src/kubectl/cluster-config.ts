// `kubesim cluster create --config FILE|-`: reading a kind config as `kind create cluster
// --config` does (a file, or stdin for "-"), with kind's errors on kind's stderr format
// ("ERROR: failed to create cluster: ..."), since kind is the tool whose config this is.
import {
  type DefaultedKindConfig,
  type KindConfig,
  KindConfigError,
  parseKindConfig,
  provisionError,
  validateKindConfig,
  withKindDefaults,
} from "../cluster/kindconfig.js";
import { planNodes } from "../cluster/kindplan.js";
import { kubeadmNetworkError, unmodelledSubnets } from "../cluster/kubeadm-network.js";
import { DEFAULT_CLUSTER } from "../cluster/session.js";
import { clusterSubnets } from "../util/subnets.js";
import type { Ctx } from "./cli.js";
import { CliError } from "./io.js";
import { hostFiles } from "./userfiles.js";

type KindSubnets = { podSubnet: string; serviceSubnet: string };

const failed = (msg: string) => new CliError(`ERROR: failed to create cluster: ${msg}`);

/** Go's os.PathError text for a file kind cannot read. */
function readError(path: string, e: NodeJS.ErrnoException): string {
  const why =
    e.code === "ENOENT"
      ? "no such file or directory"
      : e.code === "EISDIR"
        ? "is a directory"
        : e.code === "EACCES"
          ? "permission denied"
          : (e.message ?? String(e));
  // Reading a directory fails at read, not at open, in Go.
  return `error reading file: ${e.code === "EISDIR" ? "read" : "open"} ${path}: ${why}`;
}

/**
 * The subnets as `kubeadm init` on the first control plane takes them (kind has made and then
 * deletes the node containers by then), and what kubesim cannot model although both accept it.
 */
function subnetsProblem(config: DefaultedKindConfig): void {
  const { podSubnet, serviceSubnet } = clusterSubnets({ kind: config.networking as KindSubnets });
  const kubeadm = kubeadmNetworkError(podSubnet, serviceSubnet);
  if (kubeadm) {
    const names = planNodes(config.name ?? DEFAULT_CLUSTER, config.nodes).map((p) => p.name);
    const first = names[0];
    // kind deletes the nodes it made (docker lists them in no fixed order: the first control plane last here).
    const deleted = [...names.slice(1), first].map((n) => JSON.stringify(n)).join(" ");
    // kind's logError: the ERROR line, a blank line, then the command's output. kubeadm's --v=6
    // log lines and stack trace around its validation error are left out.
    throw new CliError(
      `Deleted nodes: [${deleted}]\n` +
        failed(
          `failed to init node with kubeadm: command "docker exec --privileged ${first} kubeadm init --config=/kind/kubeadm.conf --skip-token-print --v=6" failed with error: exit status 1\n\nCommand Output: ${kubeadm}`,
        ).message,
    );
  }
  const unmodelled = unmodelledSubnets(podSubnet, serviceSubnet, config.nodes.length);
  if (unmodelled) throw new CliError(`error: kubesim: ${unmodelled}`);
}

/** The config file as kind would load, default and validate it; `name` is the NAME argument, if given. */
export function loadKindConfig(
  ctx: Ctx,
  path: string,
  name: string | undefined,
): { raw: KindConfig; config: DefaultedKindConfig } {
  let text: string;
  if (path === "-") text = ctx.io.readStdin();
  else {
    try {
      text = (ctx.io.files ?? hostFiles).readFile(path).toString("utf8");
    } catch (e) {
      throw failed(readError(path, e as NodeJS.ErrnoException));
    }
  }
  return kindConfigFromText(text, name);
}

/** A kind config's text as kind would load, default and validate it. */
export function kindConfigFromText(
  text: string,
  name: string | undefined,
): { raw: KindConfig; config: DefaultedKindConfig } {
  try {
    const raw = parseKindConfig(text);
    const config = withKindDefaults(raw, name ?? (raw.name || DEFAULT_CLUSTER));
    const problem = validateKindConfig(config) ?? provisionError(config);
    if (problem) throw new KindConfigError(problem);
    // kind accepts these; kubesim's data plane is IPv4 only.
    const family = config.networking.ipFamily;
    if (family !== "ipv4")
      throw new CliError(
        `error: kubesim simulates IPv4 clusters only: networking.ipFamily "${family}" is not supported`,
      );
    subnetsProblem(config);
    return { raw, config };
  } catch (e) {
    if (e instanceof KindConfigError) throw failed(e.message);
    throw e;
  }
}

/** kind's default podSubnet holds this many nodes' /24s. */
export const DEFAULT_SUBNET_NODES = 256;

/**
 * The kind config `--nodes N` stands for when N is more than kind's default podSubnet can
 * slice (kube-controller-manager would run out of node CIDRs): N-1 workers and a /9 pod
 * subnet, 10.128.0.0/9, clear of the service subnet. `cluster export` writes it back.
 */
export function manyNodesConfig(nodes: number): string {
  const lines = [
    "kind: Cluster",
    "apiVersion: kind.x-k8s.io/v1alpha4",
    "networking:",
    "  podSubnet: 10.128.0.0/9",
  ];
  lines.push("nodes:", "- role: control-plane");
  for (let i = 1; i < nodes; i++) lines.push("- role: worker");
  return `${lines.join("\n")}\n`;
}
