// kubesim shell's help: kubesim's own verb (kubectl has none); its examples use the course
// manifests and the default cluster's names, so they run as shown.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  shell: {
    long: `Open a root shell on a node of the simulated cluster (default: the control-plane node).

 The shell knows kubectl (all of kubesim), curl, ping, ip addr, ip route, nslookup, iptables-save, iptables -L/-S, nft list, ss -ltnp, crictl (ps, pods, images, inspect, logs), conntrack -L, tcpdump and hostname -I, with the node's view of the network and the pods on it. Commands come from stdin when it is not a terminal.`,
    examples: `# A root prompt on the control-plane node
kubectl shell

# A shell on a worker node
kubectl shell --node kubesim-worker`,
    usage: "shell [--node NODE] [options]",
    flags: { node: ["''", "The node to open the shell on. Default: the control-plane node."] },
  },
};
