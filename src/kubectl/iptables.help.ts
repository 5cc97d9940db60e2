// kubesim iptables-save's help: kubesim's own verb (kubectl has none); its examples use the course
// manifests and the default cluster's names, so they run as shown.
import type { CommandHelp } from "./help/flags.js";

export const HELP: Record<string, CommandHelp> = {
  "iptables-save": {
    long: `Print the rules kube-proxy programmed on a node, as 'iptables-save -t nat' prints them there.

 Every Service shows as its KUBE-SVC chain, with one KUBE-SEP chain per endpoint and the probability each is picked.`,
    examples: `# The nat table of the control-plane node
kubectl iptables-save

# The nat and filter tables of a worker node
kubectl iptables-save --node kubesim-worker -t all`,
    usage: "iptables-save [--node NODE] [-t nat|all] [options]",
    flags: {
      node: ["''", "The node whose rules to print. Default: the control-plane node."],
      table: ["'nat'", "The table to print: nat, or all for the filter and nat tables."],
    },
  },
};
